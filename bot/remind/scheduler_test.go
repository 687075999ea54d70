package remind_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"nursling/bot/chat"
	"nursling/bot/feedlog/sqlstore"
	"nursling/bot/remind"
)

// clock is the injected time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// inbox records deliveries; fail makes the next ones fail.
type inbox struct {
	mu   sync.Mutex
	got  []sent
	fail int
}

type sent struct {
	user string
	r    chat.Reply
}

func (b *inbox) Deliver(_ context.Context, user string, r chat.Reply) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fail > 0 {
		b.fail--
		return errors.New("platform down")
	}
	b.got = append(b.got, sent{user, r})
	return nil
}

func (b *inbox) take() []sent {
	b.mu.Lock()
	defer b.mu.Unlock()
	g := b.got
	b.got = nil
	return g
}

func text(r chat.Reply) string {
	var parts []string
	for _, b := range r.Blocks {
		parts = append(parts, b.Text)
	}
	return strings.Join(parts, " | ")
}

// env is a service and scheduler over a real SQLite store.
type env struct {
	t     *testing.T
	path  string
	clk   *clock
	store *sqlstore.Store
	svc   *remind.Service
	sc    *remind.Scheduler
	box   *inbox
	feed  remind.FeedInfo
	fed   bool
	mu    sync.Mutex
}

const zone = "Europe/London"

var parent = remind.User{Platform: "telegram", ID: "111"}

func london(t testing.TB) *time.Location {
	l, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func newEnv(t *testing.T, path string, clk *clock) *env {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "n.db")
	}
	if clk == nil {
		clk = &clock{t: time.Date(2025, 12, 5, 14, 10, 0, 0, london(t))}
	}
	st, err := sqlstore.Open(context.Background(), path, sqlstore.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc, err := remind.New(st, remind.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, path: path, clk: clk, store: st, svc: svc, box: &inbox{}}
	e.sc = svc.NewScheduler(remind.SchedulerOptions{Deliverers: map[string]remind.Deliverer{"telegram": e.box}, LastFeed: e.lastFeed})
	return e
}

func (e *env) lastFeed(context.Context, remind.User) (remind.FeedInfo, bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.feed, e.fed, nil
}

func (e *env) logFeed(at time.Time, side, next string) {
	e.mu.Lock()
	e.feed, e.fed = remind.FeedInfo{At: at, Side: side, Next: next}, true
	e.mu.Unlock()
}

func (e *env) set(text string) remind.Reminder {
	e.t.Helper()
	r, err := e.svc.Set(context.Background(), parent, text, zone)
	if err != nil {
		e.t.Fatalf("Set(%q): %v", text, err)
	}
	return r
}

// tickAt moves the clock to t and runs one scheduler round.
func (e *env) tickAt(t time.Time) []sent {
	e.t.Helper()
	e.clk.set(t)
	if _, err := e.sc.Tick(context.Background()); err != nil {
		e.t.Fatalf("Tick: %v", err)
	}
	return e.box.take()
}

func TestReminderDue(t *testing.T) {
	e := newEnv(t, "", nil)
	start := e.clk.now()
	r := e.set("remind me to feed in 2.5 hours")
	if got := e.tickAt(start.Add(149 * time.Minute)); len(got) != 0 {
		t.Fatalf("sent %d before it was due", len(got))
	}
	got := e.tickAt(start.Add(150 * time.Minute))
	if len(got) != 1 {
		t.Fatalf("sent %d when due, want 1", len(got))
	}
	if got[0].user != parent.ID || !strings.Contains(text(got[0].r), "Reminder: feed") || strings.Contains(text(got[0].r), "late") {
		t.Errorf("delivered %q to %s", text(got[0].r), got[0].user)
	}
	if got[0].r.Visibility != chat.Private {
		t.Error("a reminder must be private")
	}
	var labels []string
	for _, b := range got[0].r.Buttons {
		labels = append(labels, b.Label)
	}
	if strings.Join(labels, ",") != "Done,Snooze 15 min,Log a feed" {
		t.Errorf("buttons %v", labels)
	}
	if again := e.tickAt(start.Add(3 * time.Hour)); len(again) != 0 {
		t.Errorf("delivered again: %d", len(again))
	}
	if rs, _ := e.svc.List(context.Background(), parent); len(rs) != 0 {
		t.Errorf("a delivered one-off reminder is still listed: %+v", rs)
	}
	if _, ok, _ := e.svc.Done(context.Background(), parent, r.ID); !ok {
		t.Error("Done on the delivered reminder found nothing")
	}
}

func TestReminderSnoozed(t *testing.T) {
	e := newEnv(t, "", nil)
	start := e.clk.now()
	r := e.set("/remind 1h burp")
	if got := e.tickAt(start.Add(time.Hour)); len(got) != 1 {
		t.Fatalf("sent %d, want 1", len(got))
	}
	s, ok, err := e.svc.Snooze(context.Background(), parent, r.ID)
	if err != nil || !ok || !s.Due.Equal(start.Add(75*time.Minute)) {
		t.Fatalf("Snooze = %+v %v %v", s, ok, err)
	}
	if got := e.tickAt(start.Add(74 * time.Minute)); len(got) != 0 {
		t.Fatalf("snoozed reminder sent early")
	}
	if got := e.tickAt(start.Add(75 * time.Minute)); len(got) != 1 || !strings.Contains(text(got[0].r), "burp") {
		t.Fatalf("snoozed reminder: %d sent", len(got))
	}
}

func TestReminderCancelled(t *testing.T) {
	e := newEnv(t, "", nil)
	start := e.clk.now()
	r := e.set("in 20 min check nappy")
	e.set("in 30 min pump")
	e.set("every day at 9am vitamin")
	if ok, err := e.svc.Cancel(context.Background(), parent, r.ID); !ok || err != nil {
		t.Fatalf("Cancel: %v %v", ok, err)
	}
	if got := e.tickAt(start.Add(25 * time.Minute)); len(got) != 0 {
		t.Errorf("a cancelled reminder was sent")
	}
	if n, err := e.svc.CancelAll(context.Background(), parent); n != 2 || err != nil {
		t.Errorf("CancelAll = %d, %v; want 2", n, err)
	}
	if got := e.tickAt(start.Add(48 * time.Hour)); len(got) != 0 {
		t.Errorf("%d sent after /remind off", len(got))
	}
}

func TestDailyReminder(t *testing.T) {
	e := newEnv(t, "", nil)
	loc := london(t)
	e.set("remind me to take my vitamin every day at 9am")
	for day := 6; day <= 8; day++ {
		nine := time.Date(2025, 12, day, 9, 0, 0, 0, loc)
		if got := e.tickAt(nine.Add(-time.Minute)); len(got) != 0 {
			t.Fatalf("day %d: sent before 9", day)
		}
		if got := e.tickAt(nine); len(got) != 1 || !strings.Contains(text(got[0].r), "take my vitamin") {
			t.Fatalf("day %d: %d sent at 9", day, len(got))
		}
	}
}

// A daily reminder that fell due while the bot was down is sent once,
// late, and then keeps its time of day.
func TestDailyReminderAfterDowntime(t *testing.T) {
	e := newEnv(t, "", nil)
	loc := london(t)
	e.set("every day at 9am vitamin")
	got := e.tickAt(time.Date(2025, 12, 8, 11, 0, 0, 0, loc)) // three days later
	if len(got) != 1 || !strings.Contains(text(got[0].r), "this is late") {
		t.Fatalf("after downtime: %d sent (%v), want one late", len(got), got)
	}
	if got := e.tickAt(time.Date(2025, 12, 8, 23, 0, 0, 0, loc)); len(got) != 0 {
		t.Fatal("caught up more than once")
	}
	if got := e.tickAt(time.Date(2025, 12, 9, 9, 0, 0, 0, loc)); len(got) != 1 || strings.Contains(text(got[0].r), "late") {
		t.Fatalf("next morning: %d sent", len(got))
	}
}

func TestQuietHoursHoldNudges(t *testing.T) {
	e := newEnv(t, "", nil)
	loc := london(t)
	ctx := context.Background()
	e.logFeed(time.Date(2025, 12, 5, 21, 0, 0, 0, loc), "left", "right")
	if err := e.svc.SetNudge(ctx, parent, 3*time.Hour, zone); err != nil {
		t.Fatal(err)
	}
	q, err := remind.ParseQuiet("23:00-06:00")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SetQuiet(ctx, parent, q); err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{
		time.Date(2025, 12, 6, 0, 0, 0, 0, loc), // due, but quiet
		time.Date(2025, 12, 6, 3, 0, 0, 0, loc),
		time.Date(2025, 12, 6, 5, 59, 0, 0, loc),
	} {
		if got := e.tickAt(at); len(got) != 0 {
			t.Fatalf("nudge sent in quiet hours at %s: %q", at.Format("15:04"), text(got[0].r))
		}
	}
	got := e.tickAt(time.Date(2025, 12, 6, 6, 0, 0, 0, loc))
	if len(got) != 1 {
		t.Fatalf("%d nudges when quiet hours ended, want 1", len(got))
	}
	if want := "It's been 9 h since the last feed (left side, Fri 21:00). Next: right."; !strings.Contains(text(got[0].r), want) {
		t.Errorf("nudge %q does not say %q", text(got[0].r), want)
	}
}

func TestNudgeCancelledByFeed(t *testing.T) {
	e := newEnv(t, "", nil)
	loc := london(t)
	ctx := context.Background()
	at := func(h, m int) time.Time { return time.Date(2025, 12, 5, h, m, 0, 0, loc) }
	e.logFeed(at(14, 10), "left", "right")
	if err := e.svc.SetNudge(ctx, parent, 3*time.Hour, zone); err != nil {
		t.Fatal(err)
	}
	e.logFeed(at(16, 0), "right", "left") // the next feed
	if got := e.tickAt(at(17, 10)); len(got) != 0 {
		t.Fatalf("nudged 3 h after a feed that was followed by another: %q", text(got[0].r))
	}
	got := e.tickAt(at(19, 0))
	if len(got) != 1 {
		t.Fatalf("%d nudges 3 h after the last feed, want 1", len(got))
	}
	if want := "It's been 3 h since the last feed (right side, 16:00). Next: left."; !strings.Contains(text(got[0].r), want) {
		t.Errorf("nudge %q, want %q", text(got[0].r), want)
	}
	for _, t2 := range []time.Time{at(20, 0), at(22, 0), at(23, 30)} {
		if got := e.tickAt(t2); len(got) != 0 {
			t.Errorf("nudged twice about one feed (at %s)", t2.Format("15:04"))
		}
	}
	if err := e.svc.SetNudge(ctx, parent, 0, ""); err != nil {
		t.Fatal(err)
	}
	e.logFeed(at(23, 40), "left", "right")
	if got := e.tickAt(at(23, 40).Add(4 * time.Hour)); len(got) != 0 {
		t.Error("nudged after /nudge off")
	}
}

// A restart finds the reminders that fell due while the process was down
// and delivers each once, marking those over 10 minutes late; a second
// replica over the same store sends none of them again.
func TestRestartDeliversOverdueOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n.db")
	clk := &clock{t: time.Date(2025, 12, 5, 14, 10, 0, 0, london(t))}
	start := clk.now()
	e1 := newEnv(t, path, clk)
	e1.set("in 10 min pump")
	e1.set("in 1 hour feed")
	e1.set("in 115 min nappy")
	e1.set("in 5 hours vitamin")
	// A claim taken just before the process died: its lease must run out
	// before another process sends it.
	e1.set("in 20 min call the midwife back")
	e1.clk.set(start.Add(20 * time.Minute))
	claimed, err := e1.store.ClaimDue(context.Background(), []string{"telegram"}, clk.now(), clk.now().Add(2*time.Minute), "dead", 1)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	// "Restart" two hours later: a new store, service and scheduler on
	// the same file, and a second replica beside it.
	e2 := newEnv(t, path, clk)
	e3 := newEnv(t, path, clk)
	got := e2.tickAt(start.Add(2 * time.Hour))
	if again := e3.tickAt(start.Add(2 * time.Hour)); len(again) != 0 {
		t.Errorf("the second replica sent %d again", len(again))
	}
	byText := map[string]string{}
	for _, s := range got {
		for _, w := range []string{"pump", "feed", "nappy", "vitamin", "midwife"} {
			if strings.Contains(text(s.r), w) {
				if _, dup := byText[w]; dup {
					t.Errorf("%s delivered twice", w)
				}
				byText[w] = text(s.r)
			}
		}
	}
	if len(got) != 4 || len(byText) != 4 {
		t.Fatalf("delivered %d after the restart (%v), want pump, feed, nappy, midwife", len(got), byText)
	}
	for w, late := range map[string]bool{"pump": true, "feed": true, "nappy": false, "midwife": true} {
		if strings.Contains(byText[w], "this is late") != late {
			t.Errorf("%s: %q; late-marked should be %v", w, byText[w], late)
		}
	}
	if !strings.Contains(byText["pump"], "due at 14:20") {
		t.Errorf("late reminder does not say when it was due: %q", byText["pump"])
	}
	for _, e := range []*env{e2, e3} {
		if again := e.tickAt(start.Add(3 * time.Hour)); len(again) != 0 {
			t.Errorf("delivered again after the restart: %d", len(again))
		}
	}
	if got := e3.tickAt(start.Add(5 * time.Hour)); len(got) != 1 || !strings.Contains(text(got[0].r), "vitamin") || strings.Contains(text(got[0].r), "late") {
		t.Errorf("the later reminder: %d sent", len(got))
	}
}

func TestDeliveryRetried(t *testing.T) {
	e := newEnv(t, "", nil)
	start := e.clk.now()
	e.set("in 1h feed")
	e.box.fail = 2
	if got := e.tickAt(start.Add(time.Hour)); len(got) != 0 {
		t.Fatal("a failed delivery was recorded as sent")
	}
	if got := e.tickAt(start.Add(time.Hour + 30*time.Second)); len(got) != 0 {
		t.Fatal("retried before its backoff")
	}
	if got := e.tickAt(start.Add(time.Hour + time.Minute)); len(got) != 0 {
		t.Fatal("the second try was recorded as sent")
	}
	if got := e.tickAt(start.Add(time.Hour + 2*time.Minute)); len(got) != 0 {
		t.Fatal("retried before its longer backoff")
	}
	if got := e.tickAt(start.Add(time.Hour + 3*time.Minute)); len(got) != 1 || strings.Contains(text(got[0].r), "late") {
		t.Fatalf("after two failures and the backoff: %d sent, want 1 not late-marked", len(got))
	}
}

func TestCapAndRateLimit(t *testing.T) {
	e := newEnv(t, "", nil)
	ctx := context.Background()
	rules := e.svc.Rules()
	var ids []int64
	for range rules.MaxActive {
		ids = append(ids, e.set("in 2 hours feed").ID)
	}
	_, err := e.svc.Set(ctx, parent, "in 3 hours pump", zone)
	var pe *remind.PhraseError
	if !errors.As(err, &pe) || !strings.Contains(pe.Public, "the most I keep") {
		t.Fatalf("reminder over the cap: %v", err)
	}
	// Another parent is not affected.
	if _, err := e.svc.Set(ctx, remind.User{Platform: "telegram", ID: "222"}, "in 3 hours pump", zone); err != nil {
		t.Fatalf("another user: %v", err)
	}
	for _, id := range ids {
		e.svc.Cancel(ctx, parent, id)
	}
	for i := rules.MaxActive + 1; i < rules.PerHour; i++ { // the refused one counted too
		r := e.set("in 2 hours feed")
		e.svc.Cancel(ctx, parent, r.ID)
	}
	_, err = e.svc.Set(ctx, parent, "in 3 hours pump", zone)
	if !errors.As(err, &pe) || !strings.Contains(pe.Public, "last hour") {
		t.Fatalf("reminder over the rate limit: %v", err)
	}
	e.clk.add(time.Hour)
	if _, err := e.svc.Set(ctx, parent, "in 3 hours pump", zone); err != nil {
		t.Errorf("an hour later: %v", err)
	}
}

func TestAskFirstThenConfirm(t *testing.T) {
	e := newEnv(t, "", nil)
	ctx := context.Background()
	start := e.clk.now()
	r := e.set("in 30 hours give vitamin D")
	if r.Status != remind.Asking {
		t.Fatalf("status %s, want asking", r.Status)
	}
	if got := e.tickAt(start.Add(31 * time.Hour)); len(got) != 0 {
		t.Fatal("an unconfirmed reminder was sent")
	}
	e.clk.set(start)
	r2 := e.set("in 30 hours give vitamin D")
	if _, ok, err := e.svc.Confirm(ctx, parent, r2.ID); !ok || err != nil {
		t.Fatalf("Confirm: %v %v", ok, err)
	}
	if got := e.tickAt(start.Add(30 * time.Hour)); len(got) != 1 {
		t.Fatalf("confirmed reminder: %d sent", len(got))
	}
}

// Sends so slow that the lease would run out are left for the next claim,
// so no reminder is sent twice and none is lost.
func TestSlowSendsDeferredNotDoubled(t *testing.T) {
	e := newEnv(t, "", nil)
	start := e.clk.now()
	for _, s := range []string{"in 1h a", "in 1h b", "in 1h c"} {
		e.set(s)
	}
	count := map[string]int{}
	slow := remind.DelivererFunc(func(_ context.Context, _ string, r chat.Reply) error {
		count[text(r)]++
		e.clk.add(70 * time.Second)
		return nil
	})
	sc := e.svc.NewScheduler(remind.SchedulerOptions{Deliverers: map[string]remind.Deliverer{"telegram": slow}, Lease: 2 * time.Minute, SendTimeout: 30 * time.Second})
	e.clk.set(start.Add(time.Hour))
	if n, err := sc.Tick(context.Background()); n != 2 || err != nil {
		t.Fatalf("first round sent %d (%v), want 2 then a deferral", n, err)
	}
	// The clock is now past the first claim's lease: the deferred one is
	// claimed again and sent, once.
	if n, err := sc.Tick(context.Background()); n != 1 || err != nil {
		t.Fatalf("after the lease: %d sent (%v), want 1", n, err)
	}
	e.clk.add(10 * time.Minute)
	if n, _ := sc.Tick(context.Background()); n != 0 {
		t.Fatalf("%d sent again", n)
	}
	if len(count) != 3 {
		t.Fatalf("sent %v", count)
	}
	for s, n := range count {
		if n != 1 {
			t.Errorf("%q sent %d times", s, n)
		}
	}
}

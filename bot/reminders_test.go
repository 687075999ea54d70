package bot

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata"

	_ "modernc.org/sqlite"

	"nursling/bot/feedlog/sqlstore"
	"nursling/bot/remind"
	"nursling/knowledge"
)

type remClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *remClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *remClock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

type remInbox struct {
	mu  sync.Mutex
	got map[string][]Reply
}

func (b *remInbox) Deliver(_ context.Context, user string, r Reply) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.got == nil {
		b.got = map[string][]Reply{}
	}
	b.got[user] = append(b.got[user], r)
	return nil
}

type remEnv struct {
	t   *testing.T
	e   *Engine
	clk *remClock
	box *remInbox
	sc  *remind.Scheduler
	n   int
}

func newRemEnv(t *testing.T) *remEnv {
	t.Helper()
	clk := &remClock{t: time.Date(2025, 12, 5, 14, 10, 0, 0, time.UTC)}
	st, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "n.db"), sqlstore.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e, err := New(Options{Library: mustLibrary(t), Searcher: &fakeSearcher{res: knowledge.SearchResult{NoMatch: true}}, Store: st, Now: clk.now, FeedLog: FeedLogOptions{TimeZone: "Europe/London"}})
	if err != nil {
		t.Fatal(err)
	}
	box := &remInbox{}
	return &remEnv{t: t, e: e, clk: clk, box: box, sc: e.ReminderScheduler(map[Platform]Deliverer{Telegram: box})}
}

func (v *remEnv) msg(user, text string, group bool) Reply {
	v.t.Helper()
	v.n++
	m := Message{Platform: Telegram, ID: string(rune('a' + v.n)), ChatID: user, UserID: user, Text: text, Addressed: true, Group: group}
	if group {
		m.ChatID = "-100500"
	}
	r, err := v.e.Handle(context.Background(), m)
	if err != nil {
		v.t.Fatalf("Handle(%q): %v", text, err)
	}
	return r
}

func (v *remEnv) press(user, data string) Reply {
	v.t.Helper()
	v.n++
	r, err := v.e.Handle(context.Background(), Message{Platform: Telegram, ID: "p" + string(rune('a'+v.n)), ChatID: user, UserID: user, Action: data})
	if err != nil {
		v.t.Fatalf("press %s: %v", data, err)
	}
	return r
}

func (v *remEnv) tick(at time.Time) map[string][]Reply {
	v.t.Helper()
	v.clk.set(at)
	if _, err := v.sc.Tick(context.Background()); err != nil {
		v.t.Fatal(err)
	}
	v.box.mu.Lock()
	defer v.box.mu.Unlock()
	got := v.box.got
	v.box.got = nil
	return got
}

func buttonFor(r Reply, prefix string) string {
	for _, b := range r.Buttons {
		if strings.HasPrefix(b.Data, prefix) {
			return b.Data
		}
	}
	return ""
}

func TestRemindCommandDeliversPrivately(t *testing.T) {
	v := newRemEnv(t)
	start := v.clk.now()
	r := v.msg("111", "/remind 3h next feed", false)
	if got := allText(r); !strings.Contains(got, "OK, I'll remind you at 17:10 (in 3 h): next feed.") || r.Visibility != Private {
		t.Fatalf("reply %q (visibility %v)", got, r.Visibility)
	}
	r = v.msg("222", "/remind 1h pump", true)
	if got := allText(r); !strings.Contains(got, "privately, never in the group") || r.Visibility != Private {
		t.Errorf("group reply %q (visibility %v)", got, r.Visibility)
	}
	got := v.tick(start.Add(3 * time.Hour))
	if len(got["111"]) != 1 || len(got["222"]) != 1 || len(got) != 2 {
		t.Fatalf("delivered %v", got)
	}
	if !strings.Contains(allText(got["111"][0]), "Reminder: next feed") || got["222"][0].Visibility != Private {
		t.Errorf("reminder %q", allText(got["111"][0]))
	}
	if d := buttonFor(got["111"][0], "rem:snooze:"); d == "" {
		t.Error("no snooze button")
	} else if s := allText(v.press("111", d)); !strings.Contains(s, "again at 17:25") {
		t.Errorf("snooze reply %q", s)
	}
}

func TestRemindByMessage(t *testing.T) {
	v := newRemEnv(t)
	for _, tt := range []struct{ in, want string }{
		{"remind me to feed in 2.5 hours", "OK, I'll remind you at 16:40 (in 2 h 30 min): feed."},
		{"Remind me at 14:30 to pump", "OK, I'll remind you at 14:30 (in 20 min): pump."},
		{"remind me to take my vitamin every day at 9am", "OK, every day at 09:00: take my vitamin. The first is Sat 09:00."},
		{"remind me in 30 hours to call the clinic", "That's 30 h from now, Sat 20:10. Shall I set it?"},
		{"/remind feed", "When should I remind you?"},
		{"remind me to feed", "When should I remind you?"},
		{"remind me in 10 days", "up to 7 days ahead"},
	} {
		if got := allText(v.msg("111", tt.in, false)); !strings.Contains(got, tt.want) {
			t.Errorf("%q: reply %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRemindMeWithoutATimeIsAQuestion(t *testing.T) {
	v := newRemEnv(t)
	r := v.msg("111", "remind me how long breast milk keeps in the fridge", false)
	if got := allText(r); strings.Contains(got, "When should I remind you") || strings.Contains(got, "OK, I'll remind you") {
		t.Errorf("a question was taken for a reminder: %q", got)
	}
	if got := allText(v.msg("111", "/reminders", false)); !strings.Contains(got, "No reminders set") {
		t.Errorf("a reminder was set: %q", got)
	}
}

func TestRemindRedFlagGoesToTheGuide(t *testing.T) {
	v := newRemEnv(t)
	r := v.msg("111", "remind me in 1 hour to check, my baby is not breathing properly and going blue", false)
	if len(r.Blocks) == 0 || r.Blocks[0].Kind != Urgent {
		t.Fatalf("a red flag inside a reminder request must be answered first:\n%s", allText(r))
	}
}

func TestRemindersListCancelOffAndForget(t *testing.T) {
	v := newRemEnv(t)
	v.msg("111", "/remind 1h pump", false)
	v.msg("111", "/remind at 18:00 bath", false)
	r := v.msg("111", "/reminders", false)
	if got := allText(r); !strings.Contains(got, "15:10: pump") || !strings.Contains(got, "18:00: bath") {
		t.Fatalf("/reminders: %q", got)
	}
	cancel := buttonFor(r, "rem:cancel:")
	if got := allText(v.press("222", cancel)); !strings.Contains(got, "no longer there") {
		t.Errorf("another user cancelled: %q", got)
	}
	if got := allText(v.press("111", cancel)); !strings.Contains(got, "Cancelled.") {
		t.Errorf("cancel: %q", got)
	}
	if got := allText(v.msg("111", "/remind off", false)); !strings.Contains(got, "1 reminder cancelled") {
		t.Errorf("/remind off: %q", got)
	}
	v.msg("111", "/remind 2h feed", false)
	v.msg("111", "/nudge on 3h", false)
	f := v.msg("111", "/forget", false)
	v.press("111", buttonFor(f, "forget:"))
	if got := allText(v.msg("111", "/reminders", false)); !strings.Contains(got, "No reminders set") || !strings.Contains(got, "nudges: off") {
		t.Errorf("/reminders after /forget: %q", got)
	}
	if got := v.tick(v.clk.now().Add(24 * time.Hour)); len(got) != 0 {
		t.Errorf("delivered after /forget: %v", got)
	}
}

func TestNudgeAndQuietCommands(t *testing.T) {
	v := newRemEnv(t)
	for _, tt := range []struct{ in, want string }{
		{"/nudge on 3h", "Babies feed on cue, not by the clock"},
		{"/nudge on 30h", "from 1 h to 12 h"},
		{"/nudge", "for example /nudge on 3h"},
		{"/quiet 23:00-06:00", "Quiet hours set: 23:00-06:00."},
		{"/quiet 11-6", "couldn't read those times"},
		{"/reminders", "Next-feed nudges: 3 h after a feed (/nudge off). Quiet hours: 23:00-06:00."},
		{"/nudge off", "Next-feed nudges are off."},
		{"/quiet off", "Quiet hours are off."},
	} {
		if got := allText(v.msg("111", tt.in, false)); !strings.Contains(got, tt.want) {
			t.Errorf("%q: reply %q, want %q", tt.in, got, tt.want)
		}
	}
	// The nudge follows the feed log: a feed logged, 3 h without another.
	v.msg("111", "/nudge on 3h", false)
	v.msg("111", "fed left 15 min", false)
	if got := v.tick(v.clk.now().Add(2 * time.Hour)); len(got) != 0 {
		t.Fatalf("nudged after 2 h: %v", got)
	}
	got := v.tick(v.clk.now().Add(90 * time.Minute))
	if len(got["111"]) != 1 || !strings.Contains(allText(got["111"][0]), "since the last feed (left side") {
		t.Fatalf("nudge: %v", got)
	}
}

func TestRemindAskFirstAndRedelivery(t *testing.T) {
	v := newRemEnv(t)
	r := v.msg("111", "/remind in 30 hours vitamin D", false)
	yes := buttonFor(r, "rem:ok:")
	if got := allText(v.press("111", yes)); !strings.Contains(got, "OK, I'll remind you at Sat 20:10") {
		t.Errorf("after yes: %q", got)
	}
	// The same message delivered twice sets one reminder.
	m := Message{Platform: Telegram, ID: "same", ChatID: "111", UserID: "111", Text: "/remind 1h pump", Addressed: true}
	for range 2 {
		if _, err := v.e.Handle(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	if got := allText(v.msg("111", "/reminders", false)); strings.Count(got, "pump") != 1 {
		t.Errorf("a redelivered message set two reminders: %q", got)
	}
	if got := allText(v.e.helpReply("")); !strings.Contains(got, "/remind 3h next feed") || !strings.Contains(got, "/nudge on 3h") {
		t.Errorf("help does not list the reminder commands: %q", got)
	}
}

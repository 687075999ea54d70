package sqlstore

import (
	"nursling/bot/feedlog"

	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite"
)

// testClock is a settable test testClock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *testClock { return &testClock{t: t} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var t0 = time.Date(2026, 11, 5, 14, 5, 0, 0, time.UTC)

func mustOpenStore(tb testing.TB, path string, now func() time.Time) *Store {
	tb.Helper()
	if path == "" {
		path = filepath.Join(tb.TempDir(), "nursling.db")
	}
	if now == nil {
		now = func() time.Time { return t0 }
	}
	s, err := Open(context.Background(), path, Options{Now: now})
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func feed(side feedlog.Side, start time.Time, d time.Duration) feedlog.Entry {
	return feedlog.Entry{Kind: feedlog.Feed, Method: feedlog.Breast, Side: side, EndSide: side, Start: start, End: start.Add(d)}
}

func mustLog(tb testing.TB, s *Store, u feedlog.User, id string, e feedlog.Entry) feedlog.Entry {
	tb.Helper()
	got, _, err := s.LogEntry(context.Background(), u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: u.Platform, Chat: "c-" + u.ID, ID: id}, Entry: e})
	if err != nil {
		tb.Fatalf("LogEntry: %v", err)
	}
	return got
}

func TestStoreLogAndRead(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, "", nil)
	u := feedlog.User{Platform: "telegram", ID: "100"}
	e := feed(feedlog.Left, t0.Add(-15*time.Minute), 15*time.Minute)
	e.Note = "sleepy"
	saved := mustLog(t, s, u, "m1", e)
	if saved.ID == 0 || saved.LoggedBy != u || !saved.Created.Equal(t0) {
		t.Fatalf("saved = %+v", saved)
	}
	got, err := s.Entries(ctx, u, feedlog.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]feedlog.Entry{saved}, got); diff != "" {
		t.Errorf("Entries mismatch (-want +got):\n%s", diff)
	}
	h, err := s.Household(ctx, u)
	if err != nil || h.ID == 0 || h.Members != 1 {
		t.Errorf("Household = %+v, %v", h, err)
	}
}

func TestStoreIdempotent(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, "", nil)
	u := feedlog.User{Platform: "telegram", ID: "100"}
	src := feedlog.MsgKey{Platform: "telegram", Chat: "42", ID: "7"}
	first, dup, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: src, Entry: feed(feedlog.Left, t0, 10*time.Minute)})
	if err != nil || dup {
		t.Fatalf("first: dup %v err %v", dup, err)
	}
	second, dup, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: src, Entry: feed(feedlog.Right, t0, 20*time.Minute)})
	if err != nil || !dup {
		t.Fatalf("second: dup %v err %v", dup, err)
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("redelivery returned a different entry (-first +second):\n%s", diff)
	}
	// Same message id in another chat or platform is a different message.
	for _, other := range []feedlog.MsgKey{{Platform: "telegram", Chat: "43", ID: "7"}, {Platform: "discord", Chat: "42", ID: "7"}} {
		if _, dup, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: other, Entry: feed(feedlog.Left, t0, time.Minute)}); err != nil || dup {
			t.Errorf("%+v: dup %v err %v", other, dup, err)
		}
	}
	all, _ := s.Entries(ctx, u, feedlog.Query{})
	if len(all) != 3 {
		t.Errorf("got %d entries, want 3", len(all))
	}
	// Entries without a message id are never deduplicated.
	for i := 0; i < 2; i++ {
		if _, dup, err := s.LogEntry(ctx, u, feedlog.LogRequest{Entry: feed(feedlog.Left, t0, time.Minute)}); err != nil || dup {
			t.Errorf("no key: dup %v err %v", dup, err)
		}
	}
}

func TestStoreHouseholdsIsolated(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, "", nil)
	a := feedlog.User{Platform: "telegram", ID: "1"}
	b := feedlog.User{Platform: "telegram", ID: "2"}
	ea := mustLog(t, s, a, "a1", feed(feedlog.Left, t0, 10*time.Minute))
	eb := mustLog(t, s, b, "b1", feed(feedlog.Right, t0, 12*time.Minute))
	if err := s.SaveTimer(ctx, a, feedlog.Timer{Started: t0, Side: feedlog.Left, SideSince: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePending(ctx, a, feedlog.Pending{Token: "tokA", Kind: feedlog.PendingLog, Entry: ea, Expires: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}

	got, _ := s.Entries(ctx, b, feedlog.Query{})
	if len(got) != 1 || got[0].ID != eb.ID {
		t.Errorf("b sees %+v, want only its own entry", got)
	}
	if _, found, _ := s.Entry(ctx, b, ea.ID); found {
		t.Error("b can read a's entry by id")
	}
	if res, _ := s.Undo(ctx, b, feedlog.MsgKey{}, ea.ID); res.Found {
		t.Error("b undid a's entry")
	}
	if _, found, _ := s.Timer(ctx, b, 0); found {
		t.Error("b sees a's timer")
	}
	if _, found, _ := s.Pending(ctx, b, "tokA"); found {
		t.Error("b sees a's pending question")
	}
	if _, _, err := s.LogEntry(ctx, b, feedlog.LogRequest{Pending: "tokA", Entry: feed(feedlog.Left, t0, time.Minute)}); err == nil {
		t.Error("b answered a's pending question")
	}
	// A baby id from another household is refused.
	ha, _ := s.AddBaby(ctx, a, "Ann", "2026-11-01")
	e := feed(feedlog.Left, t0, time.Minute)
	e.BabyID = ha.Babies[0].ID
	if _, _, err := s.LogEntry(ctx, b, feedlog.LogRequest{Entry: e}); !errors.Is(err, feedlog.ErrNoBaby) {
		t.Errorf("b logging for a's baby: err %v, want feedlog.ErrNoBaby", err)
	}
	// A stranger with no household sees nothing.
	got, err := s.Entries(ctx, feedlog.User{Platform: "discord", ID: "1"}, feedlog.Query{})
	if err != nil || len(got) != 0 {
		t.Errorf("stranger sees %d entries, err %v", len(got), err)
	}
}

func TestStoreShareJoinLeave(t *testing.T) {
	ctx := context.Background()
	clk := newClock(t0)
	s := mustOpenStore(t, "", clk.Now)
	a := feedlog.User{Platform: "telegram", ID: "1"}
	b := feedlog.User{Platform: "discord", ID: "2"}
	mustLog(t, s, a, "a1", feed(feedlog.Left, t0, 10*time.Minute))
	if _, err := s.AddBaby(ctx, a, "Ann", "2026-11-01"); err != nil {
		t.Fatal(err)
	}
	// b logged alone first, with a baby of the same name: merged on join.
	hb, _ := s.AddBaby(ctx, b, "ann", "")
	eb := feed(feedlog.Right, t0, 5*time.Minute)
	eb.BabyID = hb.Babies[0].ID
	mustLog(t, s, b, "b1", eb)

	if err := s.CreateShareCode(ctx, a, "hash1", t0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Join(ctx, b, "nope"); !errors.Is(err, feedlog.ErrBadCode) {
		t.Errorf("bad code: %v", err)
	}
	h, err := s.Join(ctx, b, "hash1")
	if err != nil {
		t.Fatal(err)
	}
	if h.Members != 2 || len(h.Babies) != 1 || h.Babies[0].Name != "Ann" {
		t.Errorf("after join: %+v", h)
	}
	for _, u := range []feedlog.User{a, b} {
		got, _ := s.Entries(ctx, u, feedlog.Query{})
		if len(got) != 2 {
			t.Errorf("%v sees %d entries, want 2", u, len(got))
		}
		for _, e := range got {
			if e.LoggedBy == b && e.BabyID != h.Babies[0].ID {
				t.Errorf("b's entry kept baby %d, want merged %d", e.BabyID, h.Babies[0].ID)
			}
		}
	}
	// One-time: the code is used up.
	c := feedlog.User{Platform: "telegram", ID: "3"}
	if _, err := s.Join(ctx, c, "hash1"); !errors.Is(err, feedlog.ErrBadCode) {
		t.Errorf("reused code: %v", err)
	}
	// Expired after 24 hours.
	if err := s.CreateShareCode(ctx, a, "hash2", t0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	clk.Add(25 * time.Hour)
	if _, err := s.Join(ctx, c, "hash2"); !errors.Is(err, feedlog.ErrBadCode) {
		t.Errorf("expired code: %v", err)
	}

	if moved, err := s.Leave(ctx, b); err != nil || moved != 1 {
		t.Fatalf("Leave = %d, %v; want b's 1 entry moved", moved, err)
	}
	if h, _ := s.Household(ctx, b); h.ID == 0 || h.ID == ha(t, s, a) || h.Members != 1 {
		t.Errorf("b after leaving: %+v, want a household of b's own", h)
	}
	if got, _ := s.Entries(ctx, b, feedlog.Query{}); len(got) != 1 || got[0].LoggedBy != b {
		t.Errorf("b reads %+v after leaving, want only b's own entry", got)
	}
	if got, _ := s.Entries(ctx, a, feedlog.Query{}); len(got) != 1 || got[0].LoggedBy != a {
		t.Errorf("a reads %+v after b left, want only a's own entry", got)
	}
	if _, err := s.Leave(ctx, a); !errors.Is(err, feedlog.ErrSoleMember) {
		t.Errorf("sole member leave: %v", err)
	}
}

func TestStoreUndo(t *testing.T) {
	ctx := context.Background()
	clk := newClock(t0)
	s := mustOpenStore(t, "", clk.Now)
	a := feedlog.User{Platform: "telegram", ID: "1"}
	first := mustLog(t, s, a, "1", feed(feedlog.Left, t0, time.Minute))
	clk.Add(time.Second)
	// Backdated, but logged later: undo takes the last logged, not the
	// earliest start.
	second := mustLog(t, s, a, "2", feed(feedlog.Right, t0.Add(-5*time.Hour), time.Minute))
	src := feedlog.MsgKey{Platform: "telegram", Chat: "c", ID: "u1"}
	res, err := s.Undo(ctx, a, src, 0)
	if err != nil || !res.Found || res.Entry.ID != second.ID {
		t.Fatalf("undo = %+v, %v; want entry %d", res, err, second.ID)
	}
	res, err = s.Undo(ctx, a, src, 0)
	if err != nil || !res.Repeat {
		t.Fatalf("redelivered undo = %+v, %v; want Repeat", res, err)
	}
	if got, _ := s.Entries(ctx, a, feedlog.Query{}); len(got) != 1 || got[0].ID != first.ID {
		t.Errorf("left %+v, want only the first entry", got)
	}
	res, _ = s.Undo(ctx, a, feedlog.MsgKey{}, first.ID)
	if !res.Found {
		t.Error("undo by id did not find the entry")
	}
	res, _ = s.Undo(ctx, a, feedlog.MsgKey{}, 0)
	if res.Found {
		t.Error("undo with nothing left found something")
	}
}

func TestStorePendingAndTimer(t *testing.T) {
	ctx := context.Background()
	clk := newClock(t0)
	s := mustOpenStore(t, "", clk.Now)
	a := feedlog.User{Platform: "console", ID: "me"}
	src := feedlog.MsgKey{Platform: "console", Chat: "c", ID: "9"}
	draft := feed(feedlog.Left, t0, 15*time.Minute)
	p, err := s.SavePending(ctx, a, feedlog.Pending{Token: "t1", Kind: feedlog.PendingLog, Entry: draft, Src: src, Expires: t0.Add(time.Hour)})
	if err != nil || p.Token != "t1" {
		t.Fatalf("SavePending = %+v, %v", p, err)
	}
	// A redelivery gets the same question back.
	p2, err := s.SavePending(ctx, a, feedlog.Pending{Token: "t2", Kind: feedlog.PendingLog, Entry: draft, Src: src, Expires: t0.Add(time.Hour)})
	if err != nil || p2.Token != "t1" {
		t.Fatalf("redelivered SavePending = %+v, %v; want token t1", p2, err)
	}
	got, found, err := s.Pending(ctx, a, "t1")
	if err != nil || !found || !got.Entry.Start.Equal(draft.Start) || got.Done {
		t.Fatalf("Pending = %+v %v %v", got, found, err)
	}
	e1, dup, err := s.LogEntry(ctx, a, feedlog.LogRequest{Src: src, Entry: got.Entry, Pending: "t1"})
	if err != nil || dup {
		t.Fatal(dup, err)
	}
	// Pressing Yes again gets the same entry, not a second one.
	e2, dup, err := s.LogEntry(ctx, a, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "console", Chat: "c", ID: "10"}, Entry: got.Entry, Pending: "t1"})
	if err != nil || !dup || e2.ID != e1.ID {
		t.Fatalf("second yes: %+v dup %v err %v", e2, dup, err)
	}
	if got, found, _ := s.Pending(ctx, a, "t1"); !found || !got.Done || got.EntryID != e1.ID {
		t.Errorf("answered pending = %+v %v", got, found)
	}
	// Expired questions are gone.
	if _, err := s.SavePending(ctx, a, feedlog.Pending{Token: "t3", Kind: feedlog.PendingForget, Expires: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	clk.Add(2 * time.Minute)
	if _, found, _ := s.Pending(ctx, a, "t3"); found {
		t.Error("expired pending still found")
	}

	tm := feedlog.Timer{Started: t0, Side: feedlog.Left, SideSince: t0, Src: src}
	if err := s.SaveTimer(ctx, a, tm); err != nil {
		t.Fatal(err)
	}
	tm.Side, tm.SideSince, tm.Left = feedlog.Right, t0.Add(10*time.Minute), 10*time.Minute
	if err := s.SaveTimer(ctx, a, tm); err != nil {
		t.Fatal(err)
	}
	gotT, found, err := s.Timer(ctx, a, 0)
	if err != nil || !found {
		t.Fatal(found, err)
	}
	if diff := cmp.Diff(tm, gotT); diff != "" {
		t.Errorf("timer mismatch (-want +got):\n%s", diff)
	}
	// Logging with StopTimer removes it in the same transaction.
	if _, _, err := s.LogEntry(ctx, a, feedlog.LogRequest{Entry: tm.Entry(t0.Add(20 * time.Minute)), StopTimer: true}); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := s.Timer(ctx, a, 0); found {
		t.Error("timer still running after StopTimer")
	}
}

// userTables lists every table and column of the database.
func userTables(t *testing.T, db *sql.DB) map[string][]string {
	t.Helper()
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, n := range names {
		cr, err := db.Query("SELECT name FROM pragma_table_info(?)", n)
		if err != nil {
			t.Fatal(err)
		}
		for cr.Next() {
			var c string
			cr.Scan(&c)
			out[n] = append(out[n], c)
		}
		cr.Close()
	}
	return out
}

func TestStoreForgetLeavesNoRow(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nursling.db")
	s := mustOpenStore(t, path, nil)
	x := feedlog.User{Platform: "telegram", ID: "forget-me-7781"}
	y := feedlog.User{Platform: "discord", ID: "partner-5523"}

	// x has a household with y (shared), and logged in it.
	mustLog(t, s, y, "y1", feed(feedlog.Left, t0, time.Minute))
	if err := s.CreateShareCode(ctx, y, "code", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	mustLog(t, s, x, "x0", feed(feedlog.Left, t0, time.Minute)) // x's own household first
	if _, err := s.Join(ctx, x, "code"); err != nil {
		t.Fatal(err)
	}
	mustLog(t, s, x, "x1", feed(feedlog.Right, t0, time.Minute))
	if _, err := s.AddBaby(ctx, x, "Ann", "2026-11-01"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveTimer(ctx, x, feedlog.Timer{Started: t0, Side: feedlog.Left, SideSince: t0, Src: feedlog.MsgKey{Platform: "telegram", Chat: "c", ID: "t"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePending(ctx, x, feedlog.Pending{Token: "p", Kind: feedlog.PendingForget, Src: feedlog.MsgKey{Platform: "telegram", Chat: "c", ID: "p"}, Expires: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	mustLog(t, s, x, "x2", feed(feedlog.Right, t0, time.Minute))
	if _, err := s.Undo(ctx, x, feedlog.MsgKey{Platform: "telegram", Chat: "c", ID: "undo"}, 0); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordAnswer(ctx, "latch", false, ""); err != nil {
		t.Fatal(err)
	}
	// z is alone in a household and forgets: the household goes too.
	z := feedlog.User{Platform: "console", ID: "lonely-9001"}
	mustLog(t, s, z, "z1", feed(feedlog.Left, t0, time.Minute))
	zh, _ := s.AddBaby(ctx, z, "Zed", "")

	if _, err := s.Forget(ctx, x); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Forget(ctx, z); err != nil {
		t.Fatal(err)
	}

	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables := userTables(t, db)
	for _, want := range []string{"entries", "members", "timers", "pending", "handled", "households", "babies", "share_codes"} {
		if _, ok := tables[want]; !ok {
			t.Fatalf("table %s missing; the check below would be hollow", want)
		}
	}
	for table, cols := range tables {
		for _, col := range cols {
			for _, id := range []string{x.ID, z.ID} {
				var n int
				q := fmt.Sprintf("SELECT COUNT(*) FROM %q WHERE CAST(%q AS TEXT) LIKE ?", table, col)
				if err := db.QueryRow(q, "%"+id+"%").Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n > 0 {
					t.Errorf("%s.%s still holds %d rows with user %s", table, col, n, id)
				}
			}
		}
	}
	var n int
	db.QueryRow("SELECT COUNT(*) FROM households WHERE id = ?", zh.ID).Scan(&n)
	if n != 0 {
		t.Error("z's empty household was not deleted")
	}
	db.QueryRow("SELECT COUNT(*) FROM babies WHERE name = 'Zed'").Scan(&n)
	if n != 0 {
		t.Error("z's baby was not deleted")
	}
	// y keeps the shared household and their own entry.
	got, _ := s.Entries(ctx, y, feedlog.Query{})
	if len(got) != 1 || got[0].LoggedBy != y {
		t.Errorf("y's entries after x forgot: %+v", got)
	}
	rep, _ := s.Report(ctx)
	if len(rep.Topics) != 1 {
		t.Errorf("anonymous counts lost: %+v", rep)
	}
}

func TestStoreReportAndState(t *testing.T) {
	ctx := context.Background()
	clk := newClock(t0)
	s := mustOpenStore(t, "", clk.Now)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.RecordAnswer(ctx, "latch", false, ""))
	must(s.RecordAnswer(ctx, "latch", false, "ignored: not a no-match"))
	must(s.RecordAnswer(ctx, "mastitis", false, ""))
	must(s.RecordAnswer(ctx, "", true, ""))
	must(s.RecordAnswer(ctx, "thrush", true, "old question"))
	must(s.RecordFeedback(ctx, "latch", true))
	must(s.RecordFeedback(ctx, "latch", false))
	must(s.RecordFeedback(ctx, "latch", true))
	clk.Add(31 * 24 * time.Hour)
	must(s.RecordAnswer(ctx, "", true, "new question"))

	rep, err := s.Report(ctx)
	must(err)
	want := Report{
		Topics: []TopicStats{
			{Topic: "latch", Answered: 2, Helpful: 2, NotHelpful: 1},
			{Topic: "mastitis", Answered: 1},
			{Topic: "thrush", NoMatch: 1},
		},
		NoMatch:    3,
		Unanswered: []Unanswered{{Text: "new question", At: clk.Now()}},
	}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("Report mismatch (-want +got):\n%s", diff)
	}

	if v, err := s.State(ctx, "telegram.offset"); err != nil || v != "" {
		t.Errorf("unset state = %q, %v", v, err)
	}
	must(s.SetState(ctx, "telegram.offset", "12345"))
	must(s.SetState(ctx, "telegram.offset", "12346"))
	if v, err := s.State(ctx, "telegram.offset"); err != nil || v != "12346" {
		t.Errorf("state = %q, %v", v, err)
	}
}

func TestStoreBackup(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, "", nil)
	u := feedlog.User{Platform: "telegram", ID: "1"}
	for i := 0; i < 20; i++ {
		mustLog(t, s, u, fmt.Sprint(i), feed(feedlog.Left, t0.Add(time.Duration(i)*time.Hour), 10*time.Minute))
	}
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	// Newcomer run D7: the copy is the owner's only, as exports are.
	if fi, err := os.Stat(dst); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if err := s.Backup(ctx, dst); err == nil {
		t.Error("backup over an existing file succeeded")
	}
	b := mustOpenStore(t, dst, nil)
	got, err := b.Entries(ctx, u, feedlog.Query{})
	if err != nil || len(got) != 20 {
		t.Errorf("backup holds %d entries, err %v; want 20", len(got), err)
	}
}

func TestStoreWriteFailure(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nursling.db")
	s, err := Open(ctx, path, Options{Now: func() time.Time { return t0 }, BusyTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Another process holds the write lock (a long backup, a second
	// instance): the write fails with an error, and nothing is half-done.
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	u := feedlog.User{Platform: "telegram", ID: "1"}
	if _, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Entry: feed(feedlog.Left, t0, time.Minute)}); err == nil {
		t.Fatal("LogEntry succeeded while the database was locked")
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Entries(ctx, u, feedlog.Query{}); len(got) != 0 {
		t.Errorf("a failed write left %d entries", len(got))
	}
	if _, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Entry: feed(feedlog.Left, t0, time.Minute)}); err != nil {
		t.Errorf("LogEntry after the lock was released: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	// The data directory path is a file.
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o600)
	_, err := Open(ctx, filepath.Join(file, "nursling.db"), Options{})
	if err == nil || !strings.Contains(err.Error(), "data directory") {
		t.Errorf("data dir is a file: err = %v", err)
	}
	// A database file that is not a database.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not a database ", 100)), 0o600)
	if _, err := Open(ctx, junk, Options{}); err == nil {
		t.Error("opened a junk file")
	}
	// A database from a newer program.
	newer := filepath.Join(dir, "newer.db")
	db, _ := sql.Open("sqlite", newer)
	db.Exec("PRAGMA user_version = 99")
	db.Close()
	if _, err := Open(ctx, newer, Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer schema: err = %v", err)
	}
}

func TestStoreRejectsInvalidEntries(t *testing.T) {
	s := mustOpenStore(t, "", nil)
	u := feedlog.User{Platform: "console", ID: "1"}
	for name, e := range map[string]feedlog.Entry{
		"zero":              {},
		"feed no method":    {Kind: feedlog.Feed, Start: t0, End: t0},
		"nappy no kind":     {Kind: feedlog.Nappy, Start: t0, End: t0},
		"ends before start": feed(feedlog.Left, t0, -time.Minute),
		"no time":           {Kind: feedlog.Pump, AmountML: 10},
		"negative amount":   {Kind: feedlog.Pump, AmountML: -5, Start: t0, End: t0},
	} {
		if _, _, err := s.LogEntry(context.Background(), u, feedlog.LogRequest{Entry: e}); err == nil {
			t.Errorf("%s: logged", name)
		}
	}
	if got, _ := s.Entries(context.Background(), u, feedlog.Query{}); len(got) != 0 {
		t.Errorf("%d invalid entries stored", len(got))
	}
}

// TestStoreDiskFull: when the database cannot grow (a full disk; here the
// page limit stands in for it) a write fails with an error the engine
// turns into "couldn't save", and nothing half-written is left behind.
func TestStoreDiskFull(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, filepath.Join(t.TempDir(), "nursling.db"), func() time.Time { return t0 })
	u := feedlog.User{Platform: "telegram", ID: "1"}
	mustLog(t, s, u, "first", feed(feedlog.Left, t0.Add(-time.Hour), time.Minute))
	var pages int
	if err := s.w.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	var failed error
	for i := 0; i < 2000 && failed == nil; i++ {
		e := feed(feedlog.Right, t0.Add(time.Duration(i)*time.Second), time.Minute)
		e.Note = strings.Repeat("x", 500)
		_, _, failed = s.LogEntry(ctx, u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "telegram", Chat: "1", ID: fmt.Sprint("m", i)}, Entry: e})
	}
	if failed == nil {
		t.Fatal("writes kept succeeding past the page limit")
	}
	if !strings.Contains(strings.ToLower(failed.Error()), "full") {
		t.Errorf("error does not say the database is full: %v", failed)
	}
	if s.Writable() {
		t.Error("Writable() = true with the disk full (the health check would stay 200)")
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA max_page_count = 1073741823"); err != nil {
		t.Fatal(err)
	}
	mustLog(t, s, u, "after", feed(feedlog.Left, t0, time.Minute))
	if !s.Writable() {
		t.Error("Writable() = false after a write succeeded again")
	}
	var bad int
	if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM entries WHERE src_id IS NULL AND note IS NOT NULL AND note != ''").Scan(&bad); err != nil {
		t.Logf("(schema differs, skipping the half-write check: %v)", err)
	} else if bad != 0 {
		t.Errorf("%d half-written rows", bad)
	}
	var ok string
	if err := s.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check = %q, %v", ok, err)
	}
}

func london(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// ha returns u's household id.
func ha(t *testing.T, s *Store, u feedlog.User) int64 {
	t.Helper()
	h, err := s.Household(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	return h.ID
}

package pgstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite"

	"nursling/bot/feedlog"
	"nursling/bot/feedlog/sqlstore"
	"nursling/bot/feedlog/storetest"
	"nursling/bot/remind"
)

// TestCopyFromSQLiteKeepsEveryRow fills every table of a SQLite log
// through the store's API, copies it, and compares the two databases row
// by row, column by column.
func TestCopyFromSQLiteKeepsEveryRow(t *testing.T) {
	ctx := context.Background()
	now := storetest.T0
	clock := func() time.Time { return now }
	path := filepath.Join(t.TempDir(), "nursling.db")
	ss, err := sqlstore.Open(ctx, path, sqlstore.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	a := feedlog.User{Platform: "telegram", ID: "1"}
	b := feedlog.User{Platform: "discord", ID: "2"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	h, err := ss.AddBaby(ctx, a, "Zoë", "2026-10-01")
	must(err)
	must(ss.SetTimeZone(ctx, a, "Europe/London"))
	e := storetest.Feed(feedlog.Both, now.Add(-time.Hour), 20*time.Minute)
	e.BabyID, e.LeftDur, e.RightDur, e.Note = h.Babies[0].ID, 8*time.Minute, 12*time.Minute, "après la douche, \"sleepy\""
	storetest.MustLog(t, ss, a, "m1", e)
	storetest.MustLog(t, ss, a, "m2", feedlog.Entry{Kind: feedlog.Pump, Side: feedlog.Both, AmountML: 110, LeftML: 60, RightML: 50, Start: now, End: now})
	_, err = ss.Undo(ctx, a, feedlog.MsgKey{Platform: "telegram", Chat: "c-1", ID: "undo-1"}, 0)
	must(err)
	must(ss.SaveTimer(ctx, a, feedlog.Timer{BabyID: h.Babies[0].ID, Started: now, Side: feedlog.Left, SideSince: now, Src: feedlog.MsgKey{Platform: "telegram", Chat: "c-1", ID: "t"}}))
	_, err = ss.SavePending(ctx, a, feedlog.Pending{Token: "tok", Kind: feedlog.PendingLog, Entry: e, Src: feedlog.MsgKey{Platform: "telegram", Chat: "c-1", ID: "p"}, Expires: now.Add(time.Hour)})
	must(err)
	must(ss.CreateShareCode(ctx, a, "hash", now.Add(time.Hour)))
	storetest.MustLog(t, ss, b, "b1", feedlog.Entry{Kind: feedlog.Nappy, Nappy: feedlog.Dirty, Start: now, End: now})
	must(ss.RecordAnswer(ctx, "latch", false, ""))
	must(ss.RecordAnswer(ctx, "", true, "a question kept for curators"))
	must(ss.RecordFeedback(ctx, "latch", true))
	must(ss.SetState(ctx, "telegram.offset", "99"))
	ru := remind.User{Platform: a.Platform, ID: a.ID}
	_, err = ss.AddReminder(ctx, remind.Reminder{User: ru, Kind: remind.Daily, Text: "vitamin D", Status: remind.Active, Due: now.Add(time.Hour), Zone: "Europe/London", Clock: 9 * 60, Created: now, Src: "telegram/c-1/r"}, 10)
	must(err)
	must(ss.SetNudge(ctx, ru, remind.Reminder{Kind: remind.Nudge, Every: 3 * time.Hour, Due: now.Add(3 * time.Hour), Zone: "Europe/London", Created: now}))
	must(ss.SetQuiet(ctx, ru, remind.Quiet{From: 22 * 60, To: 6 * 60}))
	must(ss.Close())

	src, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	pg := open(t, clock)
	counts, err := pg.CopyFromSQLite(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	dumpOf := func(db *sql.DB, d storetest.Dialect) map[string][]map[string]string {
		return storetest.Harness{DB: func(storetest.Store) *sql.DB { return db }, Dialect: d}.Dump(t, nil)
	}
	want, got := dumpOf(src, storetest.SQLite), dumpOf(pg.DB(), storetest.Postgres)
	delete(got, "schema_version")
	for table, rows := range want {
		if len(rows) == 0 {
			t.Errorf("table %s is empty in the fixture: the copy of it is untested", table)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PostgreSQL after the copy (-SQLite +PostgreSQL):\n%s", diff)
	}
	total := 0
	for _, c := range counts {
		total += c.Rows
	}
	if total == 0 || len(counts) != len(want) {
		t.Errorf("counts = %+v for %d tables", counts, len(want))
	}
	// A second copy is refused: the database holds a log now.
	if _, err := pg.CopyFromSQLite(ctx, src); err == nil {
		t.Error("a second copy into a non-empty database succeeded")
	}
}

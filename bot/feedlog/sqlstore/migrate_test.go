package sqlstore

import (
	"nursling/bot/feedlog"

	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fixtures write data the way each earlier schema version stored it, with
// plain SQL (the Go code of that time is gone). Every version below the
// latest needs one, so each migration is tested with data in it.
var fixtures = map[int][]string{
	1: {
		`INSERT INTO households(id, tz, created_ms) VALUES(1, 'Europe/London', 1762300000000)`,
		`INSERT INTO members(platform, user_id, household_id, joined_ms) VALUES('telegram', '100', 1, 1762300000000)`,
		`INSERT INTO babies(id, household_id, name, born) VALUES(1, 1, 'Ann', '2026-11-01')`,
		`INSERT INTO entries(id, household_id, baby_id, kind, method, side, end_side, start_ms, end_ms, left_s, right_s, amount_ml, content, nappy,
			by_platform, by_user, created_ms, src_platform, src_chat, src_id)
			VALUES(1, 1, 1, 'feed', 'breast', 'both', 'right', 1762351200000, 1762352700000, 900, 600, 0, '', '', 'telegram', '100', 1762352700000, 'telegram', '42', '1')`,
		`INSERT INTO entries(id, household_id, baby_id, kind, method, side, end_side, start_ms, end_ms, amount_ml, content, nappy,
			by_platform, by_user, created_ms, src_platform, src_chat, src_id)
			VALUES(2, 1, 1, 'pump', '', 'left', '', 1762353000000, 1762353000000, 80, '', '', 'telegram', '100', 1762353000000, 'telegram', '42', '2')`,
		`INSERT INTO entries(id, household_id, baby_id, kind, start_ms, end_ms, nappy, by_platform, by_user, created_ms)
			VALUES(3, 1, NULL, 'nappy', 1762353600000, 1762353600000, 'both', 'telegram', '100', 1762353600000)`,
		`INSERT INTO timers(household_id, baby_id, started_ms, side, side_since_ms, left_s, by_platform, by_user)
			VALUES(1, 1, 1762354000000, 'right', 1762354300000, 300, 'telegram', '100')`,
		`INSERT INTO share_codes(code_hash, household_id, expires_ms) VALUES('h', 1, 1762440000000)`,
		`INSERT INTO handled(platform, chat, msg_id, by_platform, by_user, at_ms) VALUES('telegram', '42', '9', 'telegram', '100', 1762354000000)`,
	},
}

func TestMigrationsFromEveryVersion(t *testing.T) {
	latest := SchemaVersion()
	if latest < 2 {
		t.Fatalf("schema version %d: the migration test needs at least two versions", latest)
	}
	for v := 1; v < latest; v++ {
		if _, ok := fixtures[v]; !ok {
			t.Fatalf("no fixture for schema version %d: add one to test its migration with data", v)
		}
	}
	ctx := context.Background()
	for v := 1; v < latest; v++ {
		t.Run(fmt.Sprintf("from v%d", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			db, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)")
			if err != nil {
				t.Fatal(err)
			}
			if err := migrate(ctx, db, v); err != nil {
				t.Fatal(err)
			}
			for _, q := range fixtures[v] {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("fixture v%d: %v\n%s", v, err, q)
				}
			}
			db.Close()

			now := time.UnixMilli(1762355000000).UTC()
			s := mustOpenStore(t, path, func() time.Time { return now })
			var got int
			if err := s.r.QueryRow("PRAGMA user_version").Scan(&got); err != nil || got != latest {
				t.Fatalf("user_version = %d, %v; want %d", got, err, latest)
			}
			var ok string
			if err := s.r.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
				t.Fatalf("integrity_check = %q, %v", ok, err)
			}
			checkMigratedFixture(t, s)
		})
	}
}

// checkMigratedFixture checks the version-1 fixture reads back through the
// current code. Later fixtures must hold the same logical data.
func checkMigratedFixture(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	u := feedlog.User{Platform: "telegram", ID: "100"}
	h, err := s.Household(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(feedlog.Household{ID: 1, TimeZone: "Europe/London", Members: 1, Babies: []feedlog.Baby{{ID: 1, Name: "Ann", Born: "2026-11-01"}}}, h); diff != "" {
		t.Errorf("household (-want +got):\n%s", diff)
	}
	entries, err := s.Entries(ctx, u, feedlog.Query{})
	if err != nil {
		t.Fatal(err)
	}
	ms := func(v int64) time.Time { return time.UnixMilli(v).UTC() }
	want := []feedlog.Entry{
		{ID: 1, BabyID: 1, Kind: feedlog.Feed, Method: feedlog.Breast, Side: feedlog.Both, EndSide: feedlog.Right, Start: ms(1762351200000), End: ms(1762352700000),
			LeftDur: 15 * time.Minute, RightDur: 10 * time.Minute, LoggedBy: u, Created: ms(1762352700000)},
		{ID: 2, BabyID: 1, Kind: feedlog.Pump, Side: feedlog.Left, Start: ms(1762353000000), End: ms(1762353000000), AmountML: 80, LeftML: 80,
			LoggedBy: u, Created: ms(1762353000000)},
		{ID: 3, Kind: feedlog.Nappy, Nappy: feedlog.WetDirty, Start: ms(1762353600000), End: ms(1762353600000), LoggedBy: u, Created: ms(1762353600000)},
	}
	if diff := cmp.Diff(want, entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	tm, found, err := s.Timer(ctx, u, 1)
	if err != nil || !found || tm.Side != feedlog.Right || tm.Left != 5*time.Minute {
		t.Errorf("timer = %+v %v %v", tm, found, err)
	}
	// The idempotency keys survived: a redelivery of message 1 is a dup.
	_, dup, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "telegram", Chat: "42", ID: "1"}, Entry: feed(feedlog.Left, ms(1762351200000), time.Minute)})
	if err != nil || !dup {
		t.Errorf("redelivery after migration: dup %v err %v", dup, err)
	}
	res, err := s.Undo(ctx, u, feedlog.MsgKey{Platform: "telegram", Chat: "42", ID: "9"}, 0)
	if err != nil || !res.Repeat {
		t.Errorf("handled undo after migration: %+v %v", res, err)
	}
	// New columns work on migrated rows.
	if _, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Entry: feedlog.Entry{Kind: feedlog.Pump, Side: feedlog.Both, AmountML: 110, LeftML: 60, RightML: 50, Note: "new",
		Start: ms(1762355000000), End: ms(1762355000000)}}); err != nil {
		t.Error(err)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n.db")
	s := mustOpenStore(t, path, nil)
	mustLog(t, s, feedlog.User{Platform: "console", ID: "1"}, "1", feed(feedlog.Left, t0, time.Minute))
	s.Close()
	s2 := mustOpenStore(t, path, nil)
	got, err := s2.Entries(context.Background(), feedlog.User{Platform: "console", ID: "1"}, feedlog.Query{})
	if err != nil || len(got) != 1 {
		t.Errorf("reopen: %d entries, %v", len(got), err)
	}
}

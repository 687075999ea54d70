package pgstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nursling/bot/feedlog"
	"nursling/bot/feedlog/storetest"
)

// fixtures write data the way each earlier schema version stored it, with
// plain SQL (the same rows as the SQLite store's migration fixtures).
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
		// Rows written with explicit ids move the identity on, as a copy does.
		`SELECT setval(pg_get_serial_sequence('households', 'id'), 1)`,
		`SELECT setval(pg_get_serial_sequence('babies', 'id'), 1)`,
		`SELECT setval(pg_get_serial_sequence('entries', 'id'), 3)`,
	},
}

func init() {
	fixtures[2] = append(append([]string{}, fixtures[1]...),
		`INSERT INTO answer_stats(topic, answered) VALUES('latch', 3)`,
		`INSERT INTO kv(key, value) VALUES('telegram.offset', '41')`,
		`UPDATE entries SET left_ml = 80 WHERE id = 2`,
	)
}

// schemaDB opens a handle whose search_path is a fresh schema.
func schemaDB(t *testing.T) (dsn, schema string, db *sql.DB) {
	t.Helper()
	dsn = storetest.PostgresDSN(t)
	schema = storetest.FreshSchema(t, dsn)
	db, err := sql.Open("pgx", storetest.WithSearchPath(dsn, schema))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return dsn, schema, db
}

func TestMigrationsFromEveryVersion(t *testing.T) {
	latest := SchemaVersion()
	for v := 1; v < latest; v++ {
		if _, ok := fixtures[v]; !ok {
			t.Fatalf("no fixture for schema version %d: add one to test its migration with data", v)
		}
	}
	ctx := context.Background()
	for v := 1; v < latest; v++ {
		t.Run(fmt.Sprintf("from v%d", v), func(t *testing.T) {
			dsn, schema, db := schemaDB(t)
			if err := migrate(ctx, db, v); err != nil {
				t.Fatal(err)
			}
			for _, q := range fixtures[v] {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("fixture v%d: %v\n%s", v, err, q)
				}
			}
			now := time.UnixMilli(1762355000000).UTC()
			s, err := Open(ctx, dsn, Options{Now: func() time.Time { return now }, Schema: schema})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var got int
			if err := db.QueryRow("SELECT MAX(version) FROM schema_version").Scan(&got); err != nil || got != latest {
				t.Fatalf("schema version = %d, %v; want %d", got, err, latest)
			}
			checkMigratedFixture(t, s)
		})
	}
}

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
	if err != nil || len(entries) != 3 || entries[1].LeftML != 80 || entries[0].LeftDur != 15*time.Minute {
		t.Errorf("entries = %+v, %v", entries, err)
	}
	tm, found, err := s.Timer(ctx, u, 1)
	if err != nil || !found || tm.Side != feedlog.Right || tm.Left != 5*time.Minute {
		t.Errorf("timer = %+v %v %v", tm, found, err)
	}
	_, dup, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "telegram", Chat: "42", ID: "1"}, Entry: storetest.Feed(feedlog.Left, entries[0].Start, time.Minute)})
	if err != nil || !dup {
		t.Errorf("redelivery after migration: dup %v err %v", dup, err)
	}
	res, err := s.Undo(ctx, u, feedlog.MsgKey{Platform: "telegram", Chat: "42", ID: "9"}, 0)
	if err != nil || !res.Repeat {
		t.Errorf("handled undo after migration: %+v %v", res, err)
	}
	e, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Entry: feedlog.Entry{Kind: feedlog.Pump, Side: feedlog.Both, AmountML: 110, LeftML: 60, RightML: 50, Note: "new",
		Start: entries[2].Start, End: entries[2].Start}})
	if err != nil || e.ID <= 3 {
		t.Errorf("new entry after migration: id %d, %v; want a new id above the copied ones", e.ID, err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	dsn, schema, db := schemaDB(t)
	if err := migrate(ctx, db, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO schema_version(version, applied_ms) VALUES(99, 0)"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, dsn, Options{Schema: schema}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer schema: err = %v", err)
	}
}

// TestReplicasStartTogether: several processes opening one new database at
// once apply each migration once.
func TestReplicasStartTogether(t *testing.T) {
	ctx := context.Background()
	dsn, schema, db := schemaDB(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(ctx, dsn, Options{Schema: schema})
			if err == nil {
				s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("replica %d: %v", i, err)
		}
	}
	var n, max int
	if err := db.QueryRow("SELECT COUNT(*), MAX(version) FROM schema_version").Scan(&n, &max); err != nil || n != SchemaVersion() || max != SchemaVersion() {
		t.Errorf("schema_version has %d rows up to %d (%v); want each of %d once", n, max, err, SchemaVersion())
	}
}

func TestOpenErrorsKeepTheDSNSecret(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, dsn := range []string{"postgres://u:s3cret-pw@127.0.0.1:1/db?sslmode=disable", "not a dsn s3cret-pw ::: ="} {
		_, err := Open(ctx, dsn, Options{})
		if err == nil {
			t.Fatalf("%q opened", dsn)
		}
		if strings.Contains(err.Error(), "s3cret-pw") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
	if _, err := Open(ctx, "postgres://x@127.0.0.1:1/db", Options{Schema: "Bad; DROP"}); err == nil || !strings.Contains(err.Error(), "schema") {
		t.Errorf("bad schema name: %v", err)
	}
}

func TestBackupPointsToPgDump(t *testing.T) {
	s := &Store{}
	if err := s.Backup(context.Background(), "x.db"); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("Backup = %v, want a pointer to pg_dump", err)
	}
}

func TestTextPostgresCannotStore(t *testing.T) {
	for in, want := range map[string]string{"sleepy": "sleepy", "a\x00b": "ab", "bad \xff utf8": "bad \uFFFD utf8", "Zoë": "Zoë"} {
		if got := text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
	if storetest.PostgresDSN(t) == "" {
		return
	}
	s := openTest(t)
	u := feedlog.User{Platform: "console", ID: "1"}
	e := storetest.Feed(feedlog.Left, storetest.T0, time.Minute)
	e.Note = "with a \x00 NUL and \xfe"
	saved, _, err := s.LogEntry(context.Background(), u, feedlog.LogRequest{Entry: e})
	if err != nil {
		t.Fatal(err)
	}
	got, _, _ := s.Entry(context.Background(), u, saved.ID)
	if got.Note != saved.Note || got.Note != "with a  NUL and \uFFFD" {
		t.Errorf("note stored %q, returned %q", got.Note, saved.Note)
	}
}

func openTest(t *testing.T) *Store {
	t.Helper()
	dsn := storetest.PostgresDSN(t)
	s, err := Open(context.Background(), dsn, Options{Now: func() time.Time { return storetest.T0 }, Schema: storetest.FreshSchema(t, dsn)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestObserveWrites: every write transaction reports its time and error
// (for /metrics).
func TestObserveWrites(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	var mu sync.Mutex
	var n, failed int
	obs := func(d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		if d <= 0 {
			t.Errorf("write took %v", d)
		}
		n++
		if err != nil {
			failed++
		}
	}
	s, err := Open(context.Background(), dsn, Options{Now: func() time.Time { return storetest.T0 }, Schema: storetest.FreshSchema(t, dsn), Observe: obs})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u := feedlog.User{Platform: "console", ID: "1"}
	storetest.MustLog(t, s, u, "1", storetest.Feed(feedlog.Left, storetest.T0, time.Minute))
	if _, _, err := s.LogEntry(context.Background(), u, feedlog.LogRequest{Pending: "no-such-question", Entry: storetest.Feed(feedlog.Left, storetest.T0, time.Minute)}); err == nil {
		t.Fatal("answering an unknown question succeeded")
	}
	mu.Lock()
	defer mu.Unlock()
	if n != 3 || failed != 1 { // the open's stamp, the entry, the refused answer
		t.Errorf("observed %d writes, %d failed; want 3 and 1", n, failed)
	}
}

// Package storetest is the feed-log stores' contract: one suite of
// behaviour tests that every store (SQLite, PostgreSQL) must pass
// unchanged, given a constructor. Each store's package runs it from its
// own tests (TestContract); the PostgreSQL run needs a server, named by
// NURSLING_TEST_POSTGRES (ops/pgtest.sh starts a throw-away one), and
// says clearly that it skipped otherwise.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"nursling/bot/feedlog"
	"nursling/bot/feedlog/sqlstore"
	"nursling/bot/logbook"
	"nursling/bot/remind"
)

// Store is what the suite exercises: everything the engine, the logbook,
// the reminders, the adapters' state and the curators' report use.
type Store interface {
	logbook.Store
	remind.Store
	State(ctx context.Context, key string) (string, error)
	SetState(ctx context.Context, key, value string) error
	Report(ctx context.Context) (sqlstore.Report, error)
	Import(ctx context.Context, batches []sqlstore.ImportBatch) (int, error)
	Close() error
}

// Dialect tells the suite how to ask the database about itself.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

// Harness gives the suite a store to test.
type Harness struct {
	// Open returns a new, empty store reading the clock now; the harness
	// closes and removes it when t ends.
	Open func(t testing.TB, now func() time.Time) Store
	// DB returns a read-write handle on s's database, for the checks the
	// API cannot make (no row left after /forget).
	DB      func(s Store) *sql.DB
	Dialect Dialect
}

// Run runs every contract test against h's store.
func Run(t *testing.T, h Harness) {
	tests := []struct {
		name string
		fn   func(*testing.T, Harness)
	}{
		{"LogAndRead", testLogAndRead},
		{"Idempotent", testIdempotent},
		{"ConcurrentRedelivery", testConcurrentRedelivery},
		{"HouseholdsIsolated", testHouseholdsIsolated},
		{"ShareJoinLeave", testShareJoinLeave},
		{"Undo", testUndo},
		{"PendingAndTimer", testPendingAndTimer},
		{"ForgetLeavesNoRow", testForgetLeavesNoRow},
		{"ReportAndState", testReportAndState},
		{"RejectsInvalidEntries", testRejectsInvalidEntries},
		{"SharingKeepsEachPersonsEntries", testSharingKeepsEachPersonsEntries},
		{"ForgetKeepsOthersEntries", testForgetKeepsOthersEntries},
		{"ReminderCapAndLists", testReminderCapAndLists},
		{"ClaimIsExclusive", testClaimIsExclusive},
		{"ForgetDeletesReminders", testForgetDeletesReminders},
		{"PruneDropsDeliveredText", testPruneDropsDeliveredText},
		{"ImportAndBabies", testImportAndBabies},
		{"UpdateEntryOnlyOwn", testUpdateEntryOnlyOwn},
		{"UnitsPerHousehold", testUnitsPerHousehold},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, h) })
	}
}

func (h Harness) open(t testing.TB, now func() time.Time) Store {
	t.Helper()
	if now == nil {
		now = func() time.Time { return T0 }
	}
	return h.Open(t, now)
}

// Clock is a settable test clock.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock on.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// T0 is the suite's "now".
var T0 = time.Date(2026, 11, 5, 14, 5, 0, 0, time.UTC)

// Feed is a breast feed on side from start for d.
func Feed(side feedlog.Side, start time.Time, d time.Duration) feedlog.Entry {
	return feedlog.Entry{Kind: feedlog.Feed, Method: feedlog.Breast, Side: side, EndSide: side, Start: start, End: start.Add(d)}
}

// MustLog logs e for u as message id in u's chat.
func MustLog(tb testing.TB, s logbook.Store, u feedlog.User, id string, e feedlog.Entry) feedlog.Entry {
	tb.Helper()
	got, _, err := s.LogEntry(context.Background(), u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: u.Platform, Chat: "c-" + u.ID, ID: id}, Entry: e})
	if err != nil {
		tb.Fatalf("LogEntry: %v", err)
	}
	return got
}

// Dump reads every row of every table of the database as text, column
// by column: table -> rows -> column -> value, rows in a fixed order.
func (h Harness) Dump(t testing.TB, s Store) map[string][]map[string]string {
	t.Helper()
	db := h.DB(s)
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if h.Dialect == Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	names := column(t, db, q)
	out := map[string][]map[string]string{}
	for _, n := range names {
		rows, err := db.Query(fmt.Sprintf("SELECT * FROM %q", n))
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		out[n] = []map[string]string{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := map[string]string{}
			for i, c := range cols {
				switch v := vals[i].(type) {
				case nil:
					row[c] = "NULL"
				case []byte:
					row[c] = string(v)
				default:
					row[c] = fmt.Sprint(v)
				}
			}
			out[n] = append(out[n], row)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		slices.SortFunc(out[n], func(a, b map[string]string) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	}
	return out
}

func column(t testing.TB, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// exec runs a statement with no arguments on s's database.
func (h Harness) exec(t testing.TB, s Store, q string) {
	t.Helper()
	if _, err := h.DB(s).Exec(q); err != nil {
		t.Fatal(err)
	}
}

// count is the number of rows of table.
func (h Harness) count(t testing.TB, s Store, table string) int {
	t.Helper()
	var n int
	if err := h.DB(s).QueryRow(fmt.Sprintf("SELECT COUNT(*) FROM %q", table)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// householdID returns u's household id.
func householdID(t *testing.T, s Store, u feedlog.User) int64 {
	t.Helper()
	h, err := s.Household(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	return h.ID
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"nursling/bot/feedlog/sqlstore"
	"nursling/bot/feedlog/storetest"
)

// underTest is a store with a second, raw handle on its file for the
// suite's checks.
type underTest struct {
	*sqlstore.Store
	raw *sql.DB
}

// Harness is the contract suite's view of the SQLite store.
func Harness() storetest.Harness {
	return storetest.Harness{
		Open: func(tb testing.TB, now func() time.Time) storetest.Store {
			tb.Helper()
			path := filepath.Join(tb.TempDir(), "nursling.db")
			s, err := sqlstore.Open(context.Background(), path, sqlstore.Options{Now: now})
			if err != nil {
				tb.Fatalf("Open: %v", err)
			}
			raw, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)")
			if err != nil {
				tb.Fatal(err)
			}
			raw.SetMaxOpenConns(1)
			tb.Cleanup(func() { raw.Close(); s.Close() })
			return underTest{s, raw}
		},
		DB:      func(s storetest.Store) *sql.DB { return s.(underTest).raw },
		Dialect: storetest.SQLite,
	}
}

// TestContract runs the stores' shared behaviour suite on SQLite.
func TestContract(t *testing.T) { storetest.Run(t, Harness()) }

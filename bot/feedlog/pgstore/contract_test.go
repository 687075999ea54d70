package pgstore_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"nursling/bot/feedlog/pgstore"
	"nursling/bot/feedlog/storetest"
)

// open opens a store in a fresh schema of the test server.
func open(tb testing.TB, now func() time.Time) *pgstore.Store {
	tb.Helper()
	dsn := storetest.PostgresDSN(tb)
	s, err := pgstore.Open(context.Background(), dsn, pgstore.Options{Now: now, Schema: storetest.FreshSchema(tb, dsn)})
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// TestContract runs the stores' shared behaviour suite on PostgreSQL
// (skipped, saying so, without NURSLING_TEST_POSTGRES).
func TestContract(t *testing.T) {
	storetest.PostgresDSN(t)
	storetest.Run(t, storetest.Harness{
		Open:    func(tb testing.TB, now func() time.Time) storetest.Store { return open(tb, now) },
		DB:      func(s storetest.Store) *sql.DB { return s.(*pgstore.Store).DB() },
		Dialect: storetest.Postgres,
	})
}

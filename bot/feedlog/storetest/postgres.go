package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// PostgresEnv names the variable holding the DSN of a PostgreSQL server
// the tests may use (each test in a schema of its own, dropped after).
const PostgresEnv = "NURSLING_TEST_POSTGRES"

// PostgresDSN returns the test server's DSN, or skips t saying how to run
// it.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(PostgresEnv)
	if dsn == "" {
		t.Skip("SKIPPED: " + PostgresEnv + " is not set, so this PostgreSQL test did not run; " +
			"`bash ops/pgtest.sh go test ./bot/feedlog/... ./cmd/nursling/...` starts a throw-away server and runs it")
	}
	return dsn
}

// FreshSchema creates an empty schema with a random name on the server at
// dsn and drops it, with everything in it, when t ends.
func FreshSchema(t testing.TB, dsn string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	name := "nursling_test_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE SCHEMA " + name); err != nil {
		db.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA "+name+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
		db.Close()
	})
	return name
}

// WithSearchPath returns dsn set to use schema (URL or key=value form).
func WithSearchPath(dsn, schema string) string {
	switch {
	case !strings.Contains(dsn, "://"):
		return dsn + " search_path=" + schema
	case strings.Contains(dsn, "?"):
		return dsn + "&search_path=" + schema
	default:
		return dsn + "?search_path=" + schema
	}
}

package pgstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// tx is a transaction whose queries are written with SQLite's ? markers,
// as in the SQLite store, and sent with PostgreSQL's $1, $2...
type tx struct{ t *sql.Tx }

func (x tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return x.t.ExecContext(ctx, rebind(q), args...)
}

func (x tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return x.t.QueryContext(ctx, rebind(q), args...)
}

func (x tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return x.t.QueryRowContext(ctx, rebind(q), args...)
}

// pool is the connection pool with the same ? rewriting, for reads.
type pool struct{ db *sql.DB }

func (p pool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return p.db.QueryContext(ctx, rebind(q), args...)
}

func (p pool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return p.db.QueryRowContext(ctx, rebind(q), args...)
}

func (s *Store) r() pool { return pool{s.db} }

// queryer is a pool or a transaction.
type queryer interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// rebind rewrites each ? to $1, $2... The store's queries never hold a ?
// inside a string literal. (A scan of a short string: nothing next to a
// round trip to the server.)
func rebind(q string) string {
	if strings.IndexByte(q, '?') < 0 {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

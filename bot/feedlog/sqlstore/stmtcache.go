package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// stmts caches prepared statements on the reader pool: SQLite spends more
// time parsing a small query than running it. Only read queries built
// from a bounded set of strings go through it.
type stmts struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func newStmts(db *sql.DB) *stmts { return &stmts{db: db, m: map[string]*sql.Stmt{}} }

func (c *stmts) get(ctx context.Context, q string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[q]; ok {
		return st, nil
	}
	st, err := c.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.m[q] = st
	return st, nil
}

// QueryRowContext runs q as a cached statement; if preparing fails, the
// plain query reports the error through the Row.
func (c *stmts) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := c.get(ctx, q)
	if err != nil {
		return c.db.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (c *stmts) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := c.get(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (c *stmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = map[string]*sql.Stmt{}
}

// writeStmts are the hot statements of a log write, prepared on the single
// writer connection at open (not inside a transaction, which holds that
// connection) and bound to each transaction with Tx.StmtContext.
type writeStmts struct {
	householdOf, insertEntry, entryBySrc *sql.Stmt
}

const (
	qHouseholdOf = "SELECT household_id FROM members WHERE platform = ? AND user_id = ?"
	qInsertEntry = `INSERT INTO entries(household_id, baby_id, kind, method, side, end_side, start_ms, end_ms,
		left_s, right_s, amount_ml, left_ml, right_ml, content, nappy, note, by_platform, by_user, created_ms,
		src_platform, src_chat, src_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(src_platform, src_chat, src_id) DO NOTHING`
	qEntryBySrc = "SELECT " + entryCols + " FROM entries WHERE src_platform = ? AND src_chat = ? AND src_id = ? AND household_id = ?"
)

func prepareWrites(ctx context.Context, db *sql.DB) (*writeStmts, error) {
	var w writeStmts
	for _, p := range []struct {
		dst **sql.Stmt
		q   string
	}{{&w.householdOf, qHouseholdOf}, {&w.insertEntry, qInsertEntry}, {&w.entryBySrc, qEntryBySrc}} {
		st, err := db.PrepareContext(ctx, p.q)
		if err != nil {
			w.close()
			return nil, err
		}
		*p.dst = st
	}
	return &w, nil
}

func (w *writeStmts) close() {
	for _, st := range []*sql.Stmt{w.householdOf, w.insertEntry, w.entryBySrc} {
		if st != nil {
			st.Close()
		}
	}
}

package pgstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// copyTables are the feed log's tables in an order that keeps foreign keys
// satisfied.
func copyTables() []string {
	return []string{"households", "members", "babies", "entries", "timers", "pending", "share_codes", "handled", "answer_stats", "unanswered", "kv", "reminders", "reminder_prefs"}
}

// identityTables have an identity id to move on after the copy.
func identityTables() []string {
	return []string{"households", "babies", "entries", "unanswered", "reminders"}
}

// CopyCount is how many rows of one table were copied.
type CopyCount struct {
	Table string
	Rows  int
}

// CopyFromSQLite copies every row of a SQLite feed-log database (src, at
// the same schema version as this store) into this store, which must hold
// no feed-log data yet: ids, message keys, pending questions, reminders and
// counts come across unchanged, in one transaction, so a failure copies
// nothing. src is read in one read transaction (a consistent snapshot);
// stop the bot first so nothing is logged after the snapshot. It returns
// the rows copied per table, checked against the counts in PostgreSQL.
func (s *Store) CopyFromSQLite(ctx context.Context, src *sql.DB) ([]CopyCount, error) {
	rtx, err := src.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("pgstore: copy: read the SQLite database: %w", err)
	}
	defer rtx.Rollback()
	var counts []CopyCount
	err = s.writeRC(ctx, func(tx tx) error {
		counts = counts[:0]
		if err := checkEmpty(ctx, tx); err != nil {
			return err
		}
		// Only the store's own start-up stamp is there; the source's comes.
		if _, err := tx.ExecContext(ctx, "DELETE FROM kv"); err != nil {
			return err
		}
		for _, table := range copyTables() {
			n, err := copyTable(ctx, rtx, tx, table)
			if err != nil {
				return fmt.Errorf("table %s: %w", table, err)
			}
			counts = append(counts, CopyCount{Table: table, Rows: n})
		}
		for _, table := range identityTables() {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', 'id'), GREATEST(COALESCE(MAX(id), 0), 1), MAX(id) IS NOT NULL) FROM %s`, table, table)); err != nil {
				return fmt.Errorf("table %s: move the id sequence on: %w", table, err)
			}
		}
		for _, c := range counts {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+c.Table).Scan(&n); err != nil {
				return err
			}
			if n != c.Rows {
				return fmt.Errorf("table %s: %d rows read but %d in PostgreSQL", c.Table, c.Rows, n)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: copy: %w", err)
	}
	return counts, nil
}

// checkEmpty refuses a target that already holds a log: merging two logs
// is not a copy.
func checkEmpty(ctx context.Context, tx tx) error {
	for _, table := range copyTables() {
		if table == "kv" {
			continue
		}
		var any bool
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+table+")").Scan(&any); err != nil {
			return err
		}
		if any {
			return fmt.Errorf("the PostgreSQL database already holds data (table %s); copy into an empty database", table)
		}
	}
	return nil
}

// copyTable copies one table's rows, column by name; both sides must have
// the same columns.
func copyTable(ctx context.Context, src *sql.Tx, dst tx, table string) (int, error) {
	srcCols, err := columns(ctx, src, "SELECT name FROM pragma_table_info('"+table+"') ORDER BY cid")
	if err != nil {
		return 0, fmt.Errorf("read SQLite columns: %w", err)
	}
	dstCols, err := columns(ctx, dst.t, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '"+table+"'")
	if err != nil {
		return 0, fmt.Errorf("read PostgreSQL columns: %w", err)
	}
	if !slices.Equal(slices.Sorted(slices.Values(srcCols)), slices.Sorted(slices.Values(dstCols))) {
		return 0, fmt.Errorf("columns differ: SQLite has %v, PostgreSQL %v (are both at schema version %d?)", srcCols, dstCols, SchemaVersion())
	}
	list := strings.Join(srcCols, ", ")
	ins, err := dst.t.PrepareContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE VALUES (%s)", table, list, placeholders(len(srcCols))))
	if err != nil {
		return 0, err
	}
	defer ins.Close()
	rows, err := src.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s", list, table))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	vals := make([]any, len(srcCols))
	ptrs := make([]any, len(srcCols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, v := range vals {
			if s, ok := v.(string); ok {
				vals[i] = text(s)
			}
		}
		if _, err := ins.ExecContext(ctx, vals...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

func placeholders(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", i)
	}
	return b.String()
}

func columns(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string) ([]string, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

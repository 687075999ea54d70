package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Leases live in the kv table as "lease.NAME" = "HOLDER|UNTIL_MS", so they
// need no schema of their own (the SQLite and PostgreSQL schemas stay
// the same). A lease is one holder's until it runs out or is released.

// Lease takes the lease name for holder until until, or renews it when
// holder has it already. When another holder's lease still runs at now,
// ok is false and other and otherUntil say whose it is and until when.
func (s *Store) Lease(ctx context.Context, name, holder string, now, until time.Time) (ok bool, other string, otherUntil time.Time, err error) {
	if holder == "" || strings.Contains(holder, "|") {
		return false, "", time.Time{}, fmt.Errorf("pgstore: lease %s: bad holder %q", name, holder)
	}
	key := "lease." + name
	err = s.writeRC(ctx, func(tx tx) error {
		var v string
		err := tx.QueryRowContext(ctx, `INSERT INTO kv(key, value) VALUES(?, ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value
			WHERE split_part(kv.value, '|', 1) = ? OR split_part(kv.value, '|', 2)::bigint <= ?
			RETURNING value`, key, holder+"|"+strconv.FormatInt(until.UnixMilli(), 10), holder, now.UnixMilli()).Scan(&v)
		if err == nil {
			ok = true
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		ok = false
		if err := tx.QueryRowContext(ctx, "SELECT value FROM kv WHERE key = ?", key).Scan(&v); err != nil {
			return err
		}
		h, ms, _ := strings.Cut(v, "|")
		n, _ := strconv.ParseInt(ms, 10, 64)
		other, otherUntil = h, fromMS(n)
		return nil
	})
	if err != nil {
		return false, "", time.Time{}, fmt.Errorf("pgstore: lease %s: %w", name, err)
	}
	return ok, other, otherUntil, nil
}

// ReleaseLease gives the lease up if holder has it.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	err := s.writeRC(ctx, func(tx tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM kv WHERE key = ? AND split_part(value, '|', 1) = ?", "lease."+name, holder)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstore: release lease %s: %w", name, err)
	}
	return nil
}

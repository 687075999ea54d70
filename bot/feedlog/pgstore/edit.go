package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"nursling/bot/feedlog"
)

// UpdateEntry (as in sqlstore) replaces the times and values of entry e.ID, which u must
// have logged in their current household (as with Undo, a member cannot
// change another's entries). The baby, who logged it and when are kept.
// found is false when there is no such entry of u's.
func (s *Store) UpdateEntry(ctx context.Context, u feedlog.User, e feedlog.Entry) (saved feedlog.Entry, found bool, err error) {
	if err := e.Validate(); err != nil {
		return feedlog.Entry{}, false, fmt.Errorf("pgstore: update entry: %w", err)
	}
	err = s.write(ctx, func(tx tx) error {
		hid, err := householdOf(ctx, tx, u)
		if err != nil || hid == 0 {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE entries SET kind = ?, method = ?, side = ?, end_side = ?, start_ms = ?, end_ms = ?,
			left_s = ?, right_s = ?, amount_ml = ?, left_ml = ?, right_ml = ?, content = ?, nappy = ?, note = ?
			WHERE id = ? AND household_id = ? AND by_platform = ? AND by_user = ?`,
			string(e.Kind), string(e.Method), string(e.Side), string(e.EndSide), ms(e.Start), ms(e.End),
			int64(e.LeftDur/time.Second), int64(e.RightDur/time.Second), e.AmountML, e.LeftML, e.RightML,
			string(e.Content), string(e.Nappy), e.Note, e.ID, hid, u.Platform, u.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		saved, err = scanEntry(tx.QueryRowContext(ctx, "SELECT "+entryCols+" FROM entries WHERE id = ?", e.ID))
		if err != nil {
			return err
		}
		found = true
		return nil
	})
	if err != nil {
		return feedlog.Entry{}, false, fmt.Errorf("pgstore: update entry: %w", err)
	}
	return saved, found, nil
}

// unitsKey is the kv key of a household's display unit. The value is "ml"
// or "oz": no personal data.
func unitsKey(hid int64) string { return "units:" + strconv.FormatInt(hid, 10) }

// Units returns the unit u's household shows amounts in ("ml" when not
// set, or when u has no household yet).
func (s *Store) Units(ctx context.Context, u feedlog.User) (string, error) {
	var v string
	err := s.r().QueryRowContext(ctx, `SELECT value FROM kv WHERE key = 'units:' ||
		(SELECT household_id FROM members WHERE platform = ? AND user_id = ?)`, u.Platform, u.ID).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return feedlog.UnitML, nil
	case err != nil:
		return "", fmt.Errorf("pgstore: units: %w", err)
	}
	return v, nil
}

// SetUnits sets the unit u's household shows amounts in, creating the
// household if needed.
func (s *Store) SetUnits(ctx context.Context, u feedlog.User, unit string) error {
	if unit != feedlog.UnitML && unit != feedlog.UnitOz {
		return fmt.Errorf("pgstore: set units: unknown unit %q", unit)
	}
	err := s.write(ctx, func(tx tx) error {
		hid, err := s.ensureHousehold(ctx, tx, u)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO kv(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, unitsKey(hid), unit)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstore: set units: %w", err)
	}
	return nil
}

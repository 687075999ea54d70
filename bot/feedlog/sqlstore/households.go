package sqlstore

import (
	"nursling/bot/feedlog"

	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Household returns u's household with its babies and member count. A user
// who has never logged anything gets the zero Household (ID 0).
func (s *Store) Household(ctx context.Context, u feedlog.User) (feedlog.Household, error) {
	h, err := readHousehold(ctx, s.rc, u)
	if err != nil {
		return feedlog.Household{}, fmt.Errorf("feedlog: household: %w", err)
	}
	return h, nil
}

type queryer interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// OwnEntries is how many entries of u's household u logged (what /join
// asks about before bringing them into a shared log). Counted only when
// asked: every reply reads the household, and a year of entries is many.
func (s *Store) OwnEntries(ctx context.Context, u feedlog.User) (int, error) {
	var n int
	err := s.rc.QueryRowContext(ctx, `SELECT COUNT(*) FROM entries e JOIN members m ON m.household_id = e.household_id
		WHERE m.platform = ? AND m.user_id = ? AND e.by_platform = m.platform AND e.by_user = m.user_id`, u.Platform, u.ID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("feedlog: own entries: %w", err)
	}
	return n, nil
}

func readHousehold(ctx context.Context, q queryer, u feedlog.User) (feedlog.Household, error) {
	var h feedlog.Household
	err := q.QueryRowContext(ctx, `SELECT h.id, h.tz, (SELECT COUNT(*) FROM members WHERE household_id = h.id)
		FROM members m JOIN households h ON h.id = m.household_id WHERE m.platform = ? AND m.user_id = ?`,
		u.Platform, u.ID).Scan(&h.ID, &h.TimeZone, &h.Members)
	if errors.Is(err, sql.ErrNoRows) {
		return feedlog.Household{}, nil
	}
	if err != nil {
		return feedlog.Household{}, err
	}
	rows, err := q.QueryContext(ctx, "SELECT id, name, born FROM babies WHERE household_id = ? ORDER BY id", h.ID)
	if err != nil {
		return feedlog.Household{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var b feedlog.Baby
		if err := rows.Scan(&b.ID, &b.Name, &b.Born); err != nil {
			return feedlog.Household{}, err
		}
		h.Babies = append(h.Babies, b)
	}
	return h, rows.Err()
}

// AddBaby adds a baby to u's household, or updates the birth date of the
// baby with that name (case-insensitive). born is YYYY-MM-DD or "".
func (s *Store) AddBaby(ctx context.Context, u feedlog.User, name, born string) (feedlog.Household, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return feedlog.Household{}, errors.New("feedlog: add baby: empty name")
	}
	var h feedlog.Household
	err := s.write(ctx, func(tx *sql.Tx) error {
		hid, err := s.ensureHousehold(ctx, tx, u)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE babies SET born = ?, name = ? WHERE household_id = ? AND lower(name) = lower(?)", born, name, hid, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, "INSERT INTO babies(household_id, name, born) VALUES(?, ?, ?)", hid, name, born); err != nil {
				return err
			}
		}
		h, err = readHousehold(ctx, tx, u)
		return err
	})
	if err != nil {
		return feedlog.Household{}, fmt.Errorf("feedlog: add baby: %w", err)
	}
	return h, nil
}

// SetTimeZone sets the IANA time zone of u's household.
func (s *Store) SetTimeZone(ctx context.Context, u feedlog.User, tz string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		hid, err := s.ensureHousehold(ctx, tx, u)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE households SET tz = ? WHERE id = ?", tz, hid)
		return err
	})
	if err != nil {
		return fmt.Errorf("feedlog: set time zone: %w", err)
	}
	return nil
}

// CreateShareCode stores a one-time code (only its hash) that lets another
// user join u's household until expires.
func (s *Store) CreateShareCode(ctx context.Context, u feedlog.User, codeHash string, expires time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		hid, err := s.ensureHousehold(ctx, tx, u)
		if err != nil {
			return err
		}
		if err := s.prune(ctx, tx); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO share_codes(code_hash, household_id, expires_ms) VALUES(?, ?, ?)", codeHash, hid, expires.UnixMilli())
		return err
	})
	if err != nil {
		return fmt.Errorf("feedlog: create share code: %w", err)
	}
	return nil
}

// Join moves u into the household a valid share code belongs to and uses
// the code up. The entries u logged come along (their babies matched by
// name, else copied); ask first (the caller does). A household u leaves
// keeps the others' entries; one left without members gives them back to
// whoever logged them, and u's babies there come along. feedlog.ErrBadCode
// when the code is unknown, used or expired.
func (s *Store) Join(ctx context.Context, u feedlog.User, codeHash string) (feedlog.Household, error) {
	var h feedlog.Household
	err := s.write(ctx, func(tx *sql.Tx) error {
		var target int64
		err := tx.QueryRowContext(ctx, "SELECT household_id FROM share_codes WHERE code_hash = ? AND expires_ms >= ?",
			codeHash, s.now().UnixMilli()).Scan(&target)
		if errors.Is(err, sql.ErrNoRows) {
			return feedlog.ErrBadCode
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM share_codes WHERE code_hash = ?", codeHash); err != nil {
			return err
		}
		old, err := householdOf(ctx, tx, u)
		if err != nil {
			return err
		}
		if old != target {
			if _, err := tx.ExecContext(ctx, `INSERT INTO members(platform, user_id, household_id, joined_ms) VALUES(?, ?, ?, ?)
				ON CONFLICT(platform, user_id) DO UPDATE SET household_id = excluded.household_id, joined_ms = excluded.joined_ms`,
				u.Platform, u.ID, target, s.now().UnixMilli()); err != nil {
				return err
			}
		}
		if old != 0 && old != target {
			if err := s.leaveFor(ctx, tx, u, old, target); err != nil {
				return err
			}
		}
		h, err = readHousehold(ctx, tx, u)
		return err
	})
	if err != nil {
		if errors.Is(err, feedlog.ErrBadCode) {
			return feedlog.Household{}, feedlog.ErrBadCode
		}
		return feedlog.Household{}, fmt.Errorf("feedlog: join: %w", err)
	}
	return h, nil
}

// leaveFor moves u's entries from household old (u is no longer a member)
// to target. If old has no members left, its babies not matched in target
// come along (u was the last to use them), and the others' entries go
// back to whoever logged them.
func (s *Store) leaveFor(ctx context.Context, tx *sql.Tx, u feedlog.User, old, target int64) error {
	if _, err := moveOwn(ctx, tx, u, old, target); err != nil {
		return err
	}
	var members int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE household_id = ?", old).Scan(&members); err != nil {
		return err
	}
	if members > 0 {
		return nil
	}
	if err := s.rehome(ctx, tx, old); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE babies SET household_id = ? WHERE household_id = ?
		AND NOT EXISTS (SELECT 1 FROM babies t WHERE t.household_id = ? AND lower(t.name) = lower(babies.name))`, target, old, target); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM households WHERE id = ?", old)
	return err
}

// Leave removes u from a shared household and takes the entries u logged
// into a household of u's own (with the babies they name); the others keep
// theirs. It returns how many entries moved. feedlog.ErrSoleMember when
// nobody else is in it.
func (s *Store) Leave(ctx context.Context, u feedlog.User) (int, error) {
	moved := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		hid, err := householdOf(ctx, tx, u)
		if err != nil {
			return err
		}
		if hid == 0 {
			return feedlog.ErrSoleMember
		}
		var members int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE household_id = ?", hid).Scan(&members); err != nil {
			return err
		}
		if members <= 1 {
			return feedlog.ErrSoleMember
		}
		if _, err = tx.ExecContext(ctx, "DELETE FROM members WHERE platform = ? AND user_id = ?", u.Platform, u.ID); err != nil {
			return err
		}
		own, err := s.ensureHousehold(ctx, tx, u)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE households SET tz = (SELECT tz FROM households WHERE id = ?) WHERE id = ?", hid, own); err != nil {
			return err
		}
		moved, err = moveOwn(ctx, tx, u, hid, own)
		return err
	})
	if errors.Is(err, feedlog.ErrSoleMember) {
		return 0, feedlog.ErrSoleMember
	}
	if err != nil {
		return 0, fmt.Errorf("feedlog: leave: %w", err)
	}
	return moved, nil
}

// Forget deletes everything u logged (in any household), their membership,
// timers, pending questions and handled-message keys. It deletes nobody
// else's entries: it returns how many entries others logged in u's
// household, which stay with them (a household left with no members gives
// them back to whoever logged them, then is deleted with its babies).
// Anonymous answer counts hold nothing of u and stay.
func (s *Store) Forget(ctx context.Context, u feedlog.User) (int, error) {
	kept := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM entries e JOIN members m ON m.household_id = e.household_id
			WHERE m.platform = ? AND m.user_id = ? AND NOT (e.by_platform = m.platform AND e.by_user = m.user_id)`,
			u.Platform, u.ID).Scan(&kept); err != nil {
			return err
		}
		stmts := []string{
			"DELETE FROM entries WHERE by_platform = ? AND by_user = ?",
			"DELETE FROM timers WHERE by_platform = ? AND by_user = ?",
			"DELETE FROM handled WHERE by_platform = ? AND by_user = ?",
			"DELETE FROM pending WHERE platform = ? AND user_id = ?",
			"DELETE FROM members WHERE platform = ? AND user_id = ?",
			"DELETE FROM reminders WHERE platform = ? AND user_id = ?",
			"DELETE FROM reminder_prefs WHERE platform = ? AND user_id = ?",
		}
		for _, q := range stmts {
			if _, err := tx.ExecContext(ctx, q, u.Platform, u.ID); err != nil {
				return err
			}
		}
		return s.dropEmpty(ctx, tx)
	})
	if err != nil {
		return 0, fmt.Errorf("feedlog: forget: %w", err)
	}
	return kept, nil
}

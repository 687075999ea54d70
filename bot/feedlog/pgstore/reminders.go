package pgstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"nursling/bot/remind"
)

var _ remind.Store = (*Store)(nil)

const reminderCols = `id, platform, user_id, kind, text, status, due_ms, zone, clock_min, every_ms, feed_ms, attempts, COALESCE(claim, ''), created_ms`

func scanReminder(sc interface{ Scan(...any) error }) (remind.Reminder, error) {
	var r remind.Reminder
	var kind, status string
	var due, every, feed, created int64
	err := sc.Scan(&r.ID, &r.User.Platform, &r.User.ID, &kind, &r.Text, &status, &due, &r.Zone, &r.Clock, &every, &feed, &r.Attempts, &r.Claim, &created)
	r.Kind, r.Status = remind.Kind(kind), remind.Status(status)
	r.Due, r.FeedAt, r.Created = fromMS(due), fromMS(feed), fromMS(created)
	r.Every = time.Duration(every) * time.Millisecond
	return r, err
}

// countActive counts the user's scheduled reminders, nudges aside.
func countActive(ctx context.Context, tx tx, u remind.User) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reminders WHERE platform = ? AND user_id = ? AND status = 'active' AND kind != 'nudge'`, u.Platform, u.ID).Scan(&n)
	return n, err
}

// AddReminder stores r; remind.ErrFull when the user has maxActive.
func (s *Store) AddReminder(ctx context.Context, r remind.Reminder, maxActive int) (remind.Reminder, error) {
	err := s.write(ctx, func(tx tx) error {
		if r.Src != "" {
			old, err := scanReminder(tx.QueryRowContext(ctx, `SELECT `+reminderCols+` FROM reminders WHERE src = ?`, r.Src))
			if err == nil {
				r = old
				return nil
			}
			if err != sql.ErrNoRows {
				return err
			}
		}
		if r.Status == remind.Active && r.Kind != remind.Nudge {
			n, err := countActive(ctx, tx, r.User)
			if err != nil {
				return err
			}
			if n >= maxActive {
				return remind.ErrFull
			}
		}
		return tx.QueryRowContext(ctx, `INSERT INTO reminders(platform, user_id, kind, text, status, due_ms, zone, clock_min, every_ms, feed_ms, created_ms, src)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.User.Platform, r.User.ID, string(r.Kind), text(r.Text), string(r.Status), ms(r.Due), r.Zone, r.Clock, r.Every.Milliseconds(), ms(r.FeedAt), ms(r.Created), nullable(r.Src, r.Src != "")).Scan(&r.ID)
	})
	if err != nil {
		return remind.Reminder{}, fmt.Errorf("pgstore: add reminder: %w", err)
	}
	return r, nil
}

// Reminders returns the user's asking and active reminders, soonest first.
func (s *Store) Reminders(ctx context.Context, u remind.User) ([]remind.Reminder, error) {
	rows, err := s.r().QueryContext(ctx, `SELECT `+reminderCols+` FROM reminders
		WHERE platform = ? AND user_id = ? AND status IN ('asking', 'active') ORDER BY due_ms, id`, u.Platform, u.ID)
	if err != nil {
		return nil, fmt.Errorf("pgstore: reminders: %w", err)
	}
	defer rows.Close()
	var out []remind.Reminder
	for rows.Next() {
		r, err := scanReminder(rows)
		if err != nil {
			return nil, fmt.Errorf("pgstore: reminders: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: reminders: %w", err)
	}
	return out, nil
}

// Reminder returns one of the user's reminders.
func (s *Store) Reminder(ctx context.Context, u remind.User, id int64) (remind.Reminder, bool, error) {
	r, err := scanReminder(s.r().QueryRowContext(ctx, `SELECT `+reminderCols+` FROM reminders WHERE id = ? AND platform = ? AND user_id = ?`, id, u.Platform, u.ID))
	if err == sql.ErrNoRows {
		return remind.Reminder{}, false, nil
	}
	if err != nil {
		return remind.Reminder{}, false, fmt.Errorf("pgstore: reminder: %w", err)
	}
	return r, true, nil
}

// Reschedule makes the user's reminder id active at due.
func (s *Store) Reschedule(ctx context.Context, u remind.User, id int64, due time.Time, maxActive int) (bool, error) {
	var ok bool
	err := s.write(ctx, func(tx tx) error {
		var status, kind string
		err := tx.QueryRowContext(ctx, `SELECT status, kind FROM reminders WHERE id = ? AND platform = ? AND user_id = ?`, id, u.Platform, u.ID).Scan(&status, &kind)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		if status != string(remind.Active) && kind != string(remind.Nudge) {
			n, err := countActive(ctx, tx, u)
			if err != nil {
				return err
			}
			if n >= maxActive {
				return remind.ErrFull
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE reminders SET status = 'active', due_ms = ?, attempts = 0, claim = NULL, claimed_until_ms = 0 WHERE id = ?`, ms(due), id)
		ok = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("pgstore: reschedule reminder: %w", err)
	}
	return ok, nil
}

// DeleteReminder removes the user's reminder id.
func (s *Store) DeleteReminder(ctx context.Context, u remind.User, id int64) (bool, error) {
	var n int64
	err := s.write(ctx, func(tx tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM reminders WHERE id = ? AND platform = ? AND user_id = ?`, id, u.Platform, u.ID)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("pgstore: delete reminder: %w", err)
	}
	return n > 0, nil
}

// DeleteReminders removes the user's reminders (not the nudge) and
// returns how many were scheduled.
func (s *Store) DeleteReminders(ctx context.Context, u remind.User) (int, error) {
	var n int
	err := s.write(ctx, func(tx tx) error {
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reminders WHERE platform = ? AND user_id = ? AND kind != 'nudge' AND status IN ('asking', 'active')`, u.Platform, u.ID).Scan(&n)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM reminders WHERE platform = ? AND user_id = ? AND kind != 'nudge'`, u.Platform, u.ID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("pgstore: delete reminders: %w", err)
	}
	return n, nil
}

// SetNudge replaces the user's nudge; a zero Every deletes it.
func (s *Store) SetNudge(ctx context.Context, u remind.User, r remind.Reminder) error {
	err := s.write(ctx, func(tx tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM reminders WHERE platform = ? AND user_id = ? AND kind = 'nudge'`, u.Platform, u.ID); err != nil {
			return err
		}
		if r.Every <= 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO reminders(platform, user_id, kind, status, due_ms, zone, every_ms, created_ms)
			VALUES(?, ?, 'nudge', 'active', ?, ?, ?, ?)`, u.Platform, u.ID, ms(r.Due), r.Zone, r.Every.Milliseconds(), ms(r.Created))
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstore: set nudge: %w", err)
	}
	return nil
}

// Quiet returns the user's quiet hours.
func (s *Store) Quiet(ctx context.Context, u remind.User) (remind.Quiet, error) {
	var q remind.Quiet
	err := s.r().QueryRowContext(ctx, `SELECT quiet_from, quiet_to FROM reminder_prefs WHERE platform = ? AND user_id = ?`, u.Platform, u.ID).Scan(&q.From, &q.To)
	if err != nil && err != sql.ErrNoRows {
		return q, fmt.Errorf("pgstore: quiet hours: %w", err)
	}
	return q, nil
}

// SetQuiet sets the user's quiet hours.
func (s *Store) SetQuiet(ctx context.Context, u remind.User, q remind.Quiet) error {
	err := s.write(ctx, func(tx tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO reminder_prefs(platform, user_id, quiet_from, quiet_to) VALUES(?, ?, ?, ?)
			ON CONFLICT(platform, user_id) DO UPDATE SET quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to`, u.Platform, u.ID, q.From, q.To)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstore: set quiet hours: %w", err)
	}
	return nil
}

// ClaimDue leases up to limit due reminders of the platforms in one
// statement, so two processes never claim the same one.
func (s *Store) ClaimDue(ctx context.Context, platforms []string, now, until time.Time, token string, limit int) ([]remind.Reminder, error) {
	if len(platforms) == 0 {
		return nil, nil
	}
	args := []any{token, ms(until)}
	for _, p := range platforms {
		args = append(args, p)
	}
	args = append(args, ms(now), ms(now), limit)
	q := `UPDATE reminders SET claim = ?, claimed_until_ms = ?
		WHERE id IN (SELECT id FROM reminders WHERE status = 'active' AND platform IN (?` + strings.Repeat(", ?", len(platforms)-1) + `)
			AND due_ms <= ? AND claimed_until_ms <= ? ORDER BY due_ms LIMIT ? FOR UPDATE SKIP LOCKED)
		RETURNING ` + reminderCols
	var out []remind.Reminder
	err := s.writeRC(ctx, func(tx tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = out[:0]
		for rows.Next() {
			r, err := scanReminder(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: claim due reminders: %w", err)
	}
	return out, nil
}

// Finish records what the scheduler did, if its claim still holds. A
// delivered one-off reminder is marked done (the delivered marker) and
// keeps its text only until PruneReminders.
func (s *Store) Finish(ctx context.Context, o remind.Outcome) (bool, error) {
	var n int64
	err := s.writeRC(ctx, func(tx tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE reminders SET status = ?, due_ms = ?, feed_ms = ?, attempts = ?,
			delivered_ms = CASE WHEN ?::bigint > 0 THEN ?::bigint ELSE delivered_ms END, claim = NULL, claimed_until_ms = 0
			WHERE id = ? AND claim = ?`,
			string(o.Status), ms(o.Due), ms(o.FeedAt), o.Attempts, ms(o.Delivered), ms(o.Delivered), o.ID, o.Claim)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("pgstore: finish reminder: %w", err)
	}
	return n > 0, nil
}

// PruneReminders deletes done and failed reminders, with their text,
// delivered before t, and questions ("in 30 hours?") never answered.
func (s *Store) PruneReminders(ctx context.Context, before time.Time) error {
	err := s.write(ctx, func(tx tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM reminders WHERE (status IN ('done', 'failed') AND GREATEST(delivered_ms, created_ms) < ?)
			OR (status = 'asking' AND created_ms < ?)`, ms(before), ms(before))
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstore: prune reminders: %w", err)
	}
	return nil
}

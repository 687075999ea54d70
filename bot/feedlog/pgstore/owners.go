package pgstore

import (
	"context"

	"nursling/bot/feedlog"
)

// Entries belong to the person who logged them. A household is where they
// are shared; whoever leaves one takes their own entries along, and a
// household nobody is a member of any more gives every remaining entry
// back to the person who logged it. Nothing here deletes an entry.

// moveOwn moves the entries u logged in household from to household to,
// with the babies they name (matched by name in to, else copied there),
// and drops u's timers in from. It returns how many entries moved.
func moveOwn(ctx context.Context, tx tx, u feedlog.User, from, to int64) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT b.id, b.name, b.born,
			COALESCE((SELECT t.id FROM babies t WHERE t.household_id = ? AND translate(t.name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = translate(b.name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')), 0)
		FROM entries e JOIN babies b ON b.id = e.baby_id
		WHERE e.household_id = ? AND e.by_platform = ? AND e.by_user = ?`, to, from, u.Platform, u.ID)
	if err != nil {
		return 0, err
	}
	type baby struct {
		id, to     int64
		name, born string
	}
	var babies []baby
	for rows.Next() {
		var b baby
		if err := rows.Scan(&b.id, &b.name, &b.born, &b.to); err != nil {
			rows.Close()
			return 0, err
		}
		babies = append(babies, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, b := range babies {
		if b.to == 0 {
			if err := tx.QueryRowContext(ctx, "INSERT INTO babies(household_id, name, born) VALUES(?, ?, ?) RETURNING id", to, b.name, b.born).Scan(&b.to); err != nil {
				return 0, err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE entries SET baby_id = ? WHERE household_id = ? AND by_platform = ? AND by_user = ? AND baby_id = ?",
			b.to, from, u.Platform, u.ID, b.id); err != nil {
			return 0, err
		}
	}
	res, err := tx.ExecContext(ctx, "UPDATE entries SET household_id = ? WHERE household_id = ? AND by_platform = ? AND by_user = ?", to, from, u.Platform, u.ID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM timers WHERE household_id = ? AND by_platform = ? AND by_user = ?", from, u.Platform, u.ID); err != nil {
		return 0, err
	}
	return int(n), nil
}

// rehome gives the entries of household hid, which has no members left,
// back to the people who logged them: into their current household, or a
// new one of their own (with hid's time zone).
func (s *Store) rehome(ctx context.Context, tx tx, hid int64) error {
	rows, err := tx.QueryContext(ctx, "SELECT DISTINCT by_platform, by_user FROM entries WHERE household_id = ?", hid)
	if err != nil {
		return err
	}
	var owners []feedlog.User
	for rows.Next() {
		var u feedlog.User
		if err := rows.Scan(&u.Platform, &u.ID); err != nil {
			rows.Close()
			return err
		}
		owners = append(owners, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, u := range owners {
		dest, err := s.ensureHousehold(ctx, tx, u)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE households SET tz = (SELECT tz FROM households WHERE id = ?) WHERE id = ? AND tz = ''", hid, dest); err != nil {
			return err
		}
		if _, err := moveOwn(ctx, tx, u, hid, dest); err != nil {
			return err
		}
	}
	return nil
}

// dropEmpty rehomes the entries of every household without members, then
// deletes those households (their babies, timers and codes go with them).
func (s *Store) dropEmpty(ctx context.Context, tx tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM households h WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id)")
	if err != nil {
		return err
	}
	var empty []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		empty = append(empty, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, hid := range empty {
		if err := s.rehome(ctx, tx, hid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM households WHERE id = ?", hid); err != nil {
			return err
		}
	}
	return nil
}

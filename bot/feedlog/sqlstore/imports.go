package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"nursling/bot/feedlog"
)

// ImportResult says what ImportNew did: rows added and rows left out
// because the log already held them (feedlog.DedupeKey), including rows
// repeated within the file.
type ImportResult struct {
	Added, Duplicates int
}

// ImportNew adds entries to u's household in one transaction, leaving out
// any the log already holds, so importing the same file twice (or a
// family's own export into the same log) adds nothing twice. An entry's
// LoggedBy is kept when set (another member's platform from an export)
// and is u otherwise. Baby ids must belong to the household or be 0.
func (s *Store) ImportNew(ctx context.Context, u feedlog.User, entries []feedlog.Entry) (ImportResult, error) {
	var res ImportResult
	err := s.write(ctx, func(tx *sql.Tx) error {
		res = ImportResult{}
		hid, err := s.ensureHousehold(ctx, tx, u)
		if err != nil {
			return err
		}
		seen, err := existingKeys(ctx, tx, hid, entries)
		if err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO entries(household_id, baby_id, kind, method, side, end_side, start_ms, end_ms,
			left_s, right_s, amount_ml, left_ml, right_ml, content, nappy, note, by_platform, by_user, created_ms)
			VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		babies := map[int64]bool{}
		created := s.now().UnixMilli()
		for _, e := range entries {
			if err := e.Validate(); err != nil {
				return err
			}
			k := feedlog.DedupeKey(e)
			if seen[k] {
				res.Duplicates++
				continue
			}
			seen[k] = true
			var baby any
			if e.BabyID != 0 {
				if err := checkBaby(ctx, tx, hid, e.BabyID, babies); err != nil {
					return err
				}
				baby = e.BabyID
			}
			by := e.LoggedBy
			if by.Platform == "" {
				by = u
			}
			if _, err := ins.ExecContext(ctx, hid, baby, string(e.Kind), string(e.Method), string(e.Side), string(e.EndSide),
				ms(e.Start), ms(e.End), int64(e.LeftDur/time.Second), int64(e.RightDur/time.Second), e.AmountML, e.LeftML, e.RightML,
				string(e.Content), string(e.Nappy), e.Note, by.Platform, by.ID, created); err != nil {
				return err
			}
			res.Added++
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("feedlog: import: %w", err)
	}
	return res, nil
}

// existingKeys returns the dedupe keys of the household's entries in the
// time span of entries.
func existingKeys(ctx context.Context, tx *sql.Tx, hid int64, entries []feedlog.Entry) (map[string]bool, error) {
	seen := map[string]bool{}
	if len(entries) == 0 {
		return seen, nil
	}
	from, to := entries[0].Start, entries[0].Start
	for _, e := range entries {
		if e.Start.Before(from) {
			from = e.Start
		}
		if e.Start.After(to) {
			to = e.Start
		}
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+entryCols+" FROM entries WHERE household_id = ? AND start_ms >= ? AND start_ms < ?",
		hid, from.Add(-time.Second).UnixMilli(), to.Add(time.Second).UnixMilli())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		seen[feedlog.DedupeKey(e)] = true
	}
	return seen, rows.Err()
}

func checkBaby(ctx context.Context, tx *sql.Tx, hid, id int64, ok map[int64]bool) error {
	if ok[id] {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM babies WHERE id = ? AND household_id = ?", id, hid).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return feedlog.ErrNoBaby
	}
	ok[id] = true
	return nil
}

package pgstore

import (
	"nursling/bot/feedlog"
	"nursling/bot/feedlog/sqlstore"

	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

const entryCols = `id, COALESCE(baby_id, 0), kind, method, side, end_side, start_ms, end_ms, left_s, right_s,
	amount_ml, left_ml, right_ml, content, nappy, note, by_platform, by_user, created_ms`

type scanner interface{ Scan(dest ...any) error }

func scanEntry(sc scanner) (feedlog.Entry, error) {
	var (
		e                                   feedlog.Entry
		kind, method, side, endSide         string
		content, nappy                      string
		startMS, endMS, leftS, rightS, crMS int64
	)
	err := sc.Scan(&e.ID, &e.BabyID, &kind, &method, &side, &endSide, &startMS, &endMS, &leftS, &rightS,
		&e.AmountML, &e.LeftML, &e.RightML, &content, &nappy, &e.Note, &e.LoggedBy.Platform, &e.LoggedBy.ID, &crMS)
	if err != nil {
		return feedlog.Entry{}, err
	}
	e.Kind, e.Method, e.Side, e.EndSide = feedlog.Kind(kind), feedlog.Method(method), feedlog.Side(side), feedlog.Side(endSide)
	e.Content, e.Nappy = feedlog.Content(content), feedlog.NappyKind(nappy)
	e.Start, e.End, e.Created = fromMS(startMS), fromMS(endMS), fromMS(crMS)
	e.LeftDur, e.RightDur = time.Duration(leftS)*time.Second, time.Duration(rightS)*time.Second
	return e, nil
}

const (
	qHouseholdOf = "SELECT household_id FROM members WHERE platform = ? AND user_id = ?"
	qInsertEntry = `INSERT INTO entries(household_id, baby_id, kind, method, side, end_side, start_ms, end_ms,
		left_s, right_s, amount_ml, left_ml, right_ml, content, nappy, note, by_platform, by_user, created_ms,
		src_platform, src_chat, src_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(src_platform, src_chat, src_id) DO NOTHING RETURNING id`
	qEntryBySrc = "SELECT " + entryCols + " FROM entries WHERE src_platform = ? AND src_chat = ? AND src_id = ? AND household_id = ?"
)

// householdOf returns the user's household id, or 0.
func householdOf(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, u feedlog.User) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, "SELECT household_id FROM members WHERE platform = ? AND user_id = ?", u.Platform, u.ID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// ensureHousehold returns the user's household, creating one (with the
// user as its only member) when they have none.
func (s *Store) ensureHousehold(ctx context.Context, tx tx, u feedlog.User) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, qHouseholdOf, u.Platform, u.ID).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	now := s.now().UnixMilli()
	if err := tx.QueryRowContext(ctx, "INSERT INTO households(tz, created_ms) VALUES('', ?) RETURNING id", now).Scan(&id); err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO members(platform, user_id, household_id, joined_ms) VALUES(?, ?, ?, ?)", u.Platform, u.ID, id, now)
	return id, err
}

// LogEntry writes one entry for u into their household (created if
// needed), atomically with the request's side effects. When req.Src was
// already logged, or req.Pending already answered, it returns that entry
// and dup=true and writes nothing: a redelivered message never logs twice.
// The entry is durable when LogEntry returns nil.
func (s *Store) LogEntry(ctx context.Context, u feedlog.User, req feedlog.LogRequest) (saved feedlog.Entry, dup bool, err error) {
	e := req.Entry
	if err := e.Validate(); err != nil {
		return feedlog.Entry{}, false, fmt.Errorf("pgstore: log entry: %w", err)
	}
	err = s.write(ctx, func(tx tx) error {
		if req.Pending != "" {
			var done, entryID int64
			err := tx.QueryRowContext(ctx, "SELECT done, entry_id FROM pending WHERE token = ? AND platform = ? AND user_id = ? FOR UPDATE",
				req.Pending, u.Platform, u.ID).Scan(&done, &entryID)
			if err != nil {
				return fmt.Errorf("pending %w", err)
			}
			if done != 0 {
				got, err := scanEntry(tx.QueryRowContext(ctx, "SELECT "+entryCols+" FROM entries WHERE id = ?", entryID))
				if err != nil {
					return fmt.Errorf("answered pending: %w", err)
				}
				saved, dup = got, true
				return nil
			}
		}
		hid, err := s.ensureHousehold(ctx, tx, u)
		if err != nil {
			return err
		}
		var baby any
		if e.BabyID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM babies WHERE id = ? AND household_id = ?", e.BabyID, hid).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return feedlog.ErrNoBaby
			}
			baby = e.BabyID
		}
		created := s.now()
		// The unique key on the source message makes a redelivery insert
		// nothing; then the first entry is returned.
		var id int64
		err = tx.QueryRowContext(ctx, qInsertEntry,
			hid, baby, string(e.Kind), string(e.Method), string(e.Side), string(e.EndSide), ms(e.Start), ms(e.End),
			int64(e.LeftDur/time.Second), int64(e.RightDur/time.Second), e.AmountML, e.LeftML, e.RightML,
			string(e.Content), string(e.Nappy), text(e.Note), u.Platform, u.ID, created.UnixMilli(),
			nullable(req.Src.Platform, req.Src.Valid()), nullable(req.Src.Chat, req.Src.Valid()), nullable(req.Src.ID, req.Src.Valid())).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			// Scoped to the household: a key clash with another
			// household's message is an error, never a leak.
			got, err := scanEntry(tx.QueryRowContext(ctx, qEntryBySrc, req.Src.Platform, req.Src.Chat, req.Src.ID, hid))
			if err != nil {
				return fmt.Errorf("redelivered entry: %w", err)
			}
			saved, dup = got, true
			return nil
		}
		if err != nil {
			return err
		}
		if req.StopTimer {
			if _, err := tx.ExecContext(ctx, "DELETE FROM timers WHERE household_id = ? AND baby_id = ?", hid, e.BabyID); err != nil {
				return err
			}
		}
		if req.Pending != "" {
			if _, err := tx.ExecContext(ctx, "UPDATE pending SET done = 1, entry_id = ? WHERE token = ?", id, req.Pending); err != nil {
				return err
			}
		}
		saved, dup = e, false
		saved.Note = text(e.Note)
		saved.ID, saved.LoggedBy, saved.Created = id, u, fromMS(created.UnixMilli())
		saved.Start, saved.End = fromMS(ms(e.Start)), fromMS(ms(e.End))
		saved.LeftDur, saved.RightDur = e.LeftDur.Truncate(time.Second), e.RightDur.Truncate(time.Second)
		return nil
	})
	if err != nil {
		return feedlog.Entry{}, false, fmt.Errorf("pgstore: log entry: %w", err)
	}
	return saved, dup, nil
}

// Entry returns one entry of u's household by id.
func (s *Store) Entry(ctx context.Context, u feedlog.User, id int64) (feedlog.Entry, bool, error) {
	row := s.r().QueryRowContext(ctx, "SELECT "+entryCols+` FROM entries WHERE id = ? AND household_id =
		(SELECT household_id FROM members WHERE platform = ? AND user_id = ?)`, id, u.Platform, u.ID)
	e, err := scanEntry(row)
	if errors.Is(err, sql.ErrNoRows) {
		return feedlog.Entry{}, false, nil
	}
	if err != nil {
		return feedlog.Entry{}, false, fmt.Errorf("pgstore: entry: %w", err)
	}
	return e, true, nil
}

// EntryBySrc returns the entry of u's household that message src logged.
func (s *Store) EntryBySrc(ctx context.Context, u feedlog.User, src feedlog.MsgKey) (feedlog.Entry, bool, error) {
	if !src.Valid() {
		return feedlog.Entry{}, false, nil
	}
	row := s.r().QueryRowContext(ctx, "SELECT "+entryCols+` FROM entries WHERE src_platform = ? AND src_chat = ? AND src_id = ?
		AND household_id = (SELECT household_id FROM members WHERE platform = ? AND user_id = ?)`,
		src.Platform, src.Chat, src.ID, u.Platform, u.ID)
	e, err := scanEntry(row)
	if errors.Is(err, sql.ErrNoRows) {
		return feedlog.Entry{}, false, nil
	}
	if err != nil {
		return feedlog.Entry{}, false, fmt.Errorf("pgstore: entry by source: %w", err)
	}
	return e, true, nil
}

// Entries returns entries of u's household matching q, oldest first. A
// user without a household gets none. Only the user's own household is
// ever read.
func (s *Store) Entries(ctx context.Context, u feedlog.User, q feedlog.Query) ([]feedlog.Entry, error) {
	where := "household_id = (SELECT household_id FROM members WHERE platform = ? AND user_id = ?)"
	args := []any{u.Platform, u.ID}
	if !q.From.IsZero() {
		where += " AND start_ms >= ?"
		args = append(args, q.From.UnixMilli())
	}
	if !q.To.IsZero() {
		where += " AND start_ms < ?"
		args = append(args, q.To.UnixMilli())
	}
	if !q.EndAfter.IsZero() {
		where += " AND end_ms >= ?"
		args = append(args, q.EndAfter.UnixMilli())
	}
	if q.Kind != "" {
		where += " AND kind = ?"
		args = append(args, string(q.Kind))
	}
	if q.BabyID != 0 {
		where += " AND baby_id = ?"
		args = append(args, q.BabyID)
	}
	query := "SELECT " + entryCols + " FROM entries WHERE " + where
	if q.Limit > 0 {
		query += " ORDER BY start_ms DESC, id DESC LIMIT ?"
		args = append(args, q.Limit)
	} else {
		query += " ORDER BY start_ms, id"
	}
	rows, err := s.r().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("pgstore: entries: %w", err)
	}
	defer rows.Close()
	var out []feedlog.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("pgstore: entries: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: entries: %w", err)
	}
	if q.Limit > 0 {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, nil
}

// Undo deletes an entry u logged in their current household: the one with
// id, or when id is 0 the one they logged most recently. src makes it
// idempotent: a redelivered /undo removes nothing more (Repeat).
func (s *Store) Undo(ctx context.Context, u feedlog.User, src feedlog.MsgKey, id int64) (feedlog.UndoResult, error) {
	var res feedlog.UndoResult
	err := s.write(ctx, func(tx tx) error {
		if src.Valid() {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM handled WHERE platform = ? AND chat = ? AND msg_id = ?",
				src.Platform, src.Chat, src.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				res.Repeat = true
				return nil
			}
		}
		hid, err := householdOf(ctx, tx, u)
		if err != nil || hid == 0 {
			return err
		}
		q := "SELECT " + entryCols + " FROM entries WHERE household_id = ? AND by_platform = ? AND by_user = ?"
		args := []any{hid, u.Platform, u.ID}
		if id != 0 {
			q += " AND id = ?"
			args = append(args, id)
		} else {
			q += " ORDER BY created_ms DESC, id DESC LIMIT 1"
		}
		e, err := scanEntry(tx.QueryRowContext(ctx, q, args...))
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			if _, err := tx.ExecContext(ctx, "DELETE FROM entries WHERE id = ?", e.ID); err != nil {
				return err
			}
			res.Entry, res.Found = e, true
		}
		if src.Valid() {
			_, err = tx.ExecContext(ctx, "INSERT INTO handled(platform, chat, msg_id, by_platform, by_user, at_ms) VALUES(?,?,?,?,?,?)",
				src.Platform, src.Chat, src.ID, u.Platform, u.ID, s.now().UnixMilli())
		}
		return err
	})
	if err != nil {
		return feedlog.UndoResult{}, fmt.Errorf("pgstore: undo: %w", err)
	}
	return res, nil
}

// ImportBatch is entries to add for one user (the SQLite store's type, so
// `nursling import` takes either store).
type ImportBatch = sqlstore.ImportBatch

// Import adds many entries in one transaction (moving a log in from
// another app, building test fixtures), creating households as needed.
// Entries carry no message key, so importing twice adds them twice. Baby
// ids must belong to the user's household or be 0.
func (s *Store) Import(ctx context.Context, batches []ImportBatch) (int, error) {
	n := 0
	err := s.write(ctx, func(tx tx) error {
		n = 0
		ins, err := tx.t.PrepareContext(ctx, rebind(`INSERT INTO entries(household_id, baby_id, kind, method, side, end_side, start_ms, end_ms,
			left_s, right_s, amount_ml, left_ml, right_ml, content, nappy, note, by_platform, by_user, created_ms)
			VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`))
		if err != nil {
			return err
		}
		defer ins.Close()
		created := s.now().UnixMilli()
		for _, b := range batches {
			hid, err := s.ensureHousehold(ctx, tx, b.User)
			if err != nil {
				return err
			}
			for _, e := range b.Entries {
				var baby any
				if e.BabyID != 0 {
					var ok int
					if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM babies WHERE id = ? AND household_id = ?", e.BabyID, hid).Scan(&ok); err != nil {
						return err
					}
					if ok == 0 {
						return feedlog.ErrNoBaby
					}
					baby = e.BabyID
				}
				if _, err := ins.ExecContext(ctx, hid, baby, string(e.Kind), string(e.Method), string(e.Side), string(e.EndSide),
					ms(e.Start), ms(e.End), int64(e.LeftDur/time.Second), int64(e.RightDur/time.Second), e.AmountML, e.LeftML, e.RightML,
					string(e.Content), string(e.Nappy), text(e.Note), b.User.Platform, b.User.ID, created); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("pgstore: import: %w", err)
	}
	return n, nil
}

package pgstore

import (
	"nursling/bot/feedlog"
	"nursling/bot/feedlog/sqlstore"

	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Timer returns the running timer of babyID in u's household.
func (s *Store) Timer(ctx context.Context, u feedlog.User, babyID int64) (feedlog.Timer, bool, error) {
	var (
		t                             feedlog.Timer
		side                          string
		started, since, leftS, rightS int64
	)
	err := s.r().QueryRowContext(ctx, `SELECT baby_id, started_ms, side, side_since_ms, left_s, right_s, src_platform, src_chat, src_id
		FROM timers WHERE baby_id = ? AND household_id = (SELECT household_id FROM members WHERE platform = ? AND user_id = ?)`,
		babyID, u.Platform, u.ID).Scan(&t.BabyID, &started, &side, &since, &leftS, &rightS, &t.Src.Platform, &t.Src.Chat, &t.Src.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return feedlog.Timer{}, false, nil
	}
	if err != nil {
		return feedlog.Timer{}, false, fmt.Errorf("pgstore: timer: %w", err)
	}
	t.Side = feedlog.Side(side)
	t.Started, t.SideSince = fromMS(started), fromMS(since)
	t.Left, t.Right = time.Duration(leftS)*time.Second, time.Duration(rightS)*time.Second
	return t, true, nil
}

// SaveTimer starts or updates the timer of t.BabyID in u's household.
func (s *Store) SaveTimer(ctx context.Context, u feedlog.User, t feedlog.Timer) error {
	err := s.write(ctx, func(tx tx) error {
		hid, err := s.ensureHousehold(ctx, tx, u)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO timers(household_id, baby_id, started_ms, side, side_since_ms, left_s, right_s,
			by_platform, by_user, src_platform, src_chat, src_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)
			ON CONFLICT(household_id, baby_id) DO UPDATE SET started_ms = excluded.started_ms, side = excluded.side,
			side_since_ms = excluded.side_since_ms, left_s = excluded.left_s, right_s = excluded.right_s`,
			hid, t.BabyID, ms(t.Started), string(t.Side), ms(t.SideSince), int64(t.Left/time.Second), int64(t.Right/time.Second),
			u.Platform, u.ID, t.Src.Platform, t.Src.Chat, t.Src.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstore: save timer: %w", err)
	}
	return nil
}

// DeleteTimer drops the timer of babyID in u's household, if any.
func (s *Store) DeleteTimer(ctx context.Context, u feedlog.User, babyID int64) error {
	err := s.write(ctx, func(tx tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM timers WHERE baby_id = ? AND household_id =
			(SELECT household_id FROM members WHERE platform = ? AND user_id = ?)`, babyID, u.Platform, u.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstore: delete timer: %w", err)
	}
	return nil
}

// SavePending stores a question for u. If u already has one for the same
// source message (a redelivery), that one is returned unchanged.
func (s *Store) SavePending(ctx context.Context, u feedlog.User, p feedlog.Pending) (feedlog.Pending, error) {
	payload, err := json.Marshal(p.Entry)
	if err != nil {
		return feedlog.Pending{}, fmt.Errorf("pgstore: save pending: %w", err)
	}
	out := p
	err = s.write(ctx, func(tx tx) error {
		if p.Src.Valid() {
			got, found, err := scanPending(tx.QueryRowContext(ctx, pendingSelect+` WHERE platform = ? AND user_id = ?
				AND src_platform = ? AND src_chat = ? AND src_id = ?`, u.Platform, u.ID, p.Src.Platform, p.Src.Chat, p.Src.ID))
			if err != nil {
				return err
			}
			if found {
				out = got
				return nil
			}
		}
		if err := s.prune(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO pending(token, platform, user_id, kind, payload, src_platform, src_chat, src_id, expires_ms)
			VALUES(?,?,?,?,?,?,?,?,?)`, p.Token, u.Platform, u.ID, string(p.Kind), string(payload),
			nullable(p.Src.Platform, p.Src.Valid()), nullable(p.Src.Chat, p.Src.Valid()), nullable(p.Src.ID, p.Src.Valid()), ms(p.Expires))
		return err
	})
	if err != nil {
		return feedlog.Pending{}, fmt.Errorf("pgstore: save pending: %w", err)
	}
	return out, nil
}

const pendingSelect = `SELECT token, kind, payload, COALESCE(src_platform, ''), COALESCE(src_chat, ''), COALESCE(src_id, ''),
	expires_ms, done, entry_id FROM pending`

func scanPending(row *sql.Row) (feedlog.Pending, bool, error) {
	var (
		p             feedlog.Pending
		kind, payload string
		exp, done     int64
	)
	err := row.Scan(&p.Token, &kind, &payload, &p.Src.Platform, &p.Src.Chat, &p.Src.ID, &exp, &done, &p.EntryID)
	if errors.Is(err, sql.ErrNoRows) {
		return feedlog.Pending{}, false, nil
	}
	if err != nil {
		return feedlog.Pending{}, false, err
	}
	if err := json.Unmarshal([]byte(payload), &p.Entry); err != nil {
		return feedlog.Pending{}, false, err
	}
	p.Kind, p.Expires, p.Done = feedlog.PendingKind(kind), fromMS(exp), done != 0
	return p, true, nil
}

// Pending returns u's question with token, answered or not; an expired,
// unanswered one is reported as not found. Another user's token is never
// found.
func (s *Store) Pending(ctx context.Context, u feedlog.User, token string) (feedlog.Pending, bool, error) {
	p, found, err := scanPending(s.r().QueryRowContext(ctx, pendingSelect+" WHERE token = ? AND platform = ? AND user_id = ?", token, u.Platform, u.ID))
	if err != nil {
		return feedlog.Pending{}, false, fmt.Errorf("pgstore: pending: %w", err)
	}
	if !found || (!p.Done && s.now().After(p.Expires)) {
		return feedlog.Pending{}, false, nil
	}
	return p, true, nil
}

// ResolvePending marks u's question answered without logging (No, Cancel).
func (s *Store) ResolvePending(ctx context.Context, u feedlog.User, token string) error {
	err := s.write(ctx, func(tx tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE pending SET done = 1 WHERE token = ? AND platform = ? AND user_id = ?", token, u.Platform, u.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstore: resolve pending: %w", err)
	}
	return nil
}

// RecordAnswer counts one answered question (or, with noMatch, one that
// found nothing good) for topic. question is kept, for UnansweredKeep,
// only when it is not empty and noMatch is set: the engine passes it only
// when the operator enabled keeping unanswered questions. No user data is
// stored.
func (s *Store) RecordAnswer(ctx context.Context, topic string, noMatch bool, question string) error {
	err := s.writeRC(ctx, func(tx tx) error {
		col := "answered"
		if noMatch {
			col = "no_match"
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO answer_stats(topic, `+col+`) VALUES(?, 1)
			ON CONFLICT(topic) DO UPDATE SET `+col+` = answer_stats.`+col+` + 1`, topic); err != nil {
			return err
		}
		if noMatch && strings.TrimSpace(question) != "" {
			q := question
			if len(q) > 500 {
				q = q[:500]
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM unanswered WHERE at_ms < ?", s.now().Add(-UnansweredKeep).UnixMilli()); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO unanswered(topic, text, at_ms) VALUES(?, ?, ?)", topic, text(q), s.now().UnixMilli()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("pgstore: record answer: %w", err)
	}
	return nil
}

// RecordFeedback counts one helpful / not helpful press for topic.
func (s *Store) RecordFeedback(ctx context.Context, topic string, helpful bool) error {
	col := "not_helpful"
	if helpful {
		col = "helpful"
	}
	err := s.writeRC(ctx, func(tx tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO answer_stats(topic, `+col+`) VALUES(?, 1)
			ON CONFLICT(topic) DO UPDATE SET `+col+` = answer_stats.`+col+` + 1`, topic)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstore: record feedback: %w", err)
	}
	return nil
}

// Report is the curators' view of the anonymous counts (the SQLite
// store's types, so `nursling report` and /curator take either store).
type (
	Report     = sqlstore.Report
	TopicStats = sqlstore.TopicStats
	Unanswered = sqlstore.Unanswered
)

// Report returns the anonymous answer and feedback counts.
func (s *Store) Report(ctx context.Context) (Report, error) {
	var rep Report
	rows, err := s.r().QueryContext(ctx, "SELECT topic, answered, no_match, helpful, not_helpful FROM answer_stats ORDER BY answered DESC, topic COLLATE \"C\"")
	if err != nil {
		return Report{}, fmt.Errorf("pgstore: report: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t TopicStats
		if err := rows.Scan(&t.Topic, &t.Answered, &t.NoMatch, &t.Helpful, &t.NotHelpful); err != nil {
			return Report{}, fmt.Errorf("pgstore: report: %w", err)
		}
		rep.NoMatch += t.NoMatch
		if t.Topic != "" {
			rep.Topics = append(rep.Topics, t)
		}
	}
	if err := rows.Err(); err != nil {
		return Report{}, fmt.Errorf("pgstore: report: %w", err)
	}
	urows, err := s.r().QueryContext(ctx, "SELECT topic, text, at_ms FROM unanswered WHERE at_ms >= ? ORDER BY at_ms DESC, id DESC",
		s.now().Add(-UnansweredKeep).UnixMilli())
	if err != nil {
		return Report{}, fmt.Errorf("pgstore: report: %w", err)
	}
	defer urows.Close()
	for urows.Next() {
		var u Unanswered
		var at int64
		if err := urows.Scan(&u.Topic, &u.Text, &at); err != nil {
			return Report{}, fmt.Errorf("pgstore: report: %w", err)
		}
		u.At = fromMS(at)
		rep.Unanswered = append(rep.Unanswered, u)
	}
	if err := urows.Err(); err != nil {
		return Report{}, fmt.Errorf("pgstore: report: %w", err)
	}
	return rep, nil
}

// State returns an adapter's stored value for key ("" when unset).
func (s *Store) State(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r().QueryRowContext(ctx, "SELECT value FROM kv WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("pgstore: state: %w", err)
	}
	return v, nil
}

// SetState stores an adapter's value for key (e.g. Telegram's last update
// id). It must not hold personal data.
func (s *Store) SetState(ctx context.Context, key, value string) error {
	err := s.writeRC(ctx, func(tx tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO kv(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstore: set state: %w", err)
	}
	return nil
}

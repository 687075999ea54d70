package logbook

import (
	"context"
	"time"

	"nursling/bot/feedlog"
)

// Store is the persistence the engine needs: the feed log, households,
// and anonymous answer counts. *sqlstore.Store (SQLite, bot/feedlog/sqlstore) implements it; a
// PostgreSQL store for several replicas would implement the same methods.
//
// Every feed-log method takes the acting user and reads or writes only
// that user's household: no method can reach another household's data.
// Implementations must be safe for concurrent use, and a write that
// returns nil must be durable (it is acknowledged to the parent).
type Store interface {
	// Household returns the user's household; ID 0 when they have none yet.
	Household(ctx context.Context, u feedlog.User) (feedlog.Household, error)
	// OwnEntries is how many entries of u's household u logged.
	OwnEntries(ctx context.Context, u feedlog.User) (int, error)
	// LogEntry writes one entry atomically with req's side effects. A req
	// whose Src was already logged (or whose Pending was already answered)
	// returns that entry with dup=true and writes nothing.
	LogEntry(ctx context.Context, u feedlog.User, req feedlog.LogRequest) (e feedlog.Entry, dup bool, err error)
	// Entry returns one entry of the user's household.
	Entry(ctx context.Context, u feedlog.User, id int64) (feedlog.Entry, bool, error)
	// EntryBySrc returns the entry of the user's household that message
	// src logged, if any.
	EntryBySrc(ctx context.Context, u feedlog.User, src feedlog.MsgKey) (feedlog.Entry, bool, error)
	// Entries returns the household's entries matching q, oldest first.
	Entries(ctx context.Context, u feedlog.User, q feedlog.Query) ([]feedlog.Entry, error)
	// Undo deletes the user's entry id (0: their last logged); src makes a
	// redelivered undo a no-op (Repeat).
	Undo(ctx context.Context, u feedlog.User, src feedlog.MsgKey, id int64) (feedlog.UndoResult, error)
	// UpdateEntry replaces the times and values of the user's own entry
	// e.ID; found is false when they have no such entry.
	UpdateEntry(ctx context.Context, u feedlog.User, e feedlog.Entry) (saved feedlog.Entry, found bool, err error)
	// Units is the unit the household shows amounts in (feedlog.UnitML or
	// feedlog.UnitOz); SetUnits sets it.
	Units(ctx context.Context, u feedlog.User) (string, error)
	SetUnits(ctx context.Context, u feedlog.User, unit string) error

	AddBaby(ctx context.Context, u feedlog.User, name, born string) (feedlog.Household, error)
	SetTimeZone(ctx context.Context, u feedlog.User, tz string) error
	CreateShareCode(ctx context.Context, u feedlog.User, codeHash string, expires time.Time) error
	// Entries belong to whoever logged them: no sharing method deletes
	// another person's entry.
	//
	// Join moves the user, with the entries they logged, into the code's
	// household; feedlog.ErrBadCode for an unknown, used or expired code.
	Join(ctx context.Context, u feedlog.User, codeHash string) (feedlog.Household, error)
	// Leave takes the user and the entries they logged out of a shared
	// household and returns how many moved; feedlog.ErrSoleMember when
	// nobody else is in it.
	Leave(ctx context.Context, u feedlog.User) (int, error)
	// Forget deletes everything the user logged and their membership and
	// returns how many entries others logged in their household (kept).
	Forget(ctx context.Context, u feedlog.User) (int, error)

	Timer(ctx context.Context, u feedlog.User, babyID int64) (feedlog.Timer, bool, error)
	SaveTimer(ctx context.Context, u feedlog.User, t feedlog.Timer) error
	DeleteTimer(ctx context.Context, u feedlog.User, babyID int64) error

	// SavePending stores a question; a redelivery (same Src) gets the
	// stored one back.
	SavePending(ctx context.Context, u feedlog.User, p feedlog.Pending) (feedlog.Pending, error)
	Pending(ctx context.Context, u feedlog.User, token string) (feedlog.Pending, bool, error)
	ResolvePending(ctx context.Context, u feedlog.User, token string) error

	// RecordAnswer counts an answer (or a no-match) for topic. question is
	// "" unless the operator enabled keeping unanswered questions; then a
	// no-match question's text is kept 30 days.
	RecordAnswer(ctx context.Context, topic string, noMatch bool, question string) error
	// RecordFeedback counts a helpful / not helpful press for topic.
	RecordFeedback(ctx context.Context, topic string, helpful bool) error
}

package bot

import (
	"context"

	"nursling/bot/logbook"
)

// The feed log lives in package logbook; the engine routes to it.
type (
	// Store is the persistence the engine needs (see logbook.Store).
	Store = logbook.Store
	// FeedLogOptions configure the feed log (see logbook.Options).
	FeedLogOptions = logbook.Options
)

func (e *Engine) logCommand(ctx context.Context, m Message, cmd, args string) (Reply, bool, error) {
	return e.book.Command(ctx, m, cmd, args)
}

func (e *Engine) logText(ctx context.Context, m Message) (Reply, bool, error) {
	return e.book.FreeText(ctx, m)
}

func (e *Engine) logAction(ctx context.Context, m Message) (Reply, bool, error) {
	return e.book.Action(ctx, m)
}

func (e *Engine) logInsight(ctx context.Context, m Message, topic string) string {
	return e.book.Insight(ctx, m, topic)
}

func logCommands() []CommandInfo { return logbook.Commands() }

// QuickKeys are the feed log's one-tap keys, for adapters that show them
// as a keyboard (each sends its label as text).
func QuickKeys() []string { return logbook.QuickKeys() }

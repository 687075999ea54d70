package main

import (
	"context"
	"log/slog"

	"nursling/bot"
	"nursling/config"
)

// openStore opens the feed-log database in cfg.DataDir. (Wired when the
// feed-log store lands.)
func openStore(ctx context.Context, cfg config.Config, logger *slog.Logger) (storeCloser, error) {
	return nil, nil
}

func feedLogOptions(cfg config.Config) bot.FeedLogOptions {
	return bot.FeedLogOptions{DayStartHour: cfg.FeedLog.DayStartHour}
}

package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"nursling/bot"
	"nursling/bot/feedlog/sqlstore"
	"nursling/config"
)

var _ bot.Store = (*sqlstore.Store)(nil)

// dbFile is the database's name inside data_dir.
const dbFile = "nursling.db"

// openStore opens the feed-log database in cfg.DataDir, applying any
// pending migrations.
func openStore(ctx context.Context, cfg config.Config, logger *slog.Logger) (storeCloser, error) {
	path := filepath.Join(cfg.DataDir, dbFile)
	s, err := sqlstore.Open(ctx, path, sqlstore.Options{Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("open the database %s (data_dir): %w", path, err)
	}
	return s, nil
}

func feedLogOptions(cfg config.Config) bot.FeedLogOptions {
	return bot.FeedLogOptions{DayStartHour: cfg.FeedLog.DayStartHour, TimeZone: cfg.FeedLog.DefaultTimezone}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"nursling/bot"
	"nursling/bot/feedlog/pgstore"
	"nursling/bot/feedlog/sqlstore"
	"nursling/config"
)

var (
	_ bot.Store  = (*sqlstore.Store)(nil)
	_ bot.Store  = (*pgstore.Store)(nil)
	_ adminStore = (*sqlstore.Store)(nil)
	_ adminStore = (*pgstore.Store)(nil)
)

// dbFile is the database's name inside data_dir.
const dbFile = "nursling.db"

// adminStore is what the operator commands need of either store.
type adminStore interface {
	storeCloser
	Report(ctx context.Context) (sqlstore.Report, error)
	Import(ctx context.Context, batches []sqlstore.ImportBatch) (int, error)
	Backup(ctx context.Context, path string) error
}

// openStore opens the configured feed-log store (store.driver), applying
// any pending migrations.
// observe, when set, receives each PostgreSQL write's time and error for
// /metrics.
func openStore(ctx context.Context, cfg config.Config, logger *slog.Logger, observe func(time.Duration, error)) (adminStore, error) {
	if cfg.Store.Driver == config.DriverPostgres {
		return openPostgres(ctx, cfg, logger, observe)
	}
	path := filepath.Join(cfg.DataDir, dbFile)
	s, err := sqlstore.Open(ctx, path, sqlstore.Options{Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("open the database %s (data_dir): %w", path, err)
	}
	return s, nil
}

// openPostgres opens the PostgreSQL store; the DSN comes only from the
// environment variable store.dsn_env names, and is never logged.
func openPostgres(ctx context.Context, cfg config.Config, logger *slog.Logger, observe func(time.Duration, error)) (*pgstore.Store, error) {
	dsn, err := config.Secret("store.dsn_env", cfg.Store.DSNEnv)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	s, err := pgstore.Open(ctx, dsn, pgstore.Options{Logger: logger, Observe: observe})
	if err != nil {
		return nil, fmt.Errorf("open the PostgreSQL database (store.dsn_env %s): %w", cfg.Store.DSNEnv, err)
	}
	return s, nil
}

// storeHealth is the store's /healthz check: for SQLite, its last write
// did not fail for lack of disk; for PostgreSQL, the server also answers
// a ping within a second.
func storeHealth(s storeCloser, enabled bool) func() bool {
	return func() bool {
		if s == nil {
			return !enabled
		}
		if r, ok := s.(interface{ Ready(context.Context) error }); ok {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			return r.Ready(ctx) == nil
		}
		if w, ok := s.(interface{ Writable() bool }); ok {
			return w.Writable()
		}
		return true
	}
}

// storeInfo says on /healthz which store the process runs on.
func storeInfo(cfg config.Config) string {
	if !cfg.FeedLog.Enabled {
		return "none (feedlog.enabled: false)"
	}
	return cfg.Store.Driver
}

var errPgBackup = errors.New("the feed log is in PostgreSQL (store.driver: postgres): back it up with pg_dump, e.g. pg_dump --format=custom --file=nursling.dump \"$NURSLING_POSTGRES_DSN\", or with the server's own backups; `nursling backup` copies the SQLite file only")

func feedLogOptions(cfg config.Config) bot.FeedLogOptions {
	return bot.FeedLogOptions{DayStartHour: cfg.FeedLog.DayStartHour, TimeZone: cfg.FeedLog.DefaultTimezone}
}

package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"text/tabwriter"

	"nursling/bot/feedlog/pgstore"
	"nursling/bot/feedlog/sqlstore"
)

const migrateUsage = "migrate sqlite-to-postgres [--config FILE]"

// cmdMigrate moves a feed log from SQLite to PostgreSQL: every row of the
// SQLite database in data_dir into the empty database the DSN in
// store.dsn_env names, in one transaction, checked by counting. Stop the
// bot first; afterwards set store.driver: postgres.
func cmdMigrate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprintln(stdout, "usage: nursling "+migrateUsage)
		return nil
	}
	if len(args) == 0 || args[0] != "sqlite-to-postgres" {
		return fmt.Errorf("%w: %s", errUsage, migrateUsage)
	}
	fs := newFlags("migrate sqlite-to-postgres", stderr)
	cfgPath := fs.String("config", "", "config file (data_dir for SQLite, store.dsn_env for PostgreSQL)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("%w: %s", errUsage, migrateUsage)
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	if sqlstore.SchemaVersion() != pgstore.SchemaVersion() {
		return fmt.Errorf("this build's SQLite schema is version %d but its PostgreSQL schema %d; use a release whose two agree", sqlstore.SchemaVersion(), pgstore.SchemaVersion())
	}
	path := filepath.Join(cfg.DataDir, dbFile)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no SQLite database at %s (data_dir): %w", path, err)
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	// Opening the SQLite store brings its schema to this build's version.
	ss, err := sqlstore.Open(ctx, path, sqlstore.Options{Logger: logger})
	if err != nil {
		return fmt.Errorf("open the database %s (data_dir): %w", path, err)
	}
	if err := ss.Close(); err != nil {
		return err
	}
	src, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer src.Close()
	pg, err := openPostgres(ctx, cfg, logger, nil)
	if err != nil {
		return err
	}
	defer pg.Close()
	counts, err := pg.CopyFromSQLite(ctx, src)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "table\trows copied")
	for _, c := range counts {
		fmt.Fprintf(tw, "%s\t%d\n", c.Table, c.Rows)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nthe log is in PostgreSQL; set store.driver: postgres (store.dsn_env: %s) and start nursling serve. The SQLite file %s is unchanged: keep it as a backup.\n", cfg.Store.DSNEnv, path)
	return nil
}

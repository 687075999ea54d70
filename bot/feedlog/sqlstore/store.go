// Package sqlstore is the feed log's SQLite store: households, babies,
// entries, timers, pending confirmations, share codes, anonymous answer and
// feedback counts, and adapters' state, in one file with versioned
// migrations applied at Open. Every write is one transaction; WAL mode keeps
// an acknowledged entry through a crash or kill -9.
//
// The package does not import a SQL driver: Open uses database/sql with the
// driver name "sqlite", registered by a blank import of modernc.org/sqlite in
// main (and in tests).
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// migrations holds the versioned schema, applied in file-name order; the
// number before the first "_" is the schema version it produces.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Options configure a Store.
type Options struct {
	// Now is the clock for created times and pruning; time.Now when nil.
	Now func() time.Time
	// Logger receives operational messages (never user data); discarded
	// when nil.
	Logger *slog.Logger
	// BusyTimeout is how long a write waits for another process holding
	// the database (a backup, a second instance); 5 s when zero.
	BusyTimeout time.Duration
	// SyncFull sets synchronous=FULL: every commit is fsynced, so the last
	// entries survive even a power cut or kernel crash, at about 1 ms per
	// write on a typical SSD (~800 entries/s). The default, WAL with
	// synchronous=NORMAL, writes each commit to the WAL before returning:
	// an acknowledged entry survives a crash or kill -9 of the process
	// (TestCrashKill9 proves it) and the database is never corrupted; only
	// a machine losing power may roll back the last moments.
	SyncFull bool
}

// Store is the SQLite feed-log store. It is safe for concurrent use: all
// writes go through one connection in IMMEDIATE transactions; reads use a
// small pool of read-only connections and see the last committed state
// (WAL mode).
type Store struct {
	w, r *sql.DB
	rc   *stmts      // cached statements on r
	ws   *writeStmts // hot statements on w
	now  func() time.Time
	log  *slog.Logger
	path string
	dsn  string

	closeOnce sync.Once
	closeErr  error
}

// Open opens (creating if needed) the store at path, a file in the data
// directory, and applies any pending schema migrations. The directory is
// created with mode 0700. A data directory or database that cannot be
// written is an error here, at start-up, rather than at a parent's first
// log. The "sqlite" database/sql driver (modernc.org/sqlite) must be
// registered by the program.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 5 * time.Second
	}
	if path == "" || strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("feedlog: open store: bad path %q", path)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("feedlog: open store: create data directory %s: %w", dir, err)
	}
	if err := probeDir(dir); err != nil {
		return nil, fmt.Errorf("feedlog: open store: data directory %s is not writable (check data_dir and its permissions): %w", dir, err)
	}
	sync := "NORMAL"
	if opts.SyncFull {
		sync = "FULL"
	}
	base := path + "?_pragma=busy_timeout(" + strconv.FormatInt(opts.BusyTimeout.Milliseconds(), 10) + ")" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(" + sync + ")"
	w, err := sql.Open("sqlite", base+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("feedlog: open store %s (is the sqlite driver registered?): %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	s := &Store{w: w, now: opts.Now, log: opts.Logger, path: path, dsn: base}
	if err := s.init(ctx); err != nil {
		if s.ws != nil {
			s.ws.close()
		}
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("feedlog: open store %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	s.r, s.rc = r, newStmts(r)
	return s, nil
}

// probeDir checks that a file can be created in dir.
func probeDir(dir string) error {
	f, err := os.CreateTemp(dir, ".nursling-probe-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

func (s *Store) init(ctx context.Context) error {
	if err := s.w.PingContext(ctx); err != nil {
		return fmt.Errorf("feedlog: open store %s: %w", s.path, err)
	}
	var mode string
	if err := s.w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("feedlog: open store %s: %w", s.path, err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("feedlog: open store %s: journal mode is %q, want wal", s.path, mode)
	}
	if err := migrate(ctx, s.w, 0); err != nil {
		return fmt.Errorf("feedlog: open store %s: %w", s.path, err)
	}
	ws, err := prepareWrites(ctx, s.w)
	if err != nil {
		return fmt.Errorf("feedlog: open store %s: %w", s.path, err)
	}
	s.ws = ws
	// A write now proves the database is writable, so a read-only file
	// fails at start-up with a clear error instead of at a parent's log.
	err = s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO kv(key, value) VALUES('store.opened', ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value`, s.now().UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		return s.prune(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("feedlog: open store %s: cannot write to the database (check data_dir permissions and free space): %w", s.path, err)
	}
	return nil
}

// Close closes the store; later calls return the first call's result.
// Entries already acknowledged are on disk either way.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Store) close() error {
	var errs []error
	if s.rc != nil {
		s.rc.close()
	}
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.ws != nil {
		s.ws.close()
	}
	if s.w != nil {
		// Fold the WAL back so the database file alone is complete.
		if _, err := s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			s.log.Warn("feedlog: checkpoint on close", "err", err)
		}
		errs = append(errs, s.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("feedlog: close store: %w", err)
	}
	return nil
}

// Backup writes a consistent copy of the database to path while the store
// stays in use (VACUUM INTO). path must not exist yet.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("feedlog: backup: %s already exists", path)
	}
	db, err := sql.Open("sqlite", s.dsn)
	if err != nil {
		return fmt.Errorf("feedlog: backup: %w", err)
	}
	defer db.Close()
	// The copy holds every family's log: readable by the owner only, as
	// chat exports are. Created empty first (VACUUM INTO accepts an empty
	// file) so it is never readable by others, even for a moment.
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("feedlog: backup: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("feedlog: backup: %w", err)
	}
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		os.Remove(path)
		return fmt.Errorf("feedlog: backup to %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("feedlog: backup: %w", err)
	}
	return nil
}

// Check runs SQLite's integrity_check and reports any problem it finds.
func (s *Store) Check(ctx context.Context) error {
	rows, err := s.r.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("feedlog: integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("feedlog: integrity check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("feedlog: integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("feedlog: integrity check failed: %s", strings.Join(problems, "; "))
	}
	return nil
}

// write runs fn in one IMMEDIATE transaction on the writer connection.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// prune deletes what is kept only for a while: answered or expired
// questions, old handled-message keys, expired share codes and unanswered
// question texts older than 30 days.
func (s *Store) prune(ctx context.Context, tx *sql.Tx) error {
	now := s.now()
	stmts := []struct {
		q   string
		arg int64
	}{
		{"DELETE FROM pending WHERE expires_ms < ?", now.Add(-24 * time.Hour).UnixMilli()},
		{"DELETE FROM handled WHERE at_ms < ?", now.Add(-7 * 24 * time.Hour).UnixMilli()},
		{"DELETE FROM share_codes WHERE expires_ms < ?", now.UnixMilli()},
		{"DELETE FROM unanswered WHERE at_ms < ?", now.Add(-UnansweredKeep).UnixMilli()},
	}
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st.q, st.arg); err != nil {
			return fmt.Errorf("prune: %w", err)
		}
	}
	return nil
}

// UnansweredKeep is how long the text of a no-match question is kept.
const UnansweredKeep = 30 * 24 * time.Hour

// SchemaVersion returns the latest schema version this binary knows.
func SchemaVersion() int {
	ms, _ := loadMigrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, f := range files {
		base := filepath.Base(f)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a version number", base)
		}
		b, err := migrations.ReadFile(f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: versions must run 1, 2, 3... without gaps", m.name)
		}
	}
	return ms, nil
}

// migrate brings db to schema version target (0: the latest), one
// transaction per version so a failure leaves the previous version intact.
func migrate(ctx context.Context, db *sql.DB, target int) error {
	ms, err := loadMigrations()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if target == 0 {
		target = len(ms)
	}
	var cur int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur); err != nil {
		return fmt.Errorf("migrate: read schema version: %w", err)
	}
	if cur > len(ms) {
		return fmt.Errorf("migrate: the database has schema version %d but this program knows only up to %d; run a newer nursling", cur, len(ms))
	}
	for _, m := range ms {
		if m.version <= cur || m.version > target {
			continue
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate to %d: %w", m.version, err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate to %d (%s): %w", m.version, m.name, err)
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.version)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate to %d: %w", m.version, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate to %d: %w", m.version, err)
		}
	}
	return nil
}

// nullable turns "" into NULL, for the idempotency keys.
func nullable(s string, ok bool) any {
	if !ok {
		return nil
	}
	return s
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// Package pgstore is the feed log's PostgreSQL store, for running several
// replicas on one database: the same tables, operations and semantics as
// the SQLite store (bot/feedlog/sqlstore), with versioned migrations
// embedded and applied at Open.
//
// It uses database/sql over pgx's stdlib adapter rather than native pgx:
// the code, the contract tests (bot/feedlog/storetest) and the SQLite to
// PostgreSQL copy then share one shape with the SQLite store (sql.Tx,
// sql.Rows), and pgx still caches each statement per connection.
//
// Every feed-log write is one SERIALIZABLE transaction, retried when
// PostgreSQL reports a serialization failure or deadlock: concurrent
// writers (replicas) see the same outcomes as SQLite's single writer, so
// a message redelivered to two replicas logs once. Counters and the
// reminder claim run at READ COMMITTED; the claim takes rows with FOR
// UPDATE SKIP LOCKED. A commit that returns is durable (synchronous_commit
// as the server sets it; on by default).
package pgstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configure a Store.
type Options struct {
	// Now is the clock for created times and pruning; time.Now when nil.
	Now func() time.Time
	// Logger receives operational messages (never user data); discarded
	// when nil.
	Logger *slog.Logger
	// Schema is the PostgreSQL schema holding the tables, created when
	// missing; "" uses the connection's search_path (normally public).
	Schema string
	// MaxConns caps the connection pool; 10 when zero.
	MaxConns int
	// Observe, when set, is called after each write transaction with its
	// time (retries included) and error (metrics; never user data).
	Observe func(time.Duration, error)
}

// Store is the PostgreSQL feed-log store, safe for concurrent use by many
// goroutines and many processes.
type Store struct {
	db      *sql.DB
	now     func() time.Time
	log     *slog.Logger
	schema  string
	observe func(time.Duration, error)

	closeOnce sync.Once
	closeErr  error
	// fault is set while the last write failed for lack of storage or of
	// the server.
	fault atomic.Bool
}

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Open connects to the database dsn names (a postgres:// URL or key=value
// string, from the environment only), applies any pending migrations and
// proves it can write. Several processes may Open the same database at
// once: migrations take an advisory lock.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = 10
	}
	if opts.Schema != "" && !schemaName.MatchString(opts.Schema) {
		return nil, fmt.Errorf("pgstore: open: schema %q must be lower-case letters, digits and _", opts.Schema)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// The parse error may quote the DSN, password included.
		return nil, errors.New("pgstore: open: the PostgreSQL DSN does not parse (want postgres://user@host:port/db?sslmode=...)")
	}
	if opts.Schema != "" {
		cfg.RuntimeParams["search_path"] = opts.Schema
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(opts.MaxConns)
	db.SetMaxIdleConns(opts.MaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, now: opts.Now, log: opts.Logger, schema: opts.Schema, observe: opts.Observe}
	if err := s.init(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) init(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("pgstore: open: cannot reach the database: %w", err)
	}
	if s.schema != "" {
		if _, err := s.db.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+s.schema); err != nil {
			return fmt.Errorf("pgstore: open: create schema %s: %w", s.schema, err)
		}
	}
	if err := migrate(ctx, s.db, 0); err != nil {
		return fmt.Errorf("pgstore: open: %w", err)
	}
	err := s.write(ctx, func(tx tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO kv(key, value) VALUES('store.opened', ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value`, s.now().UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		return s.prune(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("pgstore: open: cannot write to the database (check the role's rights and the server's disk): %w", err)
	}
	return nil
}

// Close closes the connection pool; later calls return the first result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		if err := s.db.Close(); err != nil {
			s.closeErr = fmt.Errorf("pgstore: close: %w", err)
		}
	})
	return s.closeErr
}

// DB is the connection pool, for the SQLite-to-PostgreSQL copy and tests.
func (s *Store) DB() *sql.DB { return s.db }

// Backup is not done by the program for PostgreSQL: pg_dump (or the
// server's own backups) copies a live database consistently.
func (s *Store) Backup(ctx context.Context, path string) error {
	return errors.New("pgstore: backup: the feed log is in PostgreSQL; back it up with pg_dump (pg_dump --format=custom \"$NURSLING_POSTGRES_DSN\" > nursling.dump) or the server's own backups")
}

// Check asks the server a trivial question (PostgreSQL checks its own
// pages).
func (s *Store) Check(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("pgstore: check: %w", err)
	}
	return nil
}

// Writable reports whether the last write succeeded, or failed for a
// reason other than storage or the server: false while the server's disk
// is full, the database is read-only or the server cannot be reached.
func (s *Store) Writable() bool { return !s.fault.Load() }

// Ready is the health check: the server answers within ctx and the last
// write did not fail for lack of storage.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("pgstore: not ready: %w", err)
	}
	if !s.Writable() {
		return errors.New("pgstore: not ready: the last write failed (disk full, read-only or unreachable server)")
	}
	return nil
}

// Driver names the store, for /healthz and logs.
func (s *Store) Driver() string { return "postgres" }

const maxTries = 12

// write runs fn in one SERIALIZABLE transaction, retried on a
// serialization failure or deadlock. fn may run more than once: it must
// set its results only from what it reads.
func (s *Store) write(ctx context.Context, fn func(tx tx) error) error {
	return s.run(ctx, sql.LevelSerializable, fn)
}

// writeRC runs fn at READ COMMITTED (single-statement upserts, counters,
// the reminder claim), retried on a deadlock.
func (s *Store) writeRC(ctx context.Context, fn func(tx tx) error) error {
	return s.run(ctx, sql.LevelReadCommitted, fn)
}

func (s *Store) run(ctx context.Context, level sql.IsolationLevel, fn func(tx tx) error) error {
	start := time.Now()
	var err error
	for try := 0; try < maxTries; try++ {
		if try > 0 {
			d := time.Duration(rand.IntN(1<<min(try, 6))+1) * time.Millisecond
			select {
			case <-ctx.Done():
				return errors.Join(err, ctx.Err())
			case <-time.After(d):
			}
		}
		err = s.once(ctx, level, fn)
		if !retryable(err) {
			break
		}
	}
	switch {
	case err == nil:
		s.fault.Store(false)
	case storageFault(err):
		s.fault.Store(true)
	}
	if s.observe != nil {
		s.observe(time.Since(start), err)
	}
	return err
}

func (s *Store) once(ctx context.Context, level sql.IsolationLevel, fn func(tx tx) error) error {
	t, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: level})
	if err != nil {
		return err
	}
	if err := fn(tx{t}); err != nil {
		t.Rollback()
		return err
	}
	return t.Commit()
}

// retryable reports a serialization failure or deadlock: the transaction
// did nothing and may simply run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40001" || pe.Code == "40P01"
	}
	return false
}

// storageFault reports whether err says the server cannot take the write
// (disk full, I/O error, read-only, out of resources, unreachable), as
// opposed to a refused request.
func storageFault(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "53") || strings.HasPrefix(pe.Code, "58") || pe.Code == "25006" || strings.HasPrefix(pe.Code, "08")
	}
	var ce *pgconn.ConnectError
	return errors.As(err, &ce) || errors.Is(err, sql.ErrConnDone)
}

// UnansweredKeep is how long the text of a no-match question is kept (as
// in the SQLite store).
const UnansweredKeep = 30 * 24 * time.Hour

// prune deletes what is kept only for a while, as the SQLite store does.
func (s *Store) prune(ctx context.Context, tx tx) error {
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

// SchemaVersion returns the latest schema version this binary knows.
func SchemaVersion() int {
	ms, _ := loadMigrations()
	return len(ms)
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
		base := path.Base(f)
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

// migrationLock is the advisory lock that lets one process at a time
// migrate (replicas starting together).
const migrationLock = 0x6e75_72736c

// migrate brings db to schema version target (0: the latest), one
// transaction per version, holding an advisory lock so two processes
// starting together never apply one twice; a failure leaves the previous
// version intact.
func migrate(ctx context.Context, db *sql.DB, target int) error {
	ms, err := loadMigrations()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if target == 0 {
		target = len(ms)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", int64(migrationLock)); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(migrationLock))
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version    INTEGER PRIMARY KEY,
		applied_ms BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: create schema_version: %w", err)
	}
	var cur int
	if err := conn.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&cur); err != nil {
		return fmt.Errorf("migrate: read schema version: %w", err)
	}
	if cur > len(ms) {
		return fmt.Errorf("migrate: the database has schema version %d but this program knows only up to %d; run a newer nursling", cur, len(ms))
	}
	for _, m := range ms {
		if m.version <= cur || m.version > target {
			continue
		}
		if err := applyMigration(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, conn *sql.Conn, m migration) error {
	t, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate to %d: %w", m.version, err)
	}
	defer t.Rollback()
	if _, err := t.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migrate to %d (%s): %w", m.version, m.name, err)
	}
	if _, err := t.ExecContext(ctx, "INSERT INTO schema_version(version, applied_ms) VALUES($1, $2)", m.version, time.Now().UnixMilli()); err != nil {
		return fmt.Errorf("migrate to %d: %w", m.version, err)
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("migrate to %d: %w", m.version, err)
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

// text makes a parent's free text storable: PostgreSQL refuses NUL bytes
// and invalid UTF-8, which SQLite keeps; both are dropped or replaced.
func text(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

package sqlstore

import (
	"nursling/bot/feedlog"

	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

var t0 = time.Date(2026, 11, 5, 14, 5, 0, 0, time.UTC)

func mustOpenStore(tb testing.TB, path string, now func() time.Time) *Store {
	tb.Helper()
	if path == "" {
		path = filepath.Join(tb.TempDir(), "nursling.db")
	}
	if now == nil {
		now = func() time.Time { return t0 }
	}
	s, err := Open(context.Background(), path, Options{Now: now})
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func feed(side feedlog.Side, start time.Time, d time.Duration) feedlog.Entry {
	return feedlog.Entry{Kind: feedlog.Feed, Method: feedlog.Breast, Side: side, EndSide: side, Start: start, End: start.Add(d)}
}

func mustLog(tb testing.TB, s *Store, u feedlog.User, id string, e feedlog.Entry) feedlog.Entry {
	tb.Helper()
	got, _, err := s.LogEntry(context.Background(), u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: u.Platform, Chat: "c-" + u.ID, ID: id}, Entry: e})
	if err != nil {
		tb.Fatalf("LogEntry: %v", err)
	}
	return got
}

func TestStoreBackup(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, "", nil)
	u := feedlog.User{Platform: "telegram", ID: "1"}
	for i := 0; i < 20; i++ {
		mustLog(t, s, u, fmt.Sprint(i), feed(feedlog.Left, t0.Add(time.Duration(i)*time.Hour), 10*time.Minute))
	}
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	// Newcomer run D7: the copy is the owner's only, as exports are.
	if fi, err := os.Stat(dst); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if err := s.Backup(ctx, dst); err == nil {
		t.Error("backup over an existing file succeeded")
	}
	b := mustOpenStore(t, dst, nil)
	got, err := b.Entries(ctx, u, feedlog.Query{})
	if err != nil || len(got) != 20 {
		t.Errorf("backup holds %d entries, err %v; want 20", len(got), err)
	}
}

func TestStoreWriteFailure(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nursling.db")
	s, err := Open(ctx, path, Options{Now: func() time.Time { return t0 }, BusyTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Another process holds the write lock (a long backup, a second
	// instance): the write fails with an error, and nothing is half-done.
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	u := feedlog.User{Platform: "telegram", ID: "1"}
	if _, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Entry: feed(feedlog.Left, t0, time.Minute)}); err == nil {
		t.Fatal("LogEntry succeeded while the database was locked")
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Entries(ctx, u, feedlog.Query{}); len(got) != 0 {
		t.Errorf("a failed write left %d entries", len(got))
	}
	if _, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Entry: feed(feedlog.Left, t0, time.Minute)}); err != nil {
		t.Errorf("LogEntry after the lock was released: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	// The data directory path is a file.
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o600)
	_, err := Open(ctx, filepath.Join(file, "nursling.db"), Options{})
	if err == nil || !strings.Contains(err.Error(), "data directory") {
		t.Errorf("data dir is a file: err = %v", err)
	}
	// A database file that is not a database.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not a database ", 100)), 0o600)
	if _, err := Open(ctx, junk, Options{}); err == nil {
		t.Error("opened a junk file")
	}
	// A database from a newer program.
	newer := filepath.Join(dir, "newer.db")
	db, _ := sql.Open("sqlite", newer)
	db.Exec("PRAGMA user_version = 99")
	db.Close()
	if _, err := Open(ctx, newer, Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer schema: err = %v", err)
	}
}

// TestStoreDiskFull: when the database cannot grow (a full disk; here the
// page limit stands in for it) a write fails with an error the engine
// turns into "couldn't save", and nothing half-written is left behind.
func TestStoreDiskFull(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, filepath.Join(t.TempDir(), "nursling.db"), func() time.Time { return t0 })
	u := feedlog.User{Platform: "telegram", ID: "1"}
	mustLog(t, s, u, "first", feed(feedlog.Left, t0.Add(-time.Hour), time.Minute))
	var pages int
	if err := s.w.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	var failed error
	for i := 0; i < 2000 && failed == nil; i++ {
		e := feed(feedlog.Right, t0.Add(time.Duration(i)*time.Second), time.Minute)
		e.Note = strings.Repeat("x", 500)
		_, _, failed = s.LogEntry(ctx, u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "telegram", Chat: "1", ID: fmt.Sprint("m", i)}, Entry: e})
	}
	if failed == nil {
		t.Fatal("writes kept succeeding past the page limit")
	}
	if !strings.Contains(strings.ToLower(failed.Error()), "full") {
		t.Errorf("error does not say the database is full: %v", failed)
	}
	if s.Writable() {
		t.Error("Writable() = true with the disk full (the health check would stay 200)")
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA max_page_count = 1073741823"); err != nil {
		t.Fatal(err)
	}
	mustLog(t, s, u, "after", feed(feedlog.Left, t0, time.Minute))
	if !s.Writable() {
		t.Error("Writable() = false after a write succeeded again")
	}
	var bad int
	if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM entries WHERE src_id IS NULL AND note IS NOT NULL AND note != ''").Scan(&bad); err != nil {
		t.Logf("(schema differs, skipping the half-write check: %v)", err)
	} else if bad != 0 {
		t.Errorf("%d half-written rows", bad)
	}
	var ok string
	if err := s.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check = %q, %v", ok, err)
	}
}

func london(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

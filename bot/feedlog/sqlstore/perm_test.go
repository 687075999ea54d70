//go:build unix

package sqlstore

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"nursling/bot/feedlog"
)

// TestFilesArePrivate: the database (in a data directory that already
// exists), its WAL and every backup are 0600 under the usual umask 022,
// and a database others can read is warned about at start-up.
func TestFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir() // exists already, 0700 or not: the file decides
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "nursling.db")
	var logs bytes.Buffer
	s, err := Open(context.Background(), path, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	mustLog(t, s, feedlog.User{Platform: "console", ID: "u"}, "1", feed(feedlog.Left, t0, 60e9))
	backup := filepath.Join(dir, "backup.db")
	if err := s.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", backup} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s has mode %04o, want 0600", filepath.Base(p), perm)
		}
	}
	if strings.Contains(logs.String(), "readable by other users") {
		t.Errorf("warned about a private database:\n%s", logs.String())
	}
	s.Close()

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	s = mustOpenLogged(t, path, &logs)
	s.Close()
	if !strings.Contains(logs.String(), "readable by other users") || !strings.Contains(logs.String(), "0644") {
		t.Errorf("no warning for a database others can read:\n%s", logs.String())
	}
}

func mustOpenLogged(t *testing.T, path string, logs *bytes.Buffer) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, Options{Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

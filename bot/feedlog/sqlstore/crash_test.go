//go:build unix

package sqlstore

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nursling/bot/feedlog"
	"nursling/internal/killtest"
)

const crashEnv = "FEEDLOG_TEST_CRASH_DB"

// TestCrashKill9 logs entries in a child process as fast as it can, kills
// it with SIGKILL at random moments, and checks after each kill that the
// database opens, passes integrity_check and holds every entry whose
// acknowledgement the child printed. It runs the store with its default
// settings (WAL, synchronous=NORMAL).
func TestCrashKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	path := filepath.Join(t.TempDir(), "nursling.db")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	acked := map[string]bool{}
	const rounds = 6
	for round := 0; round < rounds; round++ {
		got := killtest.Round(t, "TestCrashChild", []string{crashEnv + "=" + path, fmt.Sprintf("FEEDLOG_TEST_CRASH_ROUND=%d", round)}, rng)
		n := 0
		for _, l := range got {
			if id, ok := strings.CutPrefix(l, "ack "); ok {
				acked[id] = true
				n++
			}
		}
		verifyAfterCrash(t, path, acked)
		t.Logf("round %d: killed after %d acknowledged entries; all present, integrity ok", round, n)
	}
}

func verifyAfterCrash(t *testing.T, path string, acked map[string]bool) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("open after kill: %v", err)
	}
	defer s.Close()
	var ok string
	if err := s.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check after kill = %q, %v", ok, err)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT src_id FROM entries WHERE src_platform = 'crash'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	present := map[string]bool{}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		present[id] = true
	}
	for id := range acked {
		if !present[id] {
			t.Errorf("acknowledged entry %s lost after kill -9", id)
		}
	}
}

// TestCrashChild is the child half of TestCrashKill9: it logs until
// killed, printing "ack <id>" after each LogEntry returns.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("helper process for TestCrashKill9")
	}
	round := os.Getenv("FEEDLOG_TEST_CRASH_ROUND")
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(2)
	}
	w := bufio.NewWriterSize(os.Stdout, 64)
	for i := 0; ; i++ {
		u := feedlog.User{Platform: "crash", ID: fmt.Sprint(i % 7)}
		id := fmt.Sprintf("%s-%d", round, i)
		start := time.Now().Add(-15 * time.Minute)
		_, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "crash", Chat: "c", ID: id},
			Entry: feedlog.Entry{Kind: feedlog.Feed, Method: feedlog.Breast, Side: feedlog.Left, EndSide: feedlog.Left, Start: start, End: start.Add(15 * time.Minute)}})
		if err != nil {
			fmt.Fprintln(os.Stderr, "child log:", err)
			os.Exit(3)
		}
		// The acknowledgement goes out only after the commit returned.
		fmt.Fprintf(w, "ack %s\n", id)
		w.Flush()
	}
}

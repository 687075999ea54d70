//go:build unix

package logbook

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
	"nursling/bot/feedlog/sqlstore"
	"nursling/internal/killtest"
)

const engineCrashEnv = "NURSLING_TEST_ENGINE_CRASH_DB"

// TestFeedLogCrashKill9 drives the engine in a child process that logs
// "left 15" messages as fast as it can and prints each "Logged" reply's
// message id; the parent SIGKILLs it at random moments, then checks the
// store opens, passes integrity_check and holds every acknowledged entry.
func TestFeedLogCrashKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	path := filepath.Join(t.TempDir(), "nursling.db")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	type ack struct{ user, id string }
	var acked []ack
	for round := 0; round < 5; round++ {
		got := killtest.Round(t, "TestFeedLogCrashChild", []string{engineCrashEnv + "=" + path, fmt.Sprintf("NURSLING_TEST_CRASH_ROUND=%d", round)}, rng)
		n := 0
		for _, l := range got {
			f := strings.Fields(l)
			if len(f) == 3 && f[0] == "ack" {
				acked = append(acked, ack{f[1], f[2]})
				n++
			}
		}

		s, err := sqlstore.Open(context.Background(), path, sqlstore.Options{})
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		if err := s.Check(context.Background()); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for _, a := range acked {
			_, found, err := s.EntryBySrc(context.Background(), feedlog.User{Platform: string(Console), ID: a.user}, feedlog.MsgKey{Platform: string(Console), Chat: "chat", ID: a.id})
			if err != nil || !found {
				t.Errorf("round %d: acknowledged entry %s of %s lost after kill -9 (err %v)", round, a.id, a.user, err)
			}
		}
		s.Close()
		t.Logf("round %d: killed after %d acknowledged entries; all %d so far present, integrity ok", round, n, len(acked))
	}
}

// TestFeedLogCrashChild is the child half of TestFeedLogCrashKill9.
func TestFeedLogCrashChild(t *testing.T) {
	path := os.Getenv(engineCrashEnv)
	if path == "" {
		t.Skip("helper process for TestFeedLogCrashKill9")
	}
	round := os.Getenv("NURSLING_TEST_CRASH_ROUND")
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, path, sqlstore.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(2)
	}
	e, err := testBook(bookOpts{Library: flLibrary(), Store: s, FeedLog: Options{TimeZone: "UTC"}})
	if err != nil {
		os.Exit(2)
	}
	w := bufio.NewWriterSize(os.Stdout, 128)
	for i := 0; ; i++ {
		user := fmt.Sprintf("u%d", i%5)
		id := fmt.Sprintf("%s-%d", round, i)
		m := Message{Platform: Console, ID: id, ChatID: "chat", UserID: user, Text: "left 15", At: time.Now()}
		r, ok, err := e.FreeText(ctx, m)
		if err != nil || !ok || !strings.HasPrefix(flFirst(r), "Logged") {
			fmt.Fprintln(os.Stderr, "child log:", ok, err)
			os.Exit(3)
		}
		// The acknowledgement is printed only after the reply said Logged.
		fmt.Fprintf(w, "ack %s %s\n", user, id)
		w.Flush()
	}
}

package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// fakeTelegram speaks just enough of the Bot API for `nursling serve`: it
// hands out a scripted burst of updates and records every sendMessage.
type fakeTelegram struct {
	mu      sync.Mutex
	updates []map[string]any
	sent    []string // chat_id|text
	polled  chan struct{}
}

func (f *fakeTelegram) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	_ = r.ParseMultipartForm(1 << 20)
	reply := func(result any) {
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
	}
	switch method {
	case "getMe":
		reply(map[string]any{"id": 42, "is_bot": true, "first_name": "Nursling", "username": "NurslingTestBot"})
	case "getUpdates":
		offset, _ := strconv.Atoi(r.FormValue("offset"))
		f.mu.Lock()
		var out []map[string]any
		for _, u := range f.updates {
			if int(u["update_id"].(int)) >= offset {
				out = append(out, u)
			}
		}
		f.mu.Unlock()
		select {
		case f.polled <- struct{}{}:
		default:
		}
		if len(out) == 0 {
			select { // a short long-poll
			case <-r.Context().Done():
			case <-time.After(200 * time.Millisecond):
			}
		}
		if out == nil {
			out = []map[string]any{}
		}
		reply(out)
	case "sendMessage":
		f.mu.Lock()
		f.sent = append(f.sent, r.FormValue("chat_id")+"|"+r.FormValue("text"))
		n := len(f.sent)
		f.mu.Unlock()
		reply(map[string]any{"message_id": 1000 + n, "date": time.Now().Unix(), "chat": map[string]any{"id": 1, "type": "private"}})
	default: // setMyCommands, sendChatAction, answerCallbackQuery, ...
		reply(true)
	}
}

// TestServeGracefulShutdown runs the real binary against a fake Telegram,
// sends SIGTERM in the middle of a burst of log messages, and checks that
// it exits 0 within 10 seconds, that every message it took was answered,
// and that every confirmed entry is in the database.
func TestServeGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "nursling")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	fake := &fakeTelegram{polled: make(chan struct{}, 1)}
	const burst = 40
	for i := 1; i <= burst; i++ {
		fake.updates = append(fake.updates, map[string]any{
			"update_id": i,
			"message": map[string]any{
				"message_id": i, "date": time.Now().Unix() - 60,
				"chat": map[string]any{"id": 100 + i, "type": "private"},
				"from": map[string]any{"id": 100 + i, "first_name": "P"},
				"text": fmt.Sprintf("wet nappy %d min ago", i%50+1),
			},
		})
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()

	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "nursling.yaml")
	cfg := fmt.Sprintf("data_dir: %s\nhttp:\n  listen: \"\"\nrate_limit:\n  per_minute: 10000\n  burst: 1000\ntelegram:\n  enabled: true\n  api_endpoint: %s/bot%%s/%%s\n", filepath.Join(dir, "data"), srv.URL)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--config", cfgPath, "--log-format", "json")
	cmd.Env = append(os.Environ(), "TELEGRAM_BOT_TOKEN=123:secret-token")
	var logs strings.Builder
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-fake.polled:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("never polled; logs:\n%s", logs.String())
	}
	time.Sleep(50 * time.Millisecond) // let the burst be in flight
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v; logs:\n%s", err, logs.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("did not exit within 10 s of SIGTERM; logs:\n%s", logs.String())
	}
	t.Logf("exited %v after SIGTERM", time.Since(start).Round(time.Millisecond))
	if strings.Contains(logs.String(), "secret-token") {
		t.Error("the token appeared in the logs")
	}

	fake.mu.Lock()
	sent := append([]string(nil), fake.sent...)
	fake.mu.Unlock()
	confirmed := 0
	for _, s := range sent {
		if strings.Contains(s, "Logged") {
			confirmed++
		}
	}
	if confirmed == 0 {
		t.Fatalf("no log was confirmed before shutdown; sent %d messages; logs:\n%s", len(sent), logs.String())
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "data", dbFile))
	if err != nil {
		t.Fatal(err)
	}
	var stored int
	if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM entries").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored < confirmed {
		t.Errorf("%d entries confirmed to parents but only %d stored", confirmed, stored)
	}
	// Every update the bot took (stored) was answered: one reply each.
	if len(sent) < stored {
		t.Errorf("%d entries stored but only %d replies sent", stored, len(sent))
	}
	t.Logf("%d of %d updates answered before shutdown, %d entries stored", len(sent), burst, stored)

	var offset string
	if err := db.QueryRowContext(context.Background(), "SELECT value FROM kv WHERE key = 'telegram.offset'").Scan(&offset); err != nil {
		t.Fatalf("the last handled update id was not stored: %v", err)
	}
	if offset != strconv.Itoa(burst) {
		t.Errorf("stored offset %s, want %d (every update was handled)", offset, burst)
	}
	db.Close()

	// A restart resumes after the stored offset: the same updates offered
	// again are neither answered nor logged twice.
	cmd = exec.Command(bin, "serve", "--config", cfgPath)
	cmd.Env = append(os.Environ(), "TELEGRAM_BOT_TOKEN=123:secret-token")
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // two polls: the second comes after the first batch was handled
		select {
		case <-fake.polled:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("restarted bot never polled; logs:\n%s", logs.String())
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("restart exit: %v", err)
	}
	fake.mu.Lock()
	after := len(fake.sent)
	fake.mu.Unlock()
	if after != len(sent) {
		t.Errorf("after a restart %d more replies were sent for updates already handled", after-len(sent))
	}
	db2, err := sql.Open("sqlite", filepath.Join(dir, "data", dbFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var again int
	db2.QueryRowContext(context.Background(), "SELECT count(*) FROM entries").Scan(&again)
	if again != stored {
		t.Errorf("after a restart %d entries, want %d", again, stored)
	}
}

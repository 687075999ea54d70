//go:build unix

package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeReminderSurvivesKill9 runs the real binary against a fake
// Telegram: a parent sets "/remind 2h next feed" in a private chat, the
// process is killed with SIGKILL, the clock is moved on (the reminder's due
// time put 15 minutes in the past, as if the bot had been down), and the
// restarted process delivers it exactly once, to the parent's private
// chat, marked late.
func TestServeReminderSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "nursling")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	fake := &fakeTelegram{polled: make(chan struct{}, 1)}
	fake.updates = []map[string]any{{
		"update_id": 1,
		"message": map[string]any{
			"message_id": 1, "date": time.Now().Unix(),
			"chat":     map[string]any{"id": 555, "type": "private"},
			"from":     map[string]any{"id": 555, "first_name": "P"},
			"text":     "/remind 2h next feed",
			"entities": []map[string]any{{"type": "bot_command", "offset": 0, "length": 7}},
		},
	}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "nursling.yaml")
	cfg := fmt.Sprintf("data_dir: %s\nhttp:\n  listen: \"\"\ntelegram:\n  enabled: true\n  api_endpoint: %s/bot%%s/%%s\n", filepath.Join(dir, "data"), srv.URL)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	serve := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--config", cfgPath)
		cmd.Env = append(os.Environ(), "TELEGRAM_BOT_TOKEN=123:secret-token")
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	sentWith := func(s string) (n int, chats []string) {
		fake.mu.Lock()
		defer fake.mu.Unlock()
		for _, m := range fake.sent {
			if strings.Contains(m, s) {
				n++
				chat, _, _ := strings.Cut(m, "|")
				chats = append(chats, chat)
			}
		}
		return n, chats
	}
	waitSent := func(cmd *exec.Cmd, s string) {
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if n, _ := sentWith(s); n > 0 {
				return
			}
		}
		cmd.Process.Kill()
		t.Fatalf("never sent %q; logs:\n%s", s, logs.String())
	}

	cmd := serve()
	waitSent(cmd, "I'll remind you")
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	db, err := sql.Open("sqlite", filepath.Join(dir, "data", dbFile))
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.ExecContext(context.Background(), "UPDATE reminders SET due_ms = ? WHERE status = 'active'", time.Now().Add(-15*time.Minute).UnixMilli())
	if n, _ := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("the reminder was not stored before the kill: %v, %d rows", err, n)
	}
	db.Close()

	cmd = serve()
	waitSent(cmd, "Reminder: next feed")
	time.Sleep(2500 * time.Millisecond) // more scheduler rounds
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v; logs:\n%s", err, logs.String())
	}
	n, chats := sentWith("Reminder: next feed")
	if n != 1 || chats[0] != "555" {
		t.Fatalf("reminder sent %d times to %v, want once to 555", n, chats)
	}
	if late, _ := sentWith("this is late"); late != 1 {
		t.Error("the overdue reminder was not marked late")
	}
	if strings.Contains(logs.String(), "next feed") || strings.Contains(logs.String(), "secret-token") {
		t.Errorf("the logs hold the reminder's text or the token:\n%s", logs.String())
	}
}

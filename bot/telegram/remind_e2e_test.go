//go:build unix

package telegram

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/time/rate"
	_ "modernc.org/sqlite"

	"nursling/bot"
	"nursling/bot/feedlog/sqlstore"
	"nursling/knowledge"
)

const remindE2EEnv = "NURSLING_REMIND_E2E"

type noSearch struct{}

func (noSearch) Search(context.Context, string) (knowledge.SearchResult, error) {
	return knowledge.SearchResult{NoMatch: true}, nil
}

// remindProcess is one Nursling process: store, engine, Telegram adapter
// and reminder scheduler, as serve wires them. now is its clock.
func remindProcess(tb testing.TB, ctx context.Context, endpoint, db string, client *http.Client, now func() time.Time) (stop func()) {
	tb.Helper()
	st, err := sqlstore.Open(ctx, db, sqlstore.Options{Now: now})
	if err != nil {
		tb.Fatal(err)
	}
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		tb.Fatal(err)
	}
	eng, err := bot.New(bot.Options{Library: lib, Searcher: noSearch{}, Store: st, Now: now, FeedLog: bot.FeedLogOptions{TimeZone: "UTC"}})
	if err != nil {
		tb.Fatal(err)
	}
	ad, err := New(eng, nil, Options{Token: testToken, Endpoint: endpoint, HTTPClient: client, PollTimeout: time.Second, Now: now,
		Limits: Limits{PerChat: rate.Inf, PerGroup: rate.Inf, Global: rate.Inf}})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{}, 2)
	go func() { ad.Run(ctx); done <- struct{}{} }()
	go func() { eng.RunReminders(ctx, map[bot.Platform]bot.Deliverer{bot.Telegram: ad}); done <- struct{}{} }()
	return func() { cancel(); <-done; <-done; st.Close() }
}

// TestRemindE2EChild is the process that is killed: it sets the reminder
// from the fake Telegram and runs until SIGKILL.
func TestRemindE2EChild(t *testing.T) {
	v := os.Getenv(remindE2EEnv)
	if v == "" {
		t.Skip("the child of TestReminderSurvivesKill9")
	}
	endpoint, db, _ := strings.Cut(v, "|")
	remindProcess(t, context.Background(), endpoint, db, http.DefaultClient, time.Now)
	select {}
}

// TestReminderSurvivesKill9: a parent sets "/remind 1h next feed" in a
// private chat with a process that is then killed with SIGKILL; the
// process started again two hours later delivers the reminder exactly
// once, by private message to the parent, marked late, while going on
// polling and ticking.
func TestReminderSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kill -9 test skipped in -short mode")
	}
	fa := newFakeBotAPI(t)
	db := filepath.Join(t.TempDir(), "nursling.db")
	fa.push(message(1, 10, privateChat(ana), ana, "/remind 1h next feed"))

	cmd := exec.Command(os.Args[0], "-test.run=^TestRemindE2EChild$")
	cmd.Env = append(os.Environ(), remindE2EEnv+"="+fa.endpoint()+"|"+db)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	confirmed := func(calls []apiCall) bool {
		for _, c := range calls {
			if c.Method == "sendMessage" && strings.Contains(c.Params["text"], "I'll remind you") {
				return true
			}
		}
		return false
	}
	if !fa.until(confirmed) {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the child never confirmed the reminder; requests: %v", fa.methods())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	later := func() time.Time { return time.Now().Add(2 * time.Hour) }
	stop := remindProcess(t, context.Background(), fa.endpoint(), db, fa.srv.Client(), later)
	delivered := func(calls []apiCall) []apiCall {
		var out []apiCall
		for _, c := range calls {
			if c.Method == "sendMessage" && strings.Contains(c.Params["text"], "Reminder: next feed") {
				out = append(out, c)
			}
		}
		return out
	}
	fa.waitFor("the reminder after the restart", func(calls []apiCall) bool { return len(delivered(calls)) > 0 })
	time.Sleep(2500 * time.Millisecond) // two more scheduler rounds
	stop()

	fa.mu.Lock()
	got := delivered(fa.calls)
	fa.mu.Unlock()
	if len(got) != 1 {
		t.Fatalf("the reminder was delivered %d times, want exactly once", len(got))
	}
	if c := got[0]; c.Params["chat_id"] != "111" {
		t.Errorf("delivered to chat %s, want the parent's private chat 111", c.Params["chat_id"])
	}
	if !strings.Contains(got[0].Params["text"], "this is late") {
		t.Errorf("an hour overdue and not marked late: %q", got[0].Params["text"])
	}
	if !strings.Contains(got[0].Params["reply_markup"], "rem:snooze:") {
		t.Errorf("no buttons on the reminder: %q", got[0].Params["reply_markup"])
	}
}

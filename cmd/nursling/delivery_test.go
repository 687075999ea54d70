//go:build unix

package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// botAPI behaves like Telegram towards one bot: an update stays pending
// until a getUpdates offset passes it (polling) or the webhook answers it
// 200 (webhook), and pending updates are offered again and again. It
// records every reply.
type botAPI struct {
	mu      sync.Mutex
	pending []json.RawMessage // by update id, in order
	ids     []int
	replies map[string]int // chat_id|text -> how many times sent
	polled  chan struct{}
}

func newBotAPI(updates []map[string]any) *botAPI {
	b := &botAPI{replies: map[string]int{}, polled: make(chan struct{}, 1)}
	for _, u := range updates {
		raw, _ := json.Marshal(u)
		b.pending = append(b.pending, raw)
		b.ids = append(b.ids, u["update_id"].(int))
	}
	return b
}

// confirm drops the pending updates below offset (getUpdates semantics).
func (b *botAPI) confirmBelow(offset int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := 0
	for k < len(b.ids) && b.ids[k] < offset {
		k++
	}
	b.ids, b.pending = b.ids[k:], b.pending[k:]
}

// confirm drops one pending update (a webhook request answered 200).
func (b *botAPI) confirm(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if i := slices.Index(b.ids, id); i >= 0 {
		b.ids = slices.Delete(b.ids, i, i+1)
		b.pending = slices.Delete(b.pending, i, i+1)
	}
}

func (b *botAPI) left() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.ids)
}

func (b *botAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
		b.confirmBelow(offset)
		select {
		case b.polled <- struct{}{}:
		default:
		}
		b.mu.Lock()
		out := slices.Clone(b.pending[:min(100, len(b.pending))])
		b.mu.Unlock()
		if len(out) == 0 {
			select { // a short long-poll
			case <-r.Context().Done():
			case <-time.After(100 * time.Millisecond):
			}
			out = []json.RawMessage{}
		}
		reply(out)
	case "sendMessage":
		b.mu.Lock()
		b.replies[r.FormValue("chat_id")+"|"+r.FormValue("text")]++
		n := len(b.replies)
		b.mu.Unlock()
		reply(map[string]any{"message_id": 1000 + n, "date": time.Now().Unix(), "chat": map[string]any{"id": 1, "type": "private"}})
	default: // setMyCommands, setWebhook, deleteWebhook, sendChatAction, ...
		reply(true)
	}
}

// pushWebhook posts the pending updates to url as Telegram does (a few at
// once, each retried until answered 200) until ctx ends.
func (b *botAPI) pushWebhook(ctx context.Context, url, secret string) {
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				b.mu.Lock()
				var raw json.RawMessage
				id := 0
				if n := len(b.ids); n > 0 {
					i := (w * 7) % n
					raw, id = b.pending[i], b.ids[i]
				}
				b.mu.Unlock()
				if id == 0 {
					time.Sleep(20 * time.Millisecond)
					continue
				}
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(raw))
				req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					resp.Body.Close()
					if resp.StatusCode == http.StatusOK {
						b.confirm(id)
						continue
					}
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
}

// feedUpdates are n log messages from users people, queued at once. Each
// user's messages log nappies a distinct number of minutes ago, so every
// confirmation text is unique per chat.
func feedUpdates(n, people int, now time.Time) []map[string]any {
	var ups []map[string]any
	for i := 1; i <= n; i++ {
		u := 5000 + (i-1)%people
		ups = append(ups, map[string]any{
			"update_id": i,
			"message": map[string]any{
				"message_id": i, "date": now.Unix(),
				"chat": map[string]any{"id": u, "type": "private"},
				"from": map[string]any{"id": u, "first_name": "P"},
				"text": fmt.Sprintf("wet nappy %d min ago", (i-1)/people+1),
			},
		})
	}
	return ups
}

// freePort returns a loopback address nobody listens on.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestDeliveryAtLeastOnce runs the real binary against a fake Telegram
// with 300 updates from 20 users queued at once, kills it at random
// moments (SIGKILL, or SIGTERM) and restarts it, then lets it finish:
// every update must be logged exactly once and confirmed.
func TestDeliveryAtLeastOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "nursling")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	tests := []struct {
		name  string
		mode  string
		sig   syscall.Signal
		stops int
	}{
		{"polling/kill -9", "polling", syscall.SIGKILL, 10},
		{"webhook/kill -9", "webhook", syscall.SIGKILL, 10},
		{"polling/SIGTERM", "polling", syscall.SIGTERM, 3},
		{"webhook/SIGTERM", "webhook", syscall.SIGTERM, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runDelivery(t, bin, tt.mode, tt.sig, tt.stops)
		})
	}
}

func runDelivery(t *testing.T, bin, mode string, sig syscall.Signal, stops int) {
	const updates, people = 300, 20
	now := time.Now().Truncate(time.Minute).Add(-time.Hour)
	api := newBotAPI(feedUpdates(updates, people, now))
	srv := httptest.NewServer(api)
	defer srv.Close()

	dir := t.TempDir()
	listen := freePort(t)
	cfgPath := filepath.Join(dir, "nursling.yaml")
	cfg := fmt.Sprintf("data_dir: %s\nhttp:\n  listen: \"\"\nrate_limit:\n  per_minute: 10000\n  burst: 1000\n"+
		"telegram:\n  enabled: true\n  mode: %s\n  api_endpoint: %s/bot%%s/%%s\n  webhook:\n    listen: %s\n    public_url: https://bot.example.org/tg\n",
		filepath.Join(dir, "data"), mode, srv.URL, listen)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var logs syncLog
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--config", cfgPath, "--log-format", "json")
		cmd.Env = append(os.Environ(), "TELEGRAM_BOT_TOKEN=123:secret-token", "TELEGRAM_WEBHOOK_SECRET=hook-secret-1")
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if mode == "webhook" {
		go api.pushWebhook(ctx, "http://"+listen+"/tg", "hook-secret-1")
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 19))
	began := time.Now()
	for i := range stops {
		select { // a poll of the run before
		case <-api.polled:
		default:
		}
		cmd := start()
		waitServing(t, api, mode, listen, &logs)
		time.Sleep(time.Duration(5+rng.IntN(60)) * time.Millisecond)
		cmd.Process.Signal(sig)
		stopAt := time.Now()
		err := cmd.Wait()
		t.Logf("stop %d: exited %v after the signal", i+1, time.Since(stopAt).Round(time.Millisecond))
		if sig == syscall.SIGTERM && err != nil {
			t.Fatalf("stop %d: exit after SIGTERM: %v", i+1, err)
		}
	}
	left := api.left()
	cmd := start()
	waitServing(t, api, mode, listen, &logs)
	deadline := time.Now().Add(60 * time.Second)
	for api.left() > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if mode == "polling" {
		// One more poll confirms the last batch.
		time.Sleep(300 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("final exit: %v", err)
	}
	cancel()
	t.Logf("%s: %d stops, %d of %d updates still unconfirmed before the last start, %v in all", mode, stops, left, updates, time.Since(began).Round(time.Millisecond))
	if n := api.left(); n > 0 {
		t.Fatalf("%d updates never confirmed to Telegram", n)
	}
	if strings.Contains(logs.String(), "secret-token") {
		t.Error("the token appeared in the logs")
	}

	db, err := sql.Open("sqlite", filepath.Join(dir, "data", dbFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var rows, distinct int
	if err := db.QueryRow("SELECT count(*), count(DISTINCT src_id) FROM entries").Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != updates || distinct != updates {
		t.Errorf("%d entries from %d messages, want each of the %d updates logged once", rows, distinct, updates)
	}

	api.mu.Lock()
	defer api.mu.Unlock()
	confirmed, repeated := 0, 0
	for k, n := range api.replies {
		if strings.Contains(k, "|Logged") {
			confirmed++
			repeated += n - 1
		}
	}
	if confirmed != updates {
		t.Errorf("%d distinct confirmations, want %d (one per update)", confirmed, updates)
	}
	t.Logf("%s: %d repeated confirmations", mode, repeated)
	// A repeat is possible only for a reply Telegram took in the moment
	// before the kill let the bot store that it was answered (a send in
	// flight at the kill: Telegram has no idempotent send), so at most the
	// 16 workers' replies per kill. Measured: 0-3 per kill on an idle
	// machine, up to 6 under the race detector on 2 shared cores.
	if max := stops * 16; repeated > max {
		t.Errorf("%d repeated confirmations after %d stops, want at most %d", repeated, stops, max)
	}
	if sig == syscall.SIGTERM && repeated > 0 {
		t.Errorf("%d repeated confirmations after SIGTERM, want none", repeated)
	}
}

// waitServing waits until the bot polls (polling) or its webhook listens.
func waitServing(t *testing.T, api *botAPI, mode, listen string, logs *syncLog) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if mode == "polling" {
			select {
			case <-api.polled:
				return
			case <-time.After(20 * time.Millisecond):
			}
			continue
		}
		if c, err := net.Dial("tcp", listen); err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the bot never started serving; logs:\n%s", logs.String())
}

// syncLog collects a child's stderr across restarts.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// fakeDiscord speaks just enough of Discord for the adapter to connect:
// the gateway URL, HELLO, READY on IDENTIFY, heartbeat ACKs, and a
// command registration that echoes the commands.
type fakeDiscord struct{ identified atomic.Bool }

func (f *fakeDiscord) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/ws") {
		f.gateway(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	path := strings.TrimPrefix(r.URL.Path, "/api/v9")
	switch {
	case r.Method == "GET" && strings.HasPrefix(path, "/gateway"):
		fmt.Fprintf(w, `{"url":"ws://%s/ws","shards":1}`, r.Host)
	case r.Method == "PUT" && strings.HasPrefix(path, "/applications/"):
		b, _ := io.ReadAll(r.Body)
		if len(b) == 0 {
			b = []byte("[]")
		}
		w.Write(b) // the overwrite echoes the commands
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"Unknown route","code":0}`)
	}
}

func (f *fakeDiscord) gateway(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	if c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}}) != nil {
		return
	}
	for {
		var fr struct {
			Op int `json:"op"`
		}
		if c.ReadJSON(&fr) != nil {
			return
		}
		var reply any
		switch fr.Op {
		case 1:
			reply = map[string]any{"op": 11}
		case 2:
			f.identified.Store(true)
			reply = map[string]any{"op": 0, "t": "READY", "s": 1, "d": map[string]any{
				"v": 9, "session_id": "s1",
				"user":        map[string]any{"id": "700000000000000002", "username": "Nursling", "bot": true},
				"application": map[string]any{"id": "700000000000000001", "flags": 0},
				"guilds":      []any{},
			}}
		}
		if reply != nil && c.WriteJSON(reply) != nil {
			return
		}
	}
}

// TestServeWithTelegramUnreachable: Telegram's endpoint refuses every
// call, Discord and the web page are up. serve keeps running; Discord
// connects and the web page answers; /healthz stays ready but names
// telegram as down; /metrics shows every platform's series at 0; Telegram
// is tried again.
func TestServeWithTelegramUnreachable(t *testing.T) {
	var tgCalls atomic.Int32
	tg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tgCalls.Add(1)
		w.WriteHeader(http.StatusBadGateway)
		json.NewEncoder(w).Encode(map[string]any{"ok": false, "error_code": 502, "description": "Bad Gateway"})
	}))
	defer tg.Close()
	dc := &fakeDiscord{}
	dsrv := httptest.NewServer(dc)
	defer dsrv.Close()

	dir := t.TempDir()
	opsAddr := freePort(t)
	cfg := fmt.Sprintf("data_dir: %s\nhttp:\n  listen: %s\n"+
		"telegram:\n  enabled: true\n  api_endpoint: %s/bot%%s/%%s\n"+
		"discord:\n  enabled: true\n  api_base: %s\n"+
		"web:\n  enabled: true\n  listen: 127.0.0.1:0\n",
		filepath.Join(dir, "data"), opsAddr, tg.URL, dsrv.URL)
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TELEGRAM_BOT_TOKEN", "123:secret-token")
	t.Setenv("DISCORD_BOT_TOKEN", "discord-secret-token")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs lockedBuffer
	done := make(chan error, 1)
	go func() { done <- cmdServe(ctx, []string{"--config", cfgPath}, strings.NewReader(""), io.Discard, &logs) }()

	get := func(url string) (int, string) {
		res, err := http.Get(url)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	webRE := regexp.MustCompile(`msg=web listen=(127\.0\.0\.1:\d+)`)
	var webAddr, health string
	var code int
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("serve ended with Telegram unreachable: %v\n%s", err, logs.String())
		default:
		}
		if m := webRE.FindStringSubmatch(logs.String()); m != nil {
			webAddr = m[1]
		}
		code, health = get("http://" + opsAddr + "/healthz")
		if webAddr != "" && dc.identified.Load() && code == 200 && strings.HasPrefix(health, "degraded") {
			break
		}
	}
	if code != 200 || !strings.HasPrefix(health, "degraded: adapters down: [telegram]\n") {
		t.Fatalf("/healthz = %d %q, want 200 naming telegram as down\n%s", code, health, logs.String())
	}
	if !dc.identified.Load() {
		t.Error("Discord never connected")
	}
	if c, body := get("http://" + webAddr + "/"); c != 200 || !strings.Contains(body, "Ask Nursling") {
		t.Errorf("web page = %d %.100s", c, body)
	}
	_, metrics := get("http://" + opsAddr + "/metrics")
	for _, p := range []string{"telegram", "discord", "web"} {
		for _, name := range []string{"nursling_questions_total", "nursling_send_errors_total", "nursling_log_entries_total"} {
			if s := name + `{platform="` + p + `"} 0`; !strings.Contains(metrics, s) {
				t.Errorf("/metrics lacks %s", s)
			}
		}
	}
	// Telegram is being tried again with backoff (the adapter's own
	// retries, for up to its outage window; after that keepUp runs it
	// again, TestKeepUpRetriesWithBackoff).
	deadline := time.Now().Add(30 * time.Second)
	for tgCalls.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if tgCalls.Load() < 2 {
		t.Error("Telegram was not tried again")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve = %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	if s := logs.String(); strings.Contains(s, "secret-token") {
		t.Error("a token appeared in the logs")
	}
}

package ops

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"nursling/bot"
)

func TestHealthAndMetrics(t *testing.T) {
	m := NewMetrics()
	h := NewHealth()
	var adapterUp atomic.Bool
	h.Add("guide", func() bool { return true })
	h.Add("telegram", adapterUp.Load)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, h, m) }()
	base := "http://" + ln.Addr().String()

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "telegram") {
		t.Errorf("before the adapter connects: %d %q", code, body)
	}
	adapterUp.Store(true)
	if code, body := get("/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("ready: %d %q", code, body)
	}
	h.Info("store", "postgres")
	var storeUp atomic.Bool
	h.Add("store", storeUp.Load)
	if code, body := get("/healthz"); code != http.StatusServiceUnavailable || body != "not ready: [store]\nstore: postgres\n" {
		t.Errorf("store down: %d %q", code, body)
	}
	storeUp.Store(true)
	if code, body := get("/healthz"); code != http.StatusOK || body != "ok\nstore: postgres\n" {
		t.Errorf("ready with the store named: %d %q", code, body)
	}

	hooks := m.Hooks()
	hooks.Answered(bot.Telegram, true, false)
	hooks.Answered(bot.Telegram, false, true)
	hooks.Logged(bot.Discord)
	hooks.RateLimited(bot.Telegram)
	hooks.RateDropped(bot.Telegram)
	hooks.RateDropped(bot.Telegram)
	m.ObserveReply(bot.Telegram, 300*time.Microsecond)
	m.SendRetry(bot.Discord)
	m.SendError(bot.Discord)
	obs := m.StoreObserver("postgres")
	obs(2*time.Millisecond, nil)
	obs(time.Millisecond, errors.New("disk full"))
	_, body := get("/metrics")
	for _, want := range []string{
		`nursling_questions_total{platform="telegram"} 2`,
		`nursling_no_match_total{platform="telegram"} 1`,
		`nursling_urgent_total{platform="telegram"} 1`,
		`nursling_log_entries_total{platform="discord"} 1`,
		`nursling_rate_limited_total{platform="telegram"} 3`, // told once, dropped twice
		`nursling_send_retries_total{platform="discord"} 1`,
		`nursling_send_errors_total{platform="discord"} 1`,
		`nursling_store_write_seconds_count{driver="postgres"} 2`,
		`nursling_store_errors_total{driver="postgres"} 1`,
		`nursling_reply_seconds_count{platform="telegram"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

package ops

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

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

// TestEverySeriesFromTheStart scrapes a fresh server: every nursling_
// metric the registry describes has a series at 0 for each enabled
// platform, before anything happened.
func TestEverySeriesFromTheStart(t *testing.T) {
	platforms := []bot.Platform{bot.Telegram, bot.Discord, "web"}
	m := NewMetrics(platforms...)
	m.StoreObserver("sqlite")
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	body := string(b)

	descs := make(chan *prometheus.Desc, 64)
	m.reg.Describe(descs)
	close(descs)
	nameRE := regexp.MustCompile(`fqName: "([^"]+)"`)
	var names []string
	for d := range descs {
		if n := nameRE.FindStringSubmatch(d.String()); n != nil && strings.HasPrefix(n[1], "nursling_") {
			names = append(names, n[1])
		}
	}
	if len(names) < 8 {
		t.Fatalf("the registry describes %d nursling_ metrics, want at least 8: %v", len(names), names)
	}
	for _, name := range names {
		if strings.HasPrefix(name, "nursling_store_") {
			// By store driver, not platform.
			series := name + `{driver="sqlite"} 0`
			if name == "nursling_store_write_seconds" {
				series = name + `_count{driver="sqlite"} 0`
			}
			if !strings.Contains(body, series+"\n") {
				t.Errorf("a fresh /metrics lacks %s", series)
			}
			continue
		}
		for _, p := range platforms {
			series := name + `{platform="` + string(p) + `"} 0`
			if name == "nursling_reply_seconds" {
				series = name + `_count{platform="` + string(p) + `"} 0`
			}
			if !strings.Contains(body, series+"\n") {
				t.Errorf("a fresh /metrics lacks %s", series)
			}
		}
	}
	if strings.Contains(body, `platform="console"`) {
		t.Error("a platform that is not enabled has series")
	}
}

// TestHealthNamesTheAdapterDown: one adapter down is named while another
// serves (200, degraded); every adapter down, or a core check failing, is
// not ready (503).
func TestHealthNamesTheAdapterDown(t *testing.T) {
	up := func(b bool) func() bool { return func() bool { return b } }
	tests := []struct {
		name          string
		store, tg, dc bool
		wantCode      int
		wantBody      string
	}{
		{"all up", true, true, true, 200, "ok\n"},
		{"telegram down", true, false, true, 200, "degraded: adapters down: [telegram]\n"},
		{"every adapter down", true, false, false, 503, "not ready: [telegram discord]\n"},
		{"store down", false, true, true, 503, "not ready: [store]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewHealth()
			h.Add("guide", up(true))
			h.Add("store", up(tt.store))
			h.AddAdapter("telegram", up(tt.tg))
			h.AddAdapter("discord", up(tt.dc))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
			if rec.Code != tt.wantCode || rec.Body.String() != tt.wantBody {
				t.Errorf("/healthz = %d %q, want %d %q", rec.Code, rec.Body.String(), tt.wantCode, tt.wantBody)
			}
		})
	}
}

package discord

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTransport(t *testing.T) {
	type hit struct{ Path, Host, Body string }
	tests := []struct {
		name       string
		basePath   string
		statuses   []int // answers in order; the last repeats
		wantStatus int
		wantHits   int
		wantPath   string
	}{
		{"rewrites scheme and host", "", []int{200}, 200, 1, "/api/v9/gateway"},
		{"prefixes the base path", "/proxy/discord/", []int{200}, 200, 1, "/proxy/discord/api/v9/gateway"},
		{"retries 5xx with the same body", "", []int{500, 503, 200}, 200, 3, "/api/v9/gateway"},
		{"gives up after the bounded attempts", "", []int{502}, 502, restAttempts, "/api/v9/gateway"},
		{"does not retry 4xx", "", []int{404}, 404, 1, "/api/v9/gateway"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var hits []hit
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				mu.Lock()
				hits = append(hits, hit{r.URL.Path, r.Host, string(b)})
				n := len(hits)
				mu.Unlock()
				w.WriteHeader(tc.statuses[min(n, len(tc.statuses))-1])
			}))
			defer srv.Close()
			base, _ := url.Parse(srv.URL + tc.basePath)
			rt := &transport{base: base, next: http.DefaultTransport, attempts: restAttempts, backoff: time.Millisecond}
			req, _ := http.NewRequest("POST", "https://discord.com/api/v9/gateway", bytes.NewBufferString(`{"a":1}`))
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatalf("RoundTrip: %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tc.wantStatus)
			}
			mu.Lock()
			defer mu.Unlock()
			var want []hit
			for i := 0; i < tc.wantHits; i++ {
				want = append(want, hit{tc.wantPath, base.Host, `{"a":1}`})
			}
			if diff := cmp.Diff(want, hits); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
			if req.URL.Host != "discord.com" {
				t.Errorf("the caller's request was modified: %s", req.URL)
			}
		})
	}
}

func TestTransportStopsRetryingWhenCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
	}))
	defer srv.Close()
	base, _ := url.Parse(srv.URL)
	rt := &transport{base: base, next: http.DefaultTransport, attempts: 5, backoff: time.Hour}
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", "https://discord.com/api/v9/gateway", nil)
	done := make(chan error, 1)
	go func() {
		_, err := rt.RoundTrip(req)
		done <- err
	}()
	cancel()
	if err := <-done; err == nil {
		t.Errorf("RoundTrip succeeded after cancel; want an error")
	}
}

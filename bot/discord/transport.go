package discord

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const (
	// restAttempts is how many times a REST call is tried when Discord
	// answers 5xx.
	restAttempts = 3
	// restBackoff is the first wait between attempts; it doubles.
	restBackoff = 200 * time.Millisecond
)

// httpClient returns the client for discordgo's REST calls: a copy of hc
// (or a default one) whose transport redirects requests to base and retries
// server errors.
func httpClient(hc *http.Client, base *url.URL, onRetry func()) *http.Client {
	c := &http.Client{Timeout: 20 * time.Second}
	if hc != nil {
		cp := *hc
		c = &cp
	}
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = &transport{base: base, next: next, attempts: restAttempts, backoff: restBackoff, onRetry: onRetry}
	return c
}

// transport rewrites each request's scheme and host (and prefixes the
// path) to base, because discordgo fixes its endpoint URLs at start-up,
// and retries 5xx answers a bounded number of times with backoff: discordgo
// itself retries only 502, without waiting.
type transport struct {
	base     *url.URL // nil: leave requests alone
	next     http.RoundTripper
	attempts int
	backoff  time.Duration
	onRetry  func() // nil: not observed
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	if t.base != nil {
		r.URL.Scheme = t.base.Scheme
		r.URL.Host = t.base.Host
		if p := strings.TrimSuffix(t.base.Path, "/"); p != "" {
			r.URL.Path = p + r.URL.Path
			r.URL.RawPath = ""
		}
		r.Host = t.base.Host
	}
	wait := t.backoff
	for attempt := 1; ; attempt++ {
		resp, err := t.next.RoundTrip(r)
		if err != nil || resp.StatusCode < 500 || attempt >= t.attempts || (r.Body != nil && r.GetBody == nil) {
			return resp, err
		}
		// Drain so the connection can be reused, then try again.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		if t.onRetry != nil {
			t.onRetry()
		}
		if err := sleep(r.Context(), wait); err != nil {
			return nil, err
		}
		wait *= 2
		if r.GetBody != nil {
			body, err := r.GetBody()
			if err != nil {
				return nil, err
			}
			r = r.Clone(r.Context())
			r.Body = body
		}
	}
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return errors.New("gave up retrying: " + ctx.Err().Error())
	}
}

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
// itself retries only 502, without waiting. A 429 is waited out as it asks
// (retry_after, the bucket's reset-after) when the retry fits in the
// request's deadline, so an interaction is still answered in time;
// discordgo then sees the answer and its bucket headers.
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
	limited := 0
	for attempt := 1; ; {
		resp, err := t.next.RoundTrip(r)
		if err != nil || (r.Body != nil && r.GetBody == nil) {
			return resp, err
		}
		var pause time.Duration
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			pause = rateWait(resp)
			limited++
			if limited > rateAttempts || !fits(r, pause) {
				return resp, nil
			}
		case resp.StatusCode >= 500 && attempt < t.attempts:
			pause = wait
			wait *= 2
			attempt++
		default:
			return resp, nil
		}
		// Drain so the connection can be reused, then try again.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		if t.onRetry != nil {
			t.onRetry()
		}
		if err := sleep(r.Context(), pause); err != nil {
			return nil, err
		}
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

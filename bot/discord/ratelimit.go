package discord

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"
)

const (
	// rateAttempts bounds how many 429s one REST call waits out.
	rateAttempts = 5
	// maxRateWait is the longest single wait for a 429 on a call without a
	// deadline; a call with one (an interaction's) waits only while the
	// retry still fits before it.
	maxRateWait = 30 * time.Second
	// rateMargin is kept before a deadline for the retried request itself.
	rateMargin = 150 * time.Millisecond
	// defaultRateWait is used when a 429 says nothing of when to retry.
	defaultRateWait = time.Second
)

// rateWait reads how long a 429 asks to wait: the body's retry_after
// (seconds, fractional), else the bucket's X-RateLimit-Reset-After, else
// Retry-After. It returns the body, restored for the caller.
func rateWait(resp *http.Response) time.Duration {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var b struct {
		RetryAfter float64 `json:"retry_after"`
	}
	if json.Unmarshal(body, &b) == nil && b.RetryAfter > 0 {
		return seconds(b.RetryAfter)
	}
	for _, h := range []string{"X-RateLimit-Reset-After", "Retry-After"} {
		if v, err := strconv.ParseFloat(resp.Header.Get(h), 64); err == nil && v > 0 {
			return seconds(v)
		}
	}
	return defaultRateWait
}

// seconds converts a wait Discord gave, capped at an hour (so a huge
// value cannot overflow).
func seconds(v float64) time.Duration {
	return time.Duration(min(v, time.Hour.Seconds()) * float64(time.Second))
}

// fits reports whether waiting d and retrying still ends before the
// request's deadline (or, without one, whether d is reasonable).
func fits(req *http.Request, d time.Duration) bool {
	if deadline, ok := req.Context().Deadline(); ok {
		return time.Until(deadline) > d+rateMargin
	}
	return d <= maxRateWait
}

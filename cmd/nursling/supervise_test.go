package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"
)

// TestKeepUpRetriesWithBackoff: an adapter that fails to start is run
// again after 1, 2, 4, 4 (the cap) ... units, and keepUp returns nil once
// it runs cleanly or the context ends; it never passes the failure on.
func TestKeepUpRetriesWithBackoff(t *testing.T) {
	var waits []time.Duration
	b := backoff{min: time.Second, max: 4 * time.Second, sleep: func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return nil
	}}
	calls := 0
	r := runner{name: "telegram", run: func(ctx context.Context) error {
		calls++
		if calls <= 5 {
			return errors.New("telegram: connect: unreachable")
		}
		return nil
	}}
	if err := keepUp(r, b, slog.New(slog.NewTextHandler(io.Discard, nil))).run(context.Background()); err != nil {
		t.Fatalf("run = %v, want nil", err)
	}
	if want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second, 4 * time.Second}; !slices.Equal(waits, want) {
		t.Errorf("waits = %v, want %v", waits, want)
	}
	if calls != 6 {
		t.Errorf("ran %d times, want 6", calls)
	}

	// Cancelled while waiting: it returns nil, not the adapter's error.
	ctx, cancel := context.WithCancel(context.Background())
	b.sleep = func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }
	failing := runner{name: "discord", run: func(ctx context.Context) error { return errors.New("discord: open gateway: refused") }}
	if err := keepUp(failing, b, slog.New(slog.NewTextHandler(io.Discard, nil))).run(ctx); err != nil {
		t.Errorf("cancelled run = %v, want nil", err)
	}
}

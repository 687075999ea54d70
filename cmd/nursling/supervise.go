package main

import (
	"context"
	"log/slog"
	"time"
)

// backoff is how long an adapter that stopped with an error waits before
// it runs again: from min, doubling each failure, at most max; a run that
// lasted longer than max starts the count again.
type backoff struct {
	min, max time.Duration
	// sleep waits d or until ctx ends (nil: a timer).
	sleep func(ctx context.Context, d time.Duration) error
}

// adapterBackoff is serve's: a second, then 2, 4, ... up to five minutes.
var adapterBackoff = backoff{min: time.Second, max: 5 * time.Minute}

func (b backoff) wait(ctx context.Context, d time.Duration) error {
	if b.sleep != nil {
		return b.sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// keepUp wraps a chat adapter's runner so that a failure (Telegram
// unreachable at start-up, a gateway that cannot be opened) is logged
// and retried with backoff instead of stopping the other adapters. The
// adapter's own health check says it is down meanwhile. It returns when
// ctx ends, or when the adapter stops without an error.
func keepUp(r runner, b backoff, logger *slog.Logger) runner {
	run := r.run
	r.run = func(ctx context.Context) error {
		delay := b.min
		for failures := 1; ; failures++ {
			began := time.Now()
			err := run(ctx)
			if err == nil || ctx.Err() != nil {
				return nil
			}
			if time.Since(began) > b.max {
				delay, failures = b.min, 1
			}
			logger.Warn("adapter down; retrying", slog.String("component", r.name), slog.Int("failures", failures),
				slog.Duration("retry_in", delay), slog.String("error", err.Error()))
			if b.wait(ctx, delay) != nil {
				return nil
			}
			delay = min(2*delay, b.max)
		}
	}
	return r
}

package main

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"nursling/bot/feedlog/pgstore"
	"nursling/bot/feedlog/storetest"
)

// fakeLeases is a leaser in memory whose leases can be stolen.
type fakeLeases struct {
	mu     sync.Mutex
	holder map[string]string
	until  map[string]time.Time
}

func (f *fakeLeases) Lease(_ context.Context, name, holder string, now, until time.Time) (bool, string, time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if h, ok := f.holder[name]; ok && h != holder && now.Before(f.until[name]) {
		return false, h, f.until[name], nil
	}
	f.holder[name], f.until[name] = holder, until
	return true, "", time.Time{}, nil
}

func (f *fakeLeases) ReleaseLease(_ context.Context, name, holder string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.holder[name] == holder {
		delete(f.holder, name)
	}
	return nil
}

func (f *fakeLeases) steal(name, holder string) {
	f.mu.Lock()
	f.holder[name], f.until[name] = holder, time.Now().Add(time.Hour)
	f.mu.Unlock()
}

func TestPollerLease(t *testing.T) {
	logger := slog.New(slog.DiscardHandler)
	tests := []struct {
		name  string
		store func(t *testing.T) leaser
	}{
		{"fake", func(*testing.T) leaser {
			return &fakeLeases{holder: map[string]string{}, until: map[string]time.Time{}}
		}},
		{"postgres", func(t *testing.T) leaser {
			dsn := storetest.PostgresDSN(t)
			s, err := pgstore.Open(context.Background(), dsn, pgstore.Options{Schema: storetest.FreshSchema(t, dsn)})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.store(t)
			started := make(chan struct{})
			first := withPollerLease(l, "123", "replica-1", time.Minute, logger, time.Now, func(ctx context.Context) error {
				close(started)
				<-ctx.Done()
				return nil
			})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- first(ctx) }()
			<-started
			ran := false
			second := withPollerLease(l, "123", "replica-2", time.Minute, logger, time.Now, func(context.Context) error { ran = true; return nil })
			err := second(context.Background())
			if !errors.Is(err, errSecondPoller) || !strings.Contains(err.Error(), "webhook") || ran {
				t.Errorf("second poller: ran %v, err %v; want a refusal that points to webhook mode", ran, err)
			}
			other := withPollerLease(l, "456", "replica-2", time.Minute, logger, time.Now, func(context.Context) error { return nil })
			if err := other(context.Background()); err != nil {
				t.Errorf("another bot: %v", err)
			}
			cancel()
			if err := <-done; err != nil {
				t.Errorf("first poller stopped with %v", err)
			}
			// Released on stop: the next one starts.
			if err := second(context.Background()); err != nil || !ran {
				t.Errorf("after the first stopped: ran %v err %v", ran, err)
			}
		})
	}
	t.Run("lost", func(t *testing.T) {
		f := &fakeLeases{holder: map[string]string{}, until: map[string]time.Time{}}
		run := withPollerLease(f, "123", "replica-1", 30*time.Millisecond, logger, time.Now, func(ctx context.Context) error {
			f.steal("telegram.poller.123", "replica-2")
			<-ctx.Done()
			return nil
		})
		errc := make(chan error, 1)
		go func() { errc <- run(context.Background()) }()
		select {
		case err := <-errc:
			if !errors.Is(err, errSecondPoller) {
				t.Errorf("a poller whose lease was taken stopped with %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a poller whose lease was taken kept running")
		}
	})
	if got := botID("123456:AAE-secret"); got != "123456" {
		t.Errorf("botID = %q", got)
	}
	if id := processID(); strings.Contains(id, "|") || id == "" {
		t.Errorf("processID = %q", id)
	}
}

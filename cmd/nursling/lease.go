package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"
)

// leaser is a store that can hold a named lease (PostgreSQL): what keeps
// two replicas from polling one Telegram bot.
type leaser interface {
	Lease(ctx context.Context, name, holder string, now, until time.Time) (ok bool, other string, otherUntil time.Time, err error)
	ReleaseLease(ctx context.Context, name, holder string) error
}

// pollerLeaseTTL is how long a poller's lease lasts without renewal; it is
// renewed every third of it, so a killed poller's bot is free again within
// a minute.
const pollerLeaseTTL = 60 * time.Second

// errSecondPoller is returned when another process polls the same bot.
var errSecondPoller = errors.New("telegram: another nursling is already polling this bot on the same database")

// withPollerLease makes run hold the store's lease on polling bot botID
// while it runs: it refuses to start while another process holds it, and
// stops when the lease is lost. holder names this process; ttl is the
// lease's length (pollerLeaseTTL).
func withPollerLease(l leaser, botID, holder string, ttl time.Duration, logger *slog.Logger, now func() time.Time, run func(context.Context) error) func(context.Context) error {
	name := "telegram.poller." + botID
	return func(ctx context.Context) error {
		take := func() error {
			t := now()
			ok, other, until, err := l.Lease(ctx, name, holder, t, t.Add(ttl))
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("%w (%s, until %s at the latest); run one poller, or run replicas in webhook mode (telegram.mode: webhook)",
					errSecondPoller, other, until.UTC().Format(time.RFC3339))
			}
			return nil
		}
		if err := take(); err != nil {
			return err
		}
		defer l.ReleaseLease(context.WithoutCancel(ctx), name, holder)
		ctx, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		go func() {
			tick := time.NewTicker(ttl / 3)
			defer tick.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
					if err := take(); err != nil {
						logger.Error("telegram: poller lease lost; stopping", slog.String("error", err.Error()))
						cancel(err)
						return
					}
				}
			}
		}()
		err := run(ctx)
		if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
			return cause
		}
		return err
	}
}

// botID is the bot's numeric id, the part of its token before ":" (not
// secret: it is in every message the bot sends).
func botID(token string) string {
	id, _, _ := strings.Cut(token, ":")
	return id
}

// processID names this process in leases: host, pid and a random tag.
func processID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return strings.ReplaceAll(fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b)), "|", "_")
}

package remind

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"sync/atomic"
	"time"

	"nursling/bot/chat"
)

// SchedulerOptions configure a Scheduler.
type SchedulerOptions struct {
	// Deliverers send to each platform ("telegram", "discord",
	// "console"). Reminders of other platforms are left for a process
	// that can deliver them.
	Deliverers map[string]Deliverer
	// LastFeed finds the last feed for nudges; nil leaves nudges unsent.
	LastFeed LastFeed
	// Interval between looks at the store; 1 s when zero.
	Interval time.Duration
	// Batch is how many reminders one claim takes; 256 when zero.
	Batch int
	// Lease is how long a claim holds before another replica may take
	// the reminder over; 2 min when zero.
	Lease time.Duration
	// SendTimeout bounds one delivery; 30 s when zero.
	SendTimeout time.Duration
}

// maxAttempts is how often a failing delivery is tried.
const maxAttempts = 5

// Scheduler delivers due reminders. Several schedulers (replicas) may run
// over one store: each claim is leased, so every reminder is sent by one.
type Scheduler struct {
	svc       *Service
	o         SchedulerOptions
	platforms []string
	id        string
	seq       atomic.Int64
	lastPrune time.Time
}

// NewScheduler returns a scheduler over the service's store.
func (s *Service) NewScheduler(o SchedulerOptions) *Scheduler {
	if o.Interval <= 0 {
		o.Interval = time.Second
	}
	if o.Batch <= 0 {
		o.Batch = 256
	}
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.SendTimeout <= 0 || o.SendTimeout > o.Lease/2 {
		o.SendTimeout = min(30*time.Second, o.Lease/2)
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	sc := &Scheduler{svc: s, o: o, id: hex.EncodeToString(b[:])}
	for p := range o.Deliverers {
		sc.platforms = append(sc.platforms, p)
	}
	sort.Strings(sc.platforms)
	return sc
}

// Run delivers due reminders until ctx ends. A store error is logged and
// retried at the next interval.
func (sc *Scheduler) Run(ctx context.Context) error {
	t := time.NewTicker(sc.o.Interval)
	defer t.Stop()
	for {
		if _, err := sc.Tick(ctx); err != nil && ctx.Err() == nil {
			sc.svc.log.Warn("reminders: delivery round failed", slog.String("err", err.Error()))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Tick claims and handles every reminder due now; it returns how many
// messages were sent.
func (sc *Scheduler) Tick(ctx context.Context) (int, error) {
	if len(sc.platforms) == 0 {
		return 0, nil
	}
	sent := 0
	for ctx.Err() == nil {
		now := sc.svc.now()
		token := sc.id + "-" + strconv.FormatInt(sc.seq.Add(1), 36)
		due, err := sc.svc.store.ClaimDue(ctx, sc.platforms, now, now.Add(sc.o.Lease), token, sc.o.Batch)
		if err != nil {
			return sent, fmt.Errorf("remind: claim: %w", err)
		}
		for i, r := range due {
			if sc.svc.now().Sub(now) > sc.o.Lease-sc.o.SendTimeout {
				// Slow sends: the rest of the lease is too short to send
				// safely, so leave them to be claimed again when it ends
				// rather than risk another replica sending them too.
				sc.svc.log.Warn("reminders: slow delivery round, deferring the rest", slog.Int("deferred", len(due)-i))
				return sent, nil
			}
			o, ok := sc.handle(ctx, r, now)
			if ok {
				sent++
			}
			if _, err := sc.svc.store.Finish(ctx, o); err != nil {
				return sent, fmt.Errorf("remind: finish: %w", err)
			}
		}
		if len(due) < sc.o.Batch {
			break
		}
	}
	if now := sc.svc.now(); now.Sub(sc.lastPrune) > time.Hour {
		sc.lastPrune = now
		if err := sc.svc.store.PruneReminders(ctx, now.Add(-24*time.Hour)); err != nil {
			return sent, fmt.Errorf("remind: prune: %w", err)
		}
	}
	return sent, ctx.Err()
}

// handle sends one claimed reminder and says what to record; sent is
// true when a message went out.
func (sc *Scheduler) handle(ctx context.Context, r Reminder, now time.Time) (o Outcome, sent bool) {
	o = Outcome{ID: r.ID, Claim: r.Claim, Status: Active, Due: r.Due, FeedAt: r.FeedAt, Attempts: r.Attempts}
	if r.Kind == Nudge {
		return sc.nudge(ctx, r, now, o)
	}
	if err := sc.deliver(ctx, r, sc.svc.rules.reminderReply(r, now)); err != nil {
		return sc.failed(r, now, o), false
	}
	o.Delivered, o.Attempts = now, 0
	if r.Kind == Daily {
		o.Due = nextDaily(r, sc.svc.rules.location(r.Zone), now)
		return o, true
	}
	o.Status = Done
	return o, true
}

// nudge sends a next-feed nudge when Every has passed since the last
// feed, outside quiet hours; otherwise it moves the nudge on.
func (sc *Scheduler) nudge(ctx context.Context, r Reminder, now time.Time, o Outcome) (Outcome, bool) {
	if sc.o.LastFeed == nil {
		o.Due = now.Add(r.Every)
		return o, false
	}
	f, ok, err := sc.o.LastFeed(ctx, r.User)
	switch {
	case err != nil:
		sc.svc.log.Warn("reminders: last feed unreadable", slog.String("err", err.Error()))
		o.Due = now.Add(time.Minute)
		return o, false
	case !ok:
		o.Due = now.Add(r.Every)
		return o, false
	case f.At.Add(r.Every).After(now):
		// A feed was logged since: the nudge waits for Every after it.
		o.Due = f.At.Add(r.Every)
		return o, false
	case f.At.Equal(r.FeedAt):
		// Already nudged about this feed: look again later.
		o.Due = now.Add(r.Every)
		return o, false
	}
	q, err := sc.svc.store.Quiet(ctx, r.User)
	if err != nil {
		o.Due = now.Add(time.Minute)
		return o, false
	}
	if local := now.In(sc.svc.rules.location(r.Zone)); q.Holds(local) {
		o.Due = q.End(local).UTC()
		return o, false
	}
	if err := sc.deliver(ctx, r, sc.svc.rules.nudgeReply(r, f, now)); err != nil {
		return sc.failed(r, now, o), false
	}
	o.Delivered, o.FeedAt, o.Attempts = now, f.At, 0
	o.Due = now.Add(r.Every)
	return o, true
}

func (sc *Scheduler) deliver(ctx context.Context, r Reminder, rep chat.Reply) error {
	d := sc.o.Deliverers[r.User.Platform]
	if d == nil {
		return errors.New("remind: no deliverer")
	}
	ctx, cancel := context.WithTimeout(ctx, sc.o.SendTimeout)
	defer cancel()
	return d.Deliver(ctx, r.User.ID, rep)
}

// failed retries a delivery later with backoff, and gives up after
// maxAttempts (a nudge keeps its schedule).
func (sc *Scheduler) failed(r Reminder, now time.Time, o Outcome) Outcome {
	o.Attempts = r.Attempts + 1
	sc.svc.log.Info("reminders: delivery failed", slog.Int("attempt", o.Attempts), slog.String("platform", r.User.Platform))
	if o.Attempts >= maxAttempts {
		o.Attempts = 0
		switch r.Kind {
		case Once:
			o.Status = Failed
		case Daily:
			o.Due = nextDaily(r, sc.svc.rules.location(r.Zone), now)
		default:
			o.Due = now.Add(r.Every)
		}
		return o
	}
	o.Due = now.Add(time.Duration(1<<o.Attempts) * 30 * time.Second)
	return o
}

// nextDaily is the next time of a daily reminder's clock after now, in
// its zone (DST-safe: the wall clock stays the same).
func nextDaily(r Reminder, loc *time.Location, now time.Time) time.Time {
	l := now.In(loc)
	y, m, d := l.Date()
	t := time.Date(y, m, d, r.Clock/60, r.Clock%60, 0, 0, loc)
	if !t.After(l) {
		t = time.Date(y, m, d+1, r.Clock/60, r.Clock%60, 0, 0, loc)
	}
	return t.UTC()
}

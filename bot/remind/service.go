package remind

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Options configure a Service.
type Options struct {
	// Rules: the embedded rules when nil.
	Rules  *Rules
	Now    func() time.Time
	Logger *slog.Logger
}

// Service sets, lists, snoozes and cancels reminders for the engine's
// commands, with the per-user cap and rate limit. It is safe for
// concurrent use.
type Service struct {
	store Store
	rules *Rules
	now   func() time.Time
	log   *slog.Logger
	rate  *rateLimit
}

// New returns a Service over store.
func New(store Store, opts Options) (*Service, error) {
	if store == nil {
		return nil, errors.New("remind: new: no store")
	}
	if opts.Rules == nil {
		r, err := DefaultRules()
		if err != nil {
			return nil, err
		}
		opts.Rules = r
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{store: store, rules: opts.Rules, now: opts.Now, log: opts.Logger,
		rate: &rateLimit{per: opts.Rules.PerHour, seen: map[User][]time.Time{}}}, nil
}

// Rules returns the service's rules.
func (s *Service) Rules() *Rules { return s.rules }

// Now returns the service's clock reading.
func (s *Service) Now() time.Time { return s.now() }

// Set parses text (the request without "/remind") in zone and stores the
// reminder: Active, or Asking when the time should be confirmed first.
func (s *Service) Set(ctx context.Context, u User, text, zone string) (Reminder, error) {
	return s.SetFrom(ctx, u, "", text, zone)
}

// SetFrom is Set for the message src ("platform/chat/id"): a redelivered
// message returns the reminder it set the first time.
func (s *Service) SetFrom(ctx context.Context, u User, src, text, zone string) (Reminder, error) {
	now := s.now().In(s.rules.location(zone))
	req, err := s.rules.Parse(text, now)
	if err != nil {
		return Reminder{}, err
	}
	if !s.rate.allow(u, now) {
		return Reminder{}, refuse("You've set a lot of reminders in the last hour. Please wait a little before setting more.")
	}
	r := Reminder{User: u, Kind: req.Kind, Text: req.Text, Status: Active, Due: req.Due.UTC(), Zone: zone, Clock: req.Clock, Created: now.UTC(), Src: src}
	if req.Ask {
		r.Status = Asking
	}
	r, err = s.store.AddReminder(ctx, r, s.rules.MaxActive)
	if errors.Is(err, ErrFull) {
		return Reminder{}, s.fullError()
	}
	if err != nil {
		return Reminder{}, fmt.Errorf("remind: set: %w", err)
	}
	return r, nil
}

func (s *Service) fullError() error {
	return refuse("You have %d reminders set, the most I keep. Cancel one in /reminders first.", s.rules.MaxActive)
}

// List returns the user's reminders and nudge, soonest first.
func (s *Service) List(ctx context.Context, u User) ([]Reminder, error) {
	rs, err := s.store.Reminders(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("remind: list: %w", err)
	}
	return rs, nil
}

// Get returns one of the user's reminders.
func (s *Service) Get(ctx context.Context, u User, id int64) (Reminder, bool, error) {
	r, ok, err := s.store.Reminder(ctx, u, id)
	if err != nil {
		return Reminder{}, false, fmt.Errorf("remind: get: %w", err)
	}
	return r, ok, nil
}

// Confirm schedules a reminder that was waiting for confirmation.
func (s *Service) Confirm(ctx context.Context, u User, id int64) (Reminder, bool, error) {
	r, ok, err := s.Get(ctx, u, id)
	if err != nil || !ok || r.Status != Asking {
		return r, false, err
	}
	ok, err = s.store.Reschedule(ctx, u, id, r.Due, s.rules.MaxActive)
	if errors.Is(err, ErrFull) {
		return r, false, s.fullError()
	}
	if err != nil {
		return r, false, fmt.Errorf("remind: confirm: %w", err)
	}
	r.Status = Active
	return r, ok, nil
}

// Snooze delivers the reminder id again after the snooze time. A daily
// reminder or a nudge keeps its schedule and gets a one-off copy.
func (s *Service) Snooze(ctx context.Context, u User, id int64) (Reminder, bool, error) {
	r, ok, err := s.Get(ctx, u, id)
	if err != nil || !ok {
		return r, false, err
	}
	due := s.now().Add(s.rules.Snooze).UTC()
	if r.Kind == Once {
		ok, err = s.store.Reschedule(ctx, u, id, due, s.rules.MaxActive)
		r.Due, r.Status = due, Active
	} else {
		text := r.Text
		if r.Kind == Nudge {
			text = "next feed"
		}
		r, err = s.store.AddReminder(ctx, Reminder{User: u, Kind: Once, Text: text, Status: Active, Due: due, Zone: r.Zone, Created: s.now().UTC()}, s.rules.MaxActive)
		ok = err == nil
	}
	if errors.Is(err, ErrFull) {
		return r, false, s.fullError()
	}
	if err != nil {
		return r, false, fmt.Errorf("remind: snooze: %w", err)
	}
	return r, ok, nil
}

// Done acknowledges a delivered reminder: a one-off reminder is deleted
// with its text (also if it was snoozed again); a daily one and a nudge
// carry on.
func (s *Service) Done(ctx context.Context, u User, id int64) (Reminder, bool, error) {
	r, ok, err := s.Get(ctx, u, id)
	if err != nil || !ok {
		return r, false, err
	}
	if r.Kind == Once {
		if _, err := s.store.DeleteReminder(ctx, u, id); err != nil {
			return r, false, fmt.Errorf("remind: done: %w", err)
		}
	}
	return r, true, nil
}

// Cancel deletes the user's reminder id.
func (s *Service) Cancel(ctx context.Context, u User, id int64) (bool, error) {
	ok, err := s.store.DeleteReminder(ctx, u, id)
	if err != nil {
		return false, fmt.Errorf("remind: cancel: %w", err)
	}
	return ok, nil
}

// CancelAll deletes all the user's reminders (not the nudge).
func (s *Service) CancelAll(ctx context.Context, u User) (int, error) {
	n, err := s.store.DeleteReminders(ctx, u)
	if err != nil {
		return 0, fmt.Errorf("remind: cancel all: %w", err)
	}
	return n, nil
}

// SetNudge turns next-feed nudges on every interval (0: off).
func (s *Service) SetNudge(ctx context.Context, u User, every time.Duration, zone string) error {
	if every != 0 && (every < s.rules.NudgeMin || every > s.rules.NudgeMax) {
		return refuse("Nudges can be set from %s to %s after a feed, for example /nudge on 3h.", Human(s.rules.NudgeMin), Human(s.rules.NudgeMax))
	}
	now := s.now().UTC()
	r := Reminder{User: u, Kind: Nudge, Status: Active, Every: every, Due: now.Add(every), Zone: zone, Created: now}
	if err := s.store.SetNudge(ctx, u, r); err != nil {
		return fmt.Errorf("remind: nudge: %w", err)
	}
	return nil
}

// SetQuiet sets the user's quiet hours.
func (s *Service) SetQuiet(ctx context.Context, u User, q Quiet) error {
	if err := s.store.SetQuiet(ctx, u, q); err != nil {
		return fmt.Errorf("remind: quiet: %w", err)
	}
	return nil
}

// Quiet returns the user's quiet hours.
func (s *Service) Quiet(ctx context.Context, u User) (Quiet, error) {
	q, err := s.store.Quiet(ctx, u)
	if err != nil {
		return Quiet{}, fmt.Errorf("remind: quiet: %w", err)
	}
	return q, nil
}

// rateLimit allows per reminders per user per hour.
type rateLimit struct {
	per  int
	mu   sync.Mutex
	seen map[User][]time.Time
}

func (l *rateLimit) allow(u User, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.seen) > 10000 {
		for k, ts := range l.seen {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) > time.Hour {
				delete(l.seen, k)
			}
		}
	}
	ts := l.seen[u]
	for len(ts) > 0 && now.Sub(ts[0]) >= time.Hour {
		ts = ts[1:]
	}
	if len(ts) >= l.per {
		l.seen[u] = ts
		return false
	}
	l.seen[u] = append(ts, now)
	return true
}

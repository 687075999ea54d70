// Package remind is Nursling's reminders and next-feed nudges: it reads a
// parent's phrasing ("remind me to feed in 2.5 hours", "/remind 3h next
// feed", "every day at 9am"), computes when they fall due in the
// household's time zone, keeps them in a Store, and delivers each exactly
// once through a Deliverer that sends a private message (never to a
// group). Nudges ("it's been 3 h since the last feed") are off by default,
// are moved on by every feed logged and held by quiet hours. The limits
// (how far ahead, when to ask first, how many, how often) are data, in
// rules.json.
//
// The scheduler is a loop over the store, not a job library: one
// conditional UPDATE claims due reminders with a lease (so with several
// replicas only one delivers each), the message is sent, and a second
// UPDATE marks it delivered. A restart finds what fell due while the
// process was down and delivers it once, marked late.
package remind

import (
	"context"
	"errors"
	"time"

	"nursling/bot/chat"
)

// User is a person on one platform; reminders go to them privately.
type User struct {
	Platform string
	ID       string
}

// Kind of reminder.
type Kind string

const (
	// Once fires at Due and is done.
	Once Kind = "once"
	// Daily fires every day at Clock (minutes after midnight in Zone).
	Daily Kind = "daily"
	// Nudge fires Every after the last feed logged, outside quiet hours.
	Nudge Kind = "nudge"
)

// Status of a reminder.
type Status string

const (
	// Asking waits for the parent to confirm an odd time ("in 30 hours").
	Asking Status = "asking"
	// Active is scheduled.
	Active Status = "active"
	// Done was delivered (a Once reminder) or pressed Done.
	Done Status = "done"
	// Failed could not be delivered after every retry.
	Failed Status = "failed"
)

// Reminder is one scheduled message.
type Reminder struct {
	ID   int64
	User User
	Kind Kind
	// Text is the parent's own words ("next feed"); "" for a nudge. It is
	// kept only for this reminder.
	Text   string
	Status Status
	Due    time.Time
	// Zone is the IANA time zone the times are shown (and Daily computed)
	// in; "" means UTC.
	Zone string
	// Clock is a Daily reminder's time of day, in minutes after midnight.
	Clock int
	// Every is a nudge's interval since the last feed.
	Every time.Duration
	// FeedAt is the feed a nudge was last sent about.
	FeedAt time.Time
	// Attempts counts failed deliveries.
	Attempts int
	Created  time.Time
	// Src identifies the message that set it; a second AddReminder with
	// the same Src returns the first reminder. "" for none.
	Src string
	// Claim is the token of the scheduler run that claimed it (set by
	// ClaimDue).
	Claim string
}

// Outcome is what the scheduler did with a claimed reminder.
type Outcome struct {
	ID    int64
	Claim string
	// Status: Active (rescheduled to Due), Done or Failed.
	Status   Status
	Due      time.Time
	FeedAt   time.Time
	Attempts int
	// Delivered is when the message was sent; zero when it was not.
	Delivered time.Time
}

// Quiet hours, in minutes after midnight in the user's zone. From == To
// means none.
type Quiet struct {
	From, To int
}

// Store keeps reminders. Implementations must be safe for concurrent use
// and ClaimDue must be atomic: two callers (two replicas) never claim the
// same reminder while a lease holds. Every method that takes a User reads
// or writes only that user's reminders.
type Store interface {
	// AddReminder stores r and returns it with its ID; when r.Src was
	// stored already it returns that reminder instead. It returns ErrFull
	// when r is Active and the user already has maxActive active
	// reminders (nudges not counted).
	AddReminder(ctx context.Context, r Reminder, maxActive int) (Reminder, error)
	// Reminders returns the user's Asking and Active reminders, soonest
	// first.
	Reminders(ctx context.Context, u User) ([]Reminder, error)
	// Reminder returns one of the user's reminders in any status.
	Reminder(ctx context.Context, u User, id int64) (Reminder, bool, error)
	// Reschedule makes the user's reminder id Active at due (a snooze, a
	// confirmation). It returns ErrFull as AddReminder does when it was
	// not Active before.
	Reschedule(ctx context.Context, u User, id int64, due time.Time, maxActive int) (bool, error)
	// DeleteReminder removes the user's reminder id.
	DeleteReminder(ctx context.Context, u User, id int64) (bool, error)
	// DeleteReminders removes all the user's Once and Daily reminders and
	// returns how many were scheduled.
	DeleteReminders(ctx context.Context, u User) (int, error)
	// SetNudge replaces the user's nudge with r (r.Kind == Nudge); a zero
	// r.Every deletes it.
	SetNudge(ctx context.Context, u User, r Reminder) error
	// Quiet returns the user's quiet hours (zero when none).
	Quiet(ctx context.Context, u User) (Quiet, error)
	SetQuiet(ctx context.Context, u User, q Quiet) error

	// ClaimDue claims up to limit Active reminders of the platforms that
	// are due at now and not claimed by a lease still running, leasing
	// them until until under token.
	ClaimDue(ctx context.Context, platforms []string, now, until time.Time, token string, limit int) ([]Reminder, error)
	// Finish records an outcome; it does nothing (false) unless the
	// reminder is still claimed under o.Claim.
	Finish(ctx context.Context, o Outcome) (bool, error)
	// PruneReminders deletes Done and Failed reminders delivered before
	// t, with their text.
	PruneReminders(ctx context.Context, before time.Time) error
}

// Deliverer sends a reply to the user privately (a Telegram private chat,
// a Discord DM, the terminal). user is the platform's user id. It must
// never send to a group or channel.
type Deliverer interface {
	Deliver(ctx context.Context, user string, r chat.Reply) error
}

// DelivererFunc adapts a function to a Deliverer.
type DelivererFunc func(ctx context.Context, user string, r chat.Reply) error

// Deliver calls f.
func (f DelivererFunc) Deliver(ctx context.Context, user string, r chat.Reply) error {
	return f(ctx, user, r)
}

// FeedInfo is the last feed of the user's household, for a nudge.
type FeedInfo struct {
	At time.Time
	// Side is the breast side(s) of the last feed ("left"), "" for a
	// bottle; Next the suggested next side, "" when there is none.
	Side, Next string
}

// LastFeed returns the user's household's last feed; ok is false when
// none is logged.
type LastFeed func(ctx context.Context, u User) (f FeedInfo, ok bool, err error)

// ErrFull is returned when a user has as many active reminders as allowed.
var ErrFull = errors.New("remind: too many active reminders")

// location loads zone, UTC when empty or unknown. Loaded zones are kept
// with the rules: a delivery round may show thousands of times.
func (r *Rules) location(zone string) *time.Location {
	if zone == "" {
		return time.UTC
	}
	if l, ok := r.zones.Load(zone); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(zone)
	if err != nil {
		return time.UTC
	}
	r.zones.Store(zone, l)
	return l
}

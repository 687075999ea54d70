package bot

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"nursling/bot/feedlog"
	"nursling/bot/remind"
)

// reminders connects the engine to package remind: the commands /remind,
// /reminders, /nudge and /quiet, "remind me ..." messages, and the rem:
// buttons. It is nil when the store keeps no reminders.
type reminders struct {
	svc   *remind.Service
	store Store
	zone  string // for households without /tz
}

// Words the reminder commands say often.
const (
	msgNoReminders  = "Reminders need the feed log's database, which isn't turned on for this Nursling."
	msgRemindFailed = "I couldn't save that reminder just now — please try again."
	msgRemindGone   = "That reminder is no longer there: it was done or cancelled already."
	msgNudgeIntro   = "Babies feed on cue, not by the clock: follow your baby, and use this only as a memory aid."
)

// newReminders returns the engine's reminders when the store keeps them.
func newReminders(opts Options) *reminders {
	rs, ok := opts.Store.(remind.Store)
	if !ok || opts.Store == nil {
		return nil
	}
	svc, err := remind.New(rs, remind.Options{Now: opts.Now, Logger: opts.Logger})
	if err != nil {
		opts.Logger.Error("reminders are off", slog.String("err", err.Error()))
		return nil
	}
	zone := opts.FeedLog.TimeZone
	if _, err := time.LoadLocation(zone); zone == "" || err != nil {
		zone = "Local"
	}
	return &reminders{svc: svc, store: opts.Store, zone: zone}
}

func remindUser(m Message) remind.User {
	return remind.User{Platform: string(m.Platform), ID: m.UserID}
}

// zoneOf is the household's time zone name.
func (rm *reminders) zoneOf(ctx context.Context, m Message) string {
	h, err := rm.store.Household(ctx, feedlog.User{Platform: string(m.Platform), ID: m.UserID})
	if err == nil && h.TimeZone != "" {
		return h.TimeZone
	}
	return rm.zone
}

func (rm *reminders) loc(zone string) *time.Location {
	if l, err := time.LoadLocation(zone); err == nil {
		return l
	}
	return time.UTC
}

// remindCommands are listed in /help and the platform menus.
func remindCommands() []CommandInfo {
	return []CommandInfo{
		{Name: "remind", Args: "3h next feed | at 14:30 pump | off", Description: "Set a reminder, sent to you privately", Log: true},
		{Name: "reminders", Description: "Your reminders, to cancel or snooze", Log: true},
		{Name: "nudge", Args: "on 3h | off", Description: "A gentle nudge when no feed is logged for a while", Log: true},
		{Name: "quiet", Args: "23:00-06:00 | off", Description: "Quiet hours: no nudges then", Log: true},
	}
}

// remindCommand handles the reminder commands; ok is false for others.
func (e *Engine) remindCommand(ctx context.Context, m Message, cmd, args string) (Reply, bool, error) {
	switch cmd {
	case "remind", "reminders", "nudge", "quiet":
	default:
		return Reply{}, false, nil
	}
	if e.rem == nil {
		return privateText(msgNoReminders), true, nil
	}
	var r Reply
	var err error
	switch cmd {
	case "remind":
		r, err = e.rem.set(ctx, m, args)
	case "reminders":
		r, err = e.rem.list(ctx, m)
	case "nudge":
		r, err = e.rem.nudge(ctx, m, args)
	case "quiet":
		r, err = e.rem.quiet(ctx, m, args)
	}
	r.Visibility = Private
	return r, true, err
}

// remindText handles "remind me to feed in 2 hours". It runs after the
// red-flag detector (route), so a message with a red flag never gets here:
// the urgent part is answered first.
func (e *Engine) remindText(ctx context.Context, m Message) (Reply, bool, error) {
	low := strings.ToLower(m.Text)
	if !strings.HasPrefix(low, "remind me") && !strings.HasPrefix(low, "please remind me") && !strings.HasPrefix(low, "can you remind me") {
		return Reply{}, false, nil
	}
	if e.rem == nil {
		return privateText(msgNoReminders), true, nil
	}
	// "remind me how long milk keeps" gives no time and no "to ...": a
	// question. "remind me to feed" is a reminder still missing its time.
	var pe *remind.PhraseError
	if _, err := e.rem.svc.Rules().Parse(m.Text, e.now()); errors.As(err, &pe) && pe.NoTime {
		_, rest, _ := strings.Cut(low, "remind me")
		if rest = strings.TrimSpace(rest); !strings.HasPrefix(rest, "to ") && !strings.HasPrefix(rest, "about ") {
			return Reply{}, false, nil
		}
	}
	r, err := e.rem.set(ctx, m, m.Text)
	r.Visibility = Private
	return r, true, err
}

// remindAction handles the rem: buttons; ok is false for others.
func (e *Engine) remindAction(ctx context.Context, m Message) (Reply, bool, error) {
	rest, ok := strings.CutPrefix(m.Action, "rem:")
	if !ok {
		return Reply{}, false, nil
	}
	if e.rem == nil {
		return privateText(msgNoReminders), true, nil
	}
	verb, idText, _ := strings.Cut(rest, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return privateText("That button has expired. Send /reminders to see your reminders."), true, nil
	}
	r, err := e.rem.action(ctx, m, verb, id)
	r.Visibility = Private
	return r, true, err
}

// lastFeed is the household's last feed, for nudges.
func (rm *reminders) lastFeed(ctx context.Context, u remind.User) (remind.FeedInfo, bool, error) {
	es, err := rm.store.Entries(ctx, feedlog.User{Platform: u.Platform, ID: u.ID}, feedlog.Query{Kind: feedlog.Feed, Limit: 20})
	if err != nil {
		return remind.FeedInfo{}, false, err
	}
	l := feedlog.Last(es)
	if !l.HasFeed {
		return remind.FeedInfo{}, false, nil
	}
	f := remind.FeedInfo{At: l.Feed.Start}
	if l.Feed.Method == feedlog.Breast && l.Feed.Side != feedlog.NoSide {
		f.Side = string(l.Feed.Side)
	}
	if l.NextSide == feedlog.Left || l.NextSide == feedlog.Right {
		f.Next = string(l.NextSide)
	}
	return f, true, nil
}

// Deliverer sends a reminder privately on one platform (see
// remind.Deliverer); the adapters implement it.
type Deliverer = remind.Deliverer

// RunReminders delivers due reminders through the adapters until ctx
// ends. It returns at once when the store keeps no reminders.
func (e *Engine) RunReminders(ctx context.Context, ds map[Platform]Deliverer) error {
	sc := e.ReminderScheduler(ds)
	if sc == nil {
		return nil
	}
	return sc.Run(ctx)
}

// ReminderScheduler returns the scheduler RunReminders runs (nil when
// reminders are off), for tests and benchmarks that drive it by Tick.
func (e *Engine) ReminderScheduler(ds map[Platform]Deliverer) *remind.Scheduler {
	if e.rem == nil {
		return nil
	}
	m := map[string]remind.Deliverer{}
	for p, d := range ds {
		if d != nil {
			m[string(p)] = d
		}
	}
	return e.rem.svc.NewScheduler(remind.SchedulerOptions{Deliverers: m, LastFeed: e.rem.lastFeed})
}

func privateText(s string) Reply {
	r := textReply(s)
	r.Visibility = Private
	return r
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

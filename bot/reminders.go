package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"nursling/bot/feedlog"
	"nursling/bot/redflag"
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

// remindText handles "remind me to feed in 2 hours". A message with a red
// flag is left to the guide, which answers the urgent part first.
func (e *Engine) remindText(ctx context.Context, m Message) (Reply, bool, error) {
	low := strings.ToLower(m.Text)
	if !strings.HasPrefix(low, "remind me") && !strings.HasPrefix(low, "please remind me") && !strings.HasPrefix(low, "can you remind me") {
		return Reply{}, false, nil
	}
	if e.redFlags.Detect(m.Text).Tier != redflag.NoFlag {
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

// set sets a reminder from the parent's words.
func (rm *reminders) set(ctx context.Context, m Message, text string) (Reply, error) {
	u := remindUser(m)
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "":
		return textReply("Tell me when and what, for example: /remind 3h next feed, /remind at 14:30 pump, or \"remind me to take my vitamin every day at 9am\". /reminders lists them; /remind off stops them all."), nil
	case "off", "stop", "cancel", "none":
		n, err := rm.svc.CancelAll(ctx, u)
		if err != nil {
			return Reply{}, UserWrap(msgRemindFailed, err)
		}
		return textReply(fmt.Sprintf("Done: %s cancelled. Next-feed nudges, if on, carry on until /nudge off.", plural(n, "reminder"))), nil
	}
	zone := rm.zoneOf(ctx, m)
	src := ""
	if m.ID != "" {
		src = string(m.Platform) + "/" + m.ChatID + "/" + m.ID
	}
	rem, err := rm.svc.SetFrom(ctx, u, src, text, zone)
	var pe *remind.PhraseError
	if errors.As(err, &pe) {
		return textReply(pe.Public), nil
	}
	if err != nil {
		return Reply{}, UserWrap(msgRemindFailed, err)
	}
	return rm.setReply(rem, m), nil
}

func (rm *reminders) setReply(rem remind.Reminder, m Message) Reply {
	now := rm.svc.Now()
	loc := rm.loc(rem.Zone)
	when := remind.Clock(rem.Due, loc, now)
	what := ""
	if rem.Text != "" {
		what = ": " + rem.Text
	}
	id := strconv.FormatInt(rem.ID, 10)
	if rem.Status == remind.Asking {
		r := textReply(fmt.Sprintf("That's %s from now, %s. Shall I set it?", remind.Human(rem.Due.Sub(now)), when))
		r.Buttons = []Button{{Label: "Yes, set it", Data: "rem:ok:" + id}, {Label: "No", Data: "rem:cancel:" + id}}
		return r
	}
	var s string
	if rem.Kind == remind.Daily {
		s = fmt.Sprintf("OK, every day at %s%s. The first is %s.", rem.Due.In(loc).Format("15:04"), what, when)
	} else {
		s = fmt.Sprintf("OK, I'll remind you at %s (in %s)%s.", when, remind.Human(rem.Due.Sub(now).Round(time.Minute)), what)
	}
	if m.Group {
		s += " I'll send it to you privately, never in the group."
	}
	r := textReply(s)
	r.Buttons = []Button{{Label: "Cancel it", Data: "rem:cancel:" + id}}
	return r
}

// list shows the user's reminders, nudge and quiet hours.
func (rm *reminders) list(ctx context.Context, m Message) (Reply, error) {
	u := remindUser(m)
	rs, err := rm.svc.List(ctx, u)
	if err != nil {
		return Reply{}, UserWrap("I couldn't read your reminders just now — please try again.", err)
	}
	q, err := rm.svc.Quiet(ctx, u)
	if err != nil {
		return Reply{}, UserWrap("I couldn't read your reminders just now — please try again.", err)
	}
	now := rm.svc.Now()
	var items []string
	var buttons []Button
	nudge := "Next-feed nudges: off (/nudge on 3h)."
	for _, r := range rs {
		when := remind.Clock(r.Due, rm.loc(r.Zone), now)
		id := strconv.FormatInt(r.ID, 10)
		switch {
		case r.Kind == remind.Nudge:
			nudge = fmt.Sprintf("Next-feed nudges: %s after a feed (/nudge off).", remind.Human(r.Every))
			continue
		case r.Status == remind.Asking:
			when += " (waiting for your yes)"
		case r.Kind == remind.Daily:
			when = "every day " + r.Due.In(rm.loc(r.Zone)).Format("15:04")
		}
		text := r.Text
		if text == "" {
			text = "reminder"
		}
		items = append(items, when+": "+text)
		if len(buttons) < 20 {
			buttons = append(buttons, Button{Label: "Cancel " + when, Data: "rem:cancel:" + id}, Button{Label: "Snooze " + when, Data: "rem:snooze:" + id})
		}
	}
	if q.On() {
		nudge += " Quiet hours: " + q.String() + "."
	}
	if len(items) == 0 {
		return Reply{Blocks: []Block{{Kind: Text, Text: "No reminders set. For example: /remind 3h next feed."}, {Kind: Footnote, Text: nudge}}}, nil
	}
	return Reply{Blocks: []Block{
		{Kind: List, Title: "Your reminders", Items: items},
		{Kind: Footnote, Text: nudge + " /remind off cancels all reminders."},
	}, Buttons: buttons}, nil
}

// nudge turns next-feed nudges on or off.
func (rm *reminders) nudge(ctx context.Context, m Message, args string) (Reply, error) {
	u := remindUser(m)
	a := strings.ToLower(strings.TrimSpace(args))
	if a == "off" || a == "stop" {
		if err := rm.svc.SetNudge(ctx, u, 0, ""); err != nil {
			return Reply{}, UserWrap(msgRemindFailed, err)
		}
		return textReply("Next-feed nudges are off."), nil
	}
	a = strings.TrimSpace(strings.TrimPrefix(a, "on"))
	if a == "" {
		return textReply("Say after how long, for example /nudge on 3h. " + msgNudgeIntro + " /nudge off stops them."), nil
	}
	every, err := feedlog.ParseDuration(a)
	if err != nil {
		return textReply("I couldn't read that. For example: /nudge on 3h, or /nudge off."), nil
	}
	err = rm.svc.SetNudge(ctx, u, every, rm.zoneOf(ctx, m))
	var pe *remind.PhraseError
	if errors.As(err, &pe) {
		return textReply(pe.Public), nil
	}
	if err != nil {
		return Reply{}, UserWrap(msgRemindFailed, err)
	}
	return Reply{Blocks: []Block{
		{Kind: Text, Text: fmt.Sprintf("OK: when no feed is logged for %s, I'll send you a gentle nudge, privately. The next feed you log moves it on.", remind.Human(every))},
		{Kind: Footnote, Text: msgNudgeIntro + " /quiet 23:00-06:00 holds nudges overnight; /nudge off stops them."},
	}}, nil
}

// quiet sets quiet hours.
func (rm *reminders) quiet(ctx context.Context, m Message, args string) (Reply, error) {
	u := remindUser(m)
	if strings.TrimSpace(args) == "" {
		q, err := rm.svc.Quiet(ctx, u)
		if err != nil {
			return Reply{}, UserWrap(msgRemindFailed, err)
		}
		return textReply("Quiet hours: " + q.String() + ". Set them with, for example, /quiet 23:00-06:00; no nudge is sent then (reminders you set still are)."), nil
	}
	q, err := remind.ParseQuiet(args)
	var pe *remind.PhraseError
	if errors.As(err, &pe) {
		return textReply(pe.Public), nil
	}
	if err := rm.svc.SetQuiet(ctx, u, q); err != nil {
		return Reply{}, UserWrap(msgRemindFailed, err)
	}
	if !q.On() {
		return textReply("Quiet hours are off."), nil
	}
	return textReply("Quiet hours set: " + q.String() + ". Nudges wait until they end; reminders you set yourself still arrive."), nil
}

// action handles a pressed reminder button.
func (rm *reminders) action(ctx context.Context, m Message, verb string, id int64) (Reply, error) {
	u := remindUser(m)
	now := rm.svc.Now()
	switch verb {
	case "done", "log":
		r, ok, err := rm.svc.Done(ctx, u, id)
		if err != nil {
			return Reply{}, UserWrap(msgRemindFailed, err)
		}
		if verb == "log" {
			return textReply("Tell me about the feed the way you'd write it, for example \"left 15\", \"right 10 at 14:30\" or \"bottle 90ml\"."), nil
		}
		if ok && r.Kind == remind.Daily {
			return textReply("Done for today; the next is tomorrow at " + r.Due.In(rm.loc(r.Zone)).Format("15:04") + "."), nil
		}
		return textReply("👍 Done."), nil
	case "snooze":
		r, ok, err := rm.svc.Snooze(ctx, u, id)
		var pe *remind.PhraseError
		if errors.As(err, &pe) {
			return textReply(pe.Public), nil
		}
		if err != nil {
			return Reply{}, UserWrap(msgRemindFailed, err)
		}
		if !ok {
			return textReply(msgRemindGone), nil
		}
		return textReply("OK, I'll remind you again at " + remind.Clock(r.Due, rm.loc(r.Zone), now) + "."), nil
	case "cancel":
		ok, err := rm.svc.Cancel(ctx, u, id)
		if err != nil {
			return Reply{}, UserWrap(msgRemindFailed, err)
		}
		if !ok {
			return textReply(msgRemindGone), nil
		}
		return textReply("Cancelled."), nil
	case "ok":
		r, ok, err := rm.svc.Confirm(ctx, u, id)
		var pe *remind.PhraseError
		if errors.As(err, &pe) {
			return textReply(pe.Public), nil
		}
		if err != nil {
			return Reply{}, UserWrap(msgRemindFailed, err)
		}
		if !ok {
			return textReply(msgRemindGone), nil
		}
		return rm.setReply(r, m), nil
	}
	return textReply("That button has expired. Send /reminders to see your reminders."), nil
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

package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"nursling/bot/feedlog"
	"nursling/bot/remind"
)

// The replies of /remind, /reminders, /nudge, /quiet and the rem: buttons.

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

package logbook

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"nursling/bot/feedlog"
)

// timerCommand handles "/timer left|right [baby]": start a timer, or
// switch sides when one is running for that baby.
func (e *Book) timerCommand(ctx context.Context, m Message, args string) (Reply, error) {
	u := userOf(m)
	h, err := e.store.Household(ctx, u)
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	loc := e.feed.location(h)
	p := feedlog.Parse("start "+args, feedlog.ParseContext{Now: e.msgTime(m).In(loc), Babies: babyNames(h)})
	if p.Action != feedlog.TimerStart || p.Problem != "" || p.Status != feedlog.Sure {
		return Reply{}, Userf("Say which side: /timer left or /timer right.")
	}
	return e.timerStart(ctx, m, h, loc, p.Entry.Side, p.Baby, p.Entry.Start)
}

// stopCommand handles /stop [baby] (and "stop", "done" typed). ok is false
// for typed text when no timer runs, so the words go to the guide.
func (e *Book) stopCommand(ctx context.Context, m Message, args string, command bool) (Reply, bool, error) {
	u := userOf(m)
	h, err := e.store.Household(ctx, u)
	if err != nil {
		return Reply{}, true, UserWrap(msgReadFailed, err)
	}
	loc := e.feed.location(h)
	baby := ""
	if args != "" {
		b, ok := h.BabyByName(args)
		if !ok {
			return Reply{}, true, Userf("I don't know that baby here. /baby lists your babies.")
		}
		baby = b.Name
	}
	return e.timerStop(ctx, m, h, loc, baby, command)
}

// timerBaby picks the baby a timer is for: the one named, the only one,
// or none when the household has no babies.
func timerBaby(h feedlog.Household, name string) (int64, error) {
	if name != "" {
		b, ok := h.BabyByName(name)
		if !ok {
			return 0, Userf("I don't know that baby here. /baby lists your babies.")
		}
		return b.ID, nil
	}
	switch len(h.Babies) {
	case 0:
		return 0, nil
	case 1:
		return h.Babies[0].ID, nil
	}
	return 0, Userf("Which baby? Add the name, for example \"/timer left %s\".", h.Babies[0].Name)
}

func (e *Book) timerStart(ctx context.Context, m Message, h feedlog.Household, loc *time.Location, side feedlog.Side, baby string, at time.Time) (Reply, error) {
	babyID, err := timerBaby(h, baby)
	if err != nil {
		return Reply{}, err
	}
	u := userOf(m)
	t, running, err := e.store.Timer(ctx, u, babyID)
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	if running {
		if t.Side == side {
			if t.Src == srcOf(m) {
				return e.timerStartedReply(h, loc, t), nil // a redelivery
			}
			now := e.msgTime(m)
			return timerButtons(textReply(fmt.Sprintf("The timer is already running on the %s (started %s, %s so far).",
				side, t.Started.In(loc).Format("15:04"), feedlog.FormatDuration(now.Sub(t.Started)))), babyID), nil
		}
		r, _, err := e.timerSwitch(ctx, m, h, loc, side, baby, true)
		return r, err
	}
	t = feedlog.Timer{BabyID: babyID, Started: at, Side: side, SideSince: at, Src: srcOf(m)}
	if err := e.store.SaveTimer(ctx, u, t); err != nil {
		return Reply{}, UserWrap(msgSaveFailed, err)
	}
	return e.timerStartedReply(h, loc, t), nil
}

func (e *Book) timerStartedReply(h feedlog.Household, loc *time.Location, t feedlog.Timer) Reply {
	who := ""
	if b, ok := h.Baby(t.BabyID); ok && len(h.Babies) > 1 {
		who = " for " + b.Name
	}
	return timerButtons(textReply(fmt.Sprintf("Timer started%s: %s breast at %s. Send /timer %s to switch sides, /stop when done.",
		who, t.Side, t.Started.In(loc).Format("15:04"), t.Side.Other())), t.BabyID)
}

func timerButtons(r Reply, babyID int64) Reply {
	id := strconv.FormatInt(babyID, 10)
	r.Buttons = []Button{{Label: "Switch side", Data: "timer:switch:" + id}, {Label: "Stop", Data: "timer:stop:" + id}}
	return r
}

// timerSwitch moves a running timer to side (NoSide: the other side),
// keeping the time on each side. ok is false when no timer runs and the
// request was typed text.
func (e *Book) timerSwitch(ctx context.Context, m Message, h feedlog.Household, loc *time.Location, side feedlog.Side, baby string, command bool) (Reply, bool, error) {
	babyID, err := timerBaby(h, baby)
	if err != nil {
		return Reply{}, true, err
	}
	return e.timerSwitchID(ctx, m, loc, side, babyID, command)
}

func (e *Book) timerSwitchID(ctx context.Context, m Message, loc *time.Location, side feedlog.Side, babyID int64, command bool) (Reply, bool, error) {
	u := userOf(m)
	t, running, err := e.store.Timer(ctx, u, babyID)
	if err != nil {
		return Reply{}, true, UserWrap(msgReadFailed, err)
	}
	if !running {
		if !command {
			return Reply{}, false, nil
		}
		return textReply("No timer is running. Start one with /timer left or /timer right."), true, nil
	}
	now := e.msgTime(m)
	if t.Src == srcOf(m) {
		return e.switchedReply(loc, t), true, nil // a redelivery
	}
	if side == feedlog.NoSide {
		side = t.Side.Other()
	}
	if side == t.Side {
		return timerButtons(textReply(fmt.Sprintf("The timer is already on the %s.", side)), babyID), true, nil
	}
	if now.Before(t.SideSince) {
		now = t.SideSince
	}
	t.Left, t.Right = t.Totals(now)
	t.Side, t.SideSince, t.Src = side, now, srcOf(m)
	if err := e.store.SaveTimer(ctx, u, t); err != nil {
		return Reply{}, true, UserWrap(msgSaveFailed, err)
	}
	return e.switchedReply(loc, t), true, nil
}

func (e *Book) switchedReply(loc *time.Location, t feedlog.Timer) Reply {
	so := []string{}
	if t.Left > 0 {
		so = append(so, "left "+feedlog.FormatDuration(t.Left))
	}
	if t.Right > 0 {
		so = append(so, "right "+feedlog.FormatDuration(t.Right))
	}
	text := fmt.Sprintf("Switched to the %s at %s", t.Side, t.SideSince.In(loc).Format("15:04"))
	if len(so) > 0 {
		text += " (" + strings.Join(so, ", ") + " so far)"
	}
	return timerButtons(textReply(text+". Send /stop when done."), t.BabyID)
}

// timerStop stops the timer and logs the feed; over LongTimer it asks
// first. ok is false for typed text when no timer runs.
func (e *Book) timerStop(ctx context.Context, m Message, h feedlog.Household, loc *time.Location, baby string, command bool) (Reply, bool, error) {
	babyID, err := timerBaby(h, baby)
	if err != nil {
		return Reply{}, true, err
	}
	return e.timerStopID(ctx, m, h, loc, babyID, command)
}

func (e *Book) timerStopID(ctx context.Context, m Message, h feedlog.Household, loc *time.Location, babyID int64, command bool) (Reply, bool, error) {
	u := userOf(m)
	t, running, err := e.store.Timer(ctx, u, babyID)
	if err != nil {
		return Reply{}, true, UserWrap(msgReadFailed, err)
	}
	if !running {
		// A redelivered stop finds its entry already logged.
		if saved, found, err := e.entryBySrc(ctx, m); err == nil && found {
			return e.confirm(ctx, m, h, loc, saved, false), true, nil
		}
		if !command {
			return Reply{}, false, nil
		}
		return textReply("No timer is running. Start one with /timer left or /timer right."), true, nil
	}
	now := e.msgTime(m)
	if now.Before(t.Started) {
		now = t.Started
	}
	en := t.Entry(now)
	d := draft{entry: en, src: srcOf(m), stopTimer: true, kind: feedlog.PendingTimer}
	if en.Duration() > e.feed.longTimer {
		text := fmt.Sprintf("The timer ran for %s (%s). Keep it as a feed?", feedlog.FormatDuration(en.Duration()), feedlog.When(en, loc, now))
		r, err := e.ask(ctx, m, d, text, func(tok string) []Button {
			return []Button{{Label: "Yes, keep it", Data: "yes:" + tok}, {Label: "No, discard it", Data: "no:" + tok}}
		})
		return r, true, err
	}
	r, err := e.commit(ctx, m, h, loc, feedlog.LogRequest{Src: d.src, Entry: en, StopTimer: true})
	return r, true, err
}

// entryBySrc finds the entry this message already logged, if any.
func (e *Book) entryBySrc(ctx context.Context, m Message) (feedlog.Entry, bool, error) {
	if !srcOf(m).Valid() {
		return feedlog.Entry{}, false, nil
	}
	return e.store.EntryBySrc(ctx, userOf(m), srcOf(m))
}

// timerButton handles timer:switch:BABY and timer:stop:BABY.
func (e *Book) timerButton(ctx context.Context, m Message, rest string) (Reply, error) {
	op, id, _ := strings.Cut(rest, ":")
	babyID := logParseID(id)
	u := userOf(m)
	h, err := e.store.Household(ctx, u)
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	loc := e.feed.location(h)
	switch op {
	case "switch":
		r, _, err := e.timerSwitchID(ctx, m, loc, feedlog.NoSide, babyID, true)
		return r, err
	case "stop":
		r, _, err := e.timerStopID(ctx, m, h, loc, babyID, true)
		return r, err
	}
	return textReply("I didn't understand that button."), nil
}

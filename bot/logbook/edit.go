package logbook

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"nursling/bot/feedlog"
)

// editWindow is how many recent entries /edit can reach by number.
const editWindow = 50

const editHelp = "Use /edit N and the change, where N is the entry's number in /history (1 is the newest): /edit 1 at 14:30, /edit 2 right 12, /edit 1 120ml, /edit 3 dirty."

// editCommand changes the time, side, minutes or amount of one of the
// user's recent entries: /edit N CHANGE.
func (e *Book) editCommand(ctx context.Context, m Message, args string) (Reply, error) {
	numText, change, _ := strings.Cut(strings.TrimSpace(args), " ")
	n, err := strconv.Atoi(numText)
	change = strings.TrimSpace(change)
	if err != nil || n < 1 || n > editWindow || change == "" {
		return Reply{}, Userf("%s", editHelp)
	}
	v, err := e.view(ctx, m)
	if err != nil {
		return Reply{}, err
	}
	recent, err := e.store.Entries(ctx, v.u, feedlog.Query{Limit: n})
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	if len(recent) < n {
		return Reply{}, Userf("There is no entry %d in /history. %s", n, editHelp)
	}
	old := recent[0] // the oldest of the newest n is number n
	if old.LoggedBy != v.u {
		return Reply{}, Userf("Entry %d was logged by another member of your shared log, so only they can change it.", n)
	}
	changed, problem := applyEdit(old, change, v.now)
	if problem != "" {
		return Reply{}, Userf("%s", problem)
	}
	saved, found, err := e.store.UpdateEntry(ctx, v.u, changed)
	if err != nil {
		return Reply{}, UserWrap(msgSaveFailed, err)
	}
	if !found {
		return Reply{}, Userf("I couldn't find that entry among yours: it may be gone already.")
	}
	unit := e.units(ctx, v.u, saved)
	return textReply("Changed: " + feedlog.DescribeAtUnits(old, unit, v.loc, v.now) + " → " + feedlog.DescribeAtUnits(saved, unit, v.loc, v.now) + "."), nil
}

// applyEdit returns old with the change applied: a time alone moves the
// entry; otherwise the change is read as the entry's own command ("right
// 12", "120ml", "dirty") and what it gives replaces what it had.
func applyEdit(old feedlog.Entry, change string, now time.Time) (feedlog.Entry, string) {
	e := old
	// A bare number is minutes or an amount here, never a clock time.
	if !strings.ContainsAny(change, ":abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") || strings.HasPrefix(change, "-") {
		return applyValues(old, change, now)
	}
	if t, err := feedlog.ParseTime(change, now); err == nil {
		d := old.Duration()
		e.Start, e.End = t, t.Add(d)
		return e, editLimits(e, now)
	} else if !errors.Is(err, feedlog.ErrNoTime) {
		var te *feedlog.TimeError
		if !errors.As(err, &te) {
			return old, "I couldn't read that change. " + editHelp
		}
	}
	return applyValues(old, change, now)
}

// applyValues reads change as the entry's own command and applies what it
// gives.
func applyValues(old feedlog.Entry, change string, now time.Time) (feedlog.Entry, string) {
	e := old
	cmd := map[feedlog.Kind]string{feedlog.Nappy: "nappy", feedlog.Pump: "pump"}[old.Kind]
	if old.Kind == feedlog.Feed {
		cmd = "feed"
		if old.Method == feedlog.Bottle {
			cmd = "bottle"
		}
	}
	p, _ := feedlog.ParseCommand(cmd, change, feedlog.ParseContext{Now: now})
	if p.Problem != "" {
		return old, p.Problem
	}
	if p.Status == feedlog.NotLog || (p.Entry.Kind == feedlog.Nappy && p.Entry.Nappy == "") {
		return old, "I couldn't read that change. " + editHelp
	}
	n := p.Entry
	if p.TimeGiven {
		e.Start = n.Start
	}
	d := old.Duration()
	switch {
	case old.Kind == feedlog.Nappy:
		e.Nappy = n.Nappy
		d = 0
	case old.IsBottle():
		if n.AmountML > 0 {
			e.AmountML = n.AmountML
		}
		if n.Content != feedlog.UnknownContent {
			e.Content = n.Content
		}
	case old.IsBreast():
		if n.Duration() > 0 {
			d = n.Duration()
		}
		if n.Side != feedlog.NoSide {
			e.Side, e.EndSide, e.LeftDur, e.RightDur = n.Side, n.EndSide, n.LeftDur, n.RightDur
		} else if e.LeftDur+e.RightDur != d {
			e.LeftDur, e.RightDur = 0, 0 // the old split no longer adds up
		}
	case old.Kind == feedlog.Pump:
		if n.AmountML > 0 {
			e.AmountML, e.LeftML, e.RightML, e.Side = n.AmountML, n.LeftML, n.RightML, n.Side
		}
		if n.Duration() > 0 {
			d = n.Duration()
		}
	}
	e.End = e.Start.Add(d)
	return e, editLimits(e, now)
}

func editLimits(e feedlog.Entry, now time.Time) string {
	switch {
	case e.End.After(now.Add(2 * time.Minute)):
		return "That would end at " + feedlog.DayTime(e.End, now) + ", later than now (" + now.Format("15:04") + "), so I didn't change it."
	case e.Duration() > feedlog.MaxDuration:
		return "That is longer than I can log as one session (3 hours at most), so I didn't change it."
	}
	return ""
}

// units is the household's display unit, read only for an entry with an
// amount (so a breastfeed's confirmation costs no query); ml on error.
func (e *Book) units(ctx context.Context, u feedlog.User, en feedlog.Entry) string {
	if en.AmountML == 0 {
		return feedlog.UnitML
	}
	unit, err := e.store.Units(ctx, u)
	if err != nil {
		e.log.Warn("feed log: units", "error", err.Error())
		return feedlog.UnitML
	}
	return unit
}

// unitsCommand shows or sets the household's unit: /units oz, /units ml.
func (e *Book) unitsCommand(ctx context.Context, m Message, args string) (Reply, error) {
	u := userOf(m)
	switch a := strings.ToLower(strings.TrimSpace(args)); a {
	case "":
		unit, err := e.store.Units(ctx, u)
		if err != nil {
			return Reply{}, UserWrap(msgReadFailed, err)
		}
		return textReply("Amounts show in " + unit + ". Change with /units ml or /units oz."), nil
	case "ml", "mls", "millilitres", "milliliters", "metric":
		args = feedlog.UnitML
	case "oz", "ounces", "ounce", "floz", "fl oz", "us":
		args = feedlog.UnitOz
	default:
		return Reply{}, Userf("Use /units ml or /units oz.")
	}
	if err := e.store.SetUnits(ctx, u, args); err != nil {
		return Reply{}, UserWrap(msgSaveFailed, err)
	}
	return textReply("OK: amounts show in " + args + " for everyone in your log. You can still type either (\"bottle 3oz\", \"bottle 90ml\")."), nil
}

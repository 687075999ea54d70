package logbook

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strconv"
	"strings"
	"time"

	"nursling/bot/feedlog"
)

// pendingTTL is how long a Yes/No question can be answered.
const pendingTTL = 12 * time.Hour

// draft is an entry on its way to the log: what is known, and what must
// still be asked.
type draft struct {
	entry  feedlog.Entry
	baby   string // name typed, "" for none
	unsure bool   // ask Yes/No before logging
	// src is the entry's idempotency key: the message that described it.
	src feedlog.MsgKey
	// answering is the pending question this completes, if any.
	answering string
	stopTimer bool
	kind      feedlog.PendingKind
}

// choice is what a button adds to a pending draft.
type choice struct {
	baby  int64
	nappy feedlog.NappyKind
}

// logEntryCommand handles /feed, /bottle, /nappy and /pump.
func (e *Book) logEntryCommand(ctx context.Context, m Message, cmd, args string) (Reply, error) {
	u := userOf(m)
	h, err := e.store.Household(ctx, u)
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	loc := e.feed.location(h)
	p, _ := feedlog.ParseCommand(cmd, args, feedlog.ParseContext{Now: e.msgTime(m).In(loc), Babies: babyNames(h)})
	return e.logParsed(ctx, m, h, loc, p)
}

// logParsed logs a parsed message, or asks about what is unclear.
func (e *Book) logParsed(ctx context.Context, m Message, h feedlog.Household, loc *time.Location, p feedlog.Parsed) (Reply, error) {
	if p.Problem != "" {
		return Reply{}, Userf("%s", p.Problem)
	}
	return e.decide(ctx, m, h, loc, draft{entry: p.Entry, baby: p.Baby, unsure: p.Status == feedlog.Unsure, src: srcOf(m), kind: feedlog.PendingLog})
}

// decide logs d, or asks (with buttons, the question kept in the store)
// for a nappy's kind, which baby, or a plain Yes/No when the parser was
// unsure.
func (e *Book) decide(ctx context.Context, m Message, h feedlog.Household, loc *time.Location, d draft) (Reply, error) {
	if d.baby != "" {
		b, ok := h.BabyByName(d.baby)
		if !ok {
			return Reply{}, Userf("I don't know that baby here. /baby lists your babies; add one with /baby NAME YYYY-MM-DD.")
		}
		d.entry.BabyID = b.ID
	}
	if d.entry.BabyID == 0 && len(h.Babies) == 1 {
		d.entry.BabyID = h.Babies[0].ID
	}
	now := e.msgTime(m)
	switch {
	case d.entry.Kind == feedlog.Nappy && d.entry.Nappy == "":
		return e.ask(ctx, m, d, fmt.Sprintf("What kind of nappy (%s)?", feedlog.When(d.entry, loc, now)), func(tok string) []Button {
			return []Button{
				{Label: "Wet", Data: "nappy:" + tok + ":wet"},
				{Label: "Dirty", Data: "nappy:" + tok + ":dirty"},
				{Label: "Wet and dirty", Data: "nappy:" + tok + ":both"},
				{Label: "Cancel", Data: "no:" + tok},
			}
		})
	case d.entry.BabyID == 0 && len(h.Babies) > 1:
		return e.ask(ctx, m, d, "Which baby is this for: "+logQuestion(d.entry, loc, now)+"?", func(tok string) []Button {
			var bs []Button
			for _, b := range h.Babies {
				bs = append(bs, Button{Label: logClip(b.Name), Data: "baby:" + tok + ":" + strconv.FormatInt(b.ID, 10)})
			}
			return append(bs, Button{Label: "Cancel", Data: "no:" + tok})
		})
	case d.unsure:
		return e.ask(ctx, m, d, "Log "+logQuestion(d.entry, loc, now)+"?", func(tok string) []Button {
			return []Button{{Label: "Yes", Data: "yes:" + tok}, {Label: "No", Data: "no:" + tok}}
		})
	}
	return e.commit(ctx, m, h, loc, feedlog.LogRequest{Src: d.src, Entry: d.entry, Pending: d.answering, StopTimer: d.stopTimer})
}

// ask stores d as a pending question and replies with text and buttons.
// A redelivered message gets the same question (and token) back.
func (e *Book) ask(ctx context.Context, m Message, d draft, text string, buttons func(tok string) []Button) (Reply, error) {
	u := userOf(m)
	kind := d.kind
	if kind == "" {
		kind = feedlog.PendingLog
	}
	if d.answering != "" {
		// The draft came from a button: this is a follow-up question, so
		// it needs its own key.
		d.src = srcOf(m)
	}
	p, err := e.store.SavePending(ctx, u, feedlog.Pending{Token: logToken(), Kind: kind, Entry: d.entry, Src: d.src, Expires: e.now().Add(pendingTTL)})
	if err != nil {
		return Reply{}, UserWrap(msgSaveFailed, err)
	}
	if d.answering != "" {
		if err := e.store.ResolvePending(ctx, u, d.answering); err != nil {
			return Reply{}, UserWrap(msgSaveFailed, err)
		}
	}
	r := textReply(text)
	r.Buttons = buttons(p.Token)
	return r, nil
}

// commit writes the entry and confirms it. A store failure becomes the
// "couldn't save" message: never a false "Logged".
func (e *Book) commit(ctx context.Context, m Message, h feedlog.Household, loc *time.Location, req feedlog.LogRequest) (Reply, error) {
	u := userOf(m)
	saved, dup, err := e.store.LogEntry(ctx, u, req)
	if err != nil {
		return Reply{}, UserWrap(msgSaveFailed, err)
	}
	if !dup && e.logged != nil {
		e.logged(m.Platform)
	}
	// A button pressed twice says so; a message delivered again (a
	// platform's retry after a restart) gets the one confirmation, as its
	// first may never have reached the parent.
	return e.confirm(ctx, m, h, loc, saved, dup && m.Action != ""), nil
}

// confirm is the one-line confirmation with the times recorded, the next
// side, any warning, and an Undo button. repeat (a second press of the
// same button) says "Already logged", never a second "Logged" that would
// read as a second entry.
func (e *Book) confirm(ctx context.Context, m Message, h feedlog.Household, loc *time.Location, saved feedlog.Entry, repeat bool) Reply {
	now := e.msgTime(m)
	var b strings.Builder
	b.WriteString("Logged")
	if repeat {
		b.Reset()
		b.WriteString("Already logged")
	}
	if len(h.Babies) > 1 {
		if baby, ok := h.Baby(saved.BabyID); ok {
			b.WriteString(" for " + baby.Name)
		}
	}
	b.WriteString(": " + feedlog.DescribeAtUnits(saved, e.units(ctx, userOf(m), saved), loc, now) + ".")
	near := e.feedsAround(ctx, m, saved)
	if saved.IsBreast() {
		if advice := feedlog.NextSideAdvice(feedlog.LatestBreast(append(near, saved))); advice != "" {
			b.WriteString(" " + advice)
		}
	}
	r := textReply(b.String())
	if w := warnings(loc, saved, near, now); w != "" {
		r.Blocks = append(r.Blocks, Block{Kind: Footnote, Text: w})
	}
	r.Buttons = []Button{{Label: "Undo", Data: "undo:" + strconv.FormatInt(saved.ID, 10)}}
	return r
}

// feedsAround reads, in one query, the baby's newest feeds that start at
// most MaxDuration before saved and end after it starts: enough for the overlap check and for the
// latest breastfeed by time, which gives the "Next:" advice as /last does
// even when saved is backdated. nil for a nappy or pump, or if the log
// can't be read (the confirmation then leaves the warning out).
func (e *Book) feedsAround(ctx context.Context, m Message, saved feedlog.Entry) []feedlog.Entry {
	if saved.Kind != feedlog.Feed {
		return nil
	}
	all, err := e.store.Entries(ctx, userOf(m), feedlog.Query{From: saved.Start.Add(-feedlog.MaxDuration), EndAfter: saved.Start,
		Kind: feedlog.Feed, BabyID: saved.BabyID, Limit: 20})
	if err != nil {
		e.log.Warn("feed log: overlap check failed", "error", err.Error())
		return nil
	}
	out := all[:0]
	for _, o := range all {
		if o.ID != saved.ID && o.BabyID == saved.BabyID {
			out = append(out, o)
		}
	}
	return out
}

// warnings notes an entry backdated more than a day or overlapping another
// feed of the same baby (but not the second side or a top-up of the same
// feed). Such entries are logged (parents backfill), not refused.
func warnings(loc *time.Location, saved feedlog.Entry, near []feedlog.Entry, now time.Time) string {
	var ws []string
	if now.Sub(saved.Start) > 24*time.Hour {
		ws = append(ws, "This is more than a day ago ("+saved.Start.In(loc).Format("Mon 2 Jan 15:04")+"); logged as you asked.")
	}
	for _, o := range near {
		if entriesOverlap(o, saved) && !feedlog.SameFeed(o, saved) {
			ws = append(ws, "It overlaps another feed ("+feedlog.DescribeAt(o, loc, now)+"); logged anyway — use Undo if it's a double.")
			break
		}
	}
	return strings.Join(ws, " ")
}

// entriesOverlap reports whether two entries share time. An instant (a bottle
// without a duration) overlaps a span it falls strictly inside, or an
// instant at the same minute.
func entriesOverlap(a, b feedlog.Entry) bool {
	if !a.End.After(a.Start) && !b.End.After(b.Start) {
		return a.Start.Truncate(time.Minute).Equal(b.Start.Truncate(time.Minute))
	}
	return a.Start.Before(b.End) && b.Start.Before(a.End)
}

// answerPending handles Yes and the choice buttons of a pending question.
func (e *Book) answerPending(ctx context.Context, m Message, token string, c choice) (Reply, error) {
	u := userOf(m)
	p, found, err := e.store.Pending(ctx, u, token)
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	if !found || p.Kind == feedlog.PendingForget {
		return textReply("That question has expired, so nothing was logged. Please send the entry again."), nil
	}
	h, err := e.store.Household(ctx, u)
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	loc := e.feed.location(h)
	if p.Done {
		// A second press, or a redelivered one: the same confirmation.
		if p.EntryID == 0 {
			return textReply("That was already answered."), nil
		}
		saved, ok, err := e.store.Entry(ctx, u, p.EntryID)
		if err != nil {
			return Reply{}, UserWrap(msgReadFailed, err)
		}
		if !ok {
			return textReply("That entry was removed."), nil
		}
		return e.confirm(ctx, m, h, loc, saved, true), nil
	}
	d := draft{entry: p.Entry, src: p.Src, answering: token, kind: p.Kind, stopTimer: p.Kind == feedlog.PendingTimer}
	if c.baby != 0 {
		if _, ok := h.Baby(c.baby); !ok {
			return textReply("That baby isn't in your log any more. Please send the entry again."), nil
		}
		d.entry.BabyID = c.baby
	}
	switch c.nappy {
	case "":
	case feedlog.Wet, feedlog.Dirty, feedlog.WetDirty:
		d.entry.Nappy = c.nappy
	default:
		return textReply("I didn't understand that button. Please send the entry again."), nil
	}
	return e.decide(ctx, m, h, loc, d)
}

// declinePending handles No and Cancel.
func (e *Book) declinePending(ctx context.Context, m Message, token string) (Reply, error) {
	u := userOf(m)
	p, found, err := e.store.Pending(ctx, u, token)
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	if !found {
		return textReply("OK, nothing was logged."), nil
	}
	if p.Done {
		if p.EntryID != 0 {
			return textReply("That was already logged; use /undo to remove it."), nil
		}
		return textReply("OK."), nil
	}
	if err := e.store.ResolvePending(ctx, u, token); err != nil {
		return Reply{}, UserWrap(msgSaveFailed, err)
	}
	switch p.Kind {
	case feedlog.PendingForget:
		return textReply("OK, nothing was deleted."), nil
	case feedlog.PendingTimer:
		if err := e.store.DeleteTimer(ctx, u, p.Entry.BabyID); err != nil {
			return Reply{}, UserWrap(msgSaveFailed, err)
		}
		return textReply("OK, the timer was discarded and nothing was logged."), nil
	}
	return textReply("OK, nothing was logged. You can type it again, for example \"left 15\" or \"bottle 90ml\"."), nil
}

// logQuestion phrases a draft for "Log ...?": "a 15 min feed on the left
// (13:50–14:05)", "a 90 ml bottle at 14:05".
func logQuestion(en feedlog.Entry, loc *time.Location, now time.Time) string {
	when := feedlog.When(en, loc, now)
	if en.IsBreast() && en.LeftDur == 0 && en.RightDur == 0 {
		s := "a feed"
		if d := en.Duration(); d > 0 {
			s = "a " + feedlog.FormatDuration(d) + " feed"
		}
		switch en.Side {
		case feedlog.Left, feedlog.Right:
			s += " on the " + string(en.Side)
		case feedlog.Both:
			s += " on both sides"
		}
		if en.Duration() > 0 {
			return s + " (" + when + ")"
		}
		return s + " " + when
	}
	if en.IsBottle() && en.Duration() == 0 {
		s := fmt.Sprintf("a %d ml bottle", en.AmountML)
		if en.Content != "" {
			s += " of " + string(en.Content)
		}
		return s + " " + when
	}
	if en.Kind == feedlog.Nappy && en.Nappy != "" {
		return "a " + feedlog.Describe(en) + " " + when
	}
	return feedlog.DescribeAt(en, loc, now)
}

func logClip(s string) string {
	if len(s) > 30 {
		return s[:30]
	}
	return s
}

// logToken returns a random pending-question token: 16 base32 characters,
// so Button.Data stays well under 64 bytes.
func logToken() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

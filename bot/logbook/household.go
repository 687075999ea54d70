package logbook

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"nursling/bot/feedlog"
)

// shareTTL is how long a /share code can be redeemed.
const shareTTL = 24 * time.Hour

// undoCommand removes the user's entry id, or their last one (id 0).
func (e *Book) undoCommand(ctx context.Context, m Message, id int64) (Reply, error) {
	res, err := e.store.Undo(ctx, userOf(m), srcOf(m), id)
	if err != nil {
		return Reply{}, UserWrap("I couldn't undo that just now — please try again.", err)
	}
	switch {
	case res.Repeat:
		return textReply("Already undone."), nil
	case !res.Found && id != 0:
		return textReply("I couldn't find that entry among yours: it may be gone already."), nil
	case !res.Found:
		return textReply("There is nothing of yours to undo."), nil
	}
	h, err := e.store.Household(ctx, userOf(m))
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	loc := e.feed.location(h)
	return textReply("Removed: " + feedlog.DescribeAt(res.Entry, loc, e.msgTime(m)) + "."), nil
}

// babyCommand lists the babies, or adds one: /baby Name [YYYY-MM-DD].
func (e *Book) babyCommand(ctx context.Context, m Message, args string) (Reply, error) {
	u := userOf(m)
	args = strings.TrimSpace(args)
	if args == "" {
		h, err := e.store.Household(ctx, u)
		if err != nil {
			return Reply{}, UserWrap(msgReadFailed, err)
		}
		if len(h.Babies) == 0 {
			return textReply("No baby added yet. Add one with /baby NAME YYYY-MM-DD, for example /baby Ann 2026-11-01."), nil
		}
		return textReply("Babies: " + babyList(h, e.feed.location(h), e.msgTime(m)) + "."), nil
	}
	name, born := args, ""
	if i := strings.LastIndexByte(args, ' '); i > 0 {
		if _, err := time.Parse(time.DateOnly, args[i+1:]); err == nil {
			name, born = strings.TrimSpace(args[:i]), args[i+1:]
		}
	}
	if _, err := time.Parse(time.DateOnly, name); err == nil {
		return Reply{}, Userf("Put the name first: /baby NAME YYYY-MM-DD.")
	}
	if strings.IndexFunc(name, func(r rune) bool { return unicode.IsControl(r) || r == '/' }) >= 0 {
		return Reply{}, Userf("A baby's name can't contain \"/\" or control characters. Try /baby Ann 2026-11-01.")
	}
	if utf8.RuneCountInString(name) > 40 {
		return Reply{}, Userf("Please use a shorter name (up to 40 letters).")
	}
	h, err := e.store.Household(ctx, u)
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	loc := e.feed.location(h)
	now := e.msgTime(m).In(loc)
	if born != "" {
		t, _ := time.ParseInLocation(time.DateOnly, born, loc)
		if t.After(now) {
			return Reply{}, Userf("%s is in the future. Give the birth date as YYYY-MM-DD.", born)
		}
		if now.Sub(t) > 5*365*24*time.Hour {
			return Reply{}, Userf("%s is more than five years ago. Give the birth date as YYYY-MM-DD.", born)
		}
	}
	h, err = e.store.AddBaby(ctx, u, name, born)
	if err != nil {
		return Reply{}, UserWrap(msgSaveFailed, err)
	}
	b, _ := h.BabyByName(name)
	text := "Saved " + b.Name
	if born != "" {
		text += fmt.Sprintf(", born %s (day %d of life today)", born, b.DayOfLife(now, loc))
	}
	text += "."
	if len(h.Babies) > 1 {
		text += " With more than one baby, start a log with the name, for example \"" + h.Babies[0].Name + " left 10\"."
	}
	return textReply(text), nil
}

func babyList(h feedlog.Household, loc *time.Location, now time.Time) string {
	var parts []string
	for _, b := range h.Babies {
		s := b.Name
		if b.Born != "" {
			s += fmt.Sprintf(" (born %s, day %d)", b.Born, b.DayOfLife(now, loc))
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// shareCommand gives a one-time code a partner redeems with /join.
func (e *Book) shareCommand(ctx context.Context, m Message) (Reply, error) {
	code := newShareCode()
	if err := e.store.CreateShareCode(ctx, userOf(m), hashCode(code), e.now().Add(shareTTL)); err != nil {
		return Reply{}, UserWrap(msgSaveFailed, err)
	}
	return textReply(fmt.Sprintf("To share this log, your partner sends /join %s to Nursling — here, on Telegram or on Discord — within 24 hours. The code works once. Keep it private: whoever uses it can read and add to your log.", code)), nil
}

// joinCommand redeems a share code. Someone who already logged entries
// is asked first: joining shows those entries to the household.
func (e *Book) joinCommand(ctx context.Context, m Message, args string) (Reply, error) {
	code := normalizeCode(args)
	if code == "" {
		return Reply{}, Userf("Send the code you were given, for example /join K7QX-3M9P.")
	}
	own, err := e.store.OwnEntries(ctx, userOf(m))
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	if own == 0 {
		return e.join(ctx, m, code)
	}
	r := textReply(fmt.Sprintf("You have logged %s yourself. Joining brings %s into the shared log, where everyone in it can read %s. Join and bring %s?",
		plural(own, "entry", "entries"), them(own), them(own), them(own)))
	r.Buttons = []Button{{Label: "Join and bring " + them(own), Data: "join:" + code}, {Label: "Don't join", Data: "nojoin:"}}
	return r, nil
}

// join redeems code (after the question, if there was one).
func (e *Book) join(ctx context.Context, m Message, code string) (Reply, error) {
	code = normalizeCode(code)
	if code == "" {
		return Reply{}, Userf("Send the code you were given, for example /join K7QX-3M9P.")
	}
	h, err := e.store.Join(ctx, userOf(m), hashCode(code))
	if errors.Is(err, feedlog.ErrBadCode) {
		return Reply{}, Userf("That code isn't valid: it may have been used already or be more than 24 hours old. Ask for a new one with /share.")
	}
	if err != nil {
		return Reply{}, UserWrap(msgSaveFailed, err)
	}
	text := fmt.Sprintf("You've joined the shared log (%d members).", h.Members)
	if len(h.Babies) > 0 {
		text += " Babies: " + babyList(h, e.feed.location(h), e.msgTime(m)) + "."
	}
	return textReply(text + " Anything you log now goes into it; /leave takes your entries back out."), nil
}

// plural is "1 entry", "3 entries".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// leaveCommand leaves a shared household, taking the user's own entries.
func (e *Book) leaveCommand(ctx context.Context, m Message) (Reply, error) {
	moved, err := e.store.Leave(ctx, userOf(m))
	if errors.Is(err, feedlog.ErrSoleMember) {
		return textReply("You're the only one in this log, so there is nothing to leave. To delete your log, use /forget."), nil
	}
	if err != nil {
		return Reply{}, UserWrap(msgSaveFailed, err)
	}
	if moved == 0 {
		return textReply("You've left the shared log. The others keep their entries. Your next entry starts a log of your own."), nil
	}
	return textReply(fmt.Sprintf("You've left the shared log and took the %s you logged with you: they are in a log of your own now. The others keep theirs.",
		plural(moved, "entry", "entries"))), nil
}

// tzCommand shows or sets the household's time zone.
func (e *Book) tzCommand(ctx context.Context, m Message, args string) (Reply, error) {
	u := userOf(m)
	tz := strings.TrimSpace(args)
	if tz == "" {
		h, err := e.store.Household(ctx, u)
		if err != nil {
			return Reply{}, UserWrap(msgReadFailed, err)
		}
		loc := e.feed.location(h)
		return textReply(fmt.Sprintf("Your log uses the time zone %s (now %s). Change it with /tz ZONE, for example /tz Europe/London.", loc, e.msgTime(m).In(loc).Format("15:04"))), nil
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "Local" || len(tz) > 64 {
		return e.tzSuggestion(tz)
	}
	if err := e.store.SetTimeZone(ctx, u, loc.String()); err != nil {
		return Reply{}, UserWrap(msgSaveFailed, err)
	}
	return textReply(fmt.Sprintf("Time zone set to %s; it's %s there now.", loc, e.msgTime(m).In(loc).Format("15:04"))), nil
}

// forgetCommand asks for confirmation before deleting everything.
func (e *Book) forgetCommand(ctx context.Context, m Message) (Reply, error) {
	p, err := e.store.SavePending(ctx, userOf(m), feedlog.Pending{Token: logToken(), Kind: feedlog.PendingForget, Src: srcOf(m), Expires: e.now().Add(10 * time.Minute)})
	if err != nil {
		return Reply{}, UserWrap(msgSaveFailed, err)
	}
	r := textReply("This deletes every entry you logged, and takes you out of any shared log. Entries other people logged stay theirs. It can't be undone; /export first if you want a copy. Delete it all?")
	r.Buttons = []Button{{Label: "Yes, delete everything", Data: "forget:" + p.Token}, {Label: "No, keep it", Data: "no:" + p.Token}}
	return r, nil
}

// confirmForget deletes the user's data after they pressed Yes.
func (e *Book) confirmForget(ctx context.Context, m Message, token string) (Reply, error) {
	u := userOf(m)
	p, found, err := e.store.Pending(ctx, u, token)
	if err != nil {
		return Reply{}, UserWrap(msgReadFailed, err)
	}
	if !found {
		// Forget deletes the question too, so a second press lands here.
		return textReply("There is nothing to delete: it was deleted already, or the question expired (send /forget again)."), nil
	}
	if p.Kind != feedlog.PendingForget || p.Done {
		return textReply("That question was already answered."), nil
	}
	kept, err := e.store.Forget(ctx, u)
	if err != nil {
		return Reply{}, UserWrap("I couldn't delete your log just now — please try again.", err)
	}
	text := "Done: everything you logged has been deleted."
	if kept > 0 {
		text += fmt.Sprintf(" The %s others logged stay with them.", plural(kept, "entry", "entries"))
	}
	return textReply(text), nil
}

// Share codes: 8 characters without look-alikes (no 0/O, 1/I/L), shown as
// XXXX-XXXX; only a hash is stored.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

func newShareCode() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	out := make([]byte, 0, 9)
	for i, c := range b {
		if i == 4 {
			out = append(out, '-')
		}
		out = append(out, codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return string(out)
}

func normalizeCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if strings.ContainsRune(codeAlphabet, r) {
			b.WriteRune(r)
		} else if r != '-' && r != ' ' {
			return ""
		}
	}
	if b.Len() != 8 {
		return ""
	}
	return b.String()
}

func hashCode(code string) string {
	sum := sha256.Sum256([]byte("nursling-share:" + normalizeCode(code)))
	return hex.EncodeToString(sum[:])
}

// Package logbook is the feed log's side of the engine: it tells a log
// entry ("fed left 15 min", "/nappy wet") from a question, writes entries
// through its Store (idempotent per platform message), asks Yes/No when a
// message is unclear, runs timers, shows /last, /today, /week and exports,
// manages households and sharing, and adds a line from a parent's own log
// to the guide's answers. Its replies are always private. The engine in
// package bot routes messages to it; it knows nothing of platforms, search
// or SQL.
package logbook

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"nursling/bot/feedlog"
)

// feedState is the engine's feed-log configuration, fixed at New, and a
// cache of loaded time zones.
type feedState struct {
	dayStart  int
	loc       *time.Location // for households without /tz
	longTimer time.Duration
	zones     sync.Map // zone name -> *time.Location
}

// location returns the household's time zone, or the default.
func (f *feedState) location(h feedlog.Household) *time.Location {
	if h.TimeZone == "" {
		return f.loc
	}
	if l, ok := f.zones.Load(h.TimeZone); ok {
		return l.(*time.Location)
	}
	l := h.Location(f.loc)
	if l != f.loc {
		f.zones.Store(h.TimeZone, l)
	}
	return l
}

func newFeedState(opts Options, logger *slog.Logger) *feedState {
	f := &feedState{dayStart: opts.DayStartHour, loc: time.Local, longTimer: opts.LongTimer}
	if f.dayStart < 0 || f.dayStart > 23 {
		f.dayStart = 0
	}
	if f.longTimer <= 0 {
		f.longTimer = 2 * time.Hour
	}
	if tz := opts.TimeZone; tz != "" {
		if loc, err := time.LoadLocation(tz); err == nil {
			f.loc = loc
		} else {
			logger.Warn("feed log: unknown default time zone; using the local zone", slog.String("tz", tz))
		}
	}
	return f
}

// Words the feed log says often.
const (
	msgSaveFailed = "I couldn't save that just now — please try again."
	msgReadFailed = "I couldn't read your log just now — please try again."
	msgNoStore    = "The feed log isn't turned on for this Nursling."
	msgNothingYet = "Nothing logged yet. Log a feed by typing, for example, \"left 15\", \"bottle 90ml\" or \"wet nappy\"."
)

// logCommandSet are the commands Command answers.
var logCommandSet = map[string]bool{
	"feed": true, "bottle": true, "nappy": true, "diaper": true, "pump": true, "timer": true, "stop": true,
	"last": true, "today": true, "day": true, "week": true, "export": true, "undo": true, "history": true,
	"baby": true, "share": true, "join": true, "leave": true, "tz": true, "forget": true,
	"edit": true, "units": true, "log": true,
}

// Command handles a feed-log command (/feed, /last, ...). ok is false
// when cmd is not a feed-log command. Replies are always Private.
func (e *Book) Command(ctx context.Context, m Message, cmd, args string) (r Reply, ok bool, err error) {
	if !logCommandSet[cmd] {
		return Reply{}, false, nil
	}
	if e.store == nil {
		return logPrivate(textReply(msgNoStore)), true, nil
	}
	switch cmd {
	case "feed", "bottle", "nappy", "diaper", "pump":
		r, err = e.logEntryCommand(ctx, m, cmd, args)
	case "timer":
		r, err = e.timerCommand(ctx, m, args)
	case "stop":
		r, _, err = e.stopCommand(ctx, m, args, true)
	case "last":
		r, err = e.lastCommand(ctx, m)
	case "today":
		r, err = e.todayCommand(ctx, m)
	case "day":
		r, err = e.dayCommand(ctx, m, args)
	case "week":
		r, err = e.weekCommand(ctx, m)
	case "export":
		r, err = e.exportCommand(ctx, m, args)
	case "history":
		r, err = e.historyCommand(ctx, m, args)
	case "undo":
		r, err = e.undoCommand(ctx, m, 0)
	case "log":
		r = e.logCommand()
	case "edit":
		r, err = e.editCommand(ctx, m, args)
	case "units":
		r, err = e.unitsCommand(ctx, m, args)
	case "baby":
		r, err = e.babyCommand(ctx, m, args)
	case "share":
		r, err = e.shareCommand(ctx, m)
	case "join":
		r, err = e.joinCommand(ctx, m, args)
	case "leave":
		r, err = e.leaveCommand(ctx, m)
	case "tz":
		r, err = e.tzCommand(ctx, m, args)
	case "forget":
		r, err = e.forgetCommand(ctx, m)
	}
	return logPrivate(r), true, err
}

// FreeText handles free text that is a feed-log entry ("fed left 15 min").
// ok is false when the text is not a log entry and should go to the guide;
// that is decided without touching the store.
func (e *Book) FreeText(ctx context.Context, m Message) (r Reply, ok bool, err error) {
	at := e.msgTime(m)
	if !maybeLog(m.Text, at) {
		return Reply{}, false, nil
	}
	if e.store == nil {
		return logPrivate(textReply(msgNoStore)), true, nil
	}
	u := userOf(m)
	h, err := e.store.Household(ctx, u)
	if err != nil {
		return Reply{}, true, UserWrap(msgReadFailed, err)
	}
	loc := e.feed.location(h)
	p := feedlog.Parse(m.Text, feedlog.ParseContext{Now: at.In(loc), Babies: babyNames(h)})
	if p.Status == feedlog.NotLog {
		return Reply{}, false, nil // it only looked like a log without the household
	}
	switch p.Action {
	case feedlog.TimerStart:
		if p.Problem != "" {
			return Reply{}, true, Userf("%s", p.Problem)
		}
		r, err = e.timerStart(ctx, m, h, loc, p.Entry.Side, p.Baby, p.Entry.Start)
	case feedlog.TimerSwitch:
		r, ok, err = e.timerSwitch(ctx, m, h, loc, p.Entry.Side, p.Baby, false)
		if !ok {
			return Reply{}, false, nil
		}
	case feedlog.TimerStop:
		// "Stop timer" (the one-tap key) answers even with no timer running.
		r, ok, err = e.timerStop(ctx, m, h, loc, p.Baby, strings.EqualFold(strings.TrimSpace(m.Text), "stop timer"))
		if !ok {
			return Reply{}, false, nil
		}
	default:
		r, err = e.logParsed(ctx, m, h, loc, p)
	}
	return logPrivate(r), true, err
}

// maybeLog sorts logs from questions before the store is read: a parse
// without the household (its zone and baby names) gives the same status,
// except that a baby's name is an unknown word, so the text is also tried
// without up to two leading or trailing words ("Twin A wet nappy", "wet
// nappy for Ann").
func maybeLog(text string, at time.Time) bool {
	if len(text) > 200 {
		return false // longer than any log; Parse says so too
	}
	c := feedlog.ParseContext{Now: at}
	if feedlog.Parse(text, c).Status != feedlog.NotLog {
		return true
	}
	words := strings.Fields(text)
	for n := 1; n <= 2 && n < len(words); n++ {
		if feedlog.Parse(strings.Join(words[n:], " "), c).Status != feedlog.NotLog ||
			feedlog.Parse(strings.Join(words[:len(words)-n], " "), c).Status != feedlog.NotLog {
			return true
		}
	}
	return false
}

// Action handles a feed-log button: undo:ID, yes:TOKEN, no:TOKEN,
// baby:TOKEN:ID, nappy:TOKEN:KIND, forget:TOKEN, timer:switch:BABY,
// timer:stop:BABY, tz:ZONE, q:TOKEN:KEY (/log's one-tap buttons), join:CODE, nojoin:. ok is false when the action is not the feed log's.
func (e *Book) Action(ctx context.Context, m Message) (r Reply, ok bool, err error) {
	kind, rest, _ := strings.Cut(m.Action, ":")
	switch kind {
	case "undo", "yes", "no", "baby", "nappy", "forget", "timer", "tz", "q", "join", "nojoin":
	default:
		return Reply{}, false, nil
	}
	if e.store == nil {
		return logPrivate(textReply(msgNoStore)), true, nil
	}
	switch kind {
	case "undo":
		r, err = e.undoCommand(ctx, m, logParseID(rest))
	case "yes":
		r, err = e.answerPending(ctx, m, rest, choice{})
	case "no":
		r, err = e.declinePending(ctx, m, rest)
	case "baby":
		tok, id, _ := strings.Cut(rest, ":")
		r, err = e.answerPending(ctx, m, tok, choice{baby: logParseID(id)})
	case "nappy":
		tok, k, _ := strings.Cut(rest, ":")
		r, err = e.answerPending(ctx, m, tok, choice{nappy: feedlog.NappyKind(k)})
	case "forget":
		r, err = e.confirmForget(ctx, m, rest)
	case "timer":
		r, err = e.timerButton(ctx, m, rest)
	case "join":
		r, err = e.join(ctx, m, rest)
	case "nojoin":
		r = textReply("You haven't joined: your log stays your own. The code still works until it expires.")
	case "tz":
		r, err = e.tzCommand(ctx, m, rest)
	case "q":
		r, err = e.quickAction(ctx, m, rest)
	}
	return logPrivate(r), true, err
}

// Commands lists the feed-log commands for /help and platform menus.
func Commands() []CommandInfo {
	cmds := []CommandInfo{
		{Name: "log", Description: "Log in one tap: left, right, bottle, wet, dirty, stop timer"},
		{Name: "feed", Args: "left|right|both MIN [at TIME] | bottle ML [formula|breast milk]", Description: "Log a breast or bottle feed"},
		{Name: "bottle", Args: "ML [formula|breast milk]", Description: "Log a bottle feed"},
		{Name: "nappy", Args: "wet|dirty|both", Description: "Log a nappy"},
		{Name: "pump", Args: "ML | L left R right", Description: "Log a pumping session"},
		{Name: "timer", Args: "left|right", Description: "Start a feed timer, or switch sides"},
		{Name: "stop", Description: "Stop the feed timer and log the feed"},
		{Name: "last", Description: "Last feed, which side is next, last nappy"},
		{Name: "today", Description: "Today's feeds, nappies and pumping"},
		{Name: "day", Args: "yesterday|WEEKDAY|YYYY-MM-DD", Description: "One day's feeds, nappies and pumping"},
		{Name: "week", Description: "The last 7 days with a chart"},
		{Name: "export", Args: "[babybuddy]", Description: "Your whole log as a CSV file"},
		{Name: "undo", Description: "Remove the last entry you logged"},
		{Name: "history", Args: "[N]", Description: "Your most recent entries, numbered for /edit"},
		{Name: "edit", Args: "N TIME|SIDE MIN|AMOUNT", Description: "Change entry N of /history, e.g. /edit 2 at 14:30"},
		{Name: "units", Args: "ml|oz", Description: "Show amounts in ml or oz"},
		{Name: "baby", Args: "NAME YYYY-MM-DD", Description: "Add a baby and birth date"},
		{Name: "share", Description: "Get a code so a partner can share your log"},
		{Name: "join", Args: "CODE", Description: "Join a partner's log with their code"},
		{Name: "leave", Description: "Leave a shared log"},
		{Name: "tz", Args: "ZONE", Description: "Set your time zone, e.g. Europe/London"},
		{Name: "forget", Description: "Delete everything you logged"},
	}
	for i := range cmds {
		cmds[i].Log = true
	}
	return cmds
}

// userOf is the store's name for the sender.
func userOf(m Message) feedlog.User { return feedlog.User{Platform: string(m.Platform), ID: m.UserID} }

// srcOf is the idempotency key of the message.
func srcOf(m Message) feedlog.MsgKey {
	return feedlog.MsgKey{Platform: string(m.Platform), Chat: m.ChatID, ID: m.ID}
}

// msgTime is when the message was sent, or now when the adapter did not
// say.
func (e *Book) msgTime(m Message) time.Time {
	if !m.At.IsZero() {
		return m.At
	}
	return e.now()
}

func logPrivate(r Reply) Reply {
	r.Visibility = Private
	return r
}

func babyNames(h feedlog.Household) []string {
	names := make([]string, len(h.Babies))
	for i, b := range h.Babies {
		names[i] = b.Name
	}
	return names
}

func logParseID(s string) int64 {
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' || n > 1e15 {
			return 0
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

package remind

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"nursling/bot/feedlog"
)

// Request is a reminder as the parent asked for it, before it is stored.
type Request struct {
	Kind Kind // Once or Daily
	// Text is the parent's words without the time phrase ("next feed").
	Text string
	Due  time.Time
	// Clock is a Daily reminder's minutes after midnight.
	Clock int
	// Ask is set when the time is odd enough to confirm first ("in 30
	// hours").
	Ask bool
}

// PhraseError is a reminder that cannot be set as asked; Public is plain
// text for the parent.
type PhraseError struct {
	Public string
	// NoTime is set when the text gave no time at all ("remind me how
	// to latch" may be a question rather than a reminder).
	NoTime bool
}

func (e *PhraseError) Error() string { return "remind: " + e.Public }

func refuse(format string, args ...any) error {
	return &PhraseError{Public: fmt.Sprintf(format, args...)}
}

// Messages the parser answers with.
const (
	msgWhen   = "When should I remind you? For example: \"remind me to feed in 2.5 hours\", \"remind me at 14:30 to pump\" or /remind 3h next feed."
	msgRepeat = "I can repeat a reminder every day at a set time, for example \"remind me to take my vitamin every day at 9am\". Other repeats aren't possible yet."
	msgDaily  = "Say what time each day, for example \"every day at 9am\"."
)

// maxWords bounds a time phrase's words after its lead word.
const maxWords = 4

// Parse reads a reminder request (without the leading /remind) at now, in
// now's location. It returns a *PhraseError for anything it cannot set.
func (r *Rules) Parse(text string, now time.Time) (Request, error) {
	if utf8.RuneCountInString(text) > 4*r.MaxText {
		return Request{}, refuse("That's too long for a reminder: please keep it under %d characters.", r.MaxText)
	}
	words := strings.Fields(text)
	lw := make([]string, len(words))
	for i, w := range words {
		lw[i] = normWord(w)
	}
	start := r.skipLeads(lw)
	words, lw = words[start:], lw[start:]
	sp, err := r.findTime(lw, now)
	if err != nil {
		return Request{}, err
	}
	if sp.n == 0 {
		if r.hasRepeat(lw) {
			return Request{}, refuse(msgRepeat)
		}
		return Request{}, &PhraseError{Public: msgWhen, NoTime: true}
	}
	restW := append(append([]string{}, words[:sp.i]...), words[sp.i+sp.n:]...)
	restL := append(append([]string{}, lw[:sp.i]...), lw[sp.i+sp.n:]...)
	if r.hasRepeat(restL) {
		return Request{}, refuse(msgRepeat)
	}
	req := Request{Kind: sp.kind, Due: sp.due, Clock: sp.clock, Text: r.trimJoiners(restW, restL)}
	if utf8.RuneCountInString(req.Text) > r.MaxText {
		return Request{}, refuse("That's too long for a reminder: please keep it under %d characters.", r.MaxText)
	}
	ahead := req.Due.Sub(now)
	switch {
	case ahead < r.MinAhead:
		return Request{}, refuse("That's too soon for a reminder: give me at least %s.", Human(r.MinAhead))
	case ahead > r.MaxAhead:
		return Request{}, refuse("I can set reminders up to %s ahead.", Human(r.MaxAhead))
	case ahead > r.AskOver && req.Kind == Once:
		req.Ask = true
	}
	return req, nil
}

// span is a time phrase found at words [i, i+n).
type span struct {
	i, n  int
	kind  Kind
	due   time.Time
	clock int
}

// findTime finds the first time phrase.
func (r *Rules) findTime(lw []string, now time.Time) (span, error) {
	for i := range lw {
		if sp, ok, err := r.dailyAt(lw, i, now); ok || err != nil {
			return sp, err
		}
		if lw[i] == "in" || lw[i] == "after" {
			if d, n := r.durationAt(lw, i+1); n > 0 {
				return span{i: i, n: n + 1, kind: Once, due: now.Add(d)}, nil
			}
		}
		if i == 0 {
			if d, n := r.durationAt(lw, 0); n > 0 {
				return span{i: 0, n: n, kind: Once, due: now.Add(d)}, nil
			}
		}
		if clockLead(lw[i]) {
			t, n, err := clockAt(lw, i, "", now)
			if err != nil {
				return span{}, err
			}
			if n > 0 {
				return span{i: i, n: n, kind: Once, due: t}, nil
			}
		}
	}
	return span{}, nil
}

// dailyAt reads "every day at 9am" at lw[i].
func (r *Rules) dailyAt(lw []string, i int, now time.Time) (span, bool, error) {
	for _, p := range r.daily {
		pw := strings.Fields(p)
		if !hasAt(lw, i, pw) {
			continue
		}
		prefix := ""
		if pw[len(pw)-1] == "at" {
			prefix = "at "
		}
		t, n, err := clockAt(lw, i+len(pw), prefix, now)
		if err != nil {
			return span{}, true, err
		}
		if n == 0 {
			return span{}, true, refuse(msgDaily)
		}
		return span{i: i, n: len(pw) + n, kind: Daily, due: t, clock: t.Hour()*60 + t.Minute()}, true, nil
	}
	return span{}, false, nil
}

// durationAt reads the longest duration at lw[i]: the feed log's reader,
// plus whole days and weeks.
func (r *Rules) durationAt(lw []string, i int) (time.Duration, int) {
	if i+1 < len(lw) {
		if v, err := strconv.Atoi(lw[i]); err == nil && v > 0 && v < 1000 {
			switch {
			case r.dayUnits[lw[i+1]]:
				return time.Duration(v) * 24 * time.Hour, 2
			case r.weekUnits[lw[i+1]]:
				return time.Duration(v) * 7 * 24 * time.Hour, 2
			}
		}
	}
	for k := min(maxWords, len(lw)-i); k >= 1; k-- {
		d, err := feedlog.ParseDuration(strings.Join(lw[i:i+k], " "))
		if err == nil {
			return d, k
		}
	}
	return 0, 0
}

// clockAt reads the longest clock time still to come at lw[i] with the
// feed log's time reader. A phrase that starts with "at" but is no time
// ("at 25:00") is refused with the reader's reason.
func clockAt(lw []string, i int, prefix string, now time.Time) (time.Time, int, error) {
	var bad *feedlog.TimeError
	for k := min(maxWords, len(lw)-i); k >= 1; k-- {
		t, err := feedlog.ParseNextTime(prefix+strings.Join(lw[i:i+k], " "), now)
		if err == nil {
			return t, k, nil
		}
		var te *feedlog.TimeError
		if errors.As(err, &te) {
			bad = te
		}
	}
	if bad != nil && (prefix != "" || lw[i] == "at" || lw[i] == "@" || looksClock(lw[i])) {
		return time.Time{}, 0, refuse("I couldn't read that time: %s.", bad.Reason)
	}
	return time.Time{}, 0, nil
}

// clockLead reports whether a clock phrase may start with w.
func clockLead(w string) bool {
	switch w {
	case "at", "@", "today", "tonight", "tomorrow", "tmrw":
		return true
	}
	return looksClock(w)
}

// looksClock: "14:30", "9am", "9pm".
func looksClock(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	return strings.Contains(w, ":") || strings.HasSuffix(w, "am") || strings.HasSuffix(w, "pm")
}

func (r *Rules) skipLeads(lw []string) int {
	leads := append([]string{}, r.leads...)
	sort.SliceStable(leads, func(a, b int) bool { return len(strings.Fields(leads[a])) > len(strings.Fields(leads[b])) })
	i := 0
	for again := true; again; {
		again = false
		for _, p := range leads {
			if pw := strings.Fields(p); hasAt(lw, i, pw) {
				i += len(pw)
				again = true
				break
			}
		}
	}
	return i
}

// trimJoiners drops "to", "about"... at both ends of the reminder text.
func (r *Rules) trimJoiners(words, lw []string) string {
	isJoin := func(w string) bool {
		for _, j := range r.joiners {
			if w == j {
				return true
			}
		}
		return w == ""
	}
	a, b := 0, len(words)
	for a < b && isJoin(lw[a]) {
		a++
	}
	for b > a && (isJoin(lw[b-1]) || lw[b-1] == "please") {
		b--
	}
	return strings.Trim(strings.Join(words[a:b], " "), " .,!?;:-")
}

func (r *Rules) hasRepeat(lw []string) bool {
	for _, w := range lw {
		if r.repeat[w] {
			return true
		}
	}
	return false
}

func hasAt(lw []string, i int, pw []string) bool {
	if i+len(pw) > len(lw) {
		return false
	}
	for k, w := range pw {
		if lw[i+k] != w {
			return false
		}
	}
	return true
}

// normWord lowercases w and drops punctuation at its ends, keeping "a.m.".
func normWord(w string) string {
	w = strings.ToLower(w)
	w = strings.TrimLeft(w, "\"'“‘(")
	w = strings.TrimRight(w, "\"'”’),!?;")
	if !strings.HasSuffix(w, ".m.") {
		w = strings.TrimRight(w, ".")
	}
	return w
}

// Human writes a duration the way a parent says it: "15 min", "3 h",
// "2 h 30 min", "7 days".
func Human(d time.Duration) string {
	d = d.Round(time.Minute)
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return strconv.Itoa(int(d/(24*time.Hour))) + " days"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + " min"
	case d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + " h"
	}
	return fmt.Sprintf("%d h %d min", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

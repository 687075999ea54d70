package feedlog

import (
	"errors"
	"fmt"
	"time"
)

// ErrNoTime is returned by ParseTime when the text holds no time at all, as
// distinct from a time that could not be read (a *TimeError).
var ErrNoTime = errors.New("feedlog: no time given")

// TimeError is a phrase that looks like a time but is not a valid one
// ("at 25:00", "yesterday" without a time). Reason is plain text a parent
// can read.
type TimeError struct {
	Phrase string
	Reason string
}

func (e *TimeError) Error() string { return fmt.Sprintf("%q: %s", e.Phrase, e.Reason) }

// TimeMatch is a time phrase found in a message.
type TimeMatch struct {
	T time.Time
	// Start and End are the phrase's byte offsets in the text.
	Start, End int
}

// futureSlack tolerates clocks a little ahead of the server's.
const futureSlack = 2 * time.Minute

// FindTime finds the first time phrase in text and resolves it against now,
// in now's location. It understands "at 3pm", "at 03:40", "@15:10",
// "3:40am", "3 pm", "at 3" (the most recent 3 o'clock), "20 min ago",
// "2h ago", "1h30 ago", "an hour ago", "half an hour ago", "yesterday 11pm",
// "yesterday at 23:10", "today 9am", "at noon", "at midnight".
//
// A clock time without a day means the most recent such time, except that a
// time later today is returned as it is (in the future) when the previous
// day's would be more than 12 hours ago: "at 3pm" typed at 14:00 is probably
// a slip, and the caller should ask rather than log yesterday.
//
// found is false, with a nil error, when the text gives no time; a phrase
// that is clearly meant as a time but cannot be one returns a *TimeError.
func FindTime(text string, now time.Time) (m TimeMatch, found bool, err error) {
	toks, _ := tokenize(sanitize(text))
	return findTime(toks, now)
}

// ParseTime parses s, which must be nothing but a time phrase (the TIME of
// "/feed left 15 at TIME"; a leading "at" is optional). It returns
// ErrNoTime for empty or timeless text and a *TimeError for anything else
// it cannot read.
func ParseTime(s string, now time.Time) (time.Time, error) {
	s = sanitize(s)
	toks, ok := tokenize(s)
	if !ok {
		return time.Time{}, &TimeError{Phrase: clip(s), Reason: "that is too long to be a time"}
	}
	if len(toks) == 0 {
		return time.Time{}, ErrNoTime
	}
	// A bare number ("3", "1530") is a time here: the caller said so.
	if toks[0].text != "at" && toks[0].text != "@" && toks[0].kind == tokNum {
		toks = append([]token{{text: "at", kind: tokWord}}, toks...)
	}
	m, found, err := findTime(toks, now)
	if err != nil {
		return time.Time{}, err
	}
	if !found {
		return time.Time{}, ErrNoTime
	}
	// Everything must have been part of the phrase.
	first, last := toks[0], toks[len(toks)-1]
	if m.Start > first.start || m.End < last.end {
		return time.Time{}, &TimeError{Phrase: clip(s), Reason: "I couldn't read that time"}
	}
	return m.T, nil
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func findTime(toks []token, now time.Time) (TimeMatch, bool, error) {
	for i := range toks {
		m, n, err := timeAt(toks, i, now)
		if err != nil {
			return TimeMatch{}, false, err
		}
		if n > 0 {
			return m, true, nil
		}
	}
	return TimeMatch{}, false, nil
}

// timeAt tries every time form starting at toks[i]. n is the number of
// tokens used, 0 when none matched.
func timeAt(toks []token, i int, now time.Time) (TimeMatch, int, error) {
	t := toks[i]
	span := func(n int) (int, int) { return t.start, toks[i+n-1].end }

	// Day words first: "yesterday 11pm", "today at 9", "last night at 2",
	// "this morning 7:10", "tomorrow at 9am".
	if day, dn := dayAt(toks, i); dn > 0 {
		j := i + dn
		if j < len(toks) && (toks[j].text == "at" || toks[j].text == "@") {
			j++
		}
		c, n, err := clockAt(toks, j, true)
		if err != nil {
			return TimeMatch{}, 0, err
		}
		if n == 0 && day.off == 0 && day.part == partNone {
			return TimeMatch{}, 0, nil // "today" alone says nothing new
		}
		if n == 0 {
			// "yesterday" alone: a day but no time.
			phrase := dayPhrase(toks, i, dn)
			return TimeMatch{}, 0, &TimeError{Phrase: phrase, Reason: "say what time, for example \"" + phrase + " at 11\""}
		}
		n += j - i
		s, e := span(n)
		return TimeMatch{T: c.resolve(now, day), Start: s, End: e}, n, nil
	}

	// "at 3pm", "@ 03:40", "at noon", each optionally followed by a day:
	// "at 2:30 pm yesterday", "at 11pm last night".
	if (t.text == "at" || t.text == "@") && i+1 < len(toks) {
		c, n, err := clockAt(toks, i+1, true)
		if err != nil {
			return TimeMatch{}, 0, err
		}
		if n > 0 {
			n++
			day, dn := dayAt(toks, i+n)
			s, e := span(n + dn)
			return TimeMatch{T: c.resolve(now, day), Start: s, End: e}, n + dn, nil
		}
		return TimeMatch{}, 0, nil
	}

	// "20 min ago", "2h ago", "1h30 ago", "an hour ago", "half an hour ago".
	if d, n := agoAt(toks, i); n > 0 {
		s, e := span(n)
		return TimeMatch{T: now.Add(-d), Start: s, End: e}, n, nil
	}

	// A clock without "at" must say am/pm or use a colon: "3:40am", "3pm",
	// "03:40". A bare number is a duration or an amount, not a time.
	if t.kind == tokClock || t.kind == tokNum {
		c, n, err := clockAt(toks, i, false)
		if err != nil {
			return TimeMatch{}, 0, err
		}
		if n > 0 {
			day, dn := dayAt(toks, i+n)
			s, e := span(n + dn)
			return TimeMatch{T: c.resolve(now, day), Start: s, End: e}, n + dn, nil
		}
	}
	return TimeMatch{}, 0, nil
}

// anyDayOff is a day offset that means "not said": the most recent such
// time.
const anyDayOff = 100

// partOfDay narrows a clock without am/pm: "this morning at 7", "last
// night at 11".
type partOfDay int

const (
	partNone partOfDay = iota
	partMorning
	partLater // afternoon, evening
	partNight // last night: 6 to 11 is the evening before, 12 to 5 the small hours
)

// dayRef is the day a phrase names: an offset from today (-1 yesterday, 0
// today, +1 tomorrow, or anyDayOff) and a part of the day.
type dayRef struct {
	off  int
	part partOfDay
}

var anyDay = dayRef{off: anyDayOff}

// dayAt reads a day phrase at toks[i]: "yesterday", "yday", "today",
// "tonight", "tomorrow", "last night", "this morning", "yesterday
// evening". n is 0 when there is none (and the day is anyDay).
func dayAt(toks []token, i int) (dayRef, int) {
	if i >= len(toks) || toks[i].kind != tokWord {
		return anyDay, 0
	}
	next := ""
	if i+1 < len(toks) && toks[i+1].kind == tokWord {
		next = toks[i+1].text
	}
	switch w := toks[i].text; w {
	case "yesterday", "yday", "yest", "ystd", "yesterdy":
		if p, ok := partWord(next); ok {
			return dayRef{off: -1, part: p}, 2
		}
		return dayRef{off: -1}, 1
	case "today":
		if p, ok := partWord(next); ok {
			return dayRef{off: 0, part: p}, 2
		}
		return dayRef{off: 0}, 1
	case "tonight":
		return dayRef{off: 0, part: partLater}, 1
	case "tomorrow", "tmrw", "tmr", "tomorow":
		if p, ok := partWord(next); ok {
			return dayRef{off: 1, part: p}, 2
		}
		return dayRef{off: 1}, 1
	case "this":
		if p, ok := partWord(next); ok {
			return dayRef{off: 0, part: p}, 2
		}
	case "last", "lastnight":
		if w == "lastnight" {
			return dayRef{off: -1, part: partNight}, 1
		}
		if next == "night" {
			return dayRef{off: -1, part: partNight}, 2
		}
	case "overnight":
		return dayRef{off: -1, part: partNight}, 1
	}
	return anyDay, 0
}

func partWord(w string) (partOfDay, bool) {
	switch w {
	case "morning", "am":
		return partMorning, true
	case "afternoon", "evening", "eve":
		return partLater, true
	case "night":
		return partNight, true
	}
	return partNone, false
}

// dayPhrase is the text of a day phrase of n tokens at toks[i].
func dayPhrase(toks []token, i, n int) string {
	s := toks[i].text
	for k := 1; k < n; k++ {
		s += " " + toks[i+k].text
	}
	return s
}

// clock is a time of day as typed.
type clock struct {
	h, m      int
	ambiguous bool // 1-12 without am/pm or a leading zero: could be either half
	phrase    string
}

// clockAt reads a clock time at toks[i]. afterAt allows bare numbers
// ("at 3", "at 1530") and noon/midnight.
func clockAt(toks []token, i int, afterAt bool) (clock, int, error) {
	if i >= len(toks) {
		return clock{}, 0, nil
	}
	t := toks[i]
	switch {
	case t.kind == tokWord && afterAt && (t.text == "noon" || t.text == "midday"):
		return clock{h: 12, phrase: t.text}, 1, nil
	case t.kind == tokWord && afterAt && t.text == "midnight":
		return clock{h: 0, phrase: t.text}, 1, nil
	case t.kind != tokClock && t.kind != tokNum:
		return clock{}, 0, nil
	case t.frac:
		return clock{}, 0, nil
	}
	c := clock{h: t.num, phrase: t.text}
	n := 1
	if t.kind == tokClock {
		c.m = t.min
	} else if t.num >= 100 {
		if !afterAt || len(t.text) < 3 || len(t.text) > 4 {
			return clock{}, 0, nil
		}
		c.h, c.m = t.num/100, t.num%100
		t.zero = t.text[0] == '0'
	}
	// am/pm, possibly split by a space or written "a.m." or glued "3p".
	half := ""
	if i+1 < len(toks) && toks[i+1].kind == tokWord {
		w := toks[i+1].text
		glued := toks[i+1].start == t.end
		dotted := i+2 < len(toks) && toks[i+2].text == "m" && toks[i+2].start == toks[i+1].end+1
		switch {
		case w == "am" || w == "pm":
			half, n = w, 2
		case (w == "a" || w == "p") && dotted:
			half, n = w+"m", 3
		case (w == "a" || w == "p") && glued:
			half, n = w+"m", 2
		case t.kind == tokNum && isUnitWord(w):
			// "today 15 min": a duration, not a clock.
			return clock{}, 0, nil
		}
	}
	if half == "" && t.kind == tokNum && !afterAt {
		return clock{}, 0, nil
	}
	phrase := t.text
	if n > 1 {
		phrase += half
	}
	c.phrase = phrase
	if c.m > 59 {
		return clock{}, 0, &TimeError{Phrase: phrase, Reason: "minutes go up to 59"}
	}
	switch half {
	case "am", "pm":
		if c.h < 1 || c.h > 12 {
			return clock{}, 0, &TimeError{Phrase: phrase, Reason: "with am or pm the hour is 1 to 12"}
		}
		c.h %= 12
		if half == "pm" {
			c.h += 12
		}
	default:
		if c.h > 23 {
			if c.h == 24 && c.m == 0 {
				c.h = 0
			} else {
				return clock{}, 0, &TimeError{Phrase: phrase, Reason: "that is not a time of day"}
			}
		}
		c.ambiguous = c.h >= 1 && c.h <= 12 && !t.zero
	}
	return c, n, nil
}

// resolve turns the clock into an instant near now on the day d names.
func (c clock) resolve(now time.Time, d dayRef) time.Time {
	loc := now.Location()
	y, mo, dd := now.Date()
	hours := []int{c.h}
	if c.ambiguous {
		switch d.part {
		case partMorning:
			hours = []int{c.h % 12}
		case partLater:
			hours = []int{c.h%12 + 12}
		case partNight:
			if c.h%12 >= 6 {
				hours = []int{c.h%12 + 12}
			} else {
				hours = []int{c.h % 12}
			}
		default:
			hours = []int{c.h % 12, c.h%12 + 12}
		}
	}
	at := func(dayOff, h int) time.Time { return time.Date(y, mo, dd+dayOff, h, c.m, 0, 0, loc) }
	if d.part == partNight {
		// The night before: its evening is yesterday, its small hours today.
		if hours[0] >= 12 {
			return at(d.off, hours[0])
		}
		return at(d.off+1, hours[0])
	}
	limit := now.Add(futureSlack)
	days := []int{0, -1}
	if d.off != anyDayOff {
		days = []int{d.off}
	}
	var best, earliestFuture time.Time
	for _, off := range days {
		for _, h := range hours {
			t := at(off, h)
			if !t.After(limit) {
				if t.After(best) {
					best = t
				}
			} else if earliestFuture.IsZero() || t.Before(earliestFuture) {
				earliestFuture = t
			}
		}
	}
	switch {
	case best.IsZero():
		return earliestFuture
	case d.off == anyDayOff && !earliestFuture.IsZero() && now.Sub(best) > 12*time.Hour:
		// Yesterday's is long ago and today's is still to come: hand back
		// the future time so the caller asks instead of guessing.
		return earliestFuture
	}
	return best
}

// agoAt reads "N unit [N unit] ago" at toks[i].
func agoAt(toks []token, i int) (time.Duration, int) {
	j := i
	var d time.Duration
	switch {
	case j+2 < len(toks) && toks[j].text == "half" && (toks[j+1].text == "an" || toks[j+1].text == "a") && unitOf(toks[j+2].text) == time.Hour:
		d, j = 30*time.Minute, j+3
	case j+1 < len(toks) && (toks[j].text == "an" || toks[j].text == "a") && unitOf(toks[j+1].text) > 0:
		d, j = unitOf(toks[j+1].text), j+2
	default:
		var first time.Duration // the first number's unit
		for k := 0; k < 2 && j < len(toks) && toks[j].kind == tokNum; k++ {
			v := toks[j].num
			if j+1 < len(toks) && unitOf(toks[j+1].text) > 0 {
				u := unitOf(toks[j+1].text)
				if k == 1 && !(first == time.Hour && u == time.Minute && !toks[j].frac) {
					// "12 min 20 min ago" is a 12 min feed 20 min ago, not
					// 32 min ago: only "1 hour 10 min" joins.
					break
				}
				first = u
				d += time.Duration(v) * u
				if toks[j].frac {
					d += time.Duration(toks[j].tenth) * u / 10
				}
				j += 2
				continue
			}
			// "1h30 ago": a trailing number after hours means minutes.
			if k == 1 && first == time.Hour && j+1 < len(toks) && toks[j+1].text == "ago" {
				d += time.Duration(v) * time.Minute
				j++
			}
			break
		}
	}
	if j == i || j >= len(toks) || toks[j].text != "ago" || d > 7*24*time.Hour {
		return 0, 0
	}
	return d, j - i + 1
}

// unitOf returns the duration one unit word stands for, or 0.
func unitOf(w string) time.Duration {
	switch w {
	case "m", "min", "mins", "minute", "minutes", "mn", "mns":
		return time.Minute
	case "h", "hr", "hrs", "hour", "hours":
		return time.Hour
	}
	return 0
}

// isUnitWord reports whether w is a unit of time or volume, which makes the
// number before it a duration or an amount rather than a clock time.
func isUnitWord(w string) bool {
	if unitOf(w) > 0 {
		return true
	}
	_, ok := volumeUnit(w)
	return ok
}

// volumeUnit returns millilitres per unit for a volume word.
func volumeUnit(w string) (float64, bool) {
	switch w {
	case "ml", "mls", "mil", "mils", "millilitre", "millilitres", "milliliter", "milliliters", "cc":
		return 1, true
	case "oz", "ozs", "ounce", "ounces", "floz":
		return OzML, true
	}
	return 0, false
}

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
	toks, _ := tokenize(text)
	return findTime(toks, now)
}

// ParseTime parses s, which must be nothing but a time phrase (the TIME of
// "/feed left 15 at TIME"; a leading "at" is optional). It returns
// ErrNoTime for empty or timeless text and a *TimeError for anything else
// it cannot read.
func ParseTime(s string, now time.Time) (time.Time, error) {
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

	// Day words: "yesterday 11pm", "today at 9".
	if day, ok := dayWord(t.text); ok && t.kind == tokWord {
		j := i + 1
		if j < len(toks) && (toks[j].text == "at" || toks[j].text == "@") {
			j++
		}
		c, n, err := clockAt(toks, j, true)
		if err != nil {
			return TimeMatch{}, 0, err
		}
		if n == 0 && day == 0 {
			return TimeMatch{}, 0, nil // "today" alone says nothing new
		}
		if n == 0 {
			// "yesterday" alone: a day but no time.
			return TimeMatch{}, 0, &TimeError{Phrase: t.text, Reason: "say what time, for example \"" + t.text + " 11pm\""}
		}
		n += j - i
		res := c.resolve(now, day)
		s, e := span(n)
		return TimeMatch{T: res, Start: s, End: e}, n, nil
	}

	// "at 3pm", "@ 03:40", "at noon".
	if (t.text == "at" || t.text == "@") && i+1 < len(toks) {
		c, n, err := clockAt(toks, i+1, true)
		if err != nil {
			return TimeMatch{}, 0, err
		}
		if n > 0 {
			s, e := span(n + 1)
			return TimeMatch{T: c.resolve(now, anyDay), Start: s, End: e}, n + 1, nil
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
			s, e := span(n)
			return TimeMatch{T: c.resolve(now, anyDay), Start: s, End: e}, n, nil
		}
	}
	return TimeMatch{}, 0, nil
}

const anyDay = 1 // a day offset that means "not said"

func dayWord(w string) (int, bool) {
	switch w {
	case "yesterday", "yday", "yest":
		return -1, true
	case "today", "tonight":
		return 0, true
	}
	return 0, false
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

// resolve turns the clock into an instant near now. day is -1 (yesterday),
// 0 (today) or anyDay.
func (c clock) resolve(now time.Time, day int) time.Time {
	loc := now.Location()
	y, mo, d := now.Date()
	hours := []int{c.h}
	if c.ambiguous {
		hours = []int{c.h % 12, c.h%12 + 12}
	}
	at := func(dayOff, h int) time.Time { return time.Date(y, mo, d+dayOff, h, c.m, 0, 0, loc) }
	limit := now.Add(futureSlack)

	days := []int{0, -1}
	switch day {
	case -1:
		days = []int{-1}
	case 0:
		days = []int{0}
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
	case day == anyDay && !earliestFuture.IsZero() && now.Sub(best) > 12*time.Hour:
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
		for k := 0; k < 2 && j < len(toks) && toks[j].kind == tokNum; k++ {
			v := toks[j].num
			if j+1 < len(toks) && unitOf(toks[j+1].text) > 0 {
				u := unitOf(toks[j+1].text)
				d += time.Duration(v) * u
				if toks[j].frac {
					d += time.Duration(toks[j].tenth) * u / 10
				}
				j += 2
				continue
			}
			// "1h30 ago": a trailing number after hours means minutes.
			if k == 1 && j+1 < len(toks) && toks[j+1].text == "ago" {
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

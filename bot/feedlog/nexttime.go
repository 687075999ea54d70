package feedlog

import (
	"time"
)

// ParseDuration reads a span of time written the way the feed log reads
// "... ago": "3h", "2.5 hours", "90 min", "1h30", "an hour", "half an
// hour". It is the same reader as FindTime's "20 min ago", so reminders
// ("in 2.5 hours") and the log agree on what a duration is. It returns
// ErrNoTime when s is not a duration, and refuses more than 7 days.
func ParseDuration(s string) (time.Duration, error) {
	toks, ok := tokenize(s)
	if !ok {
		return 0, &TimeError{Phrase: clip(s), Reason: "that is too long to be a time"}
	}
	if len(toks) == 0 {
		return 0, ErrNoTime
	}
	last := toks[len(toks)-1]
	toks = append(toks, token{text: "ago", kind: tokWord, start: last.end + 1, end: last.end + 4})
	d, n := agoAt(toks, 0)
	if n != len(toks) || d <= 0 {
		return 0, ErrNoTime
	}
	return d, nil
}

// ParseNextTime reads a clock time that is still to come: "14:30", "at
// 9am", "at 3" (the next 3 o'clock, morning or afternoon), "tomorrow at 7",
// "at noon today". Unlike ParseTime, which looks back for the feed log, it
// returns the earliest such time after now, in now's location. A bare
// number is a time only after "at". It returns ErrNoTime when s holds no
// clock time and a *TimeError when it holds an impossible one.
func ParseNextTime(s string, now time.Time) (time.Time, error) {
	toks, ok := tokenize(s)
	if !ok {
		return time.Time{}, &TimeError{Phrase: clip(s), Reason: "that is too long to be a time"}
	}
	days := []int{0, 1}
	i, end := 0, len(toks)
	dayWord := func(t token) ([]int, bool) {
		switch t.text {
		case "today", "tonight":
			return []int{0}, true
		case "tomorrow", "tmrw", "tmr":
			return []int{1}, true
		}
		return nil, false
	}
	if i < end {
		if d, ok := dayWord(toks[i]); ok {
			days, i = d, i+1
		}
	}
	if i < end && end-i > 1 {
		if d, ok := dayWord(toks[end-1]); ok && len(days) == 2 {
			days, end = d, end-1
		}
	}
	afterAt := false
	if i < end && (toks[i].text == "at" || toks[i].text == "@") {
		afterAt, i = true, i+1
	}
	if i >= end {
		return time.Time{}, ErrNoTime
	}
	c, n, err := clockAt(toks[:end], i, afterAt)
	if err != nil {
		return time.Time{}, err
	}
	if n == 0 || i+n != end {
		return time.Time{}, ErrNoTime
	}
	return c.next(now, days)
}

// next is the earliest instant of the clock after now on one of days
// (offsets from today).
func (c clock) next(now time.Time, days []int) (time.Time, error) {
	loc := now.Location()
	y, mo, d := now.Date()
	hours := []int{c.h}
	if c.ambiguous {
		hours = []int{c.h % 12, c.h%12 + 12}
	}
	var best time.Time
	for _, off := range days {
		for _, h := range hours {
			t := time.Date(y, mo, d+off, h, c.m, 0, 0, loc)
			if t.After(now) && (best.IsZero() || t.Before(best)) {
				best = t
			}
		}
	}
	if best.IsZero() {
		return time.Time{}, &TimeError{Phrase: c.phrase, Reason: "that time has already passed today"}
	}
	return best, nil
}

package feedlog

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var fuzzNow = time.Date(2026, 11, 5, 14, 5, 0, 0, time.UTC)

// FuzzParse checks that any text parses without panicking and that
// whatever Parse would log obeys the limits: a kind, a start not after
// now, a duration and an amount within bounds. Seeds: testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"fed left 15 min", "L15 R10", "bottle 3oz formula", "pumped 60 left 50 right", "wet and dirty",
		"right side 10m at 3:40am", "how long should a feed last", "twin A left 10", "start left", "yesterday 11pm left 5",
		"left 12 min 20 min ago", "fed left 15 min at 2:30 pm yesterday", "fed left -5 min", "fed left\x00 15\x1b[31m min", "left 15 at 11pm last night"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c := ParseContext{Now: fuzzNow, Babies: []string{"Twin A", "Ann"}}
		p := Parse(text, c)
		if again := Parse(text, c); again.Status != p.Status || again.Problem != p.Problem || !again.Entry.Start.Equal(p.Entry.Start) {
			t.Fatalf("Parse(%q) is not deterministic", text)
		}
		if strings.ContainsRune(text, '?') && p.Status != NotLog {
			t.Fatalf("Parse(%q): a question parsed as a log", text)
		}
		checkLoggable(t, text, p)
		for _, cmd := range []string{"feed", "bottle", "nappy", "pump"} {
			cp, ok := ParseCommand(cmd, text, c)
			if !ok {
				t.Fatalf("ParseCommand(%s) not handled", cmd)
			}
			checkLoggable(t, "/"+cmd+" "+text, cp)
		}
	})
}

// checkLoggable fails if p would be logged but breaks a limit.
func checkLoggable(t *testing.T, text string, p Parsed) {
	t.Helper()
	if p.Status == NotLog || p.Problem != "" || p.Action != LogEntry {
		return
	}
	e := p.Entry
	switch e.Kind {
	case Feed, Nappy, Pump:
	default:
		t.Fatalf("%q: kind %q", text, e.Kind)
	}
	if e.End.Before(e.Start) {
		t.Fatalf("%q: ends before it starts: %v %v", text, e.Start, e.End)
	}
	if e.Duration() > MaxDuration {
		t.Fatalf("%q: duration %v over the limit", text, e.Duration())
	}
	if e.Start.After(fuzzNow.Add(futureSlack)) || e.End.After(fuzzNow.Add(futureSlack)) {
		t.Fatalf("%q: in the future: %v–%v", text, e.Start, e.End)
	}
	if e.AmountML < 0 || e.AmountML > MaxAmountML || e.LeftML < 0 || e.RightML < 0 {
		t.Fatalf("%q: amount %d (%d/%d)", text, e.AmountML, e.LeftML, e.RightML)
	}
	if e.LeftDur < 0 || e.RightDur < 0 {
		t.Fatalf("%q: negative side time", text)
	}
	if e.Kind == Nappy && p.Status == Sure && e.Nappy == "" {
		t.Fatalf("%q: a sure nappy without a kind", text)
	}
	if e.Kind == Nappy && e.Nappy == "" {
		return // the engine asks which kind first
	}
	if err := e.Validate(); err != nil {
		t.Fatalf("%q: the store would refuse it: %v", text, err)
	}
}

// FuzzParseTime checks the time parser never panics, reports "no time"
// and bad times distinctly, keeps match offsets inside the text, and
// resolves only to times near now. Seeds: testdata/fuzz/FuzzParseTime.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"at 3pm", "at 03:40", "3:40am", "20 min ago", "yesterday 11pm", "2h ago", "at 25:00", "", "1h30 ago", "@9 a.m.",
		"at 2:30 pm yesterday", "11pm last night", "this morning at 7", "tomorrow at 9am", "12 min 20 min ago", "yday 3\x1b[31m pm"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		m, found, err := FindTime(text, fuzzNow)
		var te *TimeError
		switch {
		case err != nil && !errors.As(err, &te):
			t.Fatalf("FindTime(%q): error %v is not a *TimeError", text, err)
		case err != nil && found:
			t.Fatalf("FindTime(%q): found and an error", text)
		case found:
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
				t.Fatalf("FindTime(%q): offsets %d..%d", text, m.Start, m.End)
			}
			if m.T.Before(fuzzNow.Add(-8*24*time.Hour)) || m.T.After(fuzzNow.Add(49*time.Hour)) {
				t.Fatalf("FindTime(%q) = %v, far from now", text, m.T)
			}
		}
		tm, err := ParseTime(text, fuzzNow)
		switch {
		case err == nil:
			if tm.Before(fuzzNow.Add(-8*24*time.Hour)) || tm.After(fuzzNow.Add(49*time.Hour)) {
				t.Fatalf("ParseTime(%q) = %v, far from now", text, tm)
			}
		case errors.Is(err, ErrNoTime), errors.As(err, &te):
		default:
			t.Fatalf("ParseTime(%q): unexpected error %v", text, err)
		}
	})
}

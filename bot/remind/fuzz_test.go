package remind

import (
	"errors"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParse: any text either sets a reminder that is in the future, within
// the limits and with bounded text, or is refused with words for the
// parent; it never panics. The seed corpus is in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"remind me to feed in 2.5 hours", "remind me at 14:30 to pump", "3h next feed",
		"remind me to take my vitamin every day at 9am", "in 30 hours check", "at 25:00 x",
		"tomorrow at 7", "in 1h30 burp", "every day", "in 999 days", "@ 3 p.m. bottle", "",
	} {
		f.Add(s, int64(0))
	}
	rules, err := DefaultRules()
	if err != nil {
		f.Fatal(err)
	}
	base := time.Date(2025, 12, 5, 14, 10, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string, offset int64) {
		now := base.Add(time.Duration(offset%(400*24)) * time.Hour)
		req, err := rules.Parse(text, now)
		if err != nil {
			var pe *PhraseError
			if !errors.As(err, &pe) || pe.Public == "" {
				t.Fatalf("Parse(%q) = %v, want a PhraseError with words", text, err)
			}
			return
		}
		ahead := req.Due.Sub(now)
		switch {
		case ahead < rules.MinAhead || ahead > rules.MaxAhead:
			t.Errorf("Parse(%q): due in %s, outside the limits", text, ahead)
		case req.Kind != Once && req.Kind != Daily:
			t.Errorf("Parse(%q): kind %q", text, req.Kind)
		case req.Kind == Daily && (ahead > 24*time.Hour+time.Hour || req.Clock < 0 || req.Clock >= 24*60):
			t.Errorf("Parse(%q): daily due in %s, clock %d", text, ahead, req.Clock)
		case !req.Ask && ahead > rules.AskOver:
			t.Errorf("Parse(%q): due in %s without asking first", text, ahead)
		case utf8.RuneCountInString(req.Text) > rules.MaxText || !utf8.ValidString(req.Text) && utf8.ValidString(text):
			t.Errorf("Parse(%q): text %q", text, req.Text)
		}
	})
}

func FuzzParseQuiet(f *testing.F) {
	for _, s := range []string{"23:00-06:00", "11pm to 6am", "off", "22:30 - 7:15", "25:00-01:00", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuiet(s)
		if err != nil {
			return
		}
		if q.From < 0 || q.From >= 24*60 || q.To < 0 || q.To >= 24*60 {
			t.Errorf("ParseQuiet(%q) = %+v", s, q)
		}
	})
}

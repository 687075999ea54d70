package remind

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func mustRules(tb testing.TB) *Rules {
	tb.Helper()
	r, err := DefaultRules()
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// Fri 5 Dec 2025, 14:10 in London.
func testNow(tb testing.TB) time.Time {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		tb.Fatal(err)
	}
	return time.Date(2025, 12, 5, 14, 10, 0, 0, loc)
}

func TestParsePhrasings(t *testing.T) {
	rules := mustRules(t)
	now := testNow(t)
	at := func(d, h, m int) time.Time { return time.Date(2025, 12, d, h, m, 0, 0, now.Location()) }
	tests := []struct {
		in   string
		kind Kind
		text string
		due  time.Time
		ask  bool
	}{
		{"remind me to feed in 2.5 hours", Once, "feed", now.Add(150 * time.Minute), false},
		{"Remind me in 2.5 hours to feed", Once, "feed", now.Add(150 * time.Minute), false},
		{"remind me at 14:30 to pump", Once, "pump", at(5, 14, 30), false},
		{"3h next feed", Once, "next feed", now.Add(3 * time.Hour), false},
		{"in 90 min check nappy", Once, "check nappy", now.Add(90 * time.Minute), false},
		{"remind me in an hour", Once, "", now.Add(time.Hour), false},
		{"remind me in half an hour to switch sides", Once, "switch sides", now.Add(30 * time.Minute), false},
		{"1h30 burp and change", Once, "burp and change", now.Add(90 * time.Minute), false},
		{"remind me to take my vitamin every day at 9am", Daily, "take my vitamin", at(6, 9, 0), false},
		{"daily at 21:00 pump before bed", Daily, "pump before bed", at(5, 21, 0), false},
		{"remind me at 9am to call the clinic", Once, "call the clinic", at(6, 9, 0), false},
		{"remind me at 3 to feed", Once, "feed", at(5, 15, 0), false},
		{"remind me tomorrow at 7am to pump", Once, "pump", at(6, 7, 0), false},
		{"please remind me to drink water at 4pm.", Once, "drink water", at(5, 16, 0), false},
		{"remind me about the bottles in 20 mins", Once, "the bottles", now.Add(20 * time.Minute), false},
		{"in 30 hours give vitamin D", Once, "give vitamin D", now.Add(30 * time.Hour), true},
		{"in 2 days check the freezer stash", Once, "check the freezer stash", now.Add(48 * time.Hour), true},
		{"remind me at 13:00 tomorrow to pump", Once, "pump", at(6, 13, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := rules.Parse(tt.in, now)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got.Kind != tt.kind || got.Text != tt.text || !got.Due.Equal(tt.due) || got.Ask != tt.ask {
				t.Errorf("got %s %q due %s ask %v; want %s %q due %s ask %v", got.Kind, got.Text, got.Due, got.Ask, tt.kind, tt.text, tt.due, tt.ask)
			}
		})
	}
}

func TestParseRefused(t *testing.T) {
	rules := mustRules(t)
	now := testNow(t)
	tests := []struct{ in, want string }{
		{"remind me to feed", "When should I remind you"},
		{"", "When should I remind you"},
		{"in 10 days check the stash", "up to 7 days"},
		{"in 2 weeks weigh the baby", "up to 7 days"},
		{"remind me every hour to drink", "every day at a set time"},
		{"remind me at 25:00 to pump", "couldn't read that time"},
		{"remind me at 14:75 to pump", "minutes go up to 59"},
		{"every day pump", "what time each day"},
		{"remind me in 10 seconds", "When should I remind you"},
		{"in 2 hours " + strings.Repeat("x", 300), "too long"},
		{"remind me weekly at 9am to weigh", "every day at a set time"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := rules.Parse(tt.in, now)
			var pe *PhraseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v, want a PhraseError", err)
			}
			if !strings.Contains(pe.Public, tt.want) {
				t.Errorf("refusal %q does not say %q", pe.Public, tt.want)
			}
		})
	}
}

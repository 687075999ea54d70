package feedlog

import (
	"errors"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  error
	}{
		{"3h", 3 * time.Hour, nil},
		{"2.5 hours", 150 * time.Minute, nil},
		{"90 min", 90 * time.Minute, nil},
		{"1h30", 90 * time.Minute, nil},
		{"an hour", time.Hour, nil},
		{"half an hour", 30 * time.Minute, nil},
		{"2 h 15 min", 135 * time.Minute, nil},
		{"", 0, ErrNoTime},
		{"3", 0, ErrNoTime},
		{"3 bottles", 0, ErrNoTime},
		{"200 hours", 0, ErrNoTime}, // over 7 days
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("ParseDuration(%q) = %s, %v; want %s, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestParseNextTime(t *testing.T) {
	now := time.Date(2025, 12, 5, 14, 10, 0, 0, time.UTC)
	at := func(d, h, m int) time.Time { return time.Date(2025, 12, d, h, m, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time
		bad  bool
	}{
		{"14:30", at(5, 14, 30), false},
		{"at 14:00", at(6, 14, 0), false}, // passed today: tomorrow
		{"at 3", at(5, 15, 0), false},     // the next 3 o'clock
		{"at 2", at(6, 2, 0), false},
		{"9am", at(6, 9, 0), false},
		{"at noon", at(6, 12, 0), false},
		{"tomorrow at 7", at(6, 7, 0), false},
		{"at 9pm today", at(5, 21, 0), false},
		{"today at 9am", time.Time{}, true},
		{"at 25:00", time.Time{}, true},
		{"at 14:75", time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := ParseNextTime(tt.in, now)
		if tt.bad {
			var te *TimeError
			if !errors.As(err, &te) {
				t.Errorf("ParseNextTime(%q) = %s, %v; want a TimeError", tt.in, got, err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseNextTime(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "3", "feed", "in 2 hours"} {
		if _, err := ParseNextTime(in, now); !errors.Is(err, ErrNoTime) {
			t.Errorf("ParseNextTime(%q) err %v, want ErrNoTime", in, err)
		}
	}
}

// FuzzParseNextTime: a time found is after now and within two days; a
// duration is positive and at most 7 days. Seeds in testdata/fuzz.
func FuzzParseNextTime(f *testing.F) {
	for _, s := range []string{"14:30", "at 3", "tomorrow at 7am", "at 9pm today", "1h30", "half an hour", "at 24:00", "2.5 hours"} {
		f.Add(s)
	}
	now := time.Date(2025, 12, 5, 14, 10, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		if got, err := ParseNextTime(s, now); err == nil && (!got.After(now) || got.Sub(now) > 48*time.Hour) {
			t.Errorf("ParseNextTime(%q) = %s, not in the next two days", s, got)
		}
		if d, err := ParseDuration(s); err == nil && (d <= 0 || d > 7*24*time.Hour) {
			t.Errorf("ParseDuration(%q) = %s", s, d)
		}
	})
}

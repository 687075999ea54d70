package feedlog

import (
	"errors"
	"testing"
	"time"
)

func TestFindTime(t *testing.T) {
	loc := london(t)
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, loc) // a Thursday afternoon
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, loc) }
	tests := []struct {
		name   string
		text   string
		want   time.Time
		phrase string // the text the match covers
	}{
		{"at 3pm earlier today", "left 10 at 1pm", at(5, 13, 0), "at 1pm"},
		{"at 3pm later today is returned in the future", "at 3pm", at(5, 15, 0), "at 3pm"},
		{"at 03:40 24h", "at 03:40", at(5, 3, 40), "at 03:40"},
		{"3:40am without at", "right 10m 3:40am", at(5, 3, 40), "3:40am"},
		{"3 pm with a space", "at 3 pm", at(5, 15, 0), "at 3 pm"},
		{"a.m. with dots", "at 9 a.m.", at(5, 9, 0), "at 9 a.m"},
		{"glued p", "at 1p", at(5, 13, 0), "at 1p"},
		{"at 3 picks the most recent", "at 3", at(5, 3, 0), "at 3"},
		{"at 1 picks 13:00", "at 1", at(5, 13, 0), "at 1"},
		{"at 12:30 is midday", "at 12:30", at(5, 12, 30), "at 12:30"},
		{"@ sign", "@15:10", at(5, 15, 10), "@15:10"},
		{"at 1330 military", "at 1330", at(5, 13, 30), "at 1330"},
		{"at noon", "at noon", at(5, 12, 0), "at noon"},
		{"at midnight", "at midnight", at(5, 0, 0), "at midnight"},
		{"20 min ago", "fed 20 min ago left", at(5, 13, 45), "20 min ago"},
		{"2h ago", "2h ago", at(5, 12, 5), "2h ago"},
		{"1h30 ago", "1h30 ago", at(5, 12, 35), "1h30 ago"},
		{"1 hour 10 minutes ago", "1 hour 10 minutes ago", at(5, 12, 55), "1 hour 10 minutes ago"},
		{"an hour ago", "an hour ago", at(5, 13, 5), "an hour ago"},
		{"half an hour ago", "half an hour ago", at(5, 13, 35), "half an hour ago"},
		{"1.5h ago", "1.5h ago", at(5, 12, 35), "1.5h ago"},
		{"yesterday 11pm", "yesterday 11pm", at(4, 23, 0), "yesterday 11pm"},
		{"yesterday at 23:10", "Yesterday at 23:10", at(4, 23, 10), "Yesterday at 23:10"},
		{"yesterday 11 is 23:00", "yesterday 11", at(4, 23, 0), "yesterday 11"},
		{"today 9am", "today 9am", at(5, 9, 0), "today 9am"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, found, err := FindTime(tt.text, now)
			if err != nil || !found {
				t.Fatalf("FindTime(%q) = found %v, err %v", tt.text, found, err)
			}
			if !m.T.Equal(tt.want) {
				t.Errorf("FindTime(%q) = %v, want %v", tt.text, m.T, tt.want)
			}
			if got := tt.text[m.Start:m.End]; got != tt.phrase {
				t.Errorf("FindTime(%q) phrase %q, want %q", tt.text, got, tt.phrase)
			}
		})
	}
}

func TestFindTimeRollsBackOverMidnight(t *testing.T) {
	loc := london(t)
	now := time.Date(2026, 11, 5, 0, 10, 0, 0, loc)
	m, found, err := FindTime("left 10 at 11:30pm", now)
	if err != nil || !found {
		t.Fatalf("found %v err %v", found, err)
	}
	if want := time.Date(2026, 11, 4, 23, 30, 0, 0, loc); !m.T.Equal(want) {
		t.Errorf("got %v, want %v (last night)", m.T, want)
	}
}

func TestFindTimeDST(t *testing.T) {
	loc := london(t)
	// The clocks went back at 02:00 BST on 25 Oct 2026; "2h ago" is two
	// real hours whatever the wall clock did.
	now := time.Date(2026, 10, 25, 2, 30, 0, 0, loc)
	m, _, err := FindTime("2h ago", now)
	if err != nil {
		t.Fatal(err)
	}
	if got := now.Sub(m.T); got != 2*time.Hour {
		t.Errorf("2h ago is %v before now, want 2h", got)
	}
	// Yesterday at a wall-clock time lands on the previous calendar day.
	m, _, err = FindTime("yesterday 11pm", now)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.T.In(loc).Format("2006-01-02 15:04"); got != "2026-10-24 23:00" {
		t.Errorf("yesterday 11pm = %s", got)
	}
}

func TestFindTimeNone(t *testing.T) {
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, time.UTC)
	for _, text := range []string{"", "left 15", "L15 R10", "15 min", "bottle 90ml", "fed 3 times", "pumped 60 left 50 right", "1:", "at", "at the park", "today 15 min"} {
		t.Run(text, func(t *testing.T) {
			m, found, err := FindTime(text, now)
			if found || err != nil {
				t.Errorf("FindTime(%q) = %+v found %v err %v, want no time", text, m, found, err)
			}
		})
	}
}

func TestFindTimeErrors(t *testing.T) {
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, time.UTC)
	for _, text := range []string{"at 25:00", "at 13pm", "at 3:75", "yesterday", "left 10 yesterday", "at 0am"} {
		t.Run(text, func(t *testing.T) {
			_, found, err := FindTime(text, now)
			var te *TimeError
			if found || !errors.As(err, &te) {
				t.Errorf("FindTime(%q) = found %v err %v, want a *TimeError", text, found, err)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	loc := london(t)
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, loc)
	tests := []struct {
		in      string
		want    time.Time
		wantErr error // ErrNoTime, or nil; other failures checked as *TimeError
		bad     bool
	}{
		{in: "3pm", want: time.Date(2026, 11, 5, 15, 0, 0, 0, loc)},
		{in: "at 03:40", want: time.Date(2026, 11, 5, 3, 40, 0, 0, loc)},
		{in: "13:10", want: time.Date(2026, 11, 5, 13, 10, 0, 0, loc)},
		{in: "3", want: time.Date(2026, 11, 5, 3, 0, 0, 0, loc)},
		{in: "20 min ago", want: time.Date(2026, 11, 5, 13, 45, 0, 0, loc)},
		{in: "yesterday 11pm", want: time.Date(2026, 11, 4, 23, 0, 0, 0, loc)},
		{in: "", wantErr: ErrNoTime},
		{in: "   ", wantErr: ErrNoTime},
		{in: "banana", wantErr: ErrNoTime},
		{in: "3pm banana", bad: true},
		{in: "at 25:00", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTime(tt.in, now)
			switch {
			case tt.bad:
				var te *TimeError
				if !errors.As(err, &te) {
					t.Errorf("ParseTime(%q) err = %v, want *TimeError", tt.in, err)
				}
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("ParseTime(%q) err = %v, want %v", tt.in, err, tt.wantErr)
				}
			case err != nil:
				t.Errorf("ParseTime(%q) err = %v", tt.in, err)
			case !got.Equal(tt.want):
				t.Errorf("ParseTime(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

package logbook

import (
	"strings"
	"testing"
)

// TestConfirmationsNameTheDay: issue 14 item 2, newcomer run D3 and D8.
// What was typed is what is confirmed, with the day when it is not today,
// and a future day or a minus sign is refused, never logged.
func TestConfirmationsNameTheDay(t *testing.T) {
	tests := []struct {
		text    string
		want    string // the reply's first line
		entries int
	}{
		{"left 12 min 20 min ago", "Logged: left breast, 12 min, 13:45–13:57. Next: start on the right.", 1},
		{"fed left 15 min at 2:30 pm yesterday", "Logged: left breast, 15 min, yesterday 14:30–14:45. Next: start on the right.", 1},
		{"fed left 15 min at 2:30pm yday", "Logged: left breast, 15 min, yesterday 14:30–14:45. Next: start on the right.", 1},
		{"left 15 at 11pm last night", "Logged: left breast, 15 min, yesterday 23:00–23:15. Next: start on the right.", 1},
		{"this morning at 7 right 10", "Logged: right breast, 10 min, 07:00–07:10. Next: start on the left.", 1},
		{"wet nappy at 9pm yesterday", "Logged: wet nappy yesterday at 21:00.", 1},
		{"/feed left 15 at 2:30pm yesterday", "Logged: left breast, 15 min, yesterday 14:30–14:45. Next: start on the right.", 1},
		{"fed left\x00 15\x1b[31m min", "Logged: left breast, 15 min, 13:50–14:05. Next: start on the right.", 1},
		{"left 15 tomorrow at 9am", "Tomorrow 09:00 is later than now (14:05), so I didn't log it.", 0},
		{"/feed left 15 at 9am tomorrow", "Tomorrow 09:00 is later than now (14:05), so I didn't log it.", 0},
		{"fed left -5 min", "A time or an amount can't be below zero, so I didn't log it.", 0},
		{"/feed left -5", "A time or an amount can't be below zero, so I didn't log it.", 0},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			env := newFLEnv(t)
			r, ok, err := env.send(env.msg("u1", tt.text))
			got := flFirst(r)
			if err != nil {
				got = toldOrError(err)
			}
			if !ok || !strings.HasPrefix(got, tt.want) {
				t.Errorf("%q: ok %v\n got %q\nwant %q…", tt.text, ok, got, tt.want)
			}
			if n := len(env.entries("u1")); n != tt.entries {
				t.Errorf("%q: %d entries stored, want %d", tt.text, n, tt.entries)
			}
		})
	}
}

// TestUnsureQuestionNamesTheDay: a Yes/No question about a backdated entry
// says the day, so a tired parent does not tap Yes on the wrong one.
func TestUnsureQuestionNamesTheDay(t *testing.T) {
	env := newFLEnv(t)
	r := env.say("u1", "left 12 yesterday at 3pm sleepy")
	if got := flFirst(r); !strings.Contains(got, "yesterday 15:00–15:12") {
		t.Errorf("question %q does not name the day", got)
	}
}

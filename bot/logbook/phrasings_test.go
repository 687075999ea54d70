package logbook

import (
	"nursling/bot/chat"
	"strings"
	"testing"
)

// TestMorePhrasings: issue 14 item 7 and the Low list, through the
// engine: new log phrasings, /day with day words, /tz with a city, and
// the same limits as chat for command forms.
func TestMorePhrasings(t *testing.T) {
	tests := []struct {
		text    string
		want    string // in the reply (or its error)
		entries int
	}{
		{"gave 30ml colostrum by syringe", "Logged: bottle, 30 ml breast milk at 14:05.", 1},
		{"topped up with 60ml formula after a breastfeed", "Logged: bottle, 60 ml formula at 14:05.", 1},
		{"/day yesterday", "# Wed 4 Nov 2026", 0},
		{"/day yday", "# Wed 4 Nov 2026", 0},
		{"/day today", "# Today, Thu 5 Nov", 0},
		{"/day monday", "# Mon 2 Nov 2026", 0},
		{"/day last thu", "# Thu 29 Oct 2026", 0},
		{"/day 2026-11-03", "# Tue 3 Nov 2026", 0},
		{"/day someday", "Give the day as yesterday, a weekday or YYYY-MM-DD", 0},
		{"/tz London", "Did you mean Europe/London?", 0},
		{"/tz new york", "Did you mean America/New_York?", 0},
		{"/tz UK", "Did you mean Europe/London?", 0},
		{"/tz <script>&", "I don't know that time zone.", 0},
		{"/feed bottle 90 min", "How much was in the bottle?", 0},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			env := newFLEnv(t)
			env.say("u1", "left 10 at 9am") // so the log exists
			r, ok, err := env.send(env.msg("u1", tt.text))
			got := flRender(r)
			if public, isUser := chat.PublicText(err); isUser {
				got = public
			} else if err != nil {
				got = err.Error()
			}
			if !ok || !strings.Contains(got, tt.want) {
				t.Errorf("%q: ok %v\n got %q\nwant …%q…", tt.text, ok, got, tt.want)
			}
			if strings.Contains(got, "<script>") {
				t.Errorf("%q: the reply repeats what was typed: %q", tt.text, got)
			}
			if n := len(env.entries("u1")) - 1; n != tt.entries {
				t.Errorf("%q: %d entries added, want %d", tt.text, n, tt.entries)
			}
		})
	}
}

func TestTimeZoneButton(t *testing.T) {
	env := newFLEnv(t)
	r := env.say("u1", "/tz london")
	r = env.press("u1", flButton(t, r, "Use Europe/London"))
	if got := flFirst(r); !strings.HasPrefix(got, "Time zone set to Europe/London") {
		t.Errorf("tz button: %q", got)
	}
}

// TestRepliesNeverRepeatNamesOrTyping: newcomer run D7 and the Low list.
// Refusals say the real cause and do not echo what was typed (adapters
// log engine errors).
func TestRepliesNeverRepeatNamesOrTyping(t *testing.T) {
	env := newFLEnv(t)
	env.say("u1", "/baby Ada 2026-11-01")
	env.say("u1", "/baby Bea 2026-11-01")
	tests := []struct{ text, want, secret string }{
		{"/baby <b>Ada</b> 2026-11-01", "can't contain \"/\"", "<b>"},
		{"/baby " + strings.Repeat("é", 30) + " 2026-11-01", "Saved", "\x00"},
		{"/baby " + strings.Repeat("é", 41), "shorter name (up to 40 letters)", "éééé"},
		{"/stop Zed", "I don't know that baby", "Zed"},
		{"/tz <script>&", "I don't know that time zone", "<script>"},
	}
	for _, tt := range tests {
		r, _, err := env.send(env.msg("u1", tt.text))
		got := flRender(r)
		if err != nil {
			got = toldOrError(err)
		}
		if !strings.Contains(got, tt.want) || strings.Contains(got, tt.secret) {
			t.Errorf("%q: %q, want %q without %q", tt.text, got, tt.want, tt.secret)
		}
	}
}

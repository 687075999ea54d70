package logbook

import (
	"nursling/bot/chat"
	"strings"
	"testing"
	"time"
)

// TestEditAnyRecentEntry: issue 14 item 5. /edit N changes the time,
// side, minutes or amount of entry N of /history, not only the last.
func TestEditAnyRecentEntry(t *testing.T) {
	tests := []struct {
		name string
		edit string
		want string // the reply
		hist string // the edited line in /history afterwards
	}{
		{"move the time", "/edit 3 at 12:30", "Changed: left breast, 15 min, 13:00–13:15 → left breast, 15 min, 12:30–12:45.", "3. 12:30–12:45 — left breast, 15 min"},
		{"to yesterday", "/edit 3 yesterday 11pm", "→ left breast, 15 min, yesterday 23:00–23:15.", "3. yesterday 23:00–23:15 — left breast, 15 min"},
		{"side and minutes", "/edit 3 right 12", "→ right breast, 12 min, 13:00–13:12.", "3. 13:00–13:12 — right breast, 12 min"},
		{"minutes only", "/edit 3 20", "→ left breast, 20 min, 13:00–13:20.", "3. 13:00–13:20 — left breast, 20 min"},
		{"a split", "/edit 3 L10 R5", "→ both breasts, 15 min (left 10 min, right 5 min), 13:00–13:15.", "3. 13:00–13:15 — both breasts, 15 min (left 10 min, right 5 min)"},
		{"the bottle's amount", "/edit 2 120ml", "Changed: bottle, 90 ml formula at 13:30 → bottle, 120 ml formula at 13:30.", "2. at 13:30 — bottle, 120 ml formula"},
		{"the bottle in oz", "/edit 2 4oz", "→ bottle, 118 ml formula at 13:30.", "2. at 13:30 — bottle, 118 ml formula"},
		{"the nappy's kind", "/edit 1 dirty", "Changed: wet nappy at 14:00 → dirty nappy at 14:00.", "1. at 14:00 — dirty nappy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newFLEnv(t)
			env.say("u1", "left 15 at 1pm")
			env.say("u1", "bottle 90ml formula at 13:30")
			env.say("u1", "wet nappy at 14:00")
			if got := flFirst(env.say("u1", tt.edit)); !strings.Contains(got, tt.want) {
				t.Errorf("%s:\n got %q\nwant …%q…", tt.edit, got, tt.want)
			}
			if got := flRender(env.say("u1", "/history")); !strings.Contains(got, "- "+tt.hist+"\n") {
				t.Errorf("/history:\n%s\nwant the line %q", got, tt.hist)
			}
			if n := len(env.entries("u1")); n != 3 {
				t.Errorf("%d entries, want 3: an edit never adds one", n)
			}
		})
	}
}

func TestEditRefusals(t *testing.T) {
	env := newFLEnv(t)
	env.say("u1", "left 15 at 1pm")
	tests := []struct{ edit, want string }{
		{"/edit", "Use /edit N"},
		{"/edit 1", "Use /edit N"},
		{"/edit x right", "Use /edit N"},
		{"/edit 5 right 10", "There is no entry 5"},
		{"/edit 1 at 3pm", "later than now"},
		{"/edit 1 right 200", "longer than I can log"},
		{"/edit 1 -5", "below zero"},
		{"/edit 1 banana", "couldn't read"},
	}
	for _, tt := range tests {
		_, _, err := env.send(env.msg("u1", tt.edit))
		if public, _ := chat.PublicText(err); !strings.Contains(public, tt.want) {
			t.Errorf("%s: err %v (told %q), want it to say %q", tt.edit, err, public, tt.want)
		}
	}
	if got := flRender(env.say("u1", "/history")); !strings.Contains(got, "13:00–13:15 — left breast, 15 min") {
		t.Errorf("a refused edit changed the entry:\n%s", got)
	}
	// /undo still works after edits.
	env.say("u1", "/edit 1 right 10")
	if got := flFirst(env.say("u1", "/undo")); !strings.Contains(got, "Removed: right breast, 10 min") {
		t.Errorf("/undo after /edit: %q", got)
	}
}

// TestUnits: /units oz shows amounts in ounces for the whole household;
// what is stored stays millilitres.
func TestUnits(t *testing.T) {
	env := newFLEnv(t)
	if got := flFirst(env.say("u1", "/units")); !strings.Contains(got, "Amounts show in ml") {
		t.Errorf("/units: %q", got)
	}
	if got := flFirst(env.say("u1", "/units oz")); !strings.Contains(got, "amounts show in oz") {
		t.Errorf("/units oz: %q", got)
	}
	if got := flFirst(env.say("u1", "bottle 90ml formula")); got != "Logged: bottle, 3 oz formula at 14:05." {
		t.Errorf("confirmation in oz: %q", got)
	}
	env.clk.Add(time.Minute)
	env.say("u1", "pumped 2oz left 1.5oz right")
	checks := map[string][]string{
		"/today":   {"Bottles: 3 oz", "Pumped: 3.5 oz (1 session)"},
		"/history": {"bottle, 3 oz formula", "pumped 3.5 oz (left 2 oz, right 1.5 oz)"},
		"/last":    {"Last feed: bottle, 3 oz formula"},
	}
	for cmd, wants := range checks {
		got := flRender(env.say("u1", cmd))
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("%s:\n%s\nwant %q", cmd, got, w)
			}
		}
	}
	if es := env.entries("u1"); es[0].AmountML != 90 {
		t.Errorf("stored %d ml, want 90", es[0].AmountML)
	}
	if _, _, err := env.send(env.msg("u1", "/units cups")); err == nil {
		t.Error("/units cups accepted")
	}
	env.say("u1", "/units ml")
	if got := flRender(env.say("u1", "/today")); !strings.Contains(got, "Bottles: 90 ml") {
		t.Errorf("back in ml:\n%s", got)
	}
}

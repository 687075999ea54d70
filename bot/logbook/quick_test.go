package logbook

import (
	"strings"
	"testing"
	"time"
)

// TestQuickKeysTyped: issue 14 item 6. Each one-tap key's label, sent as
// text (Telegram's reply keyboard), does what it says.
func TestQuickKeysTyped(t *testing.T) {
	env := newFLEnv(t)
	steps := []struct{ text, want string }{
		{"Stop timer", "No timer is running"},
		{"Start left", "Timer started"},
		{"Stop timer", "Logged: left breast"},
		{"Wet nappy", "Logged: wet nappy at"},
		{"Dirty nappy", "Logged: dirty nappy at"},
		{"Bottle", "How much was in the bottle?"},
		{"Start right", "Timer started"},
	}
	for _, s := range steps {
		env.clk.Add(5 * time.Minute)
		r, ok, err := env.send(env.msg("u1", s.text))
		got := flRender(r)
		if err != nil {
			got = toldOrError(err)
		}
		if !ok || !strings.Contains(got, s.want) {
			t.Errorf("%q: ok %v got %q, want %q", s.text, ok, got, s.want)
		}
	}
	if len(QuickKeys()) != 6 {
		t.Errorf("quick keys %v", QuickKeys())
	}
}

// TestLogButtons: /log's buttons log in one tap, and a double tap on the
// same keyboard logs once.
func TestLogButtons(t *testing.T) {
	env := newFLEnv(t)
	r := env.say("u1", "/log")
	var labels []string
	for _, b := range r.Buttons {
		labels = append(labels, b.Label)
	}
	if strings.Join(labels, "|") != strings.Join(QuickKeys(), "|") {
		t.Fatalf("/log buttons %v, want %v", labels, QuickKeys())
	}
	wet := flButton(t, r, "Wet nappy")
	if got := flFirst(env.press("u1", wet)); !strings.HasPrefix(got, "Logged: wet nappy") {
		t.Errorf("Wet nappy: %q", got)
	}
	if got := flFirst(env.press("u1", wet)); !strings.HasPrefix(got, "Logged: wet nappy") {
		t.Errorf("second press: %q", got)
	}
	if n := len(env.entries("u1")); n != 1 {
		t.Errorf("%d entries after a double tap, want 1", n)
	}
	if got := flFirst(env.press("u1", flButton(t, r, "Start left"))); !strings.Contains(got, "Timer started") {
		t.Errorf("Start left: %q", got)
	}
	env.clk.Add(12 * time.Minute)
	if got := flFirst(env.press("u1", flButton(t, r, "Stop timer"))); !strings.HasPrefix(got, "Logged: left breast, 12 min") {
		t.Errorf("Stop timer: %q", got)
	}
	if got := flFirst(env.press("u1", "q:nope")); !strings.Contains(got, "didn't understand") {
		t.Errorf("bad button: %q", got)
	}
}

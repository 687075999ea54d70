package discord

import (
	"strings"
	"testing"

	"nursling/bot"
)

// TestPrivateHereText: newcomer run D1 on Discord. When the direct message
// is refused, the channel is told whether the entry was stored, never
// asked for it again, and shown no log data.
func TestPrivateHereText(t *testing.T) {
	tests := []struct {
		name string
		r    bot.Reply
		want string
	}{
		{"logged", bot.Reply{Buttons: []bot.Button{{Label: "Undo", Data: "undo:10"}}}, "Logged — but I can't send you a direct message"},
		{"asking", bot.Reply{Buttons: []bot.Button{{Label: "Wet", Data: "nappy:tok:wet"}}}, "nothing is logged yet"},
		{"a view", bot.Reply{}, "I keep feed logs private"},
	}
	for _, tt := range tests {
		if got := privateHereText(tt.r); !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

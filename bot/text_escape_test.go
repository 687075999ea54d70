package bot

import "testing"

// TestCleanTextDropsWholeEscapes: newcomer run D8. A colour code's digits
// never join a number ("fed left\x00 15\x1b[31m min" was a 46 min feed).
func TestCleanTextDropsWholeEscapes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"fed left\x00 15\x1b[31m min", "fed left 15 min"},
		{"bottle 90\x1b[0mml", "bottle 90 ml"},
		{"\x1b]0;title 99\x07wet nappy", "wet nappy"},
		{"left 12\u009b31m min", "left 12 min"},
		{"plain text", "plain text"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

package chat

import "testing"

func TestOutcomeOf(t *testing.T) {
	tests := []struct {
		name string
		r    Reply
		want LogOutcome
	}{
		{"a confirmation", Reply{Buttons: []Button{{Label: "Undo", Data: "undo:29"}}}, Logged},
		{"a yes/no question", Reply{Buttons: []Button{{Label: "Yes", Data: "yes:tok"}, {Label: "No", Data: "no:tok"}}}, Asking},
		{"which nappy", Reply{Buttons: []Button{{Label: "Wet", Data: "nappy:tok:wet"}}}, Asking},
		{"which baby", Reply{Buttons: []Button{{Label: "Ada", Data: "baby:tok:1"}}}, Asking},
		{"an answer", Reply{Buttons: []Button{{Label: "More tips", Data: "more:latch:4"}}}, NotALog},
		{"no buttons", Reply{}, NotALog},
	}
	for _, tt := range tests {
		if got := OutcomeOf(tt.r); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

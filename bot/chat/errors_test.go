package chat

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestUserErrors(t *testing.T) {
	cause := errors.New("database is locked")
	tests := []struct {
		name       string
		err        error
		wantPublic string
		wantUser   bool
	}{
		{"plain", Userf("Give the date as %s.", "YYYY-MM-DD"), "Give the date as YYYY-MM-DD.", true},
		{"wrapped cause", UserWrap("Please try again.", cause), "Please try again.", true},
		{"wrapped further", fmt.Errorf("logbook: add: %w", UserWrap("Please try again.", cause)), "Please try again.", true},
		{"internal", cause, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, isUser := PublicText(tt.err)
			if got != tt.wantPublic || isUser != tt.wantUser {
				t.Errorf("PublicText = %q, %v; want %q, %v", got, isUser, tt.wantPublic, tt.wantUser)
			}
		})
	}
	// Error is what logs print: never the public text, which may echo the
	// parent's words.
	for _, err := range []error{Userf("I don't know the time zone %q.", "Mars/Quuxtown"), UserWrap("No baby Zorbleflax.", cause)} {
		if msg := err.Error(); strings.Contains(msg, "Quuxtown") || strings.Contains(msg, "Zorbleflax") {
			t.Errorf("Error() = %q holds the public text", msg)
		}
	}
	if got := UserWrap("x", cause).Error(); !strings.Contains(got, cause.Error()) {
		t.Errorf("Error() = %q lost the cause", got)
	}
	if !errors.Is(UserWrap("x", cause), cause) {
		t.Error("UserWrap must keep the cause for errors.Is")
	}
	if r := (Reply{}); !r.Empty() {
		t.Error("the zero Reply is empty")
	}
}

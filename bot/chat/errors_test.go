package chat

import (
	"errors"
	"fmt"
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
	if !errors.Is(UserWrap("x", cause), cause) {
		t.Error("UserWrap must keep the cause for errors.Is")
	}
	if r := (Reply{}); !r.Empty() {
		t.Error("the zero Reply is empty")
	}
}

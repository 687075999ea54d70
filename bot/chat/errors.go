package chat

import (
	"errors"
	"fmt"
)

// UserError is an error whose Public text is safe and useful to show the
// parent ("I couldn't read that time"). The wrapped Err, if any, is for the
// operator's log only. Any other error reaching the engine's boundary is
// shown as a generic apology with a reference.
//
// Public often echoes what the parent typed ("I don't know the time zone
// \"...\"", a baby's name), so Error, which is what logs print, never holds
// it: only that the parent was told, and the cause.
type UserError struct {
	Public string
	Err    error
}

// userErrorText is what a UserError says in a log line.
const userErrorText = "chat: not done as asked; the parent was told why"

func (e *UserError) Error() string {
	if e.Err != nil {
		return userErrorText + ": " + e.Err.Error()
	}
	return userErrorText
}

func (e *UserError) Unwrap() error { return e.Err }

// Userf returns a UserError with a formatted public text and no cause.
func Userf(format string, args ...any) error {
	return &UserError{Public: fmt.Sprintf(format, args...)}
}

// UserWrap returns a UserError showing public and carrying err for the log.
func UserWrap(public string, err error) error {
	return &UserError{Public: public, Err: err}
}

// PublicText returns the text a parent may see for err, and whether err
// was (or wraps) a UserError.
func PublicText(err error) (string, bool) {
	var ue *UserError
	if errors.As(err, &ue) {
		return ue.Public, true
	}
	return "", false
}

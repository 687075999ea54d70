package chat

import "strings"

// LogOutcome is what a private feed-log reply says happened, so an adapter
// that cannot deliver it privately can still tell the parent, where they
// can see it, whether anything was stored (without showing log data).
type LogOutcome int

const (
	// NotALog: any other reply.
	NotALog LogOutcome = iota
	// Logged: an entry was stored (the reply offers Undo).
	Logged
	// Asking: a question must be answered first; nothing is stored yet.
	Asking
)

// OutcomeOf reads a reply's outcome from its buttons: the feed log puts an
// undo:ID button on every confirmation, and yes:, nappy: or baby: buttons
// on every question about an entry.
func OutcomeOf(r Reply) LogOutcome {
	out := NotALog
	for _, b := range r.Buttons {
		switch kind, _, _ := strings.Cut(b.Data, ":"); kind {
		case "undo":
			return Logged
		case "yes", "nappy", "baby":
			out = Asking
		}
	}
	return out
}

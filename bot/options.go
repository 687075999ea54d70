package bot

import (
	"log/slog"
	"time"

	"nursling/bot/redflag"
	"nursling/knowledge"
)

// Options configure an Engine. Library and Searcher are required; a nil Store
// disables the feed log and feedback (log commands then say so).
type Options struct {
	Library  *knowledge.Library
	Searcher Searcher
	Store    Store
	FeedLog  FeedLogOptions
	// KeepUnanswered keeps the text of no-match questions (30 days) for the
	// curators' report. Off by default.
	KeepUnanswered bool
	// LogKey keys the hash that stands for user ids in logs; set it from a
	// secret so hashes stay comparable across restarts.
	LogKey []byte
	Logger *slog.Logger
	Hooks  Hooks
	// RateLimit limits each user's questions and log entries; zero: off.
	RateLimit RateLimit
	Now       func() time.Time
	// Country picks the emergency number and crisis lines urgent replies
	// lead with (GB, US, CA, AU, NZ, IE; empty: international advice).
	Country string
	// RedFlagModel is the optional second red-flag signal (the semantic
	// exemplar model); nil: rules and lexicon only.
	RedFlagModel redflag.Model
}

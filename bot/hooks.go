package bot

import "nursling/bot/redflag"

// Hooks let the operator's metrics observe the engine without the engine
// importing a metrics library. Nil hooks are skipped.
type Hooks struct {
	// Answered is called once per question answered.
	Answered func(p Platform, noMatch, urgent bool)
	// Logged is called once per feed-log entry written.
	Logged func(p Platform)
	// RateLimited is called when a user is told to slow down.
	RateLimited func(p Platform)
	// RateDropped is called for each further message over the limit,
	// dropped without a reply: with RateLimited it counts every message
	// a flood cost, not just the people.
	RateDropped func(p Platform)
}

// flagDetector recognises red flags; *redflag.Detector implements it.
type flagDetector interface {
	// DetectAll returns every red flag, the most urgent first.
	DetectAll(text string) []redflag.Flag
	// DetectPlainLog judges a plain feed-log entry (rules and lexicon).
	DetectPlainLog(text string) []redflag.Flag
}

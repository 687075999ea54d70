package logbook

import (
	"log/slog"
	"time"

	"nursling/bot/chat"
	"nursling/knowledge"
)

// Options configure the feed log.
type Options struct {
	// DayStartHour is the hour (0-23) at which a "day" starts for /today,
	// /day and /week, so a night of feeds is not split at midnight.
	// Values outside 0-23 are treated as 0; the config loader should
	// reject them.
	DayStartHour int
	// TimeZone is the IANA zone ("Europe/London") for households that have
	// not set one with /tz. "" or an unknown zone uses the server's local
	// zone.
	TimeZone string
	// LongTimer: stopping a timer that ran longer than this asks whether
	// to keep it. 0 means 2 hours.
	LongTimer time.Duration
}

// Deps are what the feed log uses from its surroundings.
type Deps struct {
	// Store keeps the log; nil turns the log off (its commands say so).
	Store Store
	// Library names guide articles in replies ("more in /guide ...").
	Library *knowledge.Library
	Now     func() time.Time
	Logger  *slog.Logger
	// Logged, when set, is called once per entry written (metrics).
	Logged func(chat.Platform)
}

// Book is the feed log as the engine uses it: it understands log messages
// and commands, writes through the Store, and builds private replies. It
// is safe for concurrent use.
type Book struct {
	store  Store
	lib    *knowledge.Library
	now    func() time.Time
	log    *slog.Logger
	logged func(chat.Platform)
	feed   *feedState
}

// New returns a Book.
func New(d Deps, opts Options) *Book {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	return &Book{store: d.Store, lib: d.Library, now: d.Now, log: d.Logger, logged: d.Logged, feed: newFeedState(opts, d.Logger)}
}

package bot

import "time"

// FeedLogOptions configure the feed log. The feed-log work owns this file.
type FeedLogOptions struct {
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

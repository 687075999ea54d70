package bot

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimit configures the per-user limit on questions and log entries.
// The zero value disables limiting.
type RateLimit struct {
	PerMinute float64
	Burst     int
}

// limiter keeps one token bucket per user. A user over the limit is told to
// slow down once per window; further messages in that window are dropped
// silently, so one person cannot flood a group or the bot.
type limiter struct {
	mu      sync.Mutex
	limit   rate.Limit
	burst   int
	users   map[string]*userBucket
	now     func() time.Time
	lastGC  time.Time
	enabled bool
	// onDrop, if set, observes each dropped message (its key).
	onDrop func(key string)
}

type userBucket struct {
	bucket   *rate.Limiter
	warned   time.Time // when the user was last told to slow down
	lastSeen time.Time
}

// slowDownWindow is how long after a "slow down" reply further excess
// messages are dropped without a word.
const slowDownWindow = time.Minute

func newLimiter(cfg RateLimit, now func() time.Time) *limiter {
	return &limiter{
		limit:   rate.Limit(cfg.PerMinute / 60),
		burst:   cfg.Burst,
		users:   map[string]*userBucket{},
		now:     now,
		enabled: cfg.PerMinute > 0 && cfg.Burst > 0,
	}
}

// verdict of one message.
type verdict int

const (
	allow verdict = iota
	warn          // over the limit: reply "slow down" this once
	drop          // over the limit and already warned: say nothing
)

// check takes a token for key (platform and user).
func (l *limiter) check(key string) verdict {
	if !l.enabled {
		return allow
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gc(now)
	u := l.users[key]
	if u == nil {
		u = &userBucket{bucket: rate.NewLimiter(l.limit, l.burst)}
		l.users[key] = u
	}
	u.lastSeen = now
	if u.bucket.AllowN(now, 1) {
		return allow
	}
	if now.Sub(u.warned) < slowDownWindow {
		if l.onDrop != nil {
			l.onDrop(key)
		}
		return drop
	}
	u.warned = now
	return warn
}

// gc forgets users idle long enough for their bucket to be full again, so
// the map does not grow without bound.
func (l *limiter) gc(now time.Time) {
	if now.Sub(l.lastGC) < 10*time.Minute {
		return
	}
	l.lastGC = now
	idle := 10 * time.Minute
	for k, u := range l.users {
		if now.Sub(u.lastSeen) > idle {
			delete(l.users, k)
		}
	}
}

package telegram

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter paces outgoing messages: per chat, per group and overall. It is
// safe for concurrent use. Idle chats are forgotten so the map stays small.
type limiter struct {
	lim    Limits
	global *rate.Limiter

	mu    sync.Mutex
	chats map[int64]*chatLimit
	sweep time.Time
}

type chatLimit struct {
	chat  *rate.Limiter
	group *rate.Limiter // nil for private chats
	used  time.Time
}

// idleAfter is how long an unused chat keeps its limiter; by then its
// buckets are full again, so forgetting it changes nothing.
const idleAfter = 10 * time.Minute

func newLimiter(l Limits) *limiter {
	return &limiter{
		lim:    l,
		global: rate.NewLimiter(l.Global, l.GlobalBurst),
		chats:  make(map[int64]*chatLimit),
	}
}

// reserve books one message to chat at now and returns how long to wait
// before sending it, with a cancel that gives the booking back.
func (l *limiter) reserve(chat int64, group bool, now time.Time) (time.Duration, func()) {
	l.mu.Lock()
	c := l.chats[chat]
	if c == nil {
		c = &chatLimit{chat: rate.NewLimiter(l.lim.PerChat, l.lim.PerChatBurst)}
		l.chats[chat] = c
	}
	if group && c.group == nil {
		c.group = rate.NewLimiter(l.lim.PerGroup, l.lim.PerGroupBurst)
	}
	c.used = now
	if now.Sub(l.sweep) > idleAfter {
		for id, cl := range l.chats {
			if now.Sub(cl.used) > idleAfter {
				delete(l.chats, id)
			}
		}
		l.sweep = now
	}
	rs := []*rate.Reservation{c.chat.ReserveN(now, 1)}
	if c.group != nil && group {
		rs = append(rs, c.group.ReserveN(now, 1))
	}
	l.mu.Unlock()
	rs = append(rs, l.global.ReserveN(now, 1))

	var wait time.Duration
	for _, r := range rs {
		if !r.OK() {
			// Burst 0 or limit 0 cannot be configured; treat as no limit.
			continue
		}
		wait = max(wait, r.DelayFrom(now))
	}
	cancel := func() {
		for _, r := range rs {
			r.CancelAt(now)
		}
	}
	return wait, cancel
}

// wait blocks until one message to chat may be sent.
func (l *limiter) wait(ctx context.Context, chat int64, group bool, sleep func(context.Context, time.Duration) error) error {
	d, cancel := l.reserve(chat, group, time.Now())
	if d == 0 {
		return nil
	}
	if err := sleep(ctx, d); err != nil {
		cancel()
		return err
	}
	return nil
}

// waitGlobal blocks until one request may be sent under the overall limit
// (callback answers, chat actions, keyboard edits).
func (l *limiter) waitGlobal(ctx context.Context, sleep func(context.Context, time.Duration) error) error {
	r := l.global.Reserve()
	d := r.Delay()
	if !r.OK() || d == 0 {
		return nil
	}
	if err := sleep(ctx, d); err != nil {
		r.Cancel()
		return err
	}
	return nil
}

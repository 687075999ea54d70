package discord

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// cooldown lets each user do something at most once per period. User ids
// stay in memory only. Safe for concurrent use.
type cooldown struct {
	mu    sync.Mutex
	every time.Duration
	now   func() time.Time
	last  map[string]time.Time
}

func newCooldown(every time.Duration, now func() time.Time) *cooldown {
	return &cooldown{every: every, now: now, last: map[string]time.Time{}}
}

// allow reports whether user may act now, and if so records it.
func (c *cooldown) allow(user string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if t, ok := c.last[user]; ok && now.Sub(t) < c.every {
		return false
	}
	if len(c.last) >= 4096 {
		for u, t := range c.last {
			if now.Sub(t) >= c.every {
				delete(c.last, u)
			}
		}
	}
	c.last[user] = now
	return true
}

// undo forgets user's last action, when it did not happen after all.
func (c *cooldown) undo(user string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.last, user)
}

// pageCache keeps the parts of long answers that did not fit, for the More
// tips button, for ttl and at most max answers (oldest dropped first). The
// pages are lost on restart; the button then says the answer expired. Safe
// for concurrent use.
type pageCache struct {
	mu      sync.Mutex
	max     int
	ttl     time.Duration
	now     func() time.Time
	entries map[string]pageEntry
	order   []string
}

type pageEntry struct {
	pages []string
	last  []button // the reply's buttons held for the last page
	at    time.Time
}

func newPageCache(max int, ttl time.Duration, now func() time.Time) *pageCache {
	return &pageCache{max: max, ttl: ttl, now: now, entries: map[string]pageEntry{}}
}

// put stores pages and returns their key (12 hex digits).
func (p *pageCache) put(pages []string, last []button) string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	key := hex.EncodeToString(b[:])
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.order) >= p.max {
		delete(p.entries, p.order[0])
		p.order = p.order[1:]
	}
	p.entries[key] = pageEntry{pages: pages, last: last, at: p.now()}
	p.order = append(p.order, key)
	return key
}

// get returns the pages stored under key, if still there and fresh.
func (p *pageCache) get(key string) (pageEntry, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.entries[key]
	if !ok || p.now().Sub(e.at) > p.ttl {
		return pageEntry{}, false
	}
	return e, true
}

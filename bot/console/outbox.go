package console

import (
	"context"
	"strings"
	"sync"

	"nursling/bot"
)

// Outbox holds the terminal user's due reminders until the chat next
// prints (the terminal has no way to push a message while it waits for a
// line). It implements the engine's Deliverer for the console platform.
type Outbox struct {
	mu sync.Mutex
	q  []bot.Reply
}

// Deliver queues r; it is printed before the next reply.
func (o *Outbox) Deliver(_ context.Context, _ string, r bot.Reply) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.q) < 100 {
		o.q = append(o.q, r)
	}
	return nil
}

// drain returns and clears the queue.
func (o *Outbox) drain() []bot.Reply {
	if o == nil {
		return nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	q := o.q
	o.q = nil
	return q
}

// writeDue prints the queued reminders. Their buttons are left out: the
// numbers answer the reply that follows; /reminders snoozes or cancels.
func writeDue(opts Options) string {
	var out string
	for _, r := range opts.Outbox.drain() {
		r.Buttons = nil
		r.Blocks = append(r.Blocks, bot.Block{Kind: bot.Footnote, Text: "/reminders to snooze or cancel"})
		var b strings.Builder
		Render(&b, r)
		out += b.String() + "\n"
	}
	return out
}

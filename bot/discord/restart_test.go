package discord

import (
	"context"
	"testing"
)

// TestRunAgainAfterStop: `nursling serve` runs an adapter again after it
// stopped (it could not connect). The second Run connects, answers, and
// answers each interaction once (its handlers are not added twice).
func TestRunAgainAfterStop(t *testing.T) {
	h := start(t, nil, Options{})
	if err := h.stop(t); err != nil {
		t.Fatalf("first Run: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.a.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("second Run: %v", err)
		}
	}()
	eventually(t, "the second gateway session", func() bool { return h.a.Ready() })
	in := slash("help")
	h.f.dispatch(t, "INTERACTION_CREATE", in)
	h.f.waitReq(t, "the interaction answered", callback(in))
	eventually(t, "the engine saw the interaction", func() bool { return len(h.eng.messages()) >= 1 })
	if n := len(h.f.find(callback(in))); n != 1 {
		t.Errorf("the interaction was answered %d times, want once", n)
	}
	if n := len(h.eng.messages()); n != 1 {
		t.Errorf("the engine got %d messages, want 1", n)
	}
}

package telegram

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func BenchmarkConvert(b *testing.B) {
	u := mustFixture(b, "group_mention_after_emoji")
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		convert(u, testMe, now)
	}
}

// BenchmarkRoundTrip measures one private question end to end: the update
// fetched with getUpdates through the real library, converted, handled by
// an echo engine, rendered and sent with sendMessage to the fake server.
func BenchmarkRoundTrip(b *testing.B) {
	fa := newFakeBotAPI(b)
	a, err := New(&fakeHandler{}, &fakeOffsets{}, Options{
		Token: testToken, Endpoint: fa.endpoint(), PollTimeout: time.Second, HTTPClient: fa.srv.Client(),
		Logger: slog.New(slog.DiscardHandler), TypingDelay: time.Hour,
		Limits: Limits{PerChat: rate.Inf, PerGroup: rate.Inf, Global: rate.Inf},
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	defer func() {
		cancel()
		<-done
	}()
	fa.waitCalls("getUpdates", 1)
	b.ResetTimer()
	for i := range b.N {
		fa.push(message(i+1, i+1, privateChat(ana), ana, fmt.Sprintf("question %d", i)))
		fa.waitCalls("sendMessage", i+1)
	}
}

package telegram

import (
	"log/slog"
	"testing"
	"time"

	"nursling/internal/enginetest"
)

// TestNoParentTextInLogs sends the privacy probe (every command with a
// made-up word, a baby's name and a time zone, then free text naming the
// baby) through the adapter to the real engine, adapter and engine both
// logging at debug level: no log line may hold any of it.
func TestNoParentTextInLogs(t *testing.T) {
	logs := &enginetest.Logs{}
	eng := enginetest.New(t, logs.Logger())
	h := &fakeHandler{respond: eng.Handle, cmds: eng.Commands()}
	fa := newFakeBotAPI(t)
	hs := start(t, fa, h, &fakeOffsets{}, func(o *Options) {
		o.Logger = logs.Logger()
		o.Now = time.Now
	})
	texts := enginetest.Texts(eng.Commands())
	for i, text := range texts {
		fa.push(message(i+1, 100+i, privateChat(ana), ana, text))
	}
	deadline := time.Now().Add(60 * time.Second)
	for len(h.messages()) < len(texts) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := len(h.messages()); got < len(texts) {
		t.Fatalf("the engine got %d of %d messages", got, len(texts))
	}
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	logs.Logger().Debug("probe done", slog.Int("messages", len(texts)))
	logs.Check(t)
}

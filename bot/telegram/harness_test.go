package telegram

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"nursling/bot"
)

// Test people and chats.
const (
	ana       = 111
	ben       = 222
	groupChat = -100500
)

// harness runs a real Adapter against a fakeBotAPI.
type harness struct {
	t      *testing.T
	api    *fakeBotAPI
	a      *Adapter
	h      *fakeHandler
	offs   *fakeOffsets
	sleeps *sleepRecorder
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
	err    error
}

// start runs an adapter on fa until the test ends (or stop). mod may adjust
// the options. Every test checks afterwards that the logs hold neither the
// token nor any message text or name.
func start(t *testing.T, fa *fakeBotAPI, h *fakeHandler, offs *fakeOffsets, mod func(*Options)) *harness {
	t.Helper()
	hs := &harness{t: t, api: fa, h: h, offs: offs, sleeps: &sleepRecorder{}, logs: &syncBuffer{}, done: make(chan error, 1)}
	opts := Options{
		Token:         testToken,
		Endpoint:      fa.endpoint(),
		PollTimeout:   time.Second,
		HTTPClient:    fa.srv.Client(),
		Logger:        slog.New(slog.NewTextHandler(hs.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:           func() time.Time { return time.Unix(1700000000+3600, 0).UTC() }, // an hour after the test messages' date
		TypingDelay:   time.Hour,                                                       // only the typing test wants "typing…"
		ShutdownGrace: 10 * time.Second,
		Retry:         Retry{Attempts: 4, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, Sleep: hs.sleeps.sleep},
		Limits:        Limits{PerChat: rate.Inf, PerGroup: rate.Inf, Global: rate.Inf},
	}
	if mod != nil {
		mod(&opts)
	}
	a, err := New(h, offs, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	hs.a = a
	ctx, cancel := context.WithCancel(context.Background())
	hs.cancel = cancel
	go func() { hs.done <- a.Run(ctx) }()
	t.Cleanup(func() {
		hs.stop()
		hs.checkLogs()
	})
	return hs
}

// stop cancels Run and returns its result.
func (hs *harness) stop() error {
	hs.once.Do(func() {
		hs.cancel()
		select {
		case hs.err = <-hs.done:
		case <-time.After(20 * time.Second):
			hs.t.Fatal("Run did not return after cancel")
		}
	})
	return hs.err
}

// checkLogs fails when the log holds the token, a name or message text.
func (hs *harness) checkLogs() {
	logs := hs.logs.String()
	secrets := append([]string{testToken, "TEST-secret_token", "Ana", "Ben"}, hs.api.texts()...)
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			hs.t.Errorf("logs contain %q:\n%s", s, logs)
		}
	}
}

// fakeHandler is the engine: it records messages and answers with respond,
// or echoes when respond is nil.
type fakeHandler struct {
	mu      sync.Mutex
	got     []bot.Message
	respond func(ctx context.Context, m bot.Message) (bot.Reply, error)
	cmds    []bot.CommandInfo
}

func (h *fakeHandler) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	h.mu.Lock()
	h.got = append(h.got, m)
	respond := h.respond
	h.mu.Unlock()
	if respond == nil {
		return echo(m), nil
	}
	return respond(ctx, m)
}

func (h *fakeHandler) Commands() []bot.CommandInfo { return h.cmds }

func (h *fakeHandler) messages() []bot.Message {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]bot.Message(nil), h.got...)
}

// echo answers with what came in.
func echo(m bot.Message) bot.Reply {
	if m.Action != "" {
		return textReply("pressed: " + m.Action)
	}
	return textReply("echo: " + m.Text)
}

func textReply(s string) bot.Reply {
	return bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: s}}}
}

// fakeOffsets is an in-memory OffsetStore that remembers every save.
type fakeOffsets struct {
	mu    sync.Mutex
	p     Progress
	saves []Progress
}

func (o *fakeOffsets) LoadProgress(context.Context) (Progress, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.p, nil
}

func (o *fakeOffsets) SaveProgress(_ context.Context, p Progress) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.p = p
	o.saves = append(o.saves, p)
	return nil
}

// get returns the stored offset.
func (o *fakeOffsets) get() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.p.Offset
}

// progress returns the stored progress.
func (o *fakeOffsets) progress() Progress {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.p
}

// sleepRecorder stands in for time: it records each wait and returns at
// once, so retry and rate-limit delays are asserted, never slept.
type sleepRecorder struct {
	mu sync.Mutex
	ds []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.ds = append(s.ds, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.ds...)
}

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Update builders. Texts pushed are remembered by the fake so the log
// check can look for them.

func user(id int64) map[string]any {
	names := map[int64]string{ana: "Ana", ben: "Ben"}
	return map[string]any{"id": id, "is_bot": false, "first_name": names[id]}
}

func privateChat(id int64) map[string]any {
	return map[string]any{"id": id, "type": "private", "first_name": "Ana"}
}

func supergroup() map[string]any {
	return map[string]any{"id": groupChat, "type": "supergroup", "title": "Night feeds"}
}

// message builds an update with a message; opts add fields to the message.
func message(updateID, msgID int, chat map[string]any, from int64, text string, opts ...func(m map[string]any)) map[string]any {
	m := map[string]any{"message_id": msgID, "from": user(from), "chat": chat, "date": 1700000000}
	if text != "" {
		m["text"] = text
		if strings.HasPrefix(text, "/") {
			n := strings.IndexByte(text, ' ')
			if n < 0 {
				n = len(text)
			}
			m["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": n}}
		}
	}
	for _, o := range opts {
		o(m)
	}
	return map[string]any{"update_id": updateID, "message": m}
}

func inTopic(thread int) func(map[string]any) {
	return func(m map[string]any) {
		m["message_thread_id"] = thread
		m["is_topic_message"] = true
	}
}

func callback(updateID int, id string, chat map[string]any, from int64, msgID int, data string) map[string]any {
	return map[string]any{"update_id": updateID, "callback_query": map[string]any{
		"id": id, "from": user(from), "chat_instance": "ci", "data": data,
		"message": map[string]any{"message_id": msgID, "from": map[string]any{"id": testBotID, "is_bot": true, "first_name": "Nursling"}, "chat": chat, "date": 1700000000, "text": "Logged"},
	}}
}

// texts returns the texts of every pushed message long enough not to occur
// in a log by chance.
func (fa *fakeBotAPI) texts() []string {
	fa.mu.Lock()
	defer fa.mu.Unlock()
	return append([]string(nil), fa.pushedTexts...)
}

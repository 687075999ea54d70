package discord

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"nursling/bot"
	"nursling/knowledge"
)

// engine is a hand-written fake Handler: it records messages and answers
// with reply (a canned answer by default). With hold set, Handle signals
// entered and waits for hold to close, then records its context's error.
type engine struct {
	mu      sync.Mutex
	got     []bot.Message
	reply   func(bot.Message) bot.Reply
	hold    chan struct{}
	entered chan struct{}
	ctxErr  error
	infos   []bot.CommandInfo
	// handle, when set, answers instead of reply (the real engine).
	handle func(context.Context, bot.Message) (bot.Reply, error)
}

func (e *engine) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	e.mu.Lock()
	e.got = append(e.got, m)
	hold, entered := e.hold, e.entered
	e.mu.Unlock()
	if hold != nil {
		entered <- struct{}{}
		<-hold
		e.mu.Lock()
		e.ctxErr = ctx.Err()
		e.mu.Unlock()
	}
	if e.handle != nil {
		return e.handle(ctx, m)
	}
	if e.reply != nil {
		return e.reply(m), nil
	}
	return answer(m), nil
}

func (e *engine) Commands() []bot.CommandInfo { return e.infos }

func (e *engine) messages() []bot.Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]bot.Message(nil), e.got...)
}

// answer is the canned reply: a guide answer for questions, a private
// confirmation for feed-log commands.
func answer(m bot.Message) bot.Reply {
	for _, c := range []string{"/feed", "/bottle", "/nappy", "/pump", "/last", "/today", "/undo", "/share", "/join", "/tz", "/forget"} {
		if strings.HasPrefix(m.Text, c) {
			return bot.Reply{Visibility: bot.Private, Blocks: []bot.Block{{Kind: bot.Text, Text: "Logged: " + m.Text}},
				Buttons: []bot.Button{{Label: "Undo", Data: "undo:1"}}}
		}
	}
	if strings.HasPrefix(m.Text, "/week") {
		return bot.Reply{Visibility: bot.Private, Blocks: []bot.Block{{Kind: bot.Text, Text: "Your week"}},
			Attachments: []bot.Attachment{{Name: "week.png", MIME: "image/png", Data: []byte("\x89PNG fake"), Image: true}}}
	}
	if strings.HasPrefix(m.Text, "/export") {
		return bot.Reply{Visibility: bot.Private, Blocks: []bot.Block{{Kind: bot.Text, Text: "Your log"}},
			Attachments: []bot.Attachment{{Name: "feeds.csv", MIME: "text/csv", Data: []byte("at,kind\n")}}}
	}
	return bot.Reply{
		Topic: "latch-pain",
		Blocks: []bot.Block{
			{Kind: bot.Title, Title: "Latch pain"},
			{Kind: bot.List, Items: []string{"Check the latch: *wide* mouth", "Try another position"}},
			{Kind: bot.Sources, Links: []bot.Link{{Title: "NHS: breastfeeding problems", URL: "https://www.nhs.uk/bf"}}},
			{Kind: bot.Footnote, Text: "If in doubt, ask your midwife or health visitor."},
		},
		Buttons: []bot.Button{{Label: "Helpful", Data: "fb:latch-pain:1"}},
	}
}

// guide is a fake Guide over a few titles plus many filler ones.
type guide []*knowledge.Article

func (g guide) FindTitle(q string) []*knowledge.Article {
	var out []*knowledge.Article
	for _, a := range g {
		if strings.Contains(strings.ToLower(a.Title+" "+a.Topic), strings.ToLower(q)) {
			out = append(out, a)
		}
	}
	return out
}

func testGuide() guide {
	g := guide{
		{Topic: "latch-pain", Title: "Latch pain"},
		{Topic: "latch-basics", Title: "Latch basics"},
		{Topic: "mastitis", Title: "Mastitis: red, hot, painful breast"},
	}
	for i := 1; i <= 30; i++ {
		g = append(g, &knowledge.Article{Topic: fmt.Sprintf("filler-%d", i), Title: fmt.Sprintf("Filler topic %d", i)})
	}
	return g
}

// syncBuffer is a log sink safe for the adapter's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness runs a real Adapter (and real discordgo) against the fake.
type harness struct {
	f      *fake
	eng    *engine
	a      *Adapter
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
	err    error
}

// fixedNow is the adapter's clock in tests: cooldowns never expire.
func fixedNow() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }

// start runs an adapter with opts (token, API base, logger and clock are
// filled in) and waits until its commands are registered.
func start(t *testing.T, eng *engine, opts Options) *harness {
	t.Helper()
	if eng == nil {
		eng = &engine{}
	}
	f := newFake(t)
	logs := &syncBuffer{}
	opts.Token = testToken
	opts.APIBase = f.srv.URL
	opts.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts.Now = fixedNow
	a, err := New(eng, testGuide(), opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{f: f, eng: eng, a: a, logs: logs, cancel: cancel, done: make(chan error, 1)}
	go func() { h.done <- a.Run(ctx) }()
	t.Cleanup(func() {
		h.stop(t)
		for _, secret := range []string{testToken, "itok-"} {
			if strings.Contains(h.logs.String(), secret) {
				t.Errorf("logs contain a secret %q:\n%s", secret, h.logs.String())
			}
		}
	})
	f.waitReq(t, "command registration", func(r request) bool { return r.Method == "PUT" })
	return h
}

// stop cancels Run and waits for it; it returns Run's error.
func (h *harness) stop(t *testing.T) error {
	t.Helper()
	h.once.Do(func() {
		h.cancel()
		select {
		case h.err = <-h.done:
		case <-time.After(waitLimit):
			t.Fatalf("Run did not return after cancel")
		}
	})
	return h.err
}

// Event payloads, as Discord sends them.

var nextID struct {
	sync.Mutex
	n int64
}

// snow returns a fresh snowflake id made at fixedNow.
func snow() string {
	nextID.Lock()
	defer nextID.Unlock()
	nextID.n++
	ms := fixedNow().UnixMilli() - 1420070400000
	return fmt.Sprint(ms<<22 | nextID.n)
}

func member(user string) map[string]any {
	return map[string]any{"user": map[string]any{"id": user, "username": "parent"}}
}

// interaction builds an INTERACTION_CREATE payload in testGuild/testChan.
func interaction(typ int, data map[string]any) map[string]any {
	id := snow()
	return map[string]any{
		"id": id, "application_id": testApp, "type": typ, "token": "itok-" + id,
		"guild_id": testGuild, "channel_id": testChan, "version": 1,
		"member": member(testUser), "data": data,
	}
}

func slash(name string, opts ...map[string]any) map[string]any {
	if opts == nil {
		opts = []map[string]any{}
	}
	return interaction(2, map[string]any{"id": "900", "name": name, "type": 1, "options": opts})
}

func opt(name string, typ int, v any) map[string]any {
	return map[string]any{"name": name, "type": typ, "value": v}
}

func press(customID string, msgFlags int) map[string]any {
	in := interaction(3, map[string]any{"custom_id": customID, "component_type": 2})
	in["message"] = map[string]any{"id": snow(), "channel_id": testChan, "flags": msgFlags, "content": ""}
	return in
}

func tokenOf(in map[string]any) string { return in["token"].(string) }
func idOf(in map[string]any) string    { return in["id"].(string) }

// callback, edit and followup match the interaction's REST calls.
func callback(in map[string]any) func(request) bool {
	return is("POST", "/interactions/"+idOf(in)+"/"+tokenOf(in)+"/callback")
}

func edit(in map[string]any) func(request) bool {
	return is("PATCH", "/webhooks/"+testApp+"/"+tokenOf(in)+"/messages/@original")
}

func followup(in map[string]any) func(request) bool {
	return is("POST", "/webhooks/"+testApp+"/"+tokenOf(in))
}

func messageCreate(guildID, channelID, content string, mentioned ...string) map[string]any {
	ms := []any{}
	for _, id := range mentioned {
		ms = append(ms, map[string]any{"id": id, "username": "x"})
	}
	m := map[string]any{
		"id": snow(), "channel_id": channelID, "content": content, "type": 0,
		"timestamp": fixedNow().Format(time.RFC3339),
		"author":    map[string]any{"id": testUser, "username": "parent"},
		"mentions":  ms,
	}
	if guildID != "" {
		m["guild_id"] = guildID
	}
	return m
}

// Helpers to read recorded JSON.

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// customIDs returns the custom_ids of the buttons in a components array.
func customIDs(comps any) []string {
	var out []string
	for _, row := range list(comps) {
		for _, c := range list(obj(row)["components"]) {
			out = append(out, fmt.Sprint(obj(c)["custom_id"]))
		}
	}
	return out
}

// labels returns the labels of the buttons in a components array.
func labels(comps any) []string {
	var out []string
	for _, row := range list(comps) {
		for _, c := range list(obj(row)["components"]) {
			out = append(out, fmt.Sprint(obj(c)["label"]))
		}
	}
	return out
}

// eventually polls cond, for state the fake cannot observe (such as
// Ready, which discordgo sets after the heartbeat is written).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

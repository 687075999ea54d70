package discord

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"nursling/bot"
)

// served reports whether r was answered normally.
func served(match func(request) bool) func(request) bool {
	return func(r request) bool { return match(r) && r.Failed == 0 }
}

func prefixed(method, prefix string) func(request) bool {
	return func(r request) bool { return r.Method == method && strings.HasPrefix(r.Path, prefix) }
}

// TestRateLimitedRoutesAreRetried injects two 429s (with retry_after and
// bucket headers) on each REST route the adapter answers through; each
// call is retried after the wait asked for and the answer arrives.
func TestRateLimitedRoutesAreRetried(t *testing.T) {
	t.Parallel()
	private := func(bot.Message) bot.Reply {
		return bot.Reply{Visibility: bot.Private, Blocks: []bot.Block{{Kind: bot.Text, Text: "Logged: a feed"}}}
	}
	tests := []struct {
		name   string
		reply  func(bot.Message) bot.Reply
		opts   Options
		event  string
		in     func() map[string]any
		method string
		route  func(in map[string]any) string // path prefix limited
	}{
		{"first response", nil, Options{}, "INTERACTION_CREATE", func() map[string]any { return slash("nappy", opt("kind", 3, "wet")) },
			"POST", func(in map[string]any) string { return "/interactions/" + idOf(in) }},
		{"edit of the deferred answer", nil, Options{}, "INTERACTION_CREATE", func() map[string]any { return slash("nappy", opt("kind", 3, "wet")) },
			"PATCH", func(in map[string]any) string { return "/webhooks/" + testApp + "/" + tokenOf(in) }},
		{"delete of a public placeholder", private, Options{}, "INTERACTION_CREATE", func() map[string]any { return slash("ask", opt("question", 3, "fed left 10 min")) },
			"DELETE", func(in map[string]any) string { return "/webhooks/" + testApp + "/" + tokenOf(in) }},
		{"follow-up", private, Options{}, "INTERACTION_CREATE", func() map[string]any { return slash("ask", opt("question", 3, "fed left 10 min")) },
			"POST", func(in map[string]any) string { return "/webhooks/" + testApp + "/" + tokenOf(in) }},
		{"channel message", nil, Options{}, "MESSAGE_CREATE", func() map[string]any { return messageCreate("", dmChan, "latch hurts") },
			"POST", func(map[string]any) string { return "/channels/" + dmChan + "/messages" }},
		{"helper call", nil, Options{HelperRole: testRole}, "INTERACTION_CREATE", func() map[string]any { return press("human:latch-pain", 0) },
			"POST", func(map[string]any) string { return "/channels/" + testChan + "/messages" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, &engine{reply: tc.reply}, tc.opts)
			in := tc.in()
			route := tc.route(in)
			h.f.limitNext(tc.method, route, 2, 0.05)
			h.f.dispatch(t, tc.event, in)
			h.f.waitReq(t, "the call served after two 429s", served(prefixed(tc.method, route)))
			h.stop(t)
			if n := len(h.f.find(prefixed(tc.method, route))); n != 3 {
				t.Errorf("%d requests on %s %s, want 3 (two 429s, then the retry that worked)", n, tc.method, route)
			}
			if strings.Contains(h.logs.String(), "reply failed") {
				t.Errorf("a reply failed:\n%s", h.logs.String())
			}
		})
	}
}

// TestRateLimitFloodEveryInteractionAnswered: 40 log commands with 429s
// on half their first responses and half their edits: each is handled
// once and confirmed once.
func TestRateLimitFloodEveryInteractionAnswered(t *testing.T) {
	t.Parallel()
	h := start(t, nil, Options{})
	const n = 40
	h.f.limitNext("POST", "/interactions/", n/2, 0.02)
	h.f.limitNext("PATCH", "/webhooks/", n/2, 0.02)
	var ins []map[string]any
	for range n {
		in := slash("nappy", opt("kind", 3, "wet"))
		ins = append(ins, in)
		h.f.dispatch(t, "INTERACTION_CREATE", in)
	}
	for _, in := range ins {
		e, fu := served(edit(in)), served(followup(in))
		h.f.waitReq(t, "answer of "+idOf(in), func(r request) bool { return e(r) || fu(r) })
	}
	h.stop(t)
	for _, in := range ins {
		if k := len(h.f.find(served(callback(in)))); k != 1 {
			t.Errorf("interaction %s acknowledged %d times, want 1", idOf(in), k)
		}
		if k := len(h.f.find(served(edit(in)))) + len(h.f.find(served(followup(in)))); k != 1 {
			t.Errorf("interaction %s confirmed %d times, want 1", idOf(in), k)
		}
	}
	seen := map[string]int{}
	for _, m := range h.eng.messages() {
		seen[m.ID]++
	}
	if len(seen) != n {
		t.Errorf("the engine got %d interactions, want %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("interaction %s handled %d times", id, k)
		}
	}
}

// TestEditRateLimitedBeyondDeadlineFallsBackToFollowUp: a 429 whose wait
// would outlast the interaction's time is not waited for; the answer goes
// as a follow-up message instead, still ephemeral for the feed log.
func TestEditRateLimitedBeyondDeadlineFallsBackToFollowUp(t *testing.T) {
	t.Parallel()
	h := start(t, nil, Options{})
	in := slash("nappy", opt("kind", 3, "wet"))
	h.f.limitNext("PATCH", "/webhooks/", 100, 3600)
	h.f.dispatch(t, "INTERACTION_CREATE", in)
	fu := h.f.waitReq(t, "follow-up instead of the edit", followup(in)).decode(t)
	h.stop(t)
	if got := num(fu["flags"]); got != 64 {
		t.Errorf("follow-up flags = %d, want 64 (the feed log stays private)", got)
	}
	if d := fmt.Sprint(obj(list(fu["embeds"])[0])["description"]); !strings.Contains(d, "Logged: /nappy wet") {
		t.Errorf("follow-up = %q, want the confirmation", d)
	}
	if n := len(h.f.find(edit(in))); n != 1 {
		t.Errorf("%d edits tried, want 1 (an hour's wait does not fit)", n)
	}
	if !strings.Contains(h.logs.String(), "sending a follow-up instead") || !strings.Contains(h.logs.String(), "status=429") {
		t.Errorf("the fallback is not logged:\n%s", h.logs.String())
	}
}

func TestRateWait(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		headers map[string]string
		want    time.Duration
	}{
		{"body retry_after wins", `{"retry_after":0.25}`, map[string]string{"X-RateLimit-Reset-After": "3", "Retry-After": "4"}, 250 * time.Millisecond},
		{"bucket reset-after", `{}`, map[string]string{"X-RateLimit-Reset-After": "1.5", "Retry-After": "4"}, 1500 * time.Millisecond},
		{"Retry-After", `not json`, map[string]string{"Retry-After": "2"}, 2 * time.Second},
		{"nothing said", ``, nil, defaultRateWait},
		{"absurd is capped", `{"retry_after":1e12}`, nil, time.Hour},
	}
	for _, tc := range tests {
		resp := &http.Response{StatusCode: 429, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(tc.body))}
		for k, v := range tc.headers {
			resp.Header.Set(k, v)
		}
		if got := rateWait(resp); got != tc.want {
			t.Errorf("%s: wait %v, want %v", tc.name, got, tc.want)
		}
		if b, _ := io.ReadAll(resp.Body); string(b) != tc.body {
			t.Errorf("%s: body %q not restored", tc.name, b)
		}
	}
	req, _ := http.NewRequest("GET", "http://x", nil)
	if !fits(req, time.Second) || fits(req, time.Hour) {
		t.Error("without a deadline: a second fits, an hour does not")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req = req.WithContext(ctx)
	if fits(req, 2*time.Second) || !fits(req, 10*time.Millisecond) {
		t.Error("with a 1 s deadline: 2 s does not fit, 10 ms does")
	}
}

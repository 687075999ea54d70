package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"nursling/bot"

	"github.com/google/go-cmp/cmp"
)

func TestWebhookChecksSecret(t *testing.T) {
	fa := newFakeBotAPI(t)
	h := &fakeHandler{}
	offs := &fakeOffsets{}
	const secret = "s3cret-Value_1"
	hs := start(t, fa, h, offs, func(o *Options) {
		o.Mode = ModeWebhook
		o.WebhookListen = "127.0.0.1:0"
		o.WebhookPublicURL = "https://bot.example.org/tg/hook"
		o.WebhookSecret = secret
	})
	set := fa.waitCalls("setWebhook", 1)[0].Params
	want := map[string]string{
		"url":             "https://bot.example.org/tg/hook",
		"secret_token":    secret,
		"allowed_updates": `["message","edited_message","callback_query"]`,
	}
	if diff := cmp.Diff(want, set); diff != "" {
		t.Errorf("setWebhook params (-want +got):\n%s", diff)
	}
	addr := hs.a.webhookAddr.Load()
	if addr == nil {
		t.Fatal("no webhook address after setWebhook")
	}
	base := "http://" + (*addr).String()

	update, err := json.Marshal(message(1, 10, privateChat(ana), ana, "is this enough milk?"))
	if err != nil {
		t.Fatal(err)
	}
	post := func(method, path, secret string, body []byte) int {
		t.Helper()
		req, err := http.NewRequest(method, base+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	tests := []struct {
		name   string
		method string
		path   string
		secret string
		body   []byte
		want   int
	}{
		{"no secret", http.MethodPost, "/tg/hook", "", update, http.StatusUnauthorized},
		{"wrong secret", http.MethodPost, "/tg/hook", "s3cret-Value_2", update, http.StatusUnauthorized},
		{"wrong path", http.MethodPost, "/other", secret, update, http.StatusNotFound},
		{"wrong method", http.MethodGet, "/tg/hook", secret, nil, http.StatusMethodNotAllowed},
		{"not json", http.MethodPost, "/tg/hook", secret, []byte("{"), http.StatusBadRequest},
		{"good", http.MethodPost, "/tg/hook", secret, update, http.StatusOK},
		{"redelivered", http.MethodPost, "/tg/hook", secret, update, http.StatusOK},
	}
	for _, tt := range tests {
		if got := post(tt.method, tt.path, tt.secret, tt.body); got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.want)
		}
	}
	fa.waitCalls("sendMessage", 1)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	if n := len(h.messages()); n != 1 {
		t.Errorf("engine called %d times, want 1 (refused requests and the redelivery skipped)", n)
	}
	if n := len(fa.callsTo("getUpdates")); n != 0 {
		t.Errorf("getUpdates called %d times in webhook mode", n)
	}
	if got := offs.progress(); !cmp.Equal(got.Done, []int{1}) {
		t.Errorf("stored progress = %+v, want update 1 done", got)
	}
}

// webhookPost posts raw to the adapter's webhook with the right secret and
// returns the status, 0 when the connection was closed without one.
func webhookPost(t *testing.T, hs *harness, raw []byte) int {
	t.Helper()
	addr := hs.a.webhookAddr.Load()
	req, err := http.NewRequest(http.MethodPost, "http://"+(*addr).String()+"/tg/hook", bytes.NewReader(raw))
	if err != nil {
		t.Error(err)
		return 0
	}
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret-Value_1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func webhookOpts(grace time.Duration) func(*Options) {
	return func(o *Options) {
		o.Mode = ModeWebhook
		o.WebhookListen = "127.0.0.1:0"
		o.WebhookPublicURL = "https://bot.example.org/tg/hook"
		o.WebhookSecret = "s3cret-Value_1"
		o.ShutdownGrace = grace
	}
}

// TestWebhookAnswersOnlyAfterHandling: Telegram gets its 200 only once the
// reply is sent; an update aborted at shutdown gets an error, so Telegram
// delivers it again.
func TestWebhookAnswersOnlyAfterHandling(t *testing.T) {
	fa := newFakeBotAPI(t)
	started := make(chan struct{}, 2)
	release := make(chan struct{})
	h := &fakeHandler{respond: func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		started <- struct{}{}
		select {
		case <-release:
			return echo(m), nil
		case <-ctx.Done():
			return bot.Reply{}, ctx.Err()
		}
	}}
	offs := &fakeOffsets{}
	hs := start(t, fa, h, offs, webhookOpts(50*time.Millisecond))
	fa.waitCalls("setWebhook", 1)

	raw, _ := json.Marshal(message(1, 10, privateChat(ana), ana, "is this enough milk?"))
	status := make(chan int, 1)
	go func() { status <- webhookPost(t, hs, raw) }()
	<-started
	close(release)
	if got := <-status; got != http.StatusOK {
		t.Fatalf("status %d, want 200", got)
	}
	if n := len(fa.callsTo("sendMessage")); n != 1 {
		t.Errorf("200 came back with %d replies sent, want the reply sent first", n)
	}

	// A stuck update at shutdown: aborted, not confirmed, not stored.
	release2 := make(chan struct{})
	h.mu.Lock()
	h.respond = func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		started <- struct{}{}
		select {
		case <-release2:
		case <-ctx.Done():
		}
		return bot.Reply{}, ctx.Err()
	}
	h.mu.Unlock()
	raw2, _ := json.Marshal(message(2, 11, privateChat(ben), ben, "a question at shutdown"))
	go func() { status <- webhookPost(t, hs, raw2) }()
	<-started
	hs.cancel()
	if got := <-status; got == http.StatusOK {
		t.Errorf("an aborted update was answered 200")
	}
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	if got := offs.progress(); !cmp.Equal(got.Done, []int{1}) {
		t.Errorf("stored progress = %+v, want only update 1 done", got)
	}
}

// TestWebhookBoundsUpdatesInFlight: past maxInFlight the webhook answers
// 503 with Retry-After instead of queueing without bound.
func TestWebhookBoundsUpdatesInFlight(t *testing.T) {
	fa := newFakeBotAPI(t)
	release := make(chan struct{})
	var got atomic.Int32
	h := &fakeHandler{respond: func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		got.Add(1)
		select {
		case <-release:
		case <-ctx.Done():
		}
		return bot.Reply{}, nil
	}}
	hs := start(t, fa, h, &fakeOffsets{}, webhookOpts(time.Second))
	fa.waitCalls("setWebhook", 1)
	statuses := make(chan int, maxInFlight+1)
	for i := range maxInFlight {
		raw, _ := json.Marshal(message(i+1, 10+i, privateChat(int64(1000+i)), ana, "flood"))
		go func() { statuses <- webhookPost(t, hs, raw) }()
	}
	deadline := time.Now().Add(15 * time.Second)
	for hs.a.track.Load().inFlight() < maxInFlight {
		if time.Now().After(deadline) {
			t.Fatalf("only %d updates in flight", hs.a.track.Load().inFlight())
		}
		time.Sleep(5 * time.Millisecond)
	}
	raw, _ := json.Marshal(message(maxInFlight+1, 5000, privateChat(ana), ana, "one too many"))
	if st := webhookPost(t, hs, raw); st != http.StatusServiceUnavailable {
		t.Errorf("past the bound: status %d, want 503", st)
	}
	close(release)
	for range maxInFlight {
		if st := <-statuses; st != http.StatusOK {
			t.Errorf("within the bound: status %d, want 200", st)
		}
	}
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
}

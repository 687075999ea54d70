package telegram

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

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
	if got := offs.get(); got != 1 {
		t.Errorf("stored offset = %d, want 1", got)
	}
}

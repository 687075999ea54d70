package telegram

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestNewValidatesOptions(t *testing.T) {
	const token = "123456:SECRET-abc_DEF"
	good := func() Options { return Options{Token: token} }
	tests := []struct {
		name string
		mod  func(o *Options)
		want string // substring of the error; "" means valid
	}{
		{"defaults", func(o *Options) {}, ""},
		{"missing token", func(o *Options) { o.Token = "" }, "no bot token"},
		{"malformed token", func(o *Options) { o.Token = "SECRET token with spaces" }, "malformed"},
		{"token without id", func(o *Options) { o.Token = ":SECRET" }, "malformed"},
		{"endpoint without verbs", func(o *Options) { o.Endpoint = "https://api.example.org/bot" }, "two %s"},
		{"endpoint with extra verb", func(o *Options) { o.Endpoint = "https://api.example.org/bot%s/%s/%d" }, "two %s"},
		{"endpoint not http", func(o *Options) { o.Endpoint = "ftp://api.example.org/bot%s/%s" }, "http or https"},
		{"endpoint without host", func(o *Options) { o.Endpoint = "https:///bot%s/%s" }, "http or https"},
		{"endpoint with token in query", func(o *Options) { o.Endpoint = "https://api.example.org/%s?t=%s" }, "URL path"},
		{"endpoint quoting the token", func(o *Options) { o.Endpoint = "https://x/" + token + "/bot%s" }, "two %s"},
		{"self-hosted endpoint", func(o *Options) { o.Endpoint = "http://127.0.0.1:8081/bot%s/%s" }, ""},
		{"bad mode", func(o *Options) { o.Mode = "push" }, `mode "push"`},
		{"webhook without listen", func(o *Options) {
			o.Mode, o.WebhookPublicURL, o.WebhookSecret = ModeWebhook, "https://e.org/h", "abc"
		}, "webhook.listen"},
		{"webhook over http", func(o *Options) {
			o.Mode, o.WebhookListen, o.WebhookPublicURL, o.WebhookSecret = ModeWebhook, ":8443", "http://e.org/h", "abc"
		}, "https URL"},
		{"webhook without secret", func(o *Options) {
			o.Mode, o.WebhookListen, o.WebhookPublicURL = ModeWebhook, ":8443", "https://e.org/h"
		}, "secret"},
		{"webhook secret with bad characters", func(o *Options) {
			o.Mode, o.WebhookListen, o.WebhookPublicURL, o.WebhookSecret = ModeWebhook, ":8443", "https://e.org/h", "a b"
		}, "secret must be"},
		{"webhook ok", func(o *Options) {
			o.Mode, o.WebhookListen, o.WebhookPublicURL, o.WebhookSecret = ModeWebhook, ":8443", "https://e.org/h", "abc"
		}, ""},
		{"poll timeout too short", func(o *Options) { o.PollTimeout = 100 * time.Millisecond }, "poll timeout"},
		{"client timeout below poll timeout", func(o *Options) {
			o.PollTimeout, o.HTTPClient = 30*time.Second, &http.Client{Timeout: 10 * time.Second}
		}, "must exceed the poll timeout"},
		{"client without timeout", func(o *Options) { o.HTTPClient = &http.Client{} }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := good()
			tt.mod(&o)
			_, err := New(&fakeHandler{}, nil, o)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("New = %v, want success", err)
			case tt.want != "" && err == nil:
				t.Fatalf("New succeeded, want an error with %q", tt.want)
			case err != nil && !strings.Contains(err.Error(), tt.want):
				t.Errorf("New = %q, want it to mention %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error shows the token: %q", err)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	a, err := New(&fakeHandler{}, nil, Options{Token: "1:a"})
	if err != nil {
		t.Fatal(err)
	}
	o := a.opts
	if o.Endpoint != "https://api.telegram.org/bot%s/%s" || o.Mode != ModePolling || o.PollTimeout != 30*time.Second {
		t.Errorf("defaults: endpoint %q mode %q poll %v", o.Endpoint, o.Mode, o.PollTimeout)
	}
	if o.HTTPClient.Timeout <= o.PollTimeout {
		t.Errorf("default client timeout %v does not exceed the poll timeout %v", o.HTTPClient.Timeout, o.PollTimeout)
	}
	if a, b := o.HashID("111"), o.HashID("111"); a == "111" || a != b {
		t.Error("HashID must be a stable hash, not the id")
	}
}

func TestNewNeedsHandler(t *testing.T) {
	if _, err := New(nil, nil, Options{Token: "1:a"}); err == nil {
		t.Error("New(nil handler) succeeded")
	}
}

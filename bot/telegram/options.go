package telegram

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"golang.org/x/time/rate"
)

// Modes of receiving updates.
const (
	ModePolling = "polling"
	ModeWebhook = "webhook"
)

// Options configure an Adapter. Token is required; every other zero value
// picks the documented default. The token is never logged and never appears
// in an error returned by this package.
type Options struct {
	// Token is the bot token from @BotFather.
	Token string
	// Endpoint is the Bot API URL format with two %s verbs, token then
	// method (default tgbotapi.APIEndpoint). Tests and self-hosted Bot API
	// servers point it elsewhere.
	Endpoint string
	// Mode is "polling" (default) or "webhook".
	Mode string
	// WebhookListen is the address the webhook server listens on, e.g.
	// "127.0.0.1:8443". It serves plain HTTP: put an HTTPS reverse proxy
	// in front of it.
	WebhookListen string
	// WebhookPublicURL is the https URL Telegram posts updates to; its path
	// is the only path the webhook server answers.
	WebhookPublicURL string
	// WebhookSecret is sent to Telegram as secret_token and checked on every
	// request (X-Telegram-Bot-Api-Secret-Token). Required in webhook mode:
	// 1-256 characters of A-Z, a-z, 0-9, _ and -.
	WebhookSecret string
	// PollTimeout is the long-poll timeout (default 30s, 1s to 10m).
	PollTimeout time.Duration
	// HTTPClient talks to the Bot API. When it has a Timeout, that must
	// exceed PollTimeout; every request also carries its own deadline.
	// nil: a client with Timeout PollTimeout+15s.
	HTTPClient *http.Client
	// Logger receives structured logs without message text, names or the
	// token. nil discards.
	Logger *slog.Logger
	// Now is the clock for message times that Telegram does not stamp
	// (button presses). nil: time.Now.
	Now func() time.Time

	// HandleTimeout bounds one call of Handler.Handle (default 30s).
	HandleTimeout time.Duration
	// ShutdownGrace is how long Run waits for replies in flight after its
	// context is cancelled before it aborts them (default 8s).
	ShutdownGrace time.Duration
	// TypingDelay is how long Handle may take before the chat shows
	// "typing…" (default 1s).
	TypingDelay time.Duration
	// Workers bounds how many updates are handled at once across all chats
	// (default 16). Updates of one chat are always handled in order.
	Workers int
	// Retry says how failed requests are retried.
	Retry Retry
	// Limits pace outgoing messages below Telegram's limits.
	Limits Limits
	// GuideURL is the web guide's public address (web.public_url): when
	// set, an answer ends with a link to its whole article there.
	GuideURL string
	// HashID turns a private chat or user id into the keyed hash that logs
	// show. nil: HMAC-SHA256 with a random per-process key.
	HashID func(id string) string
	// OnRetry and OnDropped, when set, observe delivery for the operator's
	// metrics: a request retried, and a reply dropped after its retries.
	OnRetry   func()
	OnDropped func()
}

// Retry says how a failed Bot API request is retried: 429 waits retry_after,
// 5xx and network errors back off exponentially with jitter, anything else
// is final. The zero value means the defaults.
type Retry struct {
	// Attempts is the number of tries per request before Outage counts
	// (default 5).
	Attempts int
	// Outage is how long a transient failure (5xx, network, 429) keeps
	// being retried, as the sum of the waits, once Attempts are used up
	// (default 2m): a Telegram outage of a minute loses no reply. Then the
	// reply is dropped and counted (OnDropped).
	Outage time.Duration
	// BaseDelay is the first backoff (default 500ms); it doubles per try.
	BaseDelay time.Duration
	// MaxDelay caps one backoff (default 30s).
	MaxDelay time.Duration
	// MaxRetryAfter is the longest retry_after honoured (default 5m);
	// a longer one drops the message.
	MaxRetryAfter time.Duration
	// Sleep waits d or until ctx ends, returning ctx.Err() then. Every wait
	// of the adapter (backoff, retry_after, rate limits) goes through it, so
	// tests can record the waits and return at once. nil: a timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Limits pace outgoing messages. Zero fields mean Telegram's published
// limits; rate.Inf switches a limit off (tests).
type Limits struct {
	// PerChat is the rate for one chat (default 1/s, burst 3).
	PerChat      rate.Limit
	PerChatBurst int
	// PerGroup is the extra rate for a group chat (default 20/min, burst 3).
	PerGroup      rate.Limit
	PerGroupBurst int
	// Global is the rate over all chats (default 30/s, burst 30).
	Global      rate.Limit
	GlobalBurst int
}

const (
	defaultPollTimeout   = 30 * time.Second
	defaultHandleTimeout = 30 * time.Second
	defaultShutdownGrace = 8 * time.Second
	defaultTypingDelay   = time.Second
	defaultWorkers       = 16
	// pollSlack is added to the long-poll timeout for the request deadline,
	// so a healthy empty poll never hits the deadline.
	pollSlack = 10 * time.Second
)

// tokenShaped reports whether s has the shape of every BotFather token: the
// bot id, a colon, and a secret of URL-safe characters.
func tokenShaped(s string) bool {
	id, secret, ok := strings.Cut(s, ":")
	return ok && id != "" && strings.Trim(id, "0123456789") == "" && urlSafe(secret)
}

// urlSafe reports whether s is non-empty and only A-Z, a-z, 0-9, _ and -.
func urlSafe(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
		default:
			return false
		}
	}
	return true
}

// withDefaults validates o and fills in its defaults. Errors name the
// option and never contain the token.
func (o Options) withDefaults() (Options, error) {
	if o.Token == "" {
		return o, errors.New("telegram: no bot token: set the token environment variable (telegram.token_env)")
	}
	if !tokenShaped(o.Token) {
		return o, errors.New(`telegram: the bot token is malformed: BotFather tokens look like "123456:ABC-DEF..."`)
	}
	if o.Endpoint == "" {
		o.Endpoint = tgbotapi.APIEndpoint
	}
	if err := checkEndpoint(o.Endpoint); err != nil {
		return o, fmt.Errorf("telegram: api_endpoint %q: %w", strings.ReplaceAll(o.Endpoint, o.Token, "<token>"), err)
	}
	switch o.Mode {
	case "":
		o.Mode = ModePolling
	case ModePolling, ModeWebhook:
	default:
		return o, fmt.Errorf("telegram: mode %q: want %q or %q", o.Mode, ModePolling, ModeWebhook)
	}
	if o.Mode == ModeWebhook {
		if err := o.checkWebhook(); err != nil {
			return o, err
		}
	}
	if o.PollTimeout == 0 {
		o.PollTimeout = defaultPollTimeout
	}
	if o.PollTimeout < time.Second || o.PollTimeout > 10*time.Minute {
		return o, fmt.Errorf("telegram: poll timeout %v: want 1s to 10m", o.PollTimeout)
	}
	if o.HTTPClient == nil {
		// The library's default client has no timeout at all: a stalled
		// connection would hang the adapter for ever.
		o.HTTPClient = &http.Client{Timeout: o.PollTimeout + 15*time.Second}
	} else if o.HTTPClient.Timeout != 0 && o.HTTPClient.Timeout <= o.PollTimeout {
		return o, fmt.Errorf("telegram: http client timeout %v must exceed the poll timeout %v", o.HTTPClient.Timeout, o.PollTimeout)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.HandleTimeout <= 0 {
		o.HandleTimeout = defaultHandleTimeout
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = defaultShutdownGrace
	}
	if o.TypingDelay <= 0 {
		o.TypingDelay = defaultTypingDelay
	}
	if o.Workers <= 0 {
		o.Workers = defaultWorkers
	}
	o.Retry = o.Retry.withDefaults()
	o.Limits = o.Limits.withDefaults()
	if o.HashID == nil {
		h, err := newIDHasher()
		if err != nil {
			return o, fmt.Errorf("telegram: id hash key: %w", err)
		}
		o.HashID = h
	}
	return o, nil
}

// checkEndpoint accepts a URL format with exactly two %s verbs (token, then
// method) that yields an http(s) URL.
func checkEndpoint(ep string) error {
	if strings.Count(ep, "%") != 2 || strings.Count(ep, "%s") != 2 {
		return errors.New("want an http(s) URL format with two %s, token then method, like https://api.telegram.org/bot%s/%s")
	}
	u, err := url.Parse(fmt.Sprintf(ep, "TOKEN", "getMe"))
	if err != nil {
		return errors.New("not a URL")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("want an http or https URL with a host")
	}
	if !strings.Contains(u.Path, "TOKEN") || !strings.HasSuffix(u.Path, "getMe") {
		return errors.New("the token and method must be in the URL path, method last")
	}
	return nil
}

func (o Options) checkWebhook() error {
	if o.WebhookListen == "" {
		return errors.New("telegram: webhook mode needs webhook.listen (e.g. 127.0.0.1:8443)")
	}
	u, err := url.Parse(o.WebhookPublicURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return errors.New("telegram: webhook mode needs webhook.public_url, an https URL (Telegram only posts to HTTPS)")
	}
	if o.WebhookSecret == "" {
		return errors.New("telegram: webhook mode needs a secret (webhook.secret_env)")
	}
	if len(o.WebhookSecret) > 256 || !urlSafe(o.WebhookSecret) {
		return errors.New("telegram: the webhook secret must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
	}
	return nil
}

func (r Retry) withDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = 5
	}
	if r.BaseDelay <= 0 {
		r.BaseDelay = 500 * time.Millisecond
	}
	if r.MaxDelay <= 0 {
		r.MaxDelay = 30 * time.Second
	}
	if r.MaxRetryAfter <= 0 {
		r.MaxRetryAfter = 5 * time.Minute
	}
	if r.Outage <= 0 {
		r.Outage = 2 * time.Minute
	}
	if r.Sleep == nil {
		r.Sleep = sleep
	}
	return r
}

func (l Limits) withDefaults() Limits {
	if l.PerChat == 0 {
		l.PerChat = 1
	}
	if l.PerChatBurst <= 0 {
		l.PerChatBurst = 3
	}
	if l.PerGroup == 0 {
		l.PerGroup = rate.Every(3 * time.Second) // 20 per minute
	}
	if l.PerGroupBurst <= 0 {
		l.PerGroupBurst = 3
	}
	if l.Global == 0 {
		l.Global = 30
	}
	if l.GlobalBurst <= 0 {
		l.GlobalBurst = 30
	}
	return l
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// newIDHasher returns a keyed hash (HMAC-SHA256 with a random key, 12 hex
// digits) for ids in logs: stable within one process, meaningless outside.
func newIDHasher() (func(string) string, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return func(id string) string {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(id))
		return hex.EncodeToString(m.Sum(nil))[:12]
	}, nil
}

// Package web is the browser adapter: the same engine as on Telegram and
// Discord behind a chat page (/ and POST /ask), the browsable guide
// (/guide, /guide/{topic}, /search), the feed log (/log, /today, /week,
// export, forget, joining a household with a /share code) and the
// curators' report (/curator, behind a token). It is the only package that
// serves HTML. Everything works without JavaScript: every action is a plain
// form; the small embedded script only updates the page in place.
//
// A visitor is known by a signed, HttpOnly, SameSite cookie holding a
// random id (no accounts, no e-mail); the same key signs the CSRF token on
// every form. Requests are size-limited and rate-limited per client, and
// nothing a visitor types reaches a log line.
package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"nursling/bot"
	"nursling/knowledge"
)

// Platform is the engine's name for the web adapter.
const Platform bot.Platform = "web"

// Handler is the engine as the web adapter sees it.
type Handler interface {
	Handle(ctx context.Context, m bot.Message) (bot.Reply, error)
}

// Options configure a Server. Library and Searcher are required.
type Options struct {
	Library  *knowledge.Library
	Searcher bot.Searcher
	// FeedLog shows the feed-log pages (the engine needs a store).
	FeedLog bool
	// SessionKey signs the identity cookie and CSRF tokens. When empty a
	// random key is made for this process (cookies then end at restart).
	SessionKey []byte
	// CuratorToken opens /curator; empty disables the page (404).
	CuratorToken string
	// Report returns the curators' figures; nil shows an empty report.
	Report func(ctx context.Context) (Report, error)
	// PublicURL is where parents reach the site (https://... behind a
	// reverse proxy); an https URL makes cookies Secure and sends HSTS.
	PublicURL string
	// RateLimit limits each client's questions and actions (zero: off),
	// the same figures as the engine's per-user limit.
	RateLimit bot.RateLimit
	// TrustProxy takes the client address from X-Forwarded-For when the
	// connection comes from a loopback reverse proxy.
	TrustProxy bool
	Logger     *slog.Logger
	Now        func() time.Time
}

// Report is what `nursling report` shows, for /curator.
type Report struct {
	Topics     []TopicStats
	NoMatch    int
	Unanswered []Unanswered
}

// TopicStats are one topic's anonymous counts.
type TopicStats struct {
	Topic                         string
	Answered, Helpful, NotHelpful int
}

// Unanswered is one kept no-match question (kept only when the operator
// opted in).
type Unanswered struct {
	At   time.Time
	Text string
}

// Server serves the site. It is safe for concurrent use.
type Server struct {
	h       Handler
	opts    Options
	log     *slog.Logger
	pages   map[string]*template.Template
	ids     *identities
	limit   *clientLimiter
	secure  bool
	handler http.Handler
	nonce   func() string // tests make it fixed
}

// maxBody is the largest form a page accepts; a question is far smaller.
const maxBody = 16 << 10

// maxQuestion is the longest question passed to the engine, in bytes.
const maxQuestion = 2000

// New returns a Server. It fails when a required option is missing or the
// public URL is not an http(s) URL.
func New(h Handler, opts Options) (*Server, error) {
	if h == nil || opts.Library == nil || opts.Searcher == nil {
		return nil, errors.New("web: new: the engine, library and searcher are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{h: h, opts: opts, log: opts.Logger, nonce: newNonce}
	if opts.PublicURL != "" {
		u, err := url.Parse(opts.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("web: new: public URL %q is not an http(s) URL", opts.PublicURL)
		}
		s.secure = u.Scheme == "https"
	}
	key := opts.SessionKey
	if n := len(key); n > 0 && n < 32 {
		s.log.Warn("web: the session key is short; use at least 32 random bytes", "bytes", n)
	}
	if len(key) == 0 {
		key = make([]byte, 32)
		_, _ = rand.Read(key)
		s.log.Warn("web: no session key set; using a random one, so visitors' feed-log cookies end when the process restarts")
	}
	s.ids = &identities{key: key, secure: s.secure}
	s.limit = newClientLimiter(opts.RateLimit, opts.Now)
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Serve serves on ln until ctx ends, then lets requests in flight finish
// (up to ten seconds).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("web: serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("web: shut down: %w", err)
	}
	<-done
	return nil
}

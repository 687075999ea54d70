package telegram

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// secretHeader carries the webhook secret on every request from Telegram.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxUpdateBytes bounds one webhook request body; real updates are a few KB.
const maxUpdateBytes = 1 << 20

// serveWebhook listens on WebhookListen, registers the webhook with its
// secret, and serves until ctx ends; then it stops taking requests and
// waits for the handlers running.
func (s *session) serveWebhook(ctx context.Context) error {
	pub, err := url.Parse(s.opts.WebhookPublicURL)
	if err != nil {
		return fmt.Errorf("telegram: webhook public url: %w", err)
	}
	path := pub.Path
	if path == "" {
		path = "/"
	}
	ln, err := net.Listen("tcp", s.opts.WebhookListen)
	if err != nil {
		return fmt.Errorf("telegram: webhook listen: %w", err)
	}
	addr := ln.Addr()
	s.webhookAddr.Store(&addr)
	srv := &http.Server{
		Handler:           s.webhookHandler(path),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// A request waits for its update to be handled and answered.
		WriteTimeout: 2 * time.Minute,
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	if err := s.setWebhook(ctx); err != nil {
		_ = srv.Close()
		<-errc
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	s.ready.Store(true)
	s.log.Info("telegram: webhook serving", "addr", addr.String())

	var runErr error
	select {
	case <-ctx.Done():
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			runErr = fmt.Errorf("telegram: webhook serve: %w", err)
		}
	}
	s.ready.Store(false)
	// Handlers wait for their updates, which get the shutdown grace;
	// Run's shutdown then aborts what is left.
	sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
	}
	return runErr
}

// setWebhook registers the public URL with its secret. secret_token is
// newer than the library, hence explicit params.
func (s *session) setWebhook(ctx context.Context) error {
	p := tgbotapi.Params{"url": s.opts.WebhookPublicURL, "secret_token": s.opts.WebhookSecret}
	if err := p.AddInterface("allowed_updates", allowedUpdates()); err != nil {
		return fmt.Errorf("telegram: set webhook: %w", err)
	}
	if _, err := s.call(ctx, "setWebhook", nil, request("setWebhook", p)); err != nil {
		return fmt.Errorf("telegram: set webhook: %w", err)
	}
	return nil
}

// webhookHandler accepts updates posted by Telegram: POST to path with the
// secret header. It answers 200 only once the update is handled and
// answered (or was already), so an update lost to a crash or a shutdown is
// one Telegram delivers again. Past maxInFlight updates in flight, or for
// an update still in flight from an earlier request, it answers 503 with
// Retry-After: Telegram retries later, and memory stays bounded.
func (s *session) webhookHandler(path string) http.Handler {
	secret := []byte(s.opts.WebhookSecret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(secretHeader)), secret) != 1 {
			s.log.Warn("telegram: webhook request with a wrong secret refused")
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBytes))
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		u, err := decodeUpdate(raw)
		if err != nil && u.UpdateID == 0 {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if s.track.inFlight() >= maxInFlight {
			busy(w)
			return
		}
		switch s.track.begin(u.UpdateID) {
		case stDone:
			w.WriteHeader(http.StatusOK)
			return
		case stInFlight:
			busy(w)
			return
		}
		done := make(chan bool, 1)
		s.handle(u, err, done)
		select {
		case ok := <-done:
			if !ok {
				busy(w)
				return
			}
			w.WriteHeader(http.StatusOK)
		case <-r.Context().Done():
		}
	})
}

// busy asks Telegram to deliver the update again later.
func busy(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "1")
	http.Error(w, "busy, retry later", http.StatusServiceUnavailable)
}

package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"

	"nursling/bot/feedlog/sqlstore"
	"nursling/bot/web"
	"nursling/config"
	"nursling/ops"
)

// newWeb builds the browser adapter; its listener is opened here so a busy
// port fails before anything runs.
func newWeb(cfg config.Config, h ops.Handler, a *app, logger *slog.Logger) (runner, error) {
	opts := web.Options{
		Library:      a.lib,
		Searcher:     a.idx,
		FeedLog:      a.store != nil,
		SessionKey:   []byte(strings.TrimSpace(os.Getenv(cfg.Web.SessionKeyEnv))),
		CuratorToken: strings.TrimSpace(os.Getenv(cfg.Web.CuratorTokenEnv)),
		PublicURL:    cfg.Web.PublicURL,
		TrustProxy:   cfg.Web.TrustProxy,
		Logger:       logger.With(slog.String("adapter", "web")),
	}
	opts.RateLimit.PerMinute, opts.RateLimit.Burst = cfg.RateLimit.PerMinute, cfg.RateLimit.Burst
	if s, ok := a.store.(reportStore); ok {
		opts.Report = func(ctx context.Context) (web.Report, error) { return webReport(ctx, s) }
	}
	srv, err := web.New(h, opts)
	if err != nil {
		return runner{}, err
	}
	ln, err := net.Listen("tcp", cfg.Web.Listen)
	if err != nil {
		return runner{}, fmt.Errorf("web.listen: %w", err)
	}
	logger.Info("web", slog.String("listen", ln.Addr().String()), slog.Bool("curator", opts.CuratorToken != ""))
	return runner{name: "web", run: func(ctx context.Context) error { return srv.Serve(ctx, ln) }}, nil
}

// reportStore is a store with the curators' counts (both stores).
type reportStore interface {
	Report(ctx context.Context) (sqlstore.Report, error)
}

// webReport is `nursling report` for /curator.
func webReport(ctx context.Context, s reportStore) (web.Report, error) {
	rep, err := s.Report(ctx)
	if err != nil {
		return web.Report{}, err
	}
	out := web.Report{NoMatch: rep.NoMatch}
	for _, t := range rep.Topics {
		out.Topics = append(out.Topics, web.TopicStats{Topic: t.Topic, Answered: t.Answered, Helpful: t.Helpful, NotHelpful: t.NotHelpful})
	}
	for _, u := range rep.Unanswered {
		out.Unanswered = append(out.Unanswered, web.Unanswered{At: u.At, Text: u.Text})
	}
	return out, nil
}

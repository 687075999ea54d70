package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"nursling/bot"
	"nursling/bot/discord"
	"nursling/bot/telegram"
	"nursling/bot/web"
	"nursling/config"
	"nursling/ops"
)

// runner is an adapter or server that runs until its context ends.
type runner struct {
	name string
	run  func(context.Context) error
	// deliver, for a chat adapter, sends reminders privately.
	deliver bot.Deliverer
}

// cmdServe runs the enabled chat adapters, plus /healthz and /metrics,
// until SIGINT or SIGTERM. A chat adapter that cannot connect (Telegram
// unreachable) is retried with backoff while the others serve, and
// /healthz names it as down. At the end it stops taking messages, lets
// replies in flight finish, and closes the store.
func cmdServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	cfgPath := fs.String("config", "", "config file (see config.example.yaml)")
	logFormat := fs.String("log-format", "", "text or json (default: the config's log.format)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	format := cfg.Log.Format
	if *logFormat != "" {
		if *logFormat != "text" && *logFormat != "json" {
			return fmt.Errorf("%w: --log-format must be text or json", errUsage)
		}
		format = *logFormat
	}
	logger := newLogger(stderr, format, cfg.Log.Level)
	if *cfgPath != "" {
		if w := config.PermissionWarning(*cfgPath); w != "" {
			logger.Warn("config file permissions", slog.String("warning", w))
		}
	}
	if !cfg.Telegram.Enabled && !cfg.Discord.Enabled && !cfg.Web.Enabled {
		return errors.New("no adapter is enabled: set telegram.enabled, discord.enabled or web.enabled in the config (or try `nursling chat`)")
	}
	// Secrets first, so a missing token fails before anything is opened.
	sec, err := readSecrets(cfg)
	if err != nil {
		return err
	}

	metrics := ops.NewMetrics(enabledPlatforms(cfg)...)
	health := ops.NewHealth()
	a, err := openApp(ctx, cfg, logger, appOptions{withStore: true, hooks: metrics.Hooks(), rateLimit: true, storeObserve: metrics.StoreObserver(cfg.Store.Driver)})
	if err != nil {
		return err
	}
	defer a.Close()
	health.Add("guide", func() bool { return true }) // openApp indexed it
	health.Add("store", storeHealth(a.store, cfg.FeedLog.Enabled))
	health.Info("store", storeInfo(cfg))
	handler := metrics.Timed(a.engine)

	var runners []runner
	if cfg.Telegram.Enabled {
		r, ready, err := newTelegram(cfg, sec, handler, a, logger, metrics)
		if err != nil {
			return err
		}
		health.AddAdapter("telegram", ready)
		runners = append(runners, keepUp(r, adapterBackoff, logger))
	}
	if cfg.Discord.Enabled {
		r, ready, err := newDiscord(cfg, sec, handler, a, logger, metrics)
		if err != nil {
			return err
		}
		health.AddAdapter("discord", ready)
		runners = append(runners, keepUp(r, adapterBackoff, logger))
	}
	if cfg.Web.Enabled {
		r, err := newWeb(cfg, handler, a, logger)
		if err != nil {
			return err
		}
		r, up := tracked(r)
		health.AddAdapter("web", up)
		runners = append(runners, r)
	}
	runners = append(runners, remindersRunner(a, runners))
	if cfg.HTTP.Listen != "" {
		ln, err := net.Listen("tcp", cfg.HTTP.Listen)
		if err != nil {
			return fmt.Errorf("http.listen: %w", err)
		}
		runners = append(runners, runner{name: "http", run: func(ctx context.Context) error { return ops.Serve(ctx, ln, health, metrics) }})
		logger.Info("health and metrics", slog.String("listen", ln.Addr().String()))
	}
	logger.Info("nursling serving", slog.Int("articles", len(a.lib.Articles)), slog.Bool("telegram", cfg.Telegram.Enabled), slog.Bool("discord", cfg.Discord.Enabled), slog.Bool("web", cfg.Web.Enabled))
	err = runAll(ctx, runners, logger)
	logger.Info("nursling stopped")
	return err
}

// enabledPlatforms are the platforms whose series /metrics shows from the
// start.
func enabledPlatforms(cfg config.Config) []bot.Platform {
	var ps []bot.Platform
	if cfg.Telegram.Enabled {
		ps = append(ps, bot.Telegram)
	}
	if cfg.Discord.Enabled {
		ps = append(ps, bot.Discord)
	}
	if cfg.Web.Enabled {
		ps = append(ps, web.Platform)
	}
	return ps
}

// storeReady is the store's health check: open, and its last write not
// failed for lack of disk.
func storeReady(s storeCloser, enabled bool) func() bool {
	return func() bool {
		if s == nil {
			return !enabled
		}
		if w, ok := s.(interface{ Writable() bool }); ok {
			return w.Writable()
		}
		return true
	}
}

// remindersRunner delivers due reminders through the chat adapters, by
// private message only.
func remindersRunner(a *app, adapters []runner) runner {
	ds := map[bot.Platform]bot.Deliverer{}
	for _, r := range adapters {
		if r.deliver != nil {
			ds[bot.Platform(r.name)] = r.deliver
		}
	}
	return runner{name: "reminders", run: func(ctx context.Context) error { return a.engine.RunReminders(ctx, ds) }}
}

// tracked wraps r so its health check is up while it runs.
func tracked(r runner) (runner, func() bool) {
	var up atomic.Bool
	run := r.run
	r.run = func(ctx context.Context) error {
		up.Store(true)
		defer up.Store(false)
		return run(ctx)
	}
	return r, up.Load
}

// runAll runs every runner until ctx ends or one fails; a failure stops
// the others (the chat adapters are wrapped by keepUp, so they do not
// fail: they retry). It returns the first failure.
func runAll(ctx context.Context, runners []runner, logger *slog.Logger) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, len(runners))
	for i, r := range runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.run(ctx); err != nil {
				errs[i] = fmt.Errorf("%s: %w", r.name, err)
				logger.Error("stopped with an error", slog.String("component", r.name), slog.String("error", err.Error()))
				cancel()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// secrets are the tokens the enabled adapters need, read from the
// environment only.
type secrets struct {
	telegramToken, webhookSecret, discordToken string
}

func readSecrets(cfg config.Config) (secrets, error) {
	var s secrets
	var err error
	if cfg.Telegram.Enabled {
		if s.telegramToken, err = config.Secret("telegram.token_env", cfg.Telegram.TokenEnv); err != nil {
			return s, err
		}
		if cfg.Telegram.Mode == "webhook" {
			if s.webhookSecret, err = config.Secret("telegram.webhook.secret_env", cfg.Telegram.Webhook.SecretEnv); err != nil {
				return s, err
			}
		}
	}
	if cfg.Discord.Enabled {
		if s.discordToken, err = config.Secret("discord.token_env", cfg.Discord.TokenEnv); err != nil {
			return s, err
		}
	}
	return s, nil
}

func newTelegram(cfg config.Config, sec secrets, h ops.Handler, a *app, logger *slog.Logger, m *ops.Metrics) (runner, func() bool, error) {
	opts := telegram.Options{
		Token:            sec.telegramToken,
		WebhookSecret:    sec.webhookSecret,
		Endpoint:         cfg.Telegram.APIEndpoint,
		Mode:             cfg.Telegram.Mode,
		WebhookListen:    cfg.Telegram.Webhook.Listen,
		WebhookPublicURL: cfg.Telegram.Webhook.PublicURL,
		Logger:           logger.With(slog.String("adapter", "telegram")),
		HashID:           a.hashID,
		GuideURL:         cfg.Web.PublicURL,
		OnRetry:          func() { m.SendRetry(bot.Telegram) },
		OnDropped:        func() { m.SendError(bot.Telegram) },
	}
	ad, err := telegram.New(h, offsetStore{a.state(), "telegram.offset"}, opts)
	if err != nil {
		return runner{}, nil, err
	}
	run := ad.Run
	if l, ok := a.store.(leaser); ok && cfg.Telegram.Mode == "polling" {
		run = withPollerLease(l, botID(sec.telegramToken), processID(), pollerLeaseTTL, logger, time.Now, run)
	}
	return runner{name: "telegram", run: run, deliver: ad}, ad.Ready, nil
}

func newDiscord(cfg config.Config, sec secrets, h ops.Handler, a *app, logger *slog.Logger, m *ops.Metrics) (runner, func() bool, error) {
	ad, err := discord.New(h, a.lib, discord.Options{
		Token:         sec.discordToken,
		GuildIDs:      cfg.Discord.GuildIDs,
		Channels:      cfg.Discord.Channels,
		AskVisibility: cfg.Discord.AskVisibility,
		HelperRole:    cfg.Discord.HelperRole,
		APIBase:       cfg.Discord.APIBase,
		GuideURL:      cfg.Web.PublicURL,
		Logger:        logger.With(slog.String("adapter", "discord")),
		OnRetry:       func() { m.SendRetry(bot.Discord) },
		OnFailed:      func() { m.SendError(bot.Discord) },
	})
	if err != nil {
		return runner{}, nil, err
	}
	return runner{name: "discord", run: ad.Run, deliver: ad}, ad.Ready, nil
}

// stateStore is the store's small key-value table for adapter state.
type stateStore interface {
	State(ctx context.Context, key string) (string, error)
	SetState(ctx context.Context, key, value string) error
}

// offsetStore keeps Telegram's progress (the last update id below which
// all are handled, and those handled above it) in the state table
// (or in memory when the feed log, and so the store, is disabled).
type offsetStore struct {
	s   stateStore
	key string
}

func (o offsetStore) LoadProgress(ctx context.Context) (telegram.Progress, error) {
	v, err := o.s.State(ctx, o.key)
	if err != nil {
		return telegram.Progress{}, err
	}
	return telegram.ParseProgress(v)
}

func (o offsetStore) SaveProgress(ctx context.Context, p telegram.Progress) error {
	return o.s.SetState(ctx, o.key, p.String())
}

// memState is a stateStore in memory, for when there is no database.
type memState struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memState) State(ctx context.Context, key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[key], nil
}

func (s *memState) SetState(ctx context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[key] = value
	return nil
}

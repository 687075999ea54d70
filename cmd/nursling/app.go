package main

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"nursling/bot"
	"nursling/config"
	"nursling/index"
	"nursling/knowledge"
	"nursling/semantic"
)

var _ bot.Searcher = (*index.Index)(nil)

// app is the wired program: guide, index, store and engine. Close releases
// them in reverse order of opening.
type app struct {
	cfg    config.Config
	lib    *knowledge.Library
	idx    *index.Index
	store  storeCloser
	engine *bot.Engine
	logger *slog.Logger
	logKey []byte
}

// storeCloser is the store as main sees it: what the engine needs plus
// Close.
type storeCloser interface {
	bot.Store
	Close() error
}

type appOptions struct {
	// withStore opens the feed-log database (chat, serve); questions-only
	// commands (ask, eval) skip it so they start fast and touch no files.
	withStore bool
	hooks     bot.Hooks
	// rateLimit applies the config's per-user limit: for the platforms,
	// where strangers share the bot, not for the one terminal user.
	rateLimit bool
	// storeObserve receives each store write's time and error (metrics).
	storeObserve func(time.Duration, error)
}

// loadConfig returns the defaults, or the file's configuration when path
// is set.
func loadConfig(path string) (config.Config, error) {
	if path == "" {
		cfg := config.Default()
		return cfg, cfg.Validate()
	}
	return config.Load(path)
}

// crisisModel is the red-flag detector's second, independent signal: the
// semantic exemplar model over the embedded word table.
func crisisModel(lib *knowledge.Library) (*semantic.CrisisModel, error) {
	t, err := semantic.Load()
	if err != nil {
		return nil, fmt.Errorf("load the word table: %w", err)
	}
	m, err := semantic.NewCrisisModel(t, lib)
	if err != nil {
		return nil, fmt.Errorf("load the crisis exemplars: %w", err)
	}
	return m, nil
}

// loadLibrary loads the built-in guide plus the configured extra folder.
func loadLibrary(cfg config.Config) (*knowledge.Library, error) {
	if cfg.Guide.ExtraDir == "" {
		return knowledge.LoadBuiltin()
	}
	if _, err := os.Stat(cfg.Guide.ExtraDir); err != nil {
		return nil, fmt.Errorf("guide.extra_dir: %w", err)
	}
	return knowledge.Load(knowledge.Builtin(), os.DirFS(cfg.Guide.ExtraDir))
}

func openApp(ctx context.Context, cfg config.Config, logger *slog.Logger, opts appOptions) (*app, error) {
	a := &app{cfg: cfg, logger: logger, logKey: []byte(os.Getenv(cfg.Log.KeyEnv))}
	if len(a.logKey) == 0 {
		a.logKey = make([]byte, 32)
		_, _ = rand.Read(a.logKey)
	}
	var err error
	if a.lib, err = loadLibrary(cfg); err != nil {
		return nil, fmt.Errorf("load the guide: %w", err)
	}
	// The crisis model (word table and exemplars) and the index share
	// nothing but the read-only library: build them on two goroutines.
	type built struct {
		m   *semantic.CrisisModel
		err error
	}
	crisis := make(chan built, 1)
	go func() {
		m, err := crisisModel(a.lib)
		crisis <- built{m, err}
	}()
	a.idx, err = index.Build(ctx, a.lib)
	cm := <-crisis
	if err != nil {
		return nil, fmt.Errorf("index the guide: %w", err)
	}
	if cm.err != nil {
		a.Close()
		return nil, cm.err
	}
	model := cm.m
	if opts.withStore && cfg.FeedLog.Enabled {
		if a.store, err = openStore(ctx, cfg, logger, opts.storeObserve); err != nil {
			a.Close()
			return nil, err
		}
	}
	engOpts := bot.Options{
		Library:        a.lib,
		Searcher:       a.idx,
		FeedLog:        feedLogOptions(cfg),
		KeepUnanswered: cfg.Analytics.KeepUnanswered,
		Logger:         logger,
		LogKey:         a.logKey,
		Hooks:          opts.hooks,
		Country:        cfg.Locale.Country,
		RedFlagModel:   model,
	}
	if opts.rateLimit {
		engOpts.RateLimit = bot.RateLimit{PerMinute: cfg.RateLimit.PerMinute, Burst: cfg.RateLimit.Burst}
	}
	if a.store != nil {
		engOpts.Store = a.store
	}
	if a.engine, err = bot.New(engOpts); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// state returns the store's adapter-state table, or an in-memory one when
// the feed log (and so the database) is disabled.
func (a *app) state() stateStore {
	if s, ok := a.store.(stateStore); ok {
		return s
	}
	return &memState{}
}

// hashID is the keyed hash that stands for a chat or user id in logs.
func (a *app) hashID(id string) string {
	mac := hmac.New(sha256.New, a.logKey)
	mac.Write([]byte(id))
	return hex.EncodeToString(mac.Sum(nil)[:6])
}

// Close releases what openApp opened, in reverse order.
func (a *app) Close() error {
	var errs []error
	if a.store != nil {
		errs = append(errs, a.store.Close())
	}
	if a.idx != nil {
		errs = append(errs, a.idx.Close())
	}
	return errors.Join(errs...)
}

// newLogger builds the process logger: text for a terminal, JSON for log
// collectors.
func newLogger(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	o := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, o))
	}
	return slog.New(slog.NewTextHandler(w, o))
}

// newFlags returns a FlagSet that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("nursling "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, turning flag errors into errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return fmt.Errorf("%w: see the flags above", errUsage)
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

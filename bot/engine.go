// Package bot is Nursling's platform-neutral engine: a Message in, a Reply
// out. It routes each message to a command, the feed log or the guide,
// runs the red-flag detector before any search, composes answers (urgent
// first, then tips, related topics, sources and the consult-a-professional
// line), and turns every error into words a parent can read. It imports no
// platform SDK, no search engine and no SQL driver: those sit behind the
// small interfaces declared here (Searcher, Store).
package bot

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"nursling/bot/logbook"
	"nursling/bot/redflag"
	"nursling/knowledge"
)

// Searcher finds guide articles for a question. The index package implements
// it. Search must be safe for concurrent use and must treat question as
// untrusted text.
type Searcher interface {
	Search(ctx context.Context, question string) (knowledge.SearchResult, error)
}

// Engine handles messages from every adapter. It is safe for concurrent use.
type Engine struct {
	lib      *knowledge.Library
	searcher Searcher
	store    Store
	log      *slog.Logger
	now      func() time.Time
	opts     Options
	book     *logbook.Book
	logKey   []byte
	redFlags flagDetector
	// advice is what to do for an urgent topic with no article; help is
	// where to get it in the configured country.
	advice  func(topic string, tier redflag.Tier) string
	help    redflag.Helplines
	hooks   Hooks
	limiter *limiter
	rem     *reminders // nil when the store keeps no reminders
	// talk reads small talk and follow-ups (conversation.go).
	talk *conversation
}

// New returns an Engine. It fails when a required option is missing.
func New(opts Options) (*Engine, error) {
	if opts.Library == nil {
		return nil, errors.New("bot: new engine: no library")
	}
	if opts.Searcher == nil {
		return nil, errors.New("bot: new engine: no searcher")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	e := &Engine{
		lib:      opts.Library,
		searcher: opts.Searcher,
		store:    opts.Store,
		log:      opts.Logger,
		now:      opts.Now,
		opts:     opts,
	}
	e.logKey = opts.LogKey
	if len(e.logKey) == 0 {
		e.logKey = make([]byte, 32)
		_, _ = rand.Read(e.logKey)
	}
	det, err := redflag.NewWith(redflag.Options{Model: opts.RedFlagModel})
	if err != nil {
		return nil, fmt.Errorf("bot: new engine: %w", err)
	}
	e.redFlags, e.advice = det, det.Advice
	if e.help, err = redflag.HelplinesFor(opts.Country); err != nil {
		return nil, fmt.Errorf("bot: new engine: %w", err)
	}
	talk, err := parseConversation(conversationYAML, opts.Library.SmallTalk)
	if err != nil {
		return nil, err
	}
	e.talk = talk
	e.hooks = opts.Hooks
	e.limiter = newLimiter(opts.RateLimit, opts.Now)
	if dropped := opts.Hooks.RateDropped; dropped != nil {
		e.limiter.onDrop = func(key string) {
			p, _, _ := strings.Cut(key, ":")
			dropped(Platform(p))
		}
	}
	e.rem = newReminders(opts)
	e.book = logbook.New(logbook.Deps{
		Store:   opts.Store,
		Library: opts.Library,
		Now:     opts.Now,
		Logger:  opts.Logger,
		Logged:  opts.Hooks.Logged,
	}, opts.FeedLog)
	return e, nil
}

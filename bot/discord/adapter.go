// Package discord connects Nursling's engine to Discord through discordgo,
// its only importer. Run opens the gateway, registers the slash commands
// with a bulk overwrite (per configured guild, else globally) and turns each
// event into a bot.Message: slash commands become the engine's canonical
// text commands ("/feed left 15 at 3pm"), buttons become Message.Action,
// mentions in allowed channels and direct messages become questions. Every
// interaction is acknowledged at once (deferred) and then edited with the
// rendered Reply: embeds (urgent first, in red), buttons, files. Feed-log
// replies are always ephemeral; /ask and /guide answers are public unless
// configured otherwise. A long answer is trimmed to Discord's limits and
// the rest offered behind a "More tips" button.
//
// The bot asks only for the Guilds, GuildMessages and DirectMessages
// intents, not the privileged Message Content intent: slash commands,
// messages that mention the bot and direct messages carry their text anyway.
//
// Limits of discordgo v0.29.0 this package works around: event handlers run
// in their own goroutines (order is not guaranteed; in-flight work is
// tracked for shutdown); its REST client retries 429s without a cap (calls
// made while answering an interaction pass WithRetryOnRatelimit(false));
// Close sleeps a second; its Endpoint variables are fixed at start-up (so
// Options.APIBase is applied by rewriting requests in the HTTP transport).
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"nursling/bot"
	"nursling/knowledge"
)

// Handler is the engine as the adapter sees it (*bot.Engine implements it).
type Handler interface {
	Handle(ctx context.Context, m bot.Message) (bot.Reply, error)
	Commands() []bot.CommandInfo
}

// Guide lets /guide autocomplete over article titles (*knowledge.Library
// implements FindTitle).
type Guide interface {
	FindTitle(query string) []*knowledge.Article
}

// Visibility values for Options.AskVisibility.
const (
	AskPublic    = "public"
	AskEphemeral = "ephemeral"
)

// Options configure an Adapter. Token is required; the zero value of every
// other field is a working default.
type Options struct {
	// Token is the bot token, without the "Bot " prefix (one is accepted).
	// It is never logged or shown in an error.
	Token string
	// GuildIDs get the slash commands registered per guild (instant
	// updates); empty registers them globally (may take up to an hour).
	GuildIDs []string
	// Channels is an allow-list of channel ids; empty means everywhere.
	// Direct messages are always allowed.
	Channels []string
	// AskVisibility is "public" (default) or "ephemeral" for /ask and
	// /guide answers. Feed-log replies are always ephemeral.
	AskVisibility string
	// HelperRole is a role id; when set, guide answers in servers carry an
	// "Ask a human" button that mentions this role in the channel.
	HelperRole string
	// APIBase redirects all REST traffic (and, through the gateway
	// discovery answer, the websocket) to another base URL, for tests and
	// proxies. Empty means Discord's own.
	APIBase string
	// GuideURL is the web guide's public address (web.public_url): when
	// set, an answer links to its whole article there.
	GuideURL string
	// HTTPClient is used for REST calls; nil means a client with a 20 s
	// timeout. It is copied, not modified.
	HTTPClient *http.Client
	Logger     *slog.Logger
	Now        func() time.Time
	// OnRetry and OnFailed, when set, observe delivery for the operator's
	// metrics: a REST call retried after a 5xx, and a reply that failed.
	OnRetry  func()
	OnFailed func()
}

const (
	// workTimeout bounds one event's work (engine and replies), so that
	// shutdown waits at most this long for in-flight interactions.
	workTimeout = 7 * time.Second
	// ackTimeout bounds the first answer to an interaction, which Discord
	// must receive within 3 seconds.
	ackTimeout = 2500 * time.Millisecond
	// humanEvery is how often one user may call the helpers.
	humanEvery = 10 * time.Minute
	// remindEvery is how often one user is told where the bot works.
	remindEvery = 10 * time.Minute
)

// Adapter runs Nursling on Discord. Create it with New; Run it once.
type Adapter struct {
	h        Handler
	g        Guide
	opts     Options
	log      *slog.Logger
	now      func() time.Time
	s        *discordgo.Session
	cmds     []cmdSpec
	byName   map[string]*cmdSpec
	allowed  map[string]bool
	humans   *cooldown
	reminded *cooldown
	pages    *pageCache

	started  atomic.Bool
	running  atomic.Bool
	handlers sync.Once
	botID    atomic.Value // string: the bot's user id, from READY

	mu       sync.Mutex // guards closing, base and the WaitGroup's Add
	closing  bool
	base     context.Context // the current Run's, without its cancellation
	inflight sync.WaitGroup
}

// New validates opts and prepares an Adapter without touching the network.
// A missing or malformed option is an error naming it; no error contains
// the token.
func New(h Handler, g Guide, opts Options) (*Adapter, error) {
	if h == nil {
		return nil, errors.New("discord: new: no handler")
	}
	token := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(opts.Token), "Bot "))
	if token == "" {
		return nil, errors.New("discord: new: no bot token (set it in the environment variable named by discord.token_env)")
	}
	if strings.ContainsAny(token, " \t\r\n") {
		return nil, errors.New("discord: new: the bot token contains blanks")
	}
	switch opts.AskVisibility {
	case "":
		opts.AskVisibility = AskPublic
	case AskPublic, AskEphemeral:
	default:
		return nil, fmt.Errorf("discord: new: ask_visibility %q: want %q or %q", opts.AskVisibility, AskPublic, AskEphemeral)
	}
	for _, id := range opts.GuildIDs {
		if !snowflake(id) {
			return nil, fmt.Errorf("discord: new: guild_ids: %q is not a Discord id", id)
		}
	}
	allowed := map[string]bool{}
	for _, id := range opts.Channels {
		if !snowflake(id) {
			return nil, fmt.Errorf("discord: new: channels: %q is not a Discord id", id)
		}
		allowed[id] = true
	}
	if opts.HelperRole != "" && !snowflake(opts.HelperRole) {
		return nil, fmt.Errorf("discord: new: helper_role: %q is not a Discord role id", opts.HelperRole)
	}
	var base *url.URL
	if opts.APIBase != "" {
		u, err := url.Parse(opts.APIBase)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("discord: new: api_base %q: want an http(s) URL", opts.APIBase)
		}
		base = u
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}

	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, errors.New("discord: new: cannot create session")
	}
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	s.StateEnabled = false // only READY's essentials are needed
	s.LogLevel = -1        // the library logs with the standard logger; we log through slog
	s.MaxRestRetries = 0   // our transport retries 5xx with backoff instead
	s.Client = httpClient(opts.HTTPClient, base, opts.OnRetry)

	a := &Adapter{
		h:        h,
		g:        g,
		opts:     opts,
		log:      opts.Logger.With("platform", string(bot.Discord)),
		now:      opts.Now,
		s:        s,
		allowed:  allowed,
		humans:   newCooldown(humanEvery, opts.Now),
		reminded: newCooldown(remindEvery, opts.Now),
		pages:    newPageCache(512, time.Hour, opts.Now),
	}
	a.botID.Store("")
	a.cmds = commandSpecs(h.Commands())
	a.byName = make(map[string]*cmdSpec, len(a.cmds))
	for i := range a.cmds {
		a.byName[a.cmds[i].name] = &a.cmds[i]
	}
	return a, nil
}

// Run connects to the gateway, registers the slash commands and handles
// events until ctx is cancelled. It then closes the gateway, waits for
// in-flight interactions to be answered (each is bounded by a timeout) and
// returns nil. It returns an error when the gateway cannot be opened or no
// command registration succeeds; after it returns it may be called again
// (`nursling serve` retries an adapter that could not connect).
func (a *Adapter) Run(ctx context.Context) error {
	if !a.started.CompareAndSwap(false, true) {
		return errors.New("discord: run: already started")
	}
	defer a.started.Store(false)
	a.mu.Lock()
	a.closing, a.base = false, context.WithoutCancel(ctx)
	a.mu.Unlock()
	a.handlers.Do(a.addHandlers)

	if err := a.s.Open(); err != nil {
		return fmt.Errorf("discord: open gateway: %s", safeErr(err))
	}
	appID, botID := a.identity()
	a.botID.Store(botID)
	a.running.Store(true)
	if err := a.register(ctx, appID); err != nil {
		a.shutdown()
		if ctx.Err() != nil {
			return nil // cancelled while registering: a normal shutdown
		}
		return err
	}
	<-ctx.Done()
	a.shutdown()
	return nil
}

// addHandlers registers the gateway event handlers, once per Adapter.
// Handlers run on discordgo's goroutines; each derives its own bounded
// context from the current Run's values that survives its cancellation,
// so shutdown can finish it.
func (a *Adapter) addHandlers() {
	work := func() (context.Context, context.CancelFunc) {
		a.mu.Lock()
		base := a.base
		a.mu.Unlock()
		return context.WithTimeout(base, workTimeout)
	}
	a.s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
		if !a.begin() {
			return
		}
		defer a.done()
		c, cancel := work()
		defer cancel()
		a.onInteraction(c, ic.Interaction)
	})
	a.s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
		if !a.begin() {
			return
		}
		defer a.done()
		c, cancel := work()
		defer cancel()
		a.onMessage(c, m.Message)
	})
	a.s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		if r.User != nil {
			a.botID.Store(r.User.ID)
		}
		a.log.Info("discord: gateway ready")
	})
	a.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { a.log.Info("discord: gateway resumed") })
	a.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) { a.log.Info("discord: gateway disconnected") })
}

// shutdown closes the gateway (no new events), then waits for the events
// already being handled.
func (a *Adapter) shutdown() {
	a.running.Store(false)
	if err := a.s.Close(); err != nil {
		a.log.Warn("discord: close gateway", "err", safeErr(err))
	}
	a.mu.Lock()
	a.closing = true
	a.mu.Unlock()
	a.inflight.Wait()
	a.log.Info("discord: stopped")
}

// begin registers one event's work; false once shutdown has begun.
func (a *Adapter) begin() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closing {
		return false
	}
	a.inflight.Add(1)
	return true
}

func (a *Adapter) done() { a.inflight.Done() }

// Ready reports whether the gateway is connected and heartbeating, for the
// health check. It never blocks: while discordgo is connecting or closing
// (and holds its lock) the answer is false.
func (a *Adapter) Ready() bool {
	if !a.running.Load() {
		return false
	}
	if !a.s.TryRLock() {
		return false
	}
	defer a.s.RUnlock()
	return a.s.DataReady
}

// identity returns the application and bot user ids from READY.
func (a *Adapter) identity() (appID, botID string) {
	a.s.State.RLock()
	defer a.s.State.RUnlock()
	r := a.s.State.Ready
	if r.User != nil {
		botID = r.User.ID
	}
	if r.Application != nil && r.Application.ID != "" {
		appID = r.Application.ID
	} else {
		appID = botID // the same for every bot created since 2016
	}
	return appID, botID
}

func (a *Adapter) me() string { return a.botID.Load().(string) }

// channelAllowed applies the allow-list; direct messages are always allowed.
func (a *Adapter) channelAllowed(guildID, channelID string) bool {
	return guildID == "" || len(a.allowed) == 0 || a.allowed[channelID]
}

// whereText says where the bot can be used, for the allow-list refusal.
func (a *Adapter) whereText() string {
	var b strings.Builder
	b.WriteString("Sorry, I only answer in ")
	n := 0
	for _, id := range a.opts.Channels {
		if n == 5 {
			b.WriteString(" and a few other channels")
			break
		}
		if n > 0 {
			b.WriteString(", ")
		}
		b.WriteString("<#" + id + ">")
		n++
	}
	b.WriteString(". You can also send me a direct message.")
	return b.String()
}

func snowflake(id string) bool {
	if id == "" || len(id) > 20 {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

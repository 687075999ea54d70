// Package telegram brings the Nursling engine to Telegram. It is the only
// importer of github.com/go-telegram-bot-api/telegram-bot-api/v5.
//
// The pipeline: Run connects (getMe), registers the command menu
// (setMyCommands), then receives updates by long polling (its own loop
// around getUpdates, which confirms nothing before it is handled) or by
// webhook. convert, a pure function, turns each update into an event: a
// bot.Message for the engine, a button press, a kind notice for what the bot
// cannot read, or nothing (other bots, unaddressed group chatter). Events
// run in order per chat on a bounded pool of workers; the engine's Reply is
// rendered as Telegram HTML with our own escaper, split at 4096 characters on
// paragraph boundaries, and sent through a rate limiter with retries.
// Private replies to a group message go to the user's private chat.
// Delivery is at least once: an update counts as received (the stored
// offset and the next getUpdates offset pass it; a webhook request is
// answered 200) only once it is handled and its reply sent, and the ids
// handled above the offset are stored too, so a restart neither skips nor
// repeats updates. Nothing logged carries message text,
// names or the token.
package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"nursling/bot"
)

// Handler is the engine as the adapter sees it (*bot.Engine implements it).
type Handler interface {
	Handle(ctx context.Context, m bot.Message) (bot.Reply, error)
	Commands() []bot.CommandInfo
}

// OffsetStore keeps the adapter's Progress across restarts.
type OffsetStore interface {
	// LoadProgress returns the stored progress, zero when none is stored.
	LoadProgress(ctx context.Context) (Progress, error)
	// SaveProgress stores p; it must be durable when it returns nil.
	SaveProgress(ctx context.Context, p Progress) error
}

// Adapter connects a Handler to Telegram. Create it with New and start it
// with Run; Ready reports whether it is connected. Run may be called once.
type Adapter struct {
	h       Handler
	offsets OffsetStore
	opts    Options
	log     *slog.Logger
	api     *tgbotapi.BotAPI
	limit   *limiter

	ready   atomic.Bool
	running atomic.Bool
	// webhookAddr is the webhook server's bound address (tests listen on
	// port 0).
	webhookAddr atomic.Pointer[net.Addr]
	// track is the running session's tracker (tests read what is in
	// flight).
	track atomic.Pointer[tracker]
}

// maxInFlight bounds the updates received but not yet handled.
const maxInFlight = 256

// allowedUpdates are the update types the adapter asks for.
func allowedUpdates() []string {
	return []string{"message", "edited_message", "callback_query"}
}

// New validates opts and returns an Adapter. It makes no network request.
// A nil offsets keeps the offset in memory only. Errors never contain the
// token.
func New(h Handler, offsets OffsetStore, opts Options) (*Adapter, error) {
	if h == nil {
		return nil, errors.New("telegram: new adapter: no handler")
	}
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if offsets == nil {
		offsets = &memOffsets{}
	}
	api := &tgbotapi.BotAPI{Token: o.Token, Client: o.HTTPClient}
	api.SetAPIEndpoint(o.Endpoint)
	return &Adapter{
		h:       h,
		offsets: offsets,
		opts:    o,
		log:     o.Logger,
		api:     api,
		limit:   newLimiter(o.Limits),
	}, nil
}

// Ready reports whether the adapter is connected to Telegram and receiving
// updates (for the health check).
func (a *Adapter) Ready() bool { return a.ready.Load() }

// session is the state of one Run.
type session struct {
	*Adapter
	me    identity
	work  context.Context // outlives Run's ctx until the shutdown grace ends
	track *tracker
	disp  *dispatcher

	saveMu sync.Mutex
	saved  string
}

// Run connects, registers the command menu, and receives updates until ctx
// is cancelled. Then it stops taking updates, finishes the replies in flight
// (aborting them after ShutdownGrace), stores the offset and returns nil.
// It returns an error when it cannot start (token rejected, offset store
// unreadable, webhook not settable) or polling fails for good. After it
// returns it may be called again (`nursling serve` retries an adapter that
// could not connect).
func (a *Adapter) Run(ctx context.Context) error {
	if !a.running.CompareAndSwap(false, true) {
		return errors.New("telegram: run: already running")
	}
	defer a.running.Store(false)
	defer a.ready.Store(false)

	me, err := a.connect(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.registerCommands(ctx)

	stored, err := a.offsets.LoadProgress(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("telegram: load offset: %w", err)
	}

	work, abort := context.WithCancel(context.WithoutCancel(ctx))
	defer abort()
	s := &session{
		Adapter: a,
		me:      me,
		work:    work,
		track:   newTracker(stored, a.opts.Mode != ModeWebhook),
		disp:    newDispatcher(a.opts.Workers),
		saved:   stored.String(),
	}

	a.track.Store(s.track)
	var runErr error
	if a.opts.Mode == ModeWebhook {
		runErr = s.serveWebhook(ctx)
	} else {
		runErr = s.poll(ctx)
	}
	a.ready.Store(false)
	s.shutdown(abort)
	return runErr
}

// shutdown waits for the work in flight, aborts it after the grace period,
// and stores the final progress. Aborted updates stay below the stored
// offset, so Telegram delivers them again after the restart.
func (s *session) shutdown(abort context.CancelFunc) {
	grace, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownGrace)
	defer cancel()
	if !s.disp.wait(grace) {
		s.log.Warn("telegram: shutdown grace over, aborting replies in flight")
		abort()
		s.disp.wait(context.Background())
	}
	s.saveProgress()
}

// connect identifies the bot with getMe, retrying transient failures.
func (a *Adapter) connect(ctx context.Context) (identity, error) {
	res, err := a.call(ctx, "getMe", nil, request("getMe", nil))
	if err != nil {
		if c := apiCode(err); c == 401 || c == 404 {
			return identity{}, fmt.Errorf("telegram: connect: the bot token was rejected (%d); check it with @BotFather", c)
		}
		return identity{}, fmt.Errorf("telegram: connect: %w", err)
	}
	var u tgbotapi.User
	if err := json.Unmarshal(res, &u); err != nil || u.ID == 0 {
		return identity{}, errors.New("telegram: connect: getMe returned no bot")
	}
	a.api.Self = u
	a.log.Info("telegram: connected", "bot_id", u.ID, "bot", u.UserName, "mode", a.opts.Mode)
	return identity{ID: u.ID, UserName: u.UserName}, nil
}

// registerCommands publishes the engine's commands as the command menu.
// Failure only costs the menu, so it is logged, not fatal.
func (a *Adapter) registerCommands(ctx context.Context) {
	var cmds []tgbotapi.BotCommand
	for _, c := range a.h.Commands() {
		if !validCommand(c.Name) {
			a.log.Warn("telegram: command name not allowed by Telegram, left out of the menu", "command", c.Name)
			continue
		}
		d := c.Description
		if len([]rune(d)) < 3 {
			d = "/" + c.Name
		}
		if r := []rune(d); len(r) > 256 {
			d = string(r[:256])
		}
		cmds = append(cmds, tgbotapi.BotCommand{Command: c.Name, Description: d})
	}
	if len(cmds) == 0 {
		return
	}
	cfg := tgbotapi.NewSetMyCommands(cmds...)
	if _, err := a.call(ctx, "setMyCommands", nil, chattable(cfg)); err != nil {
		a.log.Warn("telegram: set command menu failed", "err", err.Error())
	}
}

// validCommand: 1-32 characters of a-z, 0-9 and _.
func validCommand(name string) bool {
	if len(name) == 0 || len(name) > 32 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// handle converts an update taken as new (see tracker.begin) and queues it
// behind its chat's earlier updates. done, if not nil, then receives
// whether the update was handled and answered (false: aborted at
// shutdown, to be delivered again).
func (s *session) handle(u incoming, decodeErr error, done chan<- bool) {
	report := func(ok bool) {
		if done != nil {
			done <- ok
		}
	}
	if decodeErr != nil {
		s.log.Warn("telegram: unreadable update skipped", "update", u.UpdateID, "err", decodeErr.Error())
		s.finish(u.UpdateID)
		report(true)
		return
	}
	ev := convert(u, s.me, s.opts.Now())
	if ev.kind == evIgnore && ev.callbackID == "" {
		s.log.Debug("telegram: update ignored", "update", u.UpdateID, "reason", ev.reason)
		s.finish(u.UpdateID)
		report(true)
		return
	}
	s.disp.submit(ev.chatID, func() {
		ok := s.process(ev)
		if ok {
			s.finish(ev.updateID)
		} else {
			s.log.Warn("telegram: update aborted at shutdown, kept for redelivery", "update", ev.updateID)
			s.track.drop(ev.updateID)
		}
		report(ok)
	})
}

// finish marks an update handled and answered and stores the progress.
// The time between a reply reaching Telegram and this store is the only
// moment a crash can make a confirmation go out twice, so it is kept
// short: saves are coalesced, one write covering every update finished
// while the previous write ran.
func (s *session) finish(id int) {
	s.track.finish(id)
	s.saveProgress()
}

// saveProgress stores the tracker's progress if it differs from what is
// stored. It runs after Run's context is gone too, so it has its own short
// deadline.
func (s *session) saveProgress() {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	p := s.track.progress()
	enc := p.String()
	if enc == s.saved {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.work), 5*time.Second)
	defer cancel()
	if err := s.offsets.SaveProgress(ctx, p); err != nil {
		s.log.Error("telegram: save progress failed", "update", p.Offset, "err", err.Error())
		return
	}
	s.saved = enc
}

// process handles one event on the chat's worker and reports whether it
// ran to the end: false when the shutdown grace ran out (the reply may not
// have been sent). It never panics; an update that makes the engine panic
// counts as handled, so it is not redelivered for ever.
func (s *session) process(ev event) (completed bool) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("telegram: panic handling update", "update", ev.updateID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			completed = true
		}
	}()
	ctx := s.work
	if ev.callbackID != "" {
		s.answerCallback(ctx, ev.callbackID)
	}
	switch ev.kind {
	case evNotice:
		s.sendNotice(ctx, ev)
	case evMessage, evCallback:
		hctx, cancel := context.WithTimeout(ctx, s.opts.HandleTimeout)
		stopTyping := s.typing(hctx, publicDest(ev))
		reply, err := s.h.Handle(hctx, ev.msg)
		stopTyping()
		cancel()
		if err != nil {
			s.log.Warn("telegram: engine error", "update", ev.updateID, "err", redact(err.Error(), s.opts.Token))
		}
		if ev.kind == evCallback && err == nil {
			s.removeKeyboard(ctx, ev)
		}
		s.deliver(ctx, ev, reply)
	}
	return ctx.Err() == nil
}

// answerCallback stops the button's spinner. It is answered before the
// engine runs, so a slow reply never leaves the spinner turning.
func (s *session) answerCallback(ctx context.Context, id string) {
	cfg := tgbotapi.NewCallback(id, "")
	if _, err := s.call(ctx, "answerCallbackQuery", s.globalWait, chattable(cfg)); err != nil {
		s.log.Warn("telegram: answer callback failed", "err", err.Error())
	}
}

// removeKeyboard takes the buttons off a message once one was pressed and
// handled: Undo, Yes/No and feedback are one-shot.
func (s *session) removeKeyboard(ctx context.Context, ev event) {
	if ev.markupMsgID == 0 {
		return
	}
	cfg := tgbotapi.EditMessageReplyMarkupConfig{BaseEdit: tgbotapi.BaseEdit{ChatID: ev.chatID, MessageID: ev.markupMsgID}}
	if _, err := s.call(ctx, "editMessageReplyMarkup", s.globalWait, chattable(cfg)); err != nil {
		// Old messages cannot be edited; the buttons just stay.
		s.log.Debug("telegram: remove keyboard failed", "err", err.Error())
	}
}

// typing shows "typing…" in the chat while the engine takes longer than
// TypingDelay, renewed every few seconds. The returned stop waits for the
// indicator goroutine to end.
func (s *session) typing(ctx context.Context, d dest) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTimer(s.opts.TypingDelay)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				s.chatAction(ctx, d, tgbotapi.ChatTyping)
				t.Reset(4 * time.Second) // Telegram shows an action for 5s
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// globalWait is the limiter step for requests that are not chat messages.
func (s *session) globalWait(ctx context.Context) error {
	return s.limit.waitGlobal(ctx, s.opts.Retry.Sleep)
}

// chatAttr is a chat id for the log: group ids in clear, private chat ids
// (which are user ids) as a keyed hash.
func (a *Adapter) chatAttr(id int64) slog.Attr {
	if id < 0 {
		return slog.Int64("chat", id)
	}
	return slog.String("chat", "u:"+a.opts.HashID(strconv.FormatInt(id, 10)))
}

// memOffsets keeps the progress in memory when no OffsetStore is given.
type memOffsets struct {
	mu sync.Mutex
	p  Progress
}

func (m *memOffsets) LoadProgress(context.Context) (Progress, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.p, nil
}

func (m *memOffsets) SaveProgress(_ context.Context, p Progress) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.p = p
	return nil
}

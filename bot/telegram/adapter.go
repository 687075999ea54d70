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
// Private replies to a group message go to the user's private chat. The
// offset of the last handled update is stored after handling, so a restart
// neither skips nor repeats updates. Nothing logged carries message text,
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

// OffsetStore keeps the last handled update id across restarts.
type OffsetStore interface {
	// LoadOffset returns the stored update id, 0 when none is stored.
	LoadOffset(ctx context.Context) (int, error)
	// SaveOffset stores updateID; it is only ever called with a larger id.
	SaveOffset(ctx context.Context, updateID int) error
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
	saved  int
}

// Run connects, registers the command menu, and receives updates until ctx
// is cancelled. Then it stops taking updates, finishes the replies in flight
// (aborting them after ShutdownGrace), stores the offset and returns nil.
// It returns an error when it cannot start (token rejected, offset store
// unreadable, webhook not settable) or polling fails for good.
func (a *Adapter) Run(ctx context.Context) error {
	if !a.running.CompareAndSwap(false, true) {
		return errors.New("telegram: run: already running")
	}
	defer a.ready.Store(false)

	me, err := a.connect(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.registerCommands(ctx)

	stored, err := a.offsets.LoadOffset(ctx)
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
		track:   newTracker(stored),
		disp:    newDispatcher(a.opts.Workers),
		saved:   stored,
	}

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
// and stores the final offset.
func (s *session) shutdown(abort context.CancelFunc) {
	grace, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownGrace)
	defer cancel()
	if !s.disp.wait(grace) {
		s.log.Warn("telegram: shutdown grace over, aborting replies in flight")
		abort()
		s.disp.wait(context.Background())
	}
	s.saveOffset(s.track.current())
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

// accept takes one received update: skips redeliveries, converts it, and
// queues it behind its chat's earlier updates.
func (s *session) accept(u incoming, decodeErr error) {
	if !s.track.begin(u.UpdateID) {
		s.log.Debug("telegram: skipping redelivered update", "update", u.UpdateID)
		return
	}
	if decodeErr != nil {
		s.log.Warn("telegram: unreadable update skipped", "update", u.UpdateID, "err", decodeErr.Error())
		s.finish(u.UpdateID)
		return
	}
	ev := convert(u, s.me, s.opts.Now())
	if ev.kind == evIgnore && ev.callbackID == "" {
		s.log.Debug("telegram: update ignored", "update", u.UpdateID, "reason", ev.reason)
		s.finish(u.UpdateID)
		return
	}
	s.disp.submit(ev.chatID, func() {
		defer s.finish(ev.updateID)
		s.process(ev)
	})
}

// finish marks an update handled and stores the offset when it moved.
func (s *session) finish(id int) {
	if mark, moved := s.track.finish(id); moved {
		s.saveOffset(mark)
	}
}

// saveOffset stores mark if it is beyond what is stored. It runs after
// Run's context is gone too, so it has its own short deadline.
func (s *session) saveOffset(mark int) {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	if mark <= s.saved {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.work), 5*time.Second)
	defer cancel()
	if err := s.offsets.SaveOffset(ctx, mark); err != nil {
		s.log.Error("telegram: save offset failed", "update", mark, "err", err.Error())
		return
	}
	s.saved = mark
}

// process handles one event on the chat's worker. It never panics.
func (s *session) process(ev event) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("telegram: panic handling update", "update", ev.updateID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
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

// memOffsets keeps the offset in memory when no OffsetStore is given.
type memOffsets struct {
	mu sync.Mutex
	v  int
}

func (m *memOffsets) LoadOffset(context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.v, nil
}

func (m *memOffsets) SaveOffset(_ context.Context, id int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.v = id
	return nil
}

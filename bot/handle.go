package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"

	"nursling/bot/chat"
	"nursling/bot/feedlog"
	"nursling/bot/redflag"
)

// Handle answers one message. It never returns raw error text for a chat:
// on failure the Reply already holds words a parent can read, and the error
// is returned only so the adapter can count and log it. A zero Reply means
// "send nothing". Safe for concurrent use.
func (e *Engine) Handle(ctx context.Context, m Message) (r Reply, err error) {
	return e.handle(ctx, m, nil)
}

// Inspect answers a message exactly as Handle does and also returns how it
// was judged: every red flag and the search result (for `nursling ask
// --json` and the safety evaluation, which must take a chat message's path).
func (e *Engine) Inspect(ctx context.Context, m Message) (Reply, Assessment, error) {
	var a Assessment
	r, err := e.handle(ctx, m, &a)
	return r, a, err
}

func (e *Engine) handle(ctx context.Context, m Message, a *Assessment) (r Reply, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("bot: panic handling message: %v", p)
			r = e.errorReply(ctx, m, err, debug.Stack())
		}
	}()
	r, err = e.route(ctx, m, a)
	if err != nil {
		r = e.errorReply(ctx, m, err, nil)
	}
	return r, err
}

// route sends a message to the command, the feed log or the guide. The
// red-flag detector reads every message that carries text first, before
// the feed-log parser and before any command: "fed left 5 min, she was
// floppy and won't wake" leads with care, not with "logged".
func (e *Engine) route(ctx context.Context, m Message, a *Assessment) (Reply, error) {
	if m.Action != "" {
		if r, ok, err := e.remindAction(ctx, m); ok || err != nil {
			return r, err
		}
		if r, ok, err := e.logAction(ctx, m); ok || err != nil {
			return r, err
		}
		return e.guideAction(ctx, m)
	}
	if m.Group && !m.Addressed {
		return Reply{}, nil
	}
	switch e.limiter.check(string(m.Platform) + ":" + m.UserID) {
	case warn:
		if e.hooks.RateLimited != nil {
			e.hooks.RateLimited(m.Platform)
		}
		r := textReply("You're sending messages faster than I can keep up with. Please wait a minute and try again. If this is urgent, call your midwife, health visitor or doctor, or your local emergency number.")
		r.Visibility = Private
		return r, nil
	case drop:
		return Reply{}, nil
	}
	text := cleanText(m.Text)
	m.Text = text
	if text == "" {
		return e.helpReply("I didn't catch any words there."), nil
	}
	cmd, args, isCmd := splitCommand(text)
	body := text
	if isCmd {
		body = args
	}
	if flags := e.detect(body); len(flags) > 0 && !e.namesTopic(cmd, args) {
		r, err := e.answer(ctx, m, body, flags, a)
		if err == nil && e.looksLikeLog(body) {
			r.Blocks = append(r.Blocks, Block{Kind: Text, Text: logLaterLine})
		}
		return r, err
	}
	if isCmd {
		return e.command(ctx, m, cmd, args, a)
	}
	if r, ok, err := e.remindText(ctx, m); ok || err != nil {
		return r, err
	}
	if r, ok, err := e.logText(ctx, m); ok || err != nil {
		return r, err
	}
	return e.converse(ctx, m, text, false, a)
}

// logLaterLine follows care when an urgent message also read like a log
// entry: nothing was logged, and logging can wait.
const logLaterLine = "I haven't logged anything from this message. When you're ready, you can log it with /feed, /nappy or /pump."

// looksLikeLog reports whether text, or one of its comma- or
// full-stop-separated parts, parses as a feed-log entry.
func (e *Engine) looksLikeLog(text string) bool {
	if e.store == nil || len(text) > 300 {
		return false
	}
	c := feedlog.ParseContext{Now: e.now()}
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '.' || r == ';' || r == '\n' })
	for _, p := range append(parts, text) {
		if feedlog.Parse(strings.TrimSpace(p), c).Status != feedlog.NotLog {
			return true
		}
	}
	return false
}

// command runs a /command.
func (e *Engine) command(ctx context.Context, m Message, cmd, args string, a *Assessment) (Reply, error) {
	switch cmd {
	case "start", "help":
		return e.helpReply(""), nil
	case "ask":
		if strings.TrimSpace(args) == "" {
			return textReply("What would you like to ask? For example: /ask how do I know my baby is getting enough milk"), nil
		}
		return e.converse(ctx, m, args, true, a)
	case "topics":
		return e.topicsReply(args), nil
	case "guide":
		return e.guideReply(ctx, m, args)
	case "about":
		return e.aboutReply(), nil
	}
	if r, ok, err := e.remindCommand(ctx, m, cmd, args); ok || err != nil {
		return r, err
	}
	if r, ok, err := e.logCommand(ctx, m, cmd, args); ok || err != nil {
		return r, err
	}
	return e.helpReply(fmt.Sprintf("I don't know the command /%s.", cmd)), nil
}

// detect runs the red-flag detector on a message: every signal, except
// that a message the feed log reads wholly and surely as an entry ("wet
// nappy 3 min ago", "fed left 15 min") is judged by the rules and the
// lexicon alone ("fed left 5 min, she was floppy" still leads with care).
func (e *Engine) detect(text string) []redflag.Flag {
	if len(text) <= 300 && feedlog.Parse(text, feedlog.ParseContext{Now: e.now()}).Status == feedlog.Sure {
		return e.redFlags.DetectPlainLog(text)
	}
	return e.redFlags.DetectAll(text)
}

// namesTopic reports whether a command's argument is one of the guide's
// own topic ids ("/guide not-breastfeeding-or-stopping-suddenly", as menus
// and buttons send it): that is Nursling's text, not a parent describing
// something, so the red-flag detector does not read it.
func (e *Engine) namesTopic(cmd, args string) bool {
	return cmd == "guide" && e.lib.Article(strings.TrimSpace(args)) != nil
}

// splitCommand splits "/Ask@NurslingBot how often" into ("ask", "how
// often"). ok is false when text is not a command.
func splitCommand(text string) (cmd, args string, ok bool) {
	if !strings.HasPrefix(text, "/") || len(text) < 2 {
		return "", "", false
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	head, _, _ = strings.Cut(head, "@")
	head = strings.ToLower(head)
	for _, r := range head {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return "", "", false
		}
	}
	if head == "" {
		return "", "", false
	}
	return head, strings.TrimSpace(rest), true
}

// errorReply is the one place errors become words a parent reads: a
// UserError shows its public text; anything else an apology with a short
// reference that is logged beside the cause.
func (e *Engine) errorReply(ctx context.Context, m Message, err error, stack []byte) Reply {
	if public, ok := chat.PublicText(err); ok {
		// The public text may echo what the parent typed (a baby's name):
		// only the cause, if any, is logged.
		var ue *UserError
		if errors.As(err, &ue) && ue.Err != nil {
			e.log.LogAttrs(ctx, slog.LevelWarn, "could not do what was asked", errAttrs(m, ue.Err)...)
		}
		r := textReply(public)
		r.Visibility = Private
		if !m.Group {
			r.Visibility = Public
		}
		return r
	}
	ref := newRef()
	attrs := append(errAttrs(m, err), refAttr(ref))
	if stack != nil {
		attrs = append(attrs, stackAttr(stack))
	}
	e.log.LogAttrs(ctx, slog.LevelError, "handling a message failed", attrs...)
	return textReply(fmt.Sprintf("Sorry, something went wrong on my side (ref %s). Please try again in a moment. If it is urgent, don't wait for me: call your midwife, health visitor or doctor, or your local emergency number.", ref))
}

func newRef() string {
	var b [2]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func textReply(s string) Reply {
	return Reply{Blocks: []Block{{Kind: Text, Text: s}}}
}

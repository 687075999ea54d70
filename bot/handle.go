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
)

// Handle answers one message. It never returns raw error text for a chat:
// on failure the Reply already holds words a parent can read, and the error
// is returned only so the adapter can count and log it. A zero Reply means
// "send nothing". Safe for concurrent use.
func (e *Engine) Handle(ctx context.Context, m Message) (r Reply, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("bot: panic handling message: %v", p)
			r = e.errorReply(ctx, m, err, debug.Stack())
		}
	}()
	r, err = e.route(ctx, m)
	if err != nil {
		r = e.errorReply(ctx, m, err, nil)
	}
	return r, err
}

// route sends a message to the command, the feed log or the guide.
func (e *Engine) route(ctx context.Context, m Message) (Reply, error) {
	if m.Action != "" {
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
	if cmd, args, ok := splitCommand(text); ok {
		return e.command(ctx, m, cmd, args)
	}
	if r, ok, err := e.logText(ctx, m); ok || err != nil {
		return r, err
	}
	return e.converse(ctx, m, text, false)
}

// command runs a /command.
func (e *Engine) command(ctx context.Context, m Message, cmd, args string) (Reply, error) {
	switch cmd {
	case "start", "help":
		return e.helpReply(""), nil
	case "ask":
		if strings.TrimSpace(args) == "" {
			return textReply("What would you like to ask? For example: /ask how do I know my baby is getting enough milk"), nil
		}
		return e.converse(ctx, m, args, true)
	case "topics":
		return e.topicsReply(args), nil
	case "guide":
		return e.guideReply(ctx, m, args)
	case "about":
		return e.aboutReply(), nil
	}
	if r, ok, err := e.logCommand(ctx, m, cmd, args); ok || err != nil {
		return r, err
	}
	return e.helpReply(fmt.Sprintf("I don't know the command /%s.", cmd)), nil
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

package telegram

import (
	"context"
	"errors"
	"strconv"

	"nursling/bot"
)

// Deliver sends r to the user's private chat with the bot (a Telegram
// user's private chat id is their user id): reminders and nudges, which
// must never go to a group. It goes through the same rate limits and
// retries as replies; a user who never started the bot or blocked it
// gets a 403, returned as an error. Errors never contain the token.
func (a *Adapter) Deliver(ctx context.Context, user string, r bot.Reply) error {
	id, err := strconv.ParseInt(user, 10, 64)
	if err != nil || id <= 0 {
		// Group and channel ids are negative: never deliver there.
		return errors.New("telegram: deliver: not a user id")
	}
	if r.Empty() {
		return nil
	}
	s := &session{Adapter: a}
	if err := s.sendReply(ctx, dest{chatID: id}, r); err != nil {
		return errors.New("telegram: deliver: " + redact(err.Error(), a.opts.Token))
	}
	return nil
}

var _ bot.Deliverer = (*Adapter)(nil)

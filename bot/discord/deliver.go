package discord

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"nursling/bot"
)

// Deliver sends r to the user by direct message: reminders and nudges,
// which must never go to a server channel. A user who refuses direct
// messages gets an error back (Discord's 403).
func (a *Adapter) Deliver(ctx context.Context, user string, r bot.Reply) error {
	if !snowflake(user) {
		return errors.New("discord: deliver: not a user id")
	}
	out := a.compose(r, false)
	if out.empty() {
		return nil
	}
	ch, err := a.s.UserChannelCreate(user, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: deliver: open direct message: status %d: %s", statusOf(err), safeErr(err))
	}
	if ch.Type != discordgo.ChannelTypeDM {
		return errors.New("discord: deliver: not a direct message channel")
	}
	msg := &discordgo.MessageSend{Embeds: out.embeds, Components: out.comps, Files: out.files, AllowedMentions: noMentions()}
	if _, err := a.s.ChannelMessageSendComplex(ch.ID, msg, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("discord: deliver: status %d: %s", statusOf(err), safeErr(err))
	}
	return nil
}

var _ bot.Deliverer = (*Adapter)(nil)

package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"nursling/bot"
	"nursling/bot/chat"
)

// Texts for messages outside slash commands.
const (
	textPrivateHere = "I keep feed logs private, so I won't answer that here. " +
		"Use the slash commands such as /feed or /today (only you see my replies) or send me a direct message."
	textSentPrivately = "I've sent you my reply in a direct message, to keep your log private."
	textLoggedNoDM    = "Logged — but I can't send you a direct message, so I can't show it here. " +
		"Use /history or /undo (only you see my replies), or allow direct messages from this server. No need to send it again."
	textAskingNoDM = "I need to ask you something about that entry, but I can't send you a direct message, so nothing is logged yet. " +
		"Use /feed, /bottle or /nappy here (only you see my replies), or allow direct messages from this server."
)

// privateHereText is what the channel is told when a private reply could
// not be sent by direct message: whether the entry was stored (D1), never
// the log itself.
func privateHereText(r bot.Reply) string {
	switch chat.OutcomeOf(r) {
	case chat.Logged:
		return textLoggedNoDM
	case chat.Asking:
		return textAskingNoDM
	}
	return textPrivateHere
}

// onMessage handles one MESSAGE_CREATE: a direct message, or a message in
// a server that mentions the bot. Everything else is ignored; without the
// Message Content intent Discord sends no text for it anyway.
func (a *Adapter) onMessage(ctx context.Context, m *discordgo.Message) {
	me := a.me()
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.ID == me || m.WebhookID != "" || me == "" {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	dm := m.GuildID == ""
	if !dm && !mentions(m, me) {
		return
	}
	if !a.channelAllowed(m.GuildID, m.ChannelID) {
		a.remind(ctx, m.Author.ID)
		return
	}
	msg := bot.Message{
		Platform:  bot.Discord,
		ID:        m.ID,
		ChatID:    m.ChannelID,
		UserID:    m.Author.ID,
		Text:      stripMention(m.Content, me),
		At:        m.Timestamp,
		Group:     !dm,
		Addressed: true,
	}
	if msg.At.IsZero() {
		msg.At = idTime(m.ID, a.now)
	}
	reply, err := a.h.Handle(ctx, msg)
	if err != nil {
		a.log.Debug("discord: engine reported an error", "channel", m.ChannelID)
	}
	if reply.Empty() {
		return
	}
	send := &discordgo.MessageSend{AllowedMentions: noMentions()}
	if !dm {
		no := false
		send.Reference = &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &no}
	}
	if !dm && reply.Visibility == bot.Private {
		// Never post log data in a server channel: deliver it by direct
		// message (so a logged entry is always confirmed), and say only
		// that in the channel.
		send.Content = privateHereText(reply)
		if a.sendDirect(ctx, m.Author.ID, reply) {
			send.Content = textSentPrivately
		}
	} else {
		out := a.compose(reply, a.wantsHuman(m.GuildID, reply, true))
		if out.empty() {
			return
		}
		send.Embeds, send.Components, send.Files = out.embeds, out.comps, out.files
	}
	if _, err := a.s.ChannelMessageSendComplex(m.ChannelID, send, discordgo.WithContext(ctx)); err != nil {
		a.failed("send message", m.ChannelID, err)
	}
}

// remind tells someone who mentioned the bot in a channel outside the
// allow-list, by direct message and at most once per remindEvery, where it
// answers. Nothing is posted in that channel: moderators chose to keep the
// bot out of it.
func (a *Adapter) remind(ctx context.Context, user string) {
	if !a.reminded.allow(user) {
		return
	}
	ch, err := a.s.UserChannelCreate(user, discordgo.WithContext(ctx))
	if err != nil {
		a.failed("open direct message", "", err)
		return
	}
	text := strings.Replace(a.whereText(), "Sorry, I only answer in", "Sorry, in that server I only answer in", 1)
	if _, err := a.s.ChannelMessageSendComplex(ch.ID, &discordgo.MessageSend{Content: text, AllowedMentions: noMentions()}, discordgo.WithContext(ctx)); err != nil {
		a.failed("send reminder", ch.ID, err)
	}
}

// sendDirect delivers a reply to the user by direct message and reports
// whether it arrived (users may refuse direct messages from servers).
func (a *Adapter) sendDirect(ctx context.Context, user string, reply bot.Reply) bool {
	out := a.compose(reply, false)
	if out.empty() {
		return false
	}
	ch, err := a.s.UserChannelCreate(user, discordgo.WithContext(ctx))
	if err != nil {
		a.failed("open direct message", "", err)
		return false
	}
	msg := &discordgo.MessageSend{Embeds: out.embeds, Components: out.comps, Files: out.files, AllowedMentions: noMentions()}
	if _, err := a.s.ChannelMessageSendComplex(ch.ID, msg, discordgo.WithContext(ctx)); err != nil {
		a.failed("send direct message", ch.ID, err)
		return false
	}
	return true
}

// mentions reports whether m mentions the user id.
func mentions(m *discordgo.Message, id string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == id {
			return true
		}
	}
	return false
}

// stripMention removes the bot's mentions (<@id> and the older <@!id>)
// and extra blanks; line breaks stay, since a direct message may log
// several entries, one a line.
func stripMention(text, id string) string {
	text = strings.ReplaceAll(text, "<@"+id+">", " ")
	text = strings.ReplaceAll(text, "<@!"+id+">", " ")
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

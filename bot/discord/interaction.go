package discord

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"nursling/bot"
	rtext "nursling/bot/render"
)

// Button custom_id prefixes the adapter handles itself; reply buttons with
// these prefixes are dropped.
const (
	humanPrefix = "human:"
	pagePrefix  = "page:"
	humanLabel  = "Ask a human"
)

// Short texts the adapter says on its own behalf.
const (
	textExpired     = "That answer has expired. Please ask again."
	textNoHelpers   = "There are no helpers to call here."
	textHumanLimit  = "You asked for a helper a few minutes ago. Someone will reply in the channel when they can."
	textHumanPosted = "I've let the helpers know in this channel. Someone will reply there when they can."
	textHumanFailed = "Sorry, I couldn't reach the helpers just now. Please try again in a little while."
	textApology     = "Sorry, something went wrong. Please try again."
)

func ownAction(id string) bool {
	return strings.HasPrefix(id, humanPrefix) || strings.HasPrefix(id, pagePrefix)
}

// noMentions lets a message ping nobody.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func flags(ephemeral bool) discordgo.MessageFlags {
	if ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// iopts are the request options for calls answering an interaction: no
// unbounded waiting on a 429, and the call's own deadline.
func iopts(ctx context.Context) []discordgo.RequestOption {
	return []discordgo.RequestOption{discordgo.WithRetryOnRatelimit(false), discordgo.WithContext(ctx)}
}

// onInteraction handles one INTERACTION_CREATE. It runs on its own
// goroutine, tracked for shutdown.
func (a *Adapter) onInteraction(ctx context.Context, i *discordgo.Interaction) {
	user := interactionUser(i)
	if user == "" {
		return
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		a.autocomplete(ctx, i)
	case discordgo.InteractionApplicationCommand:
		a.command(ctx, i, user)
	case discordgo.InteractionMessageComponent:
		a.component(ctx, i, user)
	}
}

func interactionUser(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}

// message is the engine's view of an interaction.
func (a *Adapter) message(i *discordgo.Interaction, user string) bot.Message {
	return bot.Message{
		Platform:  bot.Discord,
		ID:        i.ID,
		ChatID:    i.ChannelID,
		UserID:    user,
		At:        idTime(i.ID, a.now),
		Group:     i.GuildID != "",
		Addressed: true,
	}
}

// idTime is when Discord created the object with this snowflake id.
func idTime(id string, now func() time.Time) time.Time {
	t, err := discordgo.SnowflakeTimestamp(id)
	if err != nil || t.Before(time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)) {
		return now()
	}
	return t
}

// respond sends the first answer to an interaction within Discord's
// three-second window.
func (a *Adapter) respond(ctx context.Context, i *discordgo.Interaction, r *discordgo.InteractionResponse) error {
	c, cancel := context.WithTimeout(ctx, ackTimeout)
	defer cancel()
	return a.s.InteractionRespond(i, r, iopts(c)...)
}

// say answers an interaction at once with a short text.
func (a *Adapter) say(ctx context.Context, i *discordgo.Interaction, text string, ephemeral bool) {
	err := a.respond(ctx, i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: rtext.Truncate(text, maxContent), Flags: flags(ephemeral), AllowedMentions: noMentions()},
	})
	if err != nil {
		a.failed("respond", i.ChannelID, err)
	}
}

// deferReply acknowledges a slash command; the answer follows by edit.
func (a *Adapter) deferReply(ctx context.Context, i *discordgo.Interaction, ephemeral bool) error {
	return a.respond(ctx, i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags(ephemeral)},
	})
}

// editText replaces the deferred answer with a short text, or sends it as
// an ephemeral follow-up when the edit cannot be made.
func (a *Adapter) editText(ctx context.Context, i *discordgo.Interaction, text string) {
	t := rtext.Truncate(text, maxContent)
	_, err := a.s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &t, AllowedMentions: noMentions()}, iopts(ctx)...)
	if err == nil {
		return
	}
	a.editFailed("edit response", i.ChannelID, err)
	if _, err := a.s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
		Content: t, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
	}, iopts(ctx)...); err != nil {
		a.failed("follow up", i.ChannelID, err)
	}
}

// editOrFollowUp replaces the deferred answer with out. When the edit
// cannot be made (after its retries: a 429 that outlasts them, a 5xx) the
// answer goes as a follow-up message instead, so it is still delivered.
func (a *Adapter) editOrFollowUp(ctx context.Context, i *discordgo.Interaction, out outgoing, op string, ephemeral bool) {
	_, err := a.s.InteractionResponseEdit(i, &discordgo.WebhookEdit{
		Embeds:          &out.embeds,
		Components:      &out.comps,
		Files:           out.files,
		AllowedMentions: noMentions(),
	}, iopts(ctx)...)
	if err == nil {
		return
	}
	a.editFailed(op, i.ChannelID, err)
	out.rewind()
	a.followUp(ctx, i, out, ephemeral)
}

// editFailed logs an edit given up on before its follow-up fallback.
func (a *Adapter) editFailed(op, channelID string, err error) {
	a.log.Warn("discord: edit failed, sending a follow-up instead", "op", op, "channel", channelID, "status", statusOf(err), "err", safeErr(err))
}

// failed logs a reply that could not be sent: the operation, the channel
// and a redacted error; never a token or message text.
func (a *Adapter) failed(op, channelID string, err error) {
	a.log.Warn("discord: reply failed", "op", op, "channel", channelID, "status", statusOf(err), "err", safeErr(err))
	if a.opts.OnFailed != nil {
		a.opts.OnFailed()
	}
}

// command handles a slash command: check the channel, defer (ephemeral for
// the feed log), ask the engine with the canonical text, edit the answer.
func (a *Adapter) command(ctx context.Context, i *discordgo.Interaction, user string) {
	data := i.ApplicationCommandData()
	if !a.channelAllowed(i.GuildID, i.ChannelID) {
		a.say(ctx, i, a.whereText(), true)
		return
	}
	spec := a.byName[data.Name]
	guide := spec != nil && spec.guide
	ephemeral := spec == nil || spec.private || (guide && a.opts.AskVisibility == AskEphemeral)
	if err := a.deferReply(ctx, i, ephemeral); err != nil {
		a.failed("defer", i.ChannelID, err)
		return
	}
	m := a.message(i, user)
	m.Text = canonicalText(spec, data.Name, data.Options)
	reply, err := a.h.Handle(ctx, m)
	if err != nil {
		// The reply already holds words for the parent; the engine logged
		// the cause.
		a.log.Debug("discord: engine reported an error", "channel", i.ChannelID)
	}
	a.finish(ctx, i, reply, err != nil, ephemeral, a.wantsHuman(i.GuildID, reply, guide))
}

// finish turns the deferred answer into the reply. A private reply to a
// public deferral is moved: the public placeholder is deleted and the reply
// sent ephemerally.
func (a *Adapter) finish(ctx context.Context, i *discordgo.Interaction, reply bot.Reply, failed, ephemeral, human bool) {
	moved := reply.Visibility == bot.Private && !ephemeral
	out := a.compose(reply, human && !moved)
	if out.empty() {
		if failed {
			a.editText(ctx, i, textApology)
			return
		}
		if err := a.s.InteractionResponseDelete(i, iopts(ctx)...); err != nil {
			a.failed("delete response", i.ChannelID, err)
		}
		return
	}
	if moved {
		if err := a.s.InteractionResponseDelete(i, iopts(ctx)...); err != nil {
			a.failed("delete response", i.ChannelID, err)
		}
		a.followUp(ctx, i, out, true)
		return
	}
	a.editOrFollowUp(ctx, i, out, "edit response", ephemeral)
}

// followUp sends out as a new message for the interaction (ephemeral, or
// public in place of a public deferred answer).
func (a *Adapter) followUp(ctx context.Context, i *discordgo.Interaction, out outgoing, ephemeral bool) {
	if _, err := a.s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
		Embeds:          out.embeds,
		Components:      out.comps,
		Files:           out.files,
		Flags:           flags(ephemeral),
		AllowedMentions: noMentions(),
	}, iopts(ctx)...); err != nil {
		a.failed("follow up", i.ChannelID, err)
	}
}

// outgoing is a rendered reply ready to send.
type outgoing struct {
	embeds []*discordgo.MessageEmbed
	comps  []discordgo.MessageComponent
	files  []*discordgo.File
}

// rewind lets the files be read again for a second request.
func (o outgoing) rewind() {
	for _, f := range o.files {
		if sk, ok := f.Reader.(io.Seeker); ok {
			_, _ = sk.Seek(0, io.SeekStart)
		}
	}
}

// empty reports whether Discord would refuse out as an empty message (a
// reply whose blocks held only blanks).
func (o outgoing) empty() bool { return len(o.embeds) == 0 && len(o.files) == 0 }

// compose renders reply and adds the adapter's buttons: More tips first
// when the answer was trimmed, Ask a human last when wanted.
func (a *Adapter) compose(reply bot.Reply, human bool) outgoing {
	r := renderAnswer(reply, a.opts.GuideURL)
	var bs []button
	if len(r.Pages) > 0 {
		key := a.pages.put(r.Pages, r.Held)
		bs = append(bs, button{Label: moreTipsLabel, ID: pageID(key, 0), Style: discordgo.PrimaryButton})
	}
	bs = append(bs, r.Buttons...)
	if human {
		bs = append(bs, button{Label: humanLabel, ID: humanID(reply.Topic), Style: discordgo.SecondaryButton})
	}
	embeds := r.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	return outgoing{embeds: embeds, comps: components(bs), files: r.Files}
}

// wantsHuman says whether an answer gets the "Ask a human" button: a public
// guide answer in a server, when a helper role is configured.
func (a *Adapter) wantsHuman(guildID string, reply bot.Reply, guide bool) bool {
	return a.opts.HelperRole != "" && guildID != "" && reply.Visibility == bot.Public &&
		!reply.Empty() && (guide || reply.Topic != "")
}

func pageID(key string, n int) string { return pagePrefix + key + ":" + strconv.Itoa(n) }

// humanID carries the answer's topic, when it is a plain id, so the helpers
// see what it was about.
func humanID(topic string) string {
	if !validCommandName(topic) || len(humanPrefix)+len(topic) > maxCustomID {
		return humanPrefix
	}
	return humanPrefix + topic
}

// autocomplete offers guide titles for /guide topic: (name: the title,
// value: the topic id), at most 25.
func (a *Adapter) autocomplete(ctx context.Context, i *discordgo.Interaction) {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if a.g != nil && a.channelAllowed(i.GuildID, i.ChannelID) {
		partial := ""
		for _, o := range i.ApplicationCommandData().Options {
			if o.Focused {
				partial = optionText(o)
			}
		}
		for _, art := range a.g.FindTitle(partial) {
			if len(choices) == maxChoices {
				break
			}
			name := rtext.Truncate(strings.TrimSpace(rtext.CleanBidi(art.Title)), maxChoiceName)
			if !visible(name) || art.Topic == "" || rtext.Len(art.Topic) > maxChoiceValue {
				continue
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: art.Topic})
		}
	}
	err := a.respond(ctx, i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	})
	if err != nil {
		a.failed("autocomplete", i.ChannelID, err)
	}
}

// component handles a pressed button: the adapter's own (More tips pages,
// Ask a human) or the engine's, whose Data comes back as Message.Action.
func (a *Adapter) component(ctx context.Context, i *discordgo.Interaction, user string) {
	id := i.MessageComponentData().CustomID
	if !a.channelAllowed(i.GuildID, i.ChannelID) {
		a.say(ctx, i, a.whereText(), true)
		return
	}
	switch {
	case strings.HasPrefix(id, pagePrefix):
		a.showPage(ctx, i, strings.TrimPrefix(id, pagePrefix))
		return
	case strings.HasPrefix(id, humanPrefix):
		a.askHuman(ctx, i, user, strings.TrimPrefix(id, humanPrefix))
		return
	}
	// Acknowledge without changing the message; the answer then either
	// updates the presser's own ephemeral message (a private reply to a
	// private message, such as Undo) or comes as an ephemeral follow-up,
	// so a press never rewrites what others see.
	if err := a.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}); err != nil {
		a.failed("defer", i.ChannelID, err)
		return
	}
	m := a.message(i, user)
	m.Action = id
	reply, err := a.h.Handle(ctx, m)
	if err != nil {
		a.log.Debug("discord: engine reported an error", "channel", i.ChannelID)
	}
	srcEphemeral := i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral != 0
	update := srcEphemeral && reply.Visibility == bot.Private
	out := a.compose(reply, !update && a.wantsHuman(i.GuildID, reply, false))
	if out.empty() {
		return
	}
	if update {
		a.editOrFollowUp(ctx, i, out, "update message", true)
		return
	}
	a.followUp(ctx, i, out, true)
}

// showPage shows one held-back page of a long answer, to the presser only,
// with a button for the next page or, on the last, the reply's own buttons.
func (a *Adapter) showPage(ctx context.Context, i *discordgo.Interaction, ref string) {
	key, num, _ := strings.Cut(ref, ":")
	n, err := strconv.Atoi(num)
	e, ok := a.pages.get(key)
	if err != nil || !ok || n < 0 || n >= len(e.pages) {
		a.say(ctx, i, textExpired, true)
		return
	}
	var bs []button
	if n+1 < len(e.pages) {
		bs = append(bs, button{Label: moreTipsLabel, ID: pageID(key, n+1), Style: discordgo.PrimaryButton})
	} else {
		bs = append(bs, e.last...)
	}
	err = a.respond(ctx, i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Embeds:          []*discordgo.MessageEmbed{{Type: discordgo.EmbedTypeRich, Description: e.pages[n], Color: colorAnswer}},
			Components:      components(bs),
			Flags:           discordgo.MessageFlagsEphemeral,
			AllowedMentions: noMentions(),
		},
	})
	if err != nil {
		a.failed("respond", i.ChannelID, err)
	}
}

// askHuman posts a short message in the channel mentioning the helper role
// (and nobody else) so a volunteer can follow up. One request per user per
// humanEvery; the presser is answered ephemerally.
func (a *Adapter) askHuman(ctx context.Context, i *discordgo.Interaction, user, topic string) {
	if a.opts.HelperRole == "" || i.GuildID == "" {
		a.say(ctx, i, textNoHelpers, true)
		return
	}
	if !a.humans.allow(user) {
		a.say(ctx, i, textHumanLimit, true)
		return
	}
	if err := a.deferReply(ctx, i, true); err != nil {
		a.humans.undo(user)
		a.failed("defer", i.ChannelID, err)
		return
	}
	// The topic is named only under a public answer: under a private one
	// it would tell the channel what the parent asked about.
	srcPublic := i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral == 0
	about := ""
	if t := a.topicTitle(topic); t != "" && srcPublic {
		about = " about **" + esc(rtext.Truncate(t, 200)) + "**"
	}
	send := &discordgo.MessageSend{
		Content: "<@&" + a.opts.HelperRole + "> <@" + user + "> would like a person to follow up" + about +
			". Could someone reply here when you can?",
		AllowedMentions: &discordgo.MessageAllowedMentions{
			Parse: []discordgo.AllowedMentionType{},
			Roles: []string{a.opts.HelperRole},
		},
	}
	if srcPublic && i.Message.ID != "" {
		no := false
		send.Reference = &discordgo.MessageReference{MessageID: i.Message.ID, ChannelID: i.ChannelID, GuildID: i.GuildID, FailIfNotExists: &no}
	}
	if _, err := a.s.ChannelMessageSendComplex(i.ChannelID, send, iopts(ctx)...); err != nil {
		a.humans.undo(user)
		a.failed("call helpers", i.ChannelID, err)
		a.editText(ctx, i, textHumanFailed)
		return
	}
	a.editText(ctx, i, textHumanPosted)
}

// topicTitle returns the guide title of a topic id, or "".
func (a *Adapter) topicTitle(topic string) string {
	if a.g == nil || topic == "" {
		return ""
	}
	for _, art := range a.g.FindTitle(topic) {
		if art.Topic == topic {
			return strings.TrimSpace(rtext.CleanBidi(art.Title))
		}
	}
	return ""
}

package discord

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"nursling/bot"
	"nursling/bot/feedlog"
	rtext "nursling/bot/render"
)

// optSpec is one option of a slash command and how its value is written
// into the engine's text command.
type optSpec struct {
	name, desc   string
	kind         discordgo.ApplicationCommandOptionType
	required     bool
	autocomplete bool
	choices      []string // string choices; name and value are the same
	prefix       string   // written before the value ("at" for /feed at:)
	suffix       string   // written after the value ("min" for /feed minutes:, so a bottle's minutes never read as ml)
	min, max     float64  // integer bounds; max 0 means none
	maxLen       int      // string length bound; 0 means Discord's
}

// cmdSpec is one slash command.
type cmdSpec struct {
	name, desc string
	opts       []optSpec
	// private replies are ephemeral whatever AskVisibility says: the feed
	// log, and help-style commands only the caller asked for.
	private bool
	// guide answers (/ask, /guide) follow AskVisibility and carry the
	// "Ask a human" button.
	guide bool
}

func str(name, desc string, required bool) optSpec {
	return optSpec{name: name, desc: desc, kind: discordgo.ApplicationCommandOptionString, required: required}
}

func integer(name, desc string, required bool, min, max float64) optSpec {
	return optSpec{name: name, desc: desc, kind: discordgo.ApplicationCommandOptionInteger, required: required, min: min, max: max}
}

// builtinCommands are the slash commands Nursling offers on Discord, in
// menu order. Descriptions here are defaults; the engine's win.
func builtinCommands() []cmdSpec {
	question := str("question", "Your question, in your own words", true)
	question.maxLen = 1000
	topic := str("topic", "Start typing to pick a topic", true)
	topic.autocomplete = true
	topic.maxLen = 100
	side := str("side", "Which side", true)
	side.choices = []string{"left", "right", "both", "bottle"}
	at := str("at", "When it started, e.g. 3pm or 20 min ago (default: now)", false)
	at.prefix, at.maxLen = "at", 40
	content := str("content", "What was in the bottle", false)
	content.choices = []string{"formula", "breast milk"}
	kind := str("kind", "Wet, dirty or both", true)
	kind.choices = []string{"wet", "dirty", "both"}
	code := str("code", "The code your partner got from /share", true)
	code.maxLen = 32
	// The chat's limits: at most 3 hours of feeding, 500 ml at once.
	minutes := integer("minutes", "How long, in minutes", false, 1, feedlog.MaxDuration.Minutes())
	minutes.suffix = "min"
	zone := str("zone", "Your time zone, e.g. Europe/London", true)
	zone.maxLen = 64

	return []cmdSpec{
		{name: "ask", desc: "Ask a breastfeeding question", opts: []optSpec{question}, guide: true},
		{name: "guide", desc: "Open one guide article", opts: []optSpec{topic}, guide: true},
		{name: "topics", desc: "Browse the guide by section", private: true},
		{name: "help", desc: "How to ask and what Nursling understands", private: true},
		{name: "about", desc: "Sources, disclaimer and privacy", private: true},
		{name: "feed", desc: "Log a breastfeed (only you see the reply)", private: true,
			opts: []optSpec{side, minutes, at}},
		{name: "bottle", desc: "Log a bottle feed", private: true,
			opts: []optSpec{integer("ml", "Amount in ml", true, 1, feedlog.MaxAmountML), content}},
		{name: "nappy", desc: "Log a nappy change", private: true, opts: []optSpec{kind}},
		{name: "pump", desc: "Log a pumping session", private: true,
			opts: []optSpec{integer("ml", "Amount in ml", true, 1, feedlog.MaxAmountML)}},
		{name: "last", desc: "Your last feed and which side is next", private: true},
		{name: "today", desc: "Today's feeds, nappies and pumping", private: true},
		{name: "week", desc: "A chart of the last seven days", private: true},
		{name: "export", desc: "Download your log as a CSV file", private: true},
		{name: "undo", desc: "Remove your last log entry", private: true},
		{name: "share", desc: "Get a code to share your log with a partner", private: true},
		{name: "join", desc: "Join a shared log with a code", private: true, opts: []optSpec{code}},
		{name: "tz", desc: "Set your time zone", private: true, opts: []optSpec{zone}},
		{name: "forget", desc: "Delete everything Nursling stores about you", private: true},
	}
}

// commandSpecs returns the builtin commands with the engine's descriptions,
// plus any other engine command (a text option when it takes arguments;
// replies ephemeral), so new engine commands appear without code here.
func commandSpecs(infos []bot.CommandInfo) []cmdSpec {
	specs := builtinCommands()
	idx := map[string]int{}
	for i, s := range specs {
		idx[s.name] = i
	}
	for _, ci := range infos {
		desc := rtext.Truncate(strings.TrimSpace(rtext.CleanBidi(ci.Description)), 100)
		if i, ok := idx[ci.Name]; ok {
			if desc != "" {
				specs[i].desc = desc
			}
			continue
		}
		if ci.Name == "start" || !validCommandName(ci.Name) {
			continue // /start is Telegram's greeting
		}
		if desc == "" {
			desc = ci.Name
		}
		s := cmdSpec{name: ci.Name, desc: desc, private: true}
		if ci.Args != "" {
			hint := rtext.Truncate(strings.Trim(rtext.CleanBidi(ci.Args), "<>[] "), 100)
			if hint == "" {
				hint = "Details"
			}
			s.opts = []optSpec{str("text", hint, false)}
		}
		idx[ci.Name] = len(specs)
		specs = append(specs, s)
	}
	return specs
}

// validCommandName follows Discord's rule for chat command names.
func validCommandName(n string) bool {
	if n == "" || len(n) > 32 {
		return false
	}
	for _, r := range n {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// appCommands converts the specs for a bulk overwrite. Global commands are
// also offered in direct messages with the bot.
func appCommands(specs []cmdSpec, global bool) []*discordgo.ApplicationCommand {
	out := make([]*discordgo.ApplicationCommand, 0, len(specs))
	for _, s := range specs {
		c := &discordgo.ApplicationCommand{
			Type:        discordgo.ChatApplicationCommand,
			Name:        s.name,
			Description: s.desc,
			Options:     []*discordgo.ApplicationCommandOption{},
		}
		if global {
			// discordgo v0.28.1 (the approved release) predates the
			// contexts field; dm_permission still offers a global command
			// in direct messages with the bot.
			dm := true
			c.DMPermission = &dm
		}
		for _, o := range s.opts {
			opt := &discordgo.ApplicationCommandOption{
				Type:         o.kind,
				Name:         o.name,
				Description:  o.desc,
				Required:     o.required,
				Autocomplete: o.autocomplete,
				MaxLength:    o.maxLen,
			}
			for _, ch := range o.choices {
				opt.Choices = append(opt.Choices, &discordgo.ApplicationCommandOptionChoice{Name: ch, Value: ch})
			}
			if o.kind == discordgo.ApplicationCommandOptionInteger && o.max > 0 {
				lo := o.min
				opt.MinValue, opt.MaxValue = &lo, o.max
			}
			c.Options = append(c.Options, opt)
		}
		out = append(out, c)
	}
	return out
}

// register bulk-overwrites the commands in each configured guild, or
// globally. A guild that fails is logged; it is an error only when none
// succeeds.
func (a *Adapter) register(ctx context.Context, appID string) error {
	if appID == "" {
		return errors.New("discord: register commands: READY carried no application id")
	}
	guilds := a.opts.GuildIDs
	if len(guilds) == 0 {
		guilds = []string{""}
	}
	var last error
	ok := 0
	for _, gid := range guilds {
		_, err := a.s.ApplicationCommandBulkOverwrite(appID, gid, appCommands(a.cmds, gid == ""), discordgo.WithContext(ctx))
		if err != nil {
			last = err
			a.log.Error("discord: register commands", "guild", gid, "err", safeErr(err))
			continue
		}
		ok++
	}
	if ok == 0 {
		return fmt.Errorf("discord: register commands: %s", safeErr(last))
	}
	a.log.Info("discord: commands registered", "commands", len(a.cmds), "scopes", ok)
	return nil
}

// canonicalText writes a slash command as the engine's text command:
// "/feed side:left minutes:15 at:3pm" becomes "/feed left 15 at 3pm".
// Options come in the command's declared order; unknown commands keep the
// order Discord sent.
func canonicalText(spec *cmdSpec, name string, opts []*discordgo.ApplicationCommandInteractionDataOption) string {
	parts := []string{"/" + name}
	if spec == nil {
		for _, o := range opts {
			if v := optionText(o); v != "" {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, " ")
	}
	for _, sp := range spec.opts {
		for _, o := range opts {
			if o.Name != sp.name {
				continue
			}
			if v := optionText(o); v != "" {
				if sp.prefix != "" {
					parts = append(parts, sp.prefix)
				}
				parts = append(parts, v)
				if sp.suffix != "" {
					parts = append(parts, sp.suffix)
				}
			}
			break
		}
	}
	return strings.Join(parts, " ")
}

// optionText is an option's value as one line of text.
func optionText(o *discordgo.ApplicationCommandInteractionDataOption) string {
	if o == nil {
		return ""
	}
	switch v := o.Value.(type) {
	case string:
		return strings.Join(strings.Fields(v), " ")
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

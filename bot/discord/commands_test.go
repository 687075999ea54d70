package discord

import (
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"nursling/bot"
	"nursling/bot/feedlog"
	rtext "nursling/bot/render"
)

func TestCanonicalText(t *testing.T) {
	specs := commandSpecs(nil)
	spec := func(name string) *cmdSpec {
		for i := range specs {
			if specs[i].name == name {
				return &specs[i]
			}
		}
		return nil
	}
	o := func(name string, v any) *discordgo.ApplicationCommandInteractionDataOption {
		return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Value: v}
	}
	tests := []struct {
		name string
		cmd  string
		opts []*discordgo.ApplicationCommandInteractionDataOption
		want string
	}{
		{"ask", "ask", opts(o("question", "  how often\nshould I feed? ")), "/ask how often should I feed?"},
		{"guide", "guide", opts(o("topic", "latch")), "/guide latch"},
		{"feed, all options", "feed", opts(o("side", "left"), o("minutes", 15.0), o("at", "3pm")), "/feed left 15 min at 3pm"},
		{"feed bottle with minutes keeps the unit (Low: never 90 ml)", "feed", opts(o("side", "bottle"), o("minutes", 90.0)), "/feed bottle 90 min"},
		{"feed, declared order wins", "feed", opts(o("at", "3pm"), o("side", "both")), "/feed both at 3pm"},
		{"feed, empty at is left out", "feed", opts(o("side", "right"), o("at", "  ")), "/feed right"},
		{"bottle", "bottle", opts(o("ml", 90.0), o("content", "formula")), "/bottle 90 formula"},
		{"bottle breast milk", "bottle", opts(o("ml", 60.0), o("content", "breast milk")), "/bottle 60 breast milk"},
		{"nappy", "nappy", opts(o("kind", "wet")), "/nappy wet"},
		{"pump", "pump", opts(o("ml", 120.0)), "/pump 120"},
		{"join", "join", opts(o("code", "K7-Q2")), "/join K7-Q2"},
		{"tz", "tz", opts(o("zone", "Europe/London")), "/tz Europe/London"},
		{"no options", "today", nil, "/today"},
		{"unknown option ignored", "nappy", opts(o("kind", "dirty"), o("colour", "green")), "/nappy dirty"},
		{"unregistered command keeps Discord's order", "old", opts(o("b", "2"), o("a", 1.5), o("c", true)), "/old 2 1.5 true"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := canonicalText(spec(tc.cmd), tc.cmd, tc.opts); got != tc.want {
				t.Errorf("canonicalText = %q, want %q", got, tc.want)
			}
		})
	}
}

func opts(os ...*discordgo.ApplicationCommandInteractionDataOption) []*discordgo.ApplicationCommandInteractionDataOption {
	return os
}

func TestCommandSpecs(t *testing.T) {
	specs := commandSpecs([]bot.CommandInfo{
		{Name: "help", Description: "Engine help text"},
		{Name: "start", Description: "Telegram's greeting"},
		{Name: "Bad Name", Description: "not a valid Discord name"},
		{Name: "report", Args: "<days>", Description: "Curators' report", Log: false},
		{Name: "stats"},
	})
	type view struct {
		Name, Desc    string
		Private, Opts bool
	}
	got := map[string]view{}
	for _, s := range specs {
		got[s.name] = view{s.name, s.desc, s.private, len(s.opts) > 0}
	}
	want := map[string]view{
		"help":   {"help", "Engine help text", true, false},
		"report": {"report", "Curators' report", true, true},
		"stats":  {"stats", "stats", true, false},
	}
	for name, w := range want {
		if diff := cmp.Diff(w, got[name]); diff != "" {
			t.Errorf("/%s (-want +got):\n%s", name, diff)
		}
	}
	for _, name := range []string{"start", "Bad Name"} {
		if _, ok := got[name]; ok {
			t.Errorf("/%s registered", name)
		}
	}
	for _, name := range []string{"ask", "guide"} {
		s := got[name]
		if s.Private {
			t.Errorf("/%s is always private; it should follow ask_visibility", name)
		}
	}
	for _, name := range []string{"feed", "bottle", "nappy", "pump", "last", "today", "week", "export", "undo", "share", "join", "tz", "forget"} {
		if !got[name].Private {
			t.Errorf("/%s is a feed-log command but not private", name)
		}
	}
}

// Discord rejects a bulk overwrite with any invalid command, so check
// every generated command against its rules.
func TestAppCommandsAreValid(t *testing.T) {
	for _, global := range []bool{false, true} {
		cmds := appCommands(commandSpecs(nil), global)
		if len(cmds) > 100 {
			t.Errorf("%d commands, Discord allows 100", len(cmds))
		}
		for _, c := range cmds {
			if !validCommandName(c.Name) || c.Description == "" || rtext.Len(c.Description) > 100 || len(c.Options) > 25 {
				t.Errorf("/%s: invalid name, description or option count", c.Name)
			}
			required := true
			for _, o := range c.Options {
				if !validCommandName(o.Name) || o.Description == "" || rtext.Len(o.Description) > 100 || len(o.Choices) > 25 {
					t.Errorf("/%s %s: invalid option", c.Name, o.Name)
				}
				if o.Required && !required {
					t.Errorf("/%s: required option %s after an optional one", c.Name, o.Name)
				}
				required = o.Required
				if o.Autocomplete && len(o.Choices) > 0 {
					t.Errorf("/%s %s: autocomplete and choices are exclusive", c.Name, o.Name)
				}
			}
		}
	}
}

// TestCommandLimitsMatchChat: Discord's option limits are the chat's
// (newcomer run, Low: /pump allowed 1000 ml, the chat 500).
func TestCommandLimitsMatchChat(t *testing.T) {
	want := map[string]float64{"pump/ml": feedlog.MaxAmountML, "bottle/ml": feedlog.MaxAmountML, "feed/minutes": feedlog.MaxDuration.Minutes()}
	for _, c := range builtinCommands() {
		for _, o := range c.opts {
			if w, ok := want[c.name+"/"+o.name]; ok && o.max != w {
				t.Errorf("/%s %s: max %v, want %v as in chat", c.name, o.name, o.max, w)
			}
		}
	}
}

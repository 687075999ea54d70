package discord

import (
	"context"
	"strings"
	"testing"

	"nursling/bot"
	"nursling/knowledge"
)

// oneHit answers every question with one topic.
type oneHit string

func (o oneHit) Search(ctx context.Context, q string) (knowledge.SearchResult, error) {
	return knowledge.SearchResult{Hits: []knowledge.Hit{{Topic: string(o), Title: string(o), Score: 2}}}, nil
}

// TestFirstEmbedsShowWhenToGetHelp renders the /guide reply of every
// article and checks that "When to get help" is in the message's embeds,
// not held back on a "More tips" page.
func TestFirstEmbedsShowWhenToGetHelp(t *testing.T) {
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range lib.Articles {
		if a.Urgent {
			continue // urgent articles lead with the red embed
		}
		help, ok := a.Part("When to get help")
		if !ok {
			t.Errorf("%s: no When to get help", a.Topic)
			continue
		}
		e, err := bot.New(bot.Options{Library: lib, Searcher: oneHit(a.Topic)})
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.Handle(context.Background(), bot.Message{Platform: bot.Discord, ChatID: "c", UserID: "u", Text: "/guide " + a.Topic, Addressed: true})
		if err != nil {
			t.Fatalf("%s: %v", a.Topic, err)
		}
		out := render(r)
		var shown strings.Builder
		for _, em := range out.Embeds {
			shown.WriteString(em.Description)
		}
		want := help.Text
		if len(help.Items) > 0 {
			want = help.Items[0]
		}
		// Compare on a short plain prefix: the embed escapes Markdown.
		probe := strings.Fields(strings.ReplaceAll(want, "**", ""))
		probe = probe[:min(5, len(probe))]
		if !strings.Contains(shown.String(), "When to get help") || !strings.Contains(shown.String(), strings.Join(probe, " ")) {
			t.Errorf("%s: the first message lacks When to get help (%q)", a.Topic, strings.Join(probe, " "))
		}
	}
}

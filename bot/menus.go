package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"nursling/bot/redflag"
	"nursling/knowledge"
)

// helpReply explains what Nursling does, with examples and the disclaimer.
// lead, when set, comes first ("I don't know the command /x.").
func (e *Engine) helpReply(lead string) Reply {
	var r Reply
	if lead != "" {
		r.Blocks = append(r.Blocks, Block{Kind: Text, Text: lead})
	}
	r.Blocks = append(r.Blocks,
		Block{Kind: Title, Text: "Hi, I'm Nursling 🍼"},
		Block{Kind: Text, Text: "I answer breastfeeding and chestfeeding questions from a guide written from trusted sources (WHO, NHS, CDC, AAP, La Leche League and others), and I can keep a simple log of feeds, nappies and pumping."},
		Block{Kind: List, Title: "Ask me in your own words, for example", Items: []string{
			"how do I know my baby is getting enough milk?",
			"my nipples are cracked and sore",
			"how long can pumped milk stay in the fridge?",
		}},
	)
	if e.store != nil {
		r.Blocks = append(r.Blocks, Block{Kind: List, Title: "Log by message, for example", Items: []string{
			"fed left 15 min",
			"bottle 90ml",
			"wet nappy",
			"then /last, /today or /week to see your log",
		}})
	}
	var cmds []string
	for _, c := range e.Commands() {
		if c.Log && e.store == nil {
			continue
		}
		line := "/" + c.Name
		if c.Args != "" {
			line += " " + c.Args
		}
		cmds = append(cmds, line+": "+c.Description)
	}
	r.Blocks = append(r.Blocks,
		Block{Kind: List, Title: "Commands", Items: cmds},
		Block{Kind: Footnote, Text: "If you are worried your baby is unwell, or you feel unable to cope, don't wait for a chatbot: call your midwife, health visitor or doctor, or your local emergency number. " + consultLine},
	)
	return r
}

// aboutReply: sources, the disclaimer and privacy in brief.
func (e *Engine) aboutReply() Reply {
	return Reply{Blocks: []Block{
		{Kind: Title, Text: "About Nursling"},
		{Kind: Text, Text: fmt.Sprintf("Nursling's guide has %d articles, written in our own words from sourced facts (WHO, NHS, CDC, AAP, ABM protocols, La Leche League, NIH LactMed and others). Every answer lists its sources.", len(e.lib.Articles))},
		{Kind: Text, Title: "Not medical advice", Text: "Nursling gives general information and never diagnoses. Red-flag messages are answered with \"get care now\" first, but a chatbot can miss things: if you are worried, contact a professional."},
		{Kind: Text, Title: "Privacy", Text: "Questions are not stored. If you use the feed log, Nursling stores your entries, your household membership and your platform user id, and anonymous helpful/not-helpful counts per topic. /export gives you everything you logged; /forget deletes it. Nothing is shared or sold."},
		footnote(),
	}}
}

// topicsReply shows the sections, or the articles of one section.
func (e *Engine) topicsReply(section string) Reply {
	section = strings.TrimSpace(strings.ToLower(section))
	for _, s := range e.lib.Sections {
		if s.ID != section {
			continue
		}
		var items []string
		var buttons []Button
		for _, a := range e.lib.SectionArticles(s.ID) {
			items = append(items, a.Title+" (/guide "+a.Topic+")")
			buttons = append(buttons, Button{Label: a.Title, Data: "art:" + a.Topic})
		}
		return Reply{Blocks: []Block{{Kind: Title, Text: s.Title}, {Kind: List, Items: items}}, Buttons: buttons}
	}
	var items []string
	var buttons []Button
	for _, s := range e.lib.Sections {
		if len(e.lib.SectionArticles(s.ID)) == 0 {
			continue
		}
		items = append(items, s.Title+" (/topics "+s.ID+")")
		buttons = append(buttons, Button{Label: s.Title, Data: "sec:" + s.ID})
	}
	return Reply{Blocks: []Block{
		{Kind: Title, Text: "Browse the guide"},
		{Kind: List, Items: items},
		{Kind: Text, Text: "Or just ask your question in your own words."},
	}, Buttons: buttons}
}

// guideReply opens one article by topic id or by words of its title.
func (e *Engine) guideReply(ctx context.Context, m Message, arg string) (Reply, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return e.topicsReply(""), nil
	}
	a := e.lib.Article(strings.ToLower(arg))
	if a == nil {
		if found := e.lib.FindTitle(arg); len(found) > 0 {
			a = found[0]
		}
	}
	if a == nil {
		return e.answer(ctx, m, arg, e.redFlags.DetectAll(arg), nil)
	}
	return e.articleReply(ctx, m, a, 0), nil
}

// articleReply shows one page of an article with its sources and buttons.
func (e *Engine) articleReply(ctx context.Context, m Message, a *knowledge.Article, from int) Reply {
	r := Reply{Topic: a.Topic}
	if a.Urgent && from == 0 {
		r.Urgent = true
		r.Blocks = append(r.Blocks, e.urgentBlocks([]redflag.Flag{{Tier: redflag.CareNow, Topic: a.Topic}})...)
		r.Blocks = append(r.Blocks, footnote())
		return r
	}
	r.Blocks = append(r.Blocks, e.articleBlocks(a, from)...)
	if from == 0 {
		if line := e.logInsight(ctx, m, a.Topic); line != "" {
			r.Blocks = append(r.Blocks, Block{Kind: Text, Text: line})
		}
	}
	if next := e.alsoSee(a, knowledge.SearchResult{}, a.Topic); len(next) > 0 {
		r.Blocks = append(r.Blocks, Block{Kind: List, Title: "You may also want to ask about", Items: next})
	}
	r.Blocks = append(r.Blocks, sourcesBlock(a), footnote())
	r.Buttons = articleButtons(a, from+tipsPerPage, !r.Urgent)
	return r
}

// guideAction handles the guide's buttons: more tips, feedback, browsing.
func (e *Engine) guideAction(ctx context.Context, m Message) (Reply, error) {
	kind, rest, _ := strings.Cut(m.Action, ":")
	switch kind {
	case "more":
		topic, from, _ := strings.Cut(rest, ":")
		a := e.lib.Article(topic)
		n, err := strconv.Atoi(from)
		if a == nil || err != nil || n < 0 {
			return textReply("That button has expired. Ask me again and I'll find the article."), nil
		}
		if n >= len(a.Tips) {
			return e.topicsReply(a.Section), nil
		}
		return e.articleReply(ctx, m, a, n), nil
	case "fb":
		topic, v, _ := strings.Cut(rest, ":")
		if e.lib.Article(topic) == nil || (v != "0" && v != "1") {
			return textReply("That button has expired."), nil
		}
		if rec, ok := e.store.(analytics); ok {
			if err := rec.RecordFeedback(ctx, topic, v == "1"); err != nil {
				return Reply{}, fmt.Errorf("bot: record feedback: %w", err)
			}
		}
		r := textReply("Thank you, that helps us improve the guide.")
		r.Visibility = Private
		return r, nil
	case "sec":
		return e.topicsReply(rest), nil
	case "art":
		if a := e.lib.Article(rest); a != nil {
			return e.articleReply(ctx, m, a, 0), nil
		}
	}
	return textReply("That button has expired. Ask me again, or use /topics."), nil
}

// Commands lists every chat command with a one-line description, for /help
// and the platforms' command menus.
func (e *Engine) Commands() []CommandInfo {
	return append(append(guideCommands(), logCommands()...), remindCommands()...)
}

func guideCommands() []CommandInfo {
	return []CommandInfo{
		{Name: "start", Description: "What Nursling does and how to use it"},
		{Name: "help", Description: "How to ask and what Nursling understands"},
		{Name: "ask", Args: "<question>", Description: "Ask a breastfeeding question"},
		{Name: "topics", Description: "Browse the guide by section"},
		{Name: "guide", Args: "<topic>", Description: "Open one guide article"},
		{Name: "about", Description: "Sources, disclaimer and privacy"},
	}
}

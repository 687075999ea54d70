package bot

import "nursling/bot/redflag"

// urgentBlocks shows every red flag, the most urgent first: for each, a
// get-care block led by what was recognised and where to get help in the
// configured country, then the urgent article's what-to-do tips (or, for a
// topic with no article, what to do), and for the first flag the signs to
// act on and the sources.
func (e *Engine) urgentBlocks(flags []redflag.Flag) []Block {
	var blocks []Block
	for i, f := range flags {
		blocks = append(blocks, e.flagBlocks(f, i == 0)...)
	}
	return blocks
}

func (e *Engine) flagBlocks(f redflag.Flag, first bool) []Block {
	b := e.careBlock(f)
	a := e.lib.Article(f.Topic)
	if a == nil {
		if advice := e.advice(f.Topic, f.Tier); advice != "" {
			b.Items = append(b.Items, advice)
		}
		return []Block{b}
	}
	b.Items = append(b.Items, stripTips(a.Tips)...)
	blocks := []Block{b}
	if signs, ok := a.Part("Signs"); first && ok && len(signs.Items) > 0 {
		blocks = append(blocks, Block{Kind: List, Title: "Signs to act on", Items: stripTips(signs.Items)})
	}
	return append(blocks, sourcesBlock(a))
}

// careBlock is the heading and lead of one flag. For the parent's mental
// health a crisis line leads, with the emergency number for immediate
// danger; otherwise the emergency number (now) or the same-day contact.
func (e *Engine) careBlock(f redflag.Flag) Block {
	h := e.help
	mentioned := ""
	if f.Reason != "" {
		mentioned = "You mentioned " + f.Reason + ". "
	}
	if f.Topic == redflag.TopicUrgentMentalHealth {
		crisis, more := h.Crisis[0], h.Crisis[1:]
		b := Block{Kind: Urgent, Items: append([]string(nil), more...)}
		if f.Tier == redflag.CareNow {
			b.Title = "Please talk to someone now"
			b.Text = mentioned + "You don't have to carry this alone, and you deserve help right now. " +
				"Talk to someone now: " + crisis + ". If you might act on these thoughts, or you or your baby are in danger, " + h.Emergency + " now."
			return b
		}
		b.Title = "Please talk to someone today"
		b.Text = mentioned + "This is more common than it feels, and help works. Please speak to " + h.SameDay + " today. " +
			"If you need to talk to someone now: " + crisis + ". If you might act on thoughts of harming yourself or your baby, " + h.Emergency + " now."
		return b
	}
	if f.Tier == redflag.CareNow {
		return Block{Kind: Urgent, Title: "Get care now",
			Text: mentioned + "This could be serious. Please get medical help now: " + h.Emergency + "."}
	}
	return Block{Kind: Urgent, Title: "Contact your midwife, health visitor or doctor today",
		Text: mentioned + "Please speak to " + h.SameDay + " today. If things get worse, " + h.Emergency + "."}
}

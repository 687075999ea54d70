package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"nursling/bot/redflag"
	"nursling/knowledge"
)

// tipsPerPage is how many tips a reply shows before "More tips": enough to
// act on, short enough for a phone screen at 3 a.m.
const tipsPerPage = 4

// alsoSeeRatio: a second hit scoring at least this share of the best is
// offered as "also see" (questions often touch two topics).
const alsoSeeRatio = 0.6

const consultLine = "Nursling shares general information, not a diagnosis. For advice about you and your baby, talk to a lactation consultant (IBCLC), midwife, health visitor or doctor."

// Assessment is how the engine judged a message: every red flag (the most
// urgent first) and the search result. Inspect returns it beside the reply.
type Assessment struct {
	Flags  []redflag.Flag
	Result knowledge.SearchResult
	// Answered is false when the message went to a command or the feed
	// log rather than to the guide (Result is then empty).
	Answered bool
}

// answer replies to a question: every red-flag block first (decided before
// and independently of the search, most urgent first), then the best
// article's tips, related topics, sources and the consult-a-professional
// line. flags are the detector's reading of question; a, when not nil,
// receives the assessment.
func (e *Engine) answer(ctx context.Context, m Message, question string, flags []redflag.Flag, a *Assessment) (Reply, error) {
	res, err := e.searcher.Search(ctx, question)
	if err != nil {
		if len(flags) == 0 {
			return Reply{}, fmt.Errorf("bot: answer: %w", err)
		}
		// A crisis never depends on the index.
		e.log.LogAttrs(ctx, slog.LevelError, "search failed; answering the red flag alone", slog.String("error", err.Error()))
		res = knowledge.SearchResult{NoMatch: true}
	}
	if a != nil {
		a.Flags, a.Result, a.Answered = flags, res, true
	}
	e.record(ctx, m, question, flags, res)

	var r Reply
	var flagged []string
	if len(flags) > 0 {
		r.Urgent = true
		r.Blocks = append(r.Blocks, e.urgentBlocks(flags)...)
		for _, f := range flags {
			flagged = append(flagged, f.Topic)
		}
	}
	if res.NoMatch {
		if r.Urgent {
			r.Blocks = append(r.Blocks, footnote())
			r.Topic = flagged[0]
			return r, nil
		}
		return e.noMatchReply(res), nil
	}
	best := e.lib.Article(res.Hits[0].Topic)
	if best == nil {
		return Reply{}, fmt.Errorf("bot: answer: hit %q has no article", res.Hits[0].Topic)
	}
	r.Topic = best.Topic
	// After a get-care block, a calm article is shown only when it is on
	// the same subject (one an urgent article lists as related): "I don't
	// want to be here anymore" must not be followed by tips on anything
	// else. Otherwise it is only offered below.
	showBest := !slices.Contains(flagged, best.Topic) && (len(flagged) == 0 || e.relatedToAny(flagged, best.Topic))
	if showBest {
		r.Blocks = append(r.Blocks, e.articleBlocks(best, 0)...)
		if line := e.logInsight(ctx, m, best.Topic); line != "" {
			r.Blocks = append(r.Blocks, Block{Kind: Text, Text: line})
		}
	}
	var next []string
	if showBest || len(flagged) == 0 {
		next = e.alsoSee(best, res, append([]string{best.Topic}, flagged...)...)
	} else if u := e.lib.Article(flagged[0]); u != nil {
		// The search went elsewhere: offer the urgent article's own
		// calm companions instead.
		next = e.titles(u.Related, flagged...)
	}
	if len(next) > 0 {
		r.Blocks = append(r.Blocks, Block{Kind: List, Title: "You may also want to ask about", Items: next})
	}
	if showBest {
		r.Blocks = append(r.Blocks, sourcesBlock(best))
	} else if len(flagged) > 0 {
		r.Topic = flagged[0]
	}
	r.Blocks = append(r.Blocks, footnote())
	if a := e.lib.Article(r.Topic); a != nil {
		r.Buttons = articleButtons(a, tipsPerPage, !r.Urgent)
	}
	return r, nil
}

// relatedToAny reports whether any urgent topic's article lists other.
func (e *Engine) relatedToAny(topics []string, other string) bool {
	for _, t := range topics {
		if e.relatedTo(t, other) {
			return true
		}
	}
	return false
}

// relatedTo reports whether the article for topic lists other as related.
func (e *Engine) relatedTo(topic, other string) bool {
	if a := e.lib.Article(topic); a != nil {
		for _, r := range a.Related {
			if r == other {
				return true
			}
		}
	}
	return false
}

// articleBlocks shows an article's title, summary (on the first page) and
// one page of tips starting at from. "When to get help" is on the first
// page, whatever the number of tips, so safety is never behind "More tips";
// the last page repeats it.
func (e *Engine) articleBlocks(a *knowledge.Article, from int) []Block {
	blocks := []Block{{Kind: Title, Text: a.Title}}
	if from == 0 {
		blocks = append(blocks, Block{Kind: Text, Text: a.Summary})
	}
	to := min(from+tipsPerPage, len(a.Tips))
	if from < to {
		blocks = append(blocks, Block{Kind: List, Items: stripTips(a.Tips[from:to])})
	}
	if from == 0 || to >= len(a.Tips) {
		if help, ok := a.Part("When to get help", "If it is less urgent"); ok {
			blocks = append(blocks, partBlock(help))
		}
	}
	return blocks
}

func partBlock(p knowledge.Part) Block {
	if len(p.Items) > 0 {
		return Block{Kind: List, Title: p.Heading, Items: stripTips(p.Items), Text: stripMarkup(p.Text)}
	}
	return Block{Kind: Text, Title: p.Heading, Text: stripMarkup(p.Text)}
}

// alsoSee offers up to two next topics: a close second hit first (the
// question may be about two things), then the article's related topics.
// Topics in skip are already on screen.
func (e *Engine) alsoSee(best *knowledge.Article, res knowledge.SearchResult, skip ...string) []string {
	var ids []string
	if len(res.Hits) > 1 && res.Hits[1].Score >= alsoSeeRatio*res.Hits[0].Score {
		ids = append(ids, res.Hits[1].Topic)
	}
	return e.titles(append(ids, best.Related...), skip...)
}

// titles lists up to two topics as "Title (/guide id)", leaving out skip.
func (e *Engine) titles(ids []string, skip ...string) []string {
	seen := map[string]bool{}
	for _, s := range skip {
		seen[s] = true
	}
	var out []string
	for _, id := range ids {
		a := e.lib.Article(id)
		if a == nil || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, a.Title+" (/guide "+a.Topic+")")
		if len(out) == 2 {
			break
		}
	}
	return out
}

func (e *Engine) noMatchReply(res knowledge.SearchResult) Reply {
	r := Reply{Blocks: []Block{{
		Kind: Text,
		Text: "I'm sorry, my guide doesn't cover that. I can help with breastfeeding and chestfeeding: latch, supply, pumping, sore nipples, how often to feed, your own health while feeding, and logging feeds. Try asking in other words, or browse with /topics.",
	}}}
	var items []string
	for _, h := range res.Hits {
		if len(items) == 2 {
			break
		}
		items = append(items, h.Title+" (/guide "+h.Topic+")")
	}
	if len(items) > 0 {
		r.Blocks = append(r.Blocks, Block{Kind: List, Title: "Closest guide articles, in case they help", Items: items})
	}
	r.Blocks = append(r.Blocks, footnote())
	r.Buttons = []Button{{Label: "Browse topics", Data: "sec:"}}
	return r
}

func sourcesBlock(a *knowledge.Article) Block {
	b := Block{Kind: Sources, Title: "Sources"}
	for _, s := range a.Sources {
		b.Links = append(b.Links, Link{Title: s.Name, URL: s.URL})
	}
	return b
}

func footnote() Block { return Block{Kind: Footnote, Text: consultLine} }

// articleButtons offers more tips (when there are more), and feedback
// (never on an urgent reply: a parent in crisis is not asked to rate it).
func articleButtons(a *knowledge.Article, next int, feedback bool) []Button {
	var bs []Button
	if next < len(a.Tips) {
		bs = append(bs, Button{Label: "More tips", Data: "more:" + a.Topic + ":" + strconv.Itoa(next)})
	}
	if !feedback {
		return bs
	}
	return append(bs,
		Button{Label: "Helpful 👍", Data: "fb:" + a.Topic + ":1"},
		Button{Label: "Not helpful 👎", Data: "fb:" + a.Topic + ":0"},
	)
}

// stripTips removes the little Markdown articles may use (**bold**) so
// blocks stay plain text; adapters add their own emphasis.
func stripTips(tips []string) []string {
	out := make([]string, len(tips))
	for i, t := range tips {
		out[i] = stripMarkup(t)
	}
	return out
}

func stripMarkup(s string) string { return strings.ReplaceAll(s, "**", "") }

// analytics is what the engine records about answers, when the store
// supports it: anonymous counts per topic, no message text unless the
// operator asked to keep unanswered questions.
type analytics interface {
	RecordAnswer(ctx context.Context, topic string, noMatch bool, question string) error
	RecordFeedback(ctx context.Context, topic string, helpful bool) error
}

func (e *Engine) record(ctx context.Context, m Message, question string, flags []redflag.Flag, res knowledge.SearchResult) {
	urgent := len(flags) > 0
	attrs := append(e.msgAttrs(m), slog.Bool("no_match", res.NoMatch), slog.Bool("urgent", urgent))
	topic := ""
	if !res.NoMatch && len(res.Hits) > 0 {
		topic = res.Hits[0].Topic
		attrs = append(attrs, slog.String("topic", topic))
	}
	e.log.LogAttrs(ctx, slog.LevelInfo, "question answered", attrs...)
	if e.hooks.Answered != nil {
		e.hooks.Answered(m.Platform, res.NoMatch, urgent)
	}
	rec, ok := e.store.(analytics)
	if !ok {
		return
	}
	kept := ""
	if res.NoMatch && e.opts.KeepUnanswered {
		kept = question
	}
	if err := rec.RecordAnswer(ctx, topic, res.NoMatch, kept); err != nil {
		e.log.LogAttrs(ctx, slog.LevelWarn, "recording an answer failed", slog.String("error", err.Error()))
	}
}

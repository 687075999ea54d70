package redflag

import "strings"

// literalFigures drops the figures of speech that the message shows are
// meant literally: "banging my head" with "a big lump now", "drowning her"
// with "in the bath" (lexicon.yaml, literal).
func (s *lexScan) literalFigures(figures []lexSpan) []lexSpan {
	if len(figures) == 0 || len(s.lx.literalSigns) == 0 {
		return figures
	}
	lits := s.all(&s.lx.literal, false)
	if len(lits) == 0 {
		return figures
	}
	out := figures[:0:0]
	for _, f := range figures {
		literal := false
		for _, l := range lits {
			if l.start < f.end && f.start < l.end && s.messageHas(s.lx.literalSigns[l.rule]) {
				literal = true
				break
			}
		}
		if !literal {
			out = append(out, f)
		}
	}
	return out
}

func (s *lexScan) messageHas(words map[string]bool) bool {
	for _, t := range s.toks {
		if words[t.w] {
			return true
		}
	}
	return false
}

// storySentences marks the sentences that tell another person's story
// about their baby, or the writer's own childhood: a cue of another
// person's story (lexicon.yaml, other), a baby who is not the writer's
// (story) and none of the writer's own (own). "a woman in my group said
// her baby went blue at 2 months" is one; "my aunt says the baby looks
// blue" is not.
//
// A sentence that only supposes ("if she got a temperature on the plane
// what would i do", lexicon.yaml, supposing) is set aside the same way.
//
// So is an impersonal general question, one with a cue of a general
// question (general) and no word of a person (personal): "what does a
// febrile convulsion look like", not "what does it mean if she's floppy".
func (s *lexScan) storySentences(n int, other, general []lexSpan) {
	mark := func(spans []lexSpan) []bool {
		m := make([]bool, n)
		for _, sp := range spans {
			if k := int(s.toks[sp.start].sent); k < n {
				m[k] = true
			}
		}
		return m
	}
	story := mark(s.all(&s.lx.story, false))
	own := mark(s.all(&s.lx.own, false))
	cued := mark(other)
	supposed := mark(s.all(&s.lx.supposing, false))
	asked := mark(general)
	personal := make([]bool, n)
	for _, t := range s.toks {
		if int(t.sent) < n && s.lx.personal[t.w] {
			personal[t.sent] = true
		}
	}
	any := false
	for k := range story {
		story[k] = (story[k] && cued[k] && !own[k]) || supposed[k] || (asked[k] && !own[k] && !personal[k])
		any = any || story[k]
	}
	if any {
		s.story = story
	}
}

func (s *lexScan) isStory(sent int32) bool {
	return int(sent) < len(s.story) && s.story[sent]
}

// ownText is the message without its story sentences, and whether it had
// any.
func (s *lexScan) ownText(sents []string) (string, bool) {
	if s.story == nil {
		return "", false
	}
	var b strings.Builder
	for k, t := range sents {
		if s.isStory(int32(k)) {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(".\n")
		}
		b.WriteString(t)
	}
	return b.String(), true
}

// raised reports a word of raise in the message that is not denied ("now
// he's vomited twice", not "no vomiting").
func (s *lexScan) raised(raise map[string]bool) bool {
	if len(raise) == 0 {
		return false
	}
	for j, t := range s.toks {
		if raise[t.w] && !s.denied(j) {
			return true
		}
	}
	return false
}

// capMental records one mental-health match's tier and whether its
// context lowered it; mentalCap stays set only while every match was
// lowered.
func (r *lexResult) capMental(t Tier, lowered bool) {
	switch {
	case !lowered:
		r.capped, r.mentalCap = false, NoFlag
		r.unframed = true
	case !r.unframed:
		r.capped, r.mentalCap = true, max(r.mentalCap, t)
	}
}

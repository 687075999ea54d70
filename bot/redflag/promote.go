package redflag

// Tier promotion: a plan, a means at hand, a stated intent or a goodbye
// (lexicon.yaml, promote) makes a mental-health flag "now" however the
// crisis itself was worded ("suicidal thoughts again" is today; with "got
// 40 of my oxy saved up" it is now). A promotion never undoes framing: a
// cue that is denied ("no plan or anything"), supposed, asked in general
// or another person's story does not count, and a message whose every
// mental-health match was lowered (a negation, a hypothetical, someone
// else's story) is not promoted.

// promoteCue reports a promotion cue in a sentence the writer says in
// earnest: not denied just before it, not in a hypothetical, a general
// question or a story sentence.
func (s *lexScan) promoteCue(general, hypo, other []lexSpan) bool {
	for _, h := range s.all(&s.lx.promote, true) {
		sent := s.toks[h.start].sent
		if before(hypo, sent, h.start, s.toks) || before(general, sent, h.start, s.toks) || inSentence(other, sent, s.toks) {
			continue
		}
		if int(sent) < len(s.story) && s.story[sent] {
			continue
		}
		if h.nearNeg || s.negatedBefore(h.start, 3) {
			continue
		}
		return true
	}
	return false
}

// negatedBefore reports a negation within n words before token i, in its
// sentence ("no plan", "haven't got any pills").
func (s *lexScan) negatedBefore(i, n int) bool {
	sent := s.toks[i].sent
	for j := i - 1; j >= 0 && j >= i-n && s.toks[j].sent == sent; j-- {
		if s.lx.negators[s.toks[j].w] {
			return true
		}
	}
	return false
}

// promote raises a "today" mental-health flag to "now" when the scan found
// a promotion cue (lr.promote).
func promote(flags []Flag, lr lexResult) []Flag {
	if !lr.promote {
		return flags
	}
	for i := range flags {
		if flags[i].Topic == TopicUrgentMentalHealth && flags[i].Tier == CareToday {
			flags[i].Tier = CareNow
		}
	}
	return flags
}

// presentReport reports another person's crisis told as happening now:
// the match's sentence has a word of the present (lexicon.yaml, present:
// "says", "keeps", "tonight") and is not a story sentence. A partner or a
// friend reporting it earns the soft tier at least, never nothing.
func (s *lexScan) presentReport(h lexSpan) bool {
	sent := s.toks[h.start].sent
	if int(sent) < len(s.story) && s.story[sent] {
		return false
	}
	return s.sentenceHas(h.start, s.lx.present)
}

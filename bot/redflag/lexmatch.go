package redflag

import (
	"slices"
	"strconv"
	"strings"
)

// lexTok is one word of a message as the lexicon reads it.
type lexTok struct {
	w    string
	sent int32
}

// lexSpan is one pattern match: tokens [start, end) of one sentence.
type lexSpan struct {
	start, end int
	gapNeg     bool // a word skipped by a gap was a negation
	nearNeg    bool // ... one of the two words just before a matched word
	rule       int
}

// lexScan is the per-message state of one lexicon scan.
type lexScan struct {
	lx     *Lexicon
	toks   []lexTok
	masked []bool
	// story marks the sentences that are another person's story about
	// their baby or the writer's own childhood (see storySentences).
	story []bool
}

// lexTokenise lowercases, drops apostrophes, splits words at anything that
// is not a letter or a digit and sentences at . ! ? ; and new lines (not
// at a decimal point). Words are rewritten by the spell table.
func (lx *Lexicon) tokenise(text string, toks []lexTok) []lexTok {
	toks, _ = lx.tokeniseSentences(text, toks, nil)
	return toks
}

// tokeniseSentences is tokenise that also appends, when spans is not nil,
// the text of every sentence that has a word, in order (sentence k of the
// tokens is spans[k]).
func (lx *Lexicon) tokeniseSentences(text string, toks []lexTok, spans []string) ([]lexTok, []string) {
	if len(text) > maxText {
		text = text[:maxText]
	}
	var sent int32
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			toks = append(toks, lexTok{w: lx.spelled(b.String()), sent: sent})
			b.Reset()
		}
	}
	prev := rune(0)
	rs := []rune(text)
	from := 0 // where the current sentence starts, in runes
	endSentence := func(i int) {
		if len(toks) > 0 && toks[len(toks)-1].sent == sent {
			if spans != nil {
				spans = append(spans, string(rs[from:i]))
			}
			sent++
		}
		from = i + 1
	}
	for i, r := range rs {
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == '´':
			// "don't" -> "dont"
		case r == '.' && prev >= '0' && prev <= '9' && i+1 < len(rs) && rs[i+1] >= '0' && rs[i+1] <= '9':
			flush()
		case r == '.' || r == '!' || r == '?' || r == ';' || r == '\n':
			flush()
			endSentence(i)
		case r > 127 && isLetterRune(r):
			b.WriteRune(r)
		default:
			flush()
		}
		prev = r
	}
	flush()
	if spans != nil {
		endSentence(len(rs))
	}
	return toks, spans
}

func isLetterRune(r rune) bool {
	return strings.ContainsRune("àáâäãåæçèéêëìíîïñòóôöõøœùúûüýÿß", r)
}

// maxText bounds the text the lexicon reads (as the rules do).
const maxText = 16 << 10

// lexResult is what one lexicon scan found.
type lexResult struct {
	flags []Flag
	// dismissed names the topics whose every match was another person's
	// story or a general question (so the rules' own reading of the same
	// words is set aside too).
	dismissed map[string]bool
	// plain and framed are the message's sentences (joined by new lines)
	// split by whether the sentence frames alarming words as a figure of
	// speech, a hypothetical, a general question, another person's story
	// or a reassurance ("she's fine now", "not suicidal or anything"), or
	// has no word of the soft net (hints) at all.
	plain, framed string
	// own is the message without its other-people's-stories sentences
	// when it has any ("a woman in my group said her baby went blue"), for
	// the rules to read instead of the whole text; "" when it has none.
	own    string
	hasOwn bool
	// mentalCap is the highest tier the lexicon gave a mental-health
	// match when every such match was framed (another person's story, a
	// general question, a hypothetical, a negation); capped says there
	// was one. The rules' reading of the same words is held to it.
	mentalCap Tier
	capped    bool
	unframed  bool
	// promote says a plan, a means, an intent or a goodbye was said in
	// earnest and no mental-health match was only framed (promote.go).
	promote bool
}

// scan finds every rule match in a message and turns them into one flag
// per topic, and reads the cues the second signal is weighed by.
func (lx *Lexicon) scan(text string) lexResult {
	toks, sents := lx.tokeniseSentences(text, make([]lexTok, 0, len(text)/4+4), make([]string, 0, 4))
	s := lexScan{lx: lx, toks: toks}
	if len(s.toks) == 0 {
		return lexResult{}
	}
	var res lexResult
	s.masked = make([]bool, len(s.toks))
	figures := s.literalFigures(s.all(&lx.figures, false))
	if len(figures) > 0 {
		// "I'd rather die than keep going, and I mean that literally":
		// said in earnest, a figure of speech is not one.
		earnest := s.all(&lx.earnest, false)
		figures = slices.DeleteFunc(figures, func(f lexSpan) bool { return inSentence(earnest, s.toks[f.start].sent, s.toks) })
	}
	for _, sp := range figures {
		for j := sp.start; j < sp.end; j++ {
			s.masked[j] = true
		}
	}
	general := s.all(&lx.general, false)
	hypo := s.all(&lx.hypo, false)
	other := s.all(&lx.other, false)
	if len(general) > 0 && len(s.all(&lx.disclose, false)) > 0 {
		// "is it normal to think about killing yourself? because I do":
		// the question is a disclosure, read like a hypothetical (today).
		hypo, general = append(hypo, general...), nil
	}
	s.storySentences(len(sents), other, general)
	res.own, res.hasOwn = s.ownText(sents)
	res.plain, res.framed = s.splitFramed(sents, figures, general, hypo, other)
	hits := append(s.all(&lx.match, true), s.bagHits()...)
	for _, h := range hits {
		r := &lx.rules[h.rule]
		if r.needs != nil && !s.raised(r.needs) {
			continue
		}
		tier := s.judge(h, r, general, hypo, other)
		if tier == CareToday && r.tier == CareToday && s.raised(r.raise) {
			tier = CareNow
		}
		if r.mental && !s.guarded(h, r.guard) && !s.sentenceHas(h.start, r.soften) {
			// a guard word or a softener is the rule's own judgement,
			// not the message's framing
			res.capMental(tier, tier < r.tier)
		}
		if tier == NoFlag {
			if s.distant(h, general, other) {
				if res.dismissed == nil {
					res.dismissed = map[string]bool{}
				}
				res.dismissed[r.topic] = true
			}
			continue
		}
		res.flags = mergeFlag(res.flags, Flag{Tier: tier, Topic: r.topic, Reason: r.reason})
	}
	for _, f := range res.flags {
		delete(res.dismissed, f.Topic)
	}
	res.promote = !res.capped && s.promoteCue(general, hypo, other)
	return res
}

// splitFramed joins the sentences that frame their words (a cue span in
// them, or no hint word) and the others.
func (s *lexScan) splitFramed(sents []string, cues ...[]lexSpan) (plain, framed string) {
	if len(sents) == 0 {
		return "", ""
	}
	isFramed := make([]bool, len(sents))
	hinted := make([]bool, len(sents))
	mark := func(spans []lexSpan, into []bool) {
		for _, sp := range spans {
			if k := int(s.toks[sp.start].sent); k < len(into) {
				into[k] = true
			}
		}
	}
	for _, c := range cues {
		mark(c, isFramed)
	}
	for k := range isFramed {
		isFramed[k] = isFramed[k] || s.isStory(int32(k))
	}
	mark(s.all(&s.lx.calm, false), isFramed)
	mark(s.all(&s.lx.hints, false), hinted)
	// A fragment of one or two words with a hint word ("my nipples are
	// toast. dead. gone.") is read with the sentence before it, as one
	// unit.
	words := make([]int, len(sents))
	for _, t := range s.toks {
		if int(t.sent) < len(words) {
			words[t.sent]++
		}
	}
	var p, f strings.Builder
	for k := 0; k < len(sents); {
		unit, framed, hint := sents[k], isFramed[k], hinted[k]
		k++
		for ; k < len(sents) && words[k] <= 2 && hinted[k]; k++ {
			unit += " " + sents[k]
			framed, hint = framed || isFramed[k], hint || hinted[k]
		}
		b := &p
		if framed || !hint {
			b = &f
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(unit)
	}
	return p.String(), f.String()
}

// distant reports a match in another person's story or a general
// question, with no "I" near it.
func (s *lexScan) distant(h lexSpan, general, other []lexSpan) bool {
	sent := s.toks[h.start].sent
	return (inSentence(other, sent, s.toks) || before(general, sent, h.start, s.toks)) && !s.firstPersonNear(h)
}

// judge decides the tier of one rule match from its context.
func (s *lexScan) judge(h lexSpan, r *lexRule, general, hypo, other []lexSpan) Tier {
	sent := s.toks[h.start].sent
	if s.guarded(h, r.guard) {
		return NoFlag
	}
	softened := s.sentenceHas(h.start, r.soften)
	// Any negation skipped inside a mental-health match counts ("I would
	// never hurt her"); in a physical sign only one right before a word
	// of the sign ("no fever"), not "rolled off the bed and won't stop
	// crying and has a bump".
	negated := h.nearNeg || (h.gapNeg && r.mental)
	for j := h.start - 1; j >= 0 && j >= h.start-3 && s.toks[j].sent == sent; j-- {
		if s.lx.negators[s.toks[j].w] {
			negated = true
		}
	}
	isHypo := before(hypo, sent, h.start, s.toks)
	isGeneral := before(general, sent, h.start, s.toks)
	isOther := inSentence(other, sent, s.toks) && !(r.anyone && s.sentenceHas(h.start, s.lx.present))
	if !r.mental {
		if negated || isHypo || isGeneral || (isOther && !s.firstPersonNear(h)) || s.isStory(sent) {
			return NoFlag
		}
		return r.tier
	}
	// Mental health: the writer (or someone they live with) is never
	// dismissed; distance only lowers the tier.
	me := s.firstPersonNear(h)
	switch {
	case isGeneral && !me:
		return NoFlag
	case isOther && !me && s.sentenceHas(h.start, s.lx.third) && !s.presentReport(h):
		// "my aunt killed herself years ago"; but "been suicidal since
		// my check, told the GP I was fine" has no one else in it, and
		// "my sister says on whatsapp she wants to kill herself" is
		// happening now (today, below).
		return NoFlag
	case isOther && (!me || s.sentenceHas(h.start, s.lx.third)), isGeneral || isHypo || negated || softened:
		// "researching ways to off myself on reddit": the writer's own
		// act, told where, is not another person's story.
		return CareToday
	}
	return r.tier
}

// guardWindow is how far beyond a match a guard word reaches: "soaking a
// pad every half hour and the baby hasn't had a wet nappy all day" is
// still heavy bleeding.
const guardWindow = 12

// guarded reports a guard word near token i, in its sentence, that is not
// itself denied: "blood in his vomit, my nipples are fine" or "not from my
// nipples" is no cracked nipple.
func (s *lexScan) guarded(h lexSpan, guard map[string]bool) bool {
	if len(guard) == 0 {
		return false
	}
	sent := s.toks[h.start].sent
	lo := h.start
	for lo > 0 && lo > h.start-guardWindow && s.toks[lo-1].sent == sent {
		lo--
	}
	for j := lo; j < len(s.toks) && j < h.end+guardWindow && s.toks[j].sent == sent; j++ {
		if guard[s.toks[j].w] && !s.denied(j) {
			return true
		}
	}
	return false
}

// denied reports a negation or "fine" within three words after token j,
// or a negation within two words before it, in its sentence.
func (s *lexScan) denied(j int) bool {
	sent := s.toks[j].sent
	for k := j + 1; k < len(s.toks) && k <= j+3 && s.toks[k].sent == sent; k++ {
		if w := s.toks[k].w; s.lx.negators[w] || w == "fine" || w == "ok" || w == "okay" {
			return true
		}
	}
	for k := j - 1; k >= 0 && k >= j-2 && s.toks[k].sent == sent; k-- {
		if s.lx.negators[s.toks[k].w] {
			return true
		}
	}
	return false
}

// sentenceHas reports whether the sentence of token i has any of words.
func (s *lexScan) sentenceHas(i int, words map[string]bool) bool {
	if len(words) == 0 {
		return false
	}
	sent := s.toks[i].sent
	for j := i - 1; j >= 0 && s.toks[j].sent == sent; j-- {
		if words[s.toks[j].w] {
			return true
		}
	}
	for j := i; j < len(s.toks) && s.toks[j].sent == sent; j++ {
		if words[s.toks[j].w] {
			return true
		}
	}
	return false
}

// firstPersonNear reports "I", "me" or "myself" in or just before a match.
func (s *lexScan) firstPersonNear(h lexSpan) bool {
	sent := s.toks[h.start].sent
	for j := max(0, h.start-4); j < h.end; j++ {
		if s.toks[j].sent == sent && s.lx.firstPerson[s.toks[j].w] {
			return true
		}
	}
	return false
}

func before(spans []lexSpan, sent int32, start int, toks []lexTok) bool {
	for _, c := range spans {
		if toks[c.start].sent == sent && c.start <= start {
			return true
		}
	}
	return false
}

func inSentence(spans []lexSpan, sent int32, toks []lexTok) bool {
	for _, c := range spans {
		if toks[c.start].sent == sent {
			return true
		}
	}
	return false
}

// all returns every match of a pattern set (one per pattern and start).
func (s *lexScan) all(ps *patternSet, useMask bool) []lexSpan {
	var out []lexSpan
	try := func(id int32, i int) {
		p := &ps.pats[id]
		var neg negSeen
		if end, ok := s.match(p.elems, i, s.toks[i].sent, useMask, &neg); ok {
			out = append(out, lexSpan{start: i, end: end, gapNeg: neg.any, nearNeg: neg.near, rule: p.rule})
		}
	}
	for i, t := range s.toks {
		for _, id := range ps.first[t.w] {
			try(id, i)
		}
		if len(t.w) >= 2 {
			for _, id := range ps.prefix[t.w[:2]] {
				if ps.pats[id].elems[0].accepts(t.w) {
					try(id, i)
				}
			}
		}
		if t.w[0] >= '0' && t.w[0] <= '9' {
			for _, id := range ps.num {
				try(id, i)
			}
		}
	}
	return out
}

// bagHits finds the bags whose classes all appear, unmasked, in one
// sentence; the span runs from the first to the last word that filled
// a class.
func (s *lexScan) bagHits() []lexSpan {
	var out []lexSpan
	for start := 0; start < len(s.toks); {
		end := start
		for end < len(s.toks) && s.toks[end].sent == s.toks[start].sent {
			end++
		}
		for _, b := range s.lx.bags {
			lo, hi, ok := end, start, true
			for _, c := range b.classes {
				at := -1
				for j := start; j < end; j++ {
					if !s.masked[j] && c[s.toks[j].w] {
						at = j
						break
					}
				}
				if at < 0 {
					ok = false
					break
				}
				lo, hi = min(lo, at), max(hi, at+1)
			}
			if ok {
				neg := false
				for j := lo; j < hi; j++ {
					neg = neg || s.lx.negators[s.toks[j].w]
				}
				out = append(out, lexSpan{start: lo, end: hi, rule: b.rule, gapNeg: neg, nearNeg: neg})
			}
		}
		start = end
	}
	return out
}

// match matches elems at token i, within one sentence; masked tokens (a
// figure of speech) never match a rule's word.
func (s *lexScan) match(elems []lexElem, i int, sent int32, useMask bool, neg *negSeen) (int, bool) {
	if len(elems) == 0 {
		return i, true
	}
	e := &elems[0]
	if e.kind == elGap {
		last := -1 // the last negation skipped
		for k := 0; k <= e.gap; k++ {
			j := i + k
			if j > len(s.toks) || (k > 0 && s.toks[j-1].sent != sent) {
				break
			}
			if k > 0 && s.lx.negators[s.toks[j-1].w] {
				last = j - 1
			}
			if end, ok := s.match(elems[1:], j, sent, useMask, neg); ok {
				if last >= 0 {
					neg.any = true
					neg.near = neg.near || last >= j-2
				}
				return end, true
			}
		}
		return 0, false
	}
	if i >= len(s.toks) || s.toks[i].sent != sent || (useMask && s.masked[i]) || !e.accepts(s.toks[i].w) {
		return 0, false
	}
	return s.match(elems[1:], i+1, sent, useMask, neg)
}

// negSeen records negations a match skipped: any, and near (within the two
// words before the next matched word: "hot breast, no fever").
type negSeen struct{ any, near bool }

func (e *lexElem) accepts(w string) bool {
	switch e.kind {
	case elWord:
		return e.word == w
	case elClass:
		return e.class[w]
	case elPrefix:
		return strings.HasPrefix(w, e.word)
	case elNumber:
		n, err := strconv.Atoi(w)
		return err == nil && n >= e.gap
	}
	return false
}

// mergeFlag keeps one flag per topic, the highest tier.
func mergeFlag(flags []Flag, f Flag) []Flag {
	for i := range flags {
		if flags[i].Topic == f.Topic {
			if f.Tier > flags[i].Tier {
				flags[i] = f
			}
			return flags
		}
	}
	return append(flags, f)
}

// Explain lists, for curators, every lexicon rule that matched a message,
// the words it matched and the tier the context left it ("" when none).
func (lx *Lexicon) Explain(text string) []string {
	s := lexScan{lx: lx, toks: lx.tokenise(text, nil)}
	if len(s.toks) == 0 {
		return nil
	}
	s.masked = make([]bool, len(s.toks))
	for _, sp := range s.all(&lx.figures, false) {
		for j := sp.start; j < sp.end; j++ {
			s.masked[j] = true
		}
	}
	general, hypo, other := s.all(&lx.general, false), s.all(&lx.hypo, false), s.all(&lx.other, false)
	var out []string
	for _, h := range s.all(&lx.match, true) {
		r := &lx.rules[h.rule]
		words := make([]string, 0, h.end-h.start)
		for _, t := range s.toks[h.start:h.end] {
			words = append(words, t.w)
		}
		out = append(out, r.id+": "+strings.Join(words, " ")+" -> "+s.judge(h, r, general, hypo, other).String())
	}
	return out
}

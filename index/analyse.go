package index

import (
	"unicode/utf8"
)

// How much a term counts in the query, relative to the parent's own exact
// words: a corrected typo or a word the vocabulary added is evidence, but
// weaker than the word itself.
const (
	weightExact     = 1.0
	weightCorrected = 0.8
	weightAdded     = 0.6
	// A phrase the vocabulary knows ("tongue tied", "nipple tip") is
	// precise: what it adds counts almost like the parent's own word.
	weightPhrase   = 0.9
	weightInPhrase = 0.6
)

// term is one stem of the query with its weight.
type term struct {
	stem   string
	weight float64
}

// contentUnit is one non-filler unit of the question as stems: the
// parent's own words (or their corrections) and the guide words the
// vocabulary adds for them.
type contentUnit struct {
	label   string // the parent's words, for Explain
	stems   []string
	adds    []string
	known   bool // the guide or the vocabulary uses it (after correction)
	number  bool
	generic bool // every word of it is on the generic list
	// offTopic: a subject the guide does not cover; never explained.
	offTopic bool
}

// analysed is a question ready for searching and judging.
type analysed struct {
	terms   []term
	content []contentUnit
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) && len(s) > 0 {
		s = s[:len(s)-1]
	}
	return s
}

// analyse turns question text into weighted stems and content units.
func (ix *Index) analyse(question string) analysed {
	ws := words(truncateUTF8(question, maxQuestionBytes))
	var q analysed
	weights := map[string]float64{}
	var order []string
	add := func(stem string, w float64) {
		if old, ok := weights[stem]; !ok {
			order = append(order, stem)
			weights[stem] = w
		} else if w > old {
			weights[stem] = w
		}
	}
	for _, u := range ix.vocab.units(ws) {
		if u.filler {
			continue
		}
		single := len(u.words) == 1
		cu := contentUnit{known: true, generic: single && ix.vocab.generic[u.words[0]], offTopic: u.offTopic}
		addWeight := weightAdded
		if len(u.words) > 1 {
			addWeight = weightPhrase
		}
		for _, a := range u.adds {
			for _, s := range ix.wordStems(a) {
				cu.adds = append(cu.adds, s)
				add(s, addWeight)
			}
		}
		for _, w := range u.words {
			if ix.vocab.filler[w] {
				continue
			}
			if cu.label != "" {
				cu.label += " "
			}
			cu.label += w
			word, weight := w, weightExact
			if len(u.words) > 1 {
				// Inside a known phrase ("get pregnant"), the phrase's
				// meaning leads; its words on their own say less.
				weight = weightInPhrase
			}
			if isNumber(w) {
				cu.number = true
			} else if !ix.known(w) && len(u.adds) == 0 {
				c, ok := ix.speller.correct(w)
				if !ok {
					cu.known = false
				} else {
					word, weight = c, weightCorrected
					for _, a := range ix.vocab.phrases[c] {
						for _, s := range ix.wordStems(a) {
							cu.adds = append(cu.adds, s)
							add(s, weightAdded)
						}
					}
				}
			}
			for _, s := range ix.wordStems(word) {
				cu.stems = append(cu.stems, s)
				add(s, weight)
			}
		}
		if len(cu.stems) == 0 && len(cu.adds) == 0 {
			continue // stop words only
		}
		q.content = append(q.content, cu)
	}
	for _, s := range order {
		q.terms = append(q.terms, term{stem: s, weight: weights[s]})
	}
	return q
}

func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// known reports whether the guide or the vocabulary uses w, or w's stem.
func (ix *Index) known(w string) bool {
	if ix.speller.known(w) {
		return true
	}
	for _, s := range ix.wordStems(w) {
		if ix.df[s] > 0 {
			return true
		}
	}
	return false
}

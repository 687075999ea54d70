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
)

// term is one stem of the query with its weight.
type term struct {
	stem   string
	weight float64
}

// contentWord is one of the parent's own (non-filler) words with the stems
// that stand for it: its own stem (or its correction's) and the stems the
// vocabulary adds for phrases it is part of.
type contentWord struct {
	stem  string
	adds  []string
	known bool // the guide or the vocabulary uses it (after correction)
}

// analysed is a question ready for searching and judging.
type analysed struct {
	terms   []term
	content []contentWord
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

// analyse turns question text into weighted stems.
func (ix *Index) analyse(question string) analysed {
	ws := words(truncateUTF8(question, maxQuestionBytes))
	infos := ix.vocab.expandWords(ws)
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
	for _, in := range infos {
		var addStems []string
		for _, a := range in.adds {
			for _, s := range ix.stems(a) {
				addStems = append(addStems, s)
				add(s, weightAdded)
			}
		}
		if in.filler {
			continue
		}
		word, weight, known := in.word, weightExact, ix.speller.known(in.word)
		if !known && !isNumber(word) {
			if c, ok := ix.speller.correct(word); ok {
				word, weight, known = c, weightCorrected, true
				for _, a := range ix.vocab.phrases[c] {
					for _, s := range ix.stems(a) {
						addStems = append(addStems, s)
						add(s, weightAdded)
					}
				}
			}
		}
		stems := ix.stems(word)
		if len(stems) == 0 {
			continue // a stop word
		}
		for _, s := range stems {
			add(s, weight)
		}
		q.content = append(q.content, contentWord{stem: stems[0], adds: addStems, known: known || isNumber(word)})
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

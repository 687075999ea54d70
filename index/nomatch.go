package index

import "math"

// The no-match decision. A search engine always returns its best hit; the
// question is whether that hit answers the question. We judge it by how
// much of the question the best article explains, counting only the
// parent's own content words (filler such as "how", "worried", "normal" is
// already gone), each weighted by how much it says:
//
//   - a word the guide never uses, even after typo correction ("router",
//     "passport", "carpet") weighs fully and cannot be explained: it is the
//     clearest sign a question is about something else;
//   - a word used by most articles ("baby", "milk", "feed": in more than
//     genericShare of them) weighs little: it shows the question is about
//     babies, not which article answers it ("best baby monitor");
//   - other words weigh by their rarity across articles (an idf between
//     0.5 and 1).
//
// A word counts as explained when its stem, or a guide word the vocabulary
// maps it to, occurs in the best article. The hit is accepted when the
// explained weight is at least minCoverage of the total AND at least one
// explained word is specific (not generic). Both constants are relative to
// the guide (shares of articles, shares of the question), so the decision
// does not drift as articles are added, the way a raw BM25 score threshold
// would. They were calibrated on the repository's own question sets
// (index/testdata/questions: in-scope, out-of-scope and alarming-but-fine
// questions) with `nursling eval`, choosing the largest minCoverage that
// keeps in-scope questions wrongly answered "no match" at or below 3%.
const (
	genericShare  = 0.35
	genericWeight = 0.15
	minCoverage   = 0.5
)

// explains reports whether the article for topic answers the analysed
// question.
func (ix *Index) explains(q analysed, topic string) bool {
	doc := ix.docStems[topic]
	n := float64(len(ix.docStems))
	var total, explained float64
	specific := false
	for _, w := range q.content {
		weight := ix.weight(w, n)
		total += weight
		hit := doc[w.stem]
		for _, a := range w.adds {
			hit = hit || doc[a]
		}
		if hit {
			explained += weight
			if weight > genericWeight {
				specific = true
			}
		}
	}
	if total == 0 || !specific {
		return false
	}
	return explained/total >= minCoverage
}

// weight is how much a content word says about what the question is about.
func (ix *Index) weight(w contentWord, n float64) float64 {
	df := float64(ix.df[w.stem])
	for _, a := range w.adds {
		df = math.Max(df, float64(ix.df[a]))
	}
	switch {
	case !w.known && df == 0:
		return 1
	case df == 0:
		// Known to the vocabulary but in no article: a parent's word for
		// something the guide does not cover.
		return 1
	case df/n > genericShare:
		return genericWeight
	default:
		return 0.5 + 0.5*math.Log(n/df)/math.Log(n)
	}
}

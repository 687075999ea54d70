package index

import "math"

// The no-match decision. A search engine always returns its best hit; the
// question is whether that hit answers the question. We judge it by how
// much of the question the best article explains, counting only the
// parent's own content (filler such as "how", "worried", "normal" is
// already gone; a known phrase such as "out and about" is one unit), each
// unit weighted by how much it says:
//
//   - a word the guide never uses, even after typo correction ("router",
//     "passport", "carpet"), weighs 1 and cannot be explained: it is the
//     clearest sign a question is about something else;
//   - an off-topic subject from the vocabulary ("nappy rash", "sleep
//     training", "jabs") weighs offTopicWeight and is never explained, even
//     where an article mentions it in passing;
//   - a generic word (the vocabulary's list: baby, milk, feed...; or any
//     stem in more than genericShare of the articles) weighs genericWeight:
//     it shows the question is about babies, not which article answers it
//     ("best baby monitor");
//   - other words weigh by their rarity across articles (an idf between
//     0.5 and 1).
//
// A unit is explained when its stem, or a guide word the vocabulary maps it
// to, occurs in the best article: fully when it is in the article's
// keywords, title or summary (what it is about), by bodyOnlyFactor when only
// its body mentions it. A guide word the best article lacks counts against
// it by knownMissFactor only (it may belong to the question's context). The
// hit is accepted when the explained weight is at least minCoverage of the
// total AND at least one specific (non-generic) unit is what the article is
// about. Every constant is relative (shares of articles, shares of the
// question), so the decision does not drift as articles are added, the way
// a raw BM25 score threshold would. They were calibrated with the table
// that `NURSLING_CALIBRATE=1 go test ./index -run Calibrate` prints for the
// repository's question sets (in-scope, out-of-scope and alarming-but-fine
// questions), choosing the largest minCoverage that keeps in-scope
// questions wrongly answered "no match" at or below 3%.
const (
	genericShare    = 0.7
	genericWeight   = 0.15
	minCoverage     = 0.4
	knownMissFactor = 0.3
	bodyOnlyFactor  = 0.6
	offTopicWeight  = 4
	oovWeight       = 1.0
)

// explains reports whether the article for topic answers the analysed
// question.
func (ix *Index) explains(q analysed, topic string) bool {
	cov, specific := ix.coverage(q, topic)
	return specific && cov >= ix.minCoverage
}

// coverage is the weighted share of the question's content the article
// explains, and whether an explained unit is specific (not generic).
func (ix *Index) coverage(q analysed, topic string) (float64, bool) {
	doc, about, asked := ix.docStems[topic], ix.docAbout[topic], ix.docAsked[topic]
	var total, explained float64
	specific := false
	for _, u := range q.content {
		if u.number {
			continue // ages, times and amounts say little about the topic
		}
		weight := ix.weight(u)
		if !ix.explained(u, doc) && u.known && !u.offTopic {
			// A guide word the best article lacks is weaker evidence
			// against it than a word the guide never uses.
			weight *= ix.knownMissFactor
		}
		total += weight
		switch {
		case ix.explained(u, about):
			explained += weight
			specific = specific || weight > genericWeight
		case ix.explained(u, doc):
			// Mentioned only in the body: the article touches the word
			// but is not about it ("hot weather" in the drinking article
			// does not make it a weather forecast).
			// It is also not enough on its own: some specific word must
			// be what the article is about.
			explained += weight * bodyOnlyFactor
		case ix.fuse.askedFactor > 0 && ix.explained(u, asked):
			// Only parents' example questions for the article use the
			// word: it is how they ask for it, not what it says.
			explained += weight * ix.fuse.askedFactor
		}
	}
	if total == 0 {
		return 0, false
	}
	return explained / total, specific
}

func (ix *Index) explained(u contentUnit, doc map[string]bool) bool {
	if u.offTopic {
		return false
	}
	for _, s := range u.stems {
		if doc[s] {
			return true
		}
	}
	for _, s := range u.adds {
		if doc[s] {
			return true
		}
	}
	return false
}

// weight is how much a unit says about what the question is about: the
// weight of its most telling stem, its own or one the vocabulary adds.
func (ix *Index) weight(u contentUnit) float64 {
	if u.generic {
		return genericWeight
	}
	if u.offTopic {
		return offTopicWeight
	}
	if !u.known {
		return ix.oovWeight
	}
	n := float64(len(ix.docStems))
	best, found := 0.0, false
	for _, stems := range [][]string{u.stems, u.adds} {
		for _, s := range stems {
			df := float64(ix.df[s])
			w := 0.0
			switch {
			case df == 0:
				continue
			case df/n > genericShare:
				w = genericWeight
			default:
				w = 0.5 + 0.5*math.Log(n/df)/math.Log(n)
			}
			if w > best {
				best, found = w, true
			}
		}
	}
	if !found {
		// Known to the vocabulary but in no article: a parent's word for
		// something the guide does not cover.
		return 1
	}
	return best
}

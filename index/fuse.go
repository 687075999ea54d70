package index

import (
	"sort"

	"nursling/knowledge"
)

// Fusion: the final score of an article is
//
//	lexical x its BM25 score (keywords, title, summary, body and example
//	          questions fields, lifted by keyword phrases and coverage),
//	          as a share of the best BM25 score
//	+ learned x the learned ranker's probability for it
//
// and red-flag articles' scores are scaled by urgentRankFactor (the
// red-flag detector reaches them first). A semantic similarity can be
// added later as one more term. The article is accepted as the answer
// when (a) the coverage judgement says it explains the question
// (nomatch.go) and the in-scope model does not say the question is not for
// the guide, or (b) the ranker is confident and the in-scope model agrees.
type fusion struct {
	lexical, learned float64
	// questions is the boost of the example-questions field in BM25.
	questions float64
	// minInScope: below this in-scope probability a question is refused
	// even when the coverage judgement accepts it.
	minInScope float64
	// rescueRanker, rescueInScope: a question the coverage judgement
	// refuses is answered when the ranker's probability and the in-scope
	// probability reach both.
	rescueRanker, rescueInScope float64
}

var defaultFusion = fusion{lexical: 1, learned: 1, questions: questionsBoost, minInScope: 0.2, rescueRanker: 0.6, rescueInScope: 0.8}

// learnedView is what the learned models say about one question.
type learnedView struct {
	probs   []float32 // ranker probability by class (ix.topics)
	inScope float64   // 1 when there is no in-scope model
}

func (ix *Index) learned(question string) learnedView {
	feats := ix.features(question)
	v := learnedView{inScope: 1}
	if ix.ranker != nil {
		v.probs = ix.ranker.predict(feats)
	}
	if ix.scope != nil {
		v.inScope = float64(ix.scope.predict(feats)[0])
	}
	return v
}

// fused ranks the articles that either side suggests, best first.
func (ix *Index) fused(lexical map[string]float64, l learnedView) []knowledge.Hit {
	best := 0.0
	for _, s := range lexical {
		best = max(best, s)
	}
	scores := map[string]float64{}
	for t, s := range lexical {
		if best > 0 {
			scores[t] += ix.fuse.lexical * s / best
		}
	}
	for c, p := range l.probs {
		if p >= 0.01 || scores[ix.topics[c]] > 0 {
			scores[ix.topics[c]] += ix.fuse.learned * float64(p)
		}
	}
	hits := make([]knowledge.Hit, 0, len(scores))
	for t, s := range scores {
		a := ix.lib.Article(t)
		if a == nil {
			continue
		}
		if a.Urgent {
			// Red-flag articles are reached first through the red-flag
			// detector, which runs on every question; in ranking they
			// give way to the calm article on the same subject, so "how
			// many wet nappies" gets the enough-milk article.
			s *= urgentRankFactor
		}
		hits = append(hits, knowledge.Hit{Topic: t, Title: a.Title, Score: s})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Topic < hits[j].Topic
	})
	return hits
}

// accepts is the no-match judgement for the best article.
func (ix *Index) accepts(q analysed, topic string, l learnedView) bool {
	if ix.explains(q, topic) && l.inScope >= ix.fuse.minInScope {
		return true
	}
	// Without out-of-scope examples there is nothing to check a rescue
	// against.
	return ix.scope != nil && ix.rankerProb(l, topic) >= ix.fuse.rescueRanker && l.inScope >= ix.fuse.rescueInScope
}

func (ix *Index) rankerProb(l learnedView, topic string) float64 {
	for c, t := range ix.topics {
		if t == topic && c < len(l.probs) {
			return float64(l.probs[c])
		}
	}
	return 0
}

package index

import (
	"math"
	"sort"

	"nursling/knowledge"
)

// Fusion: the final score of an article is
//
//	lexical x its BM25 score (keywords, title, summary, body and example
//	          questions fields, lifted by keyword phrases and coverage),
//	          as a share of the best BM25 score
//	+ learned x the learned ranker's probability for it
//	+ neighbour x the cosine of its nearest example question
//
// and red-flag articles' scores are scaled by urgentRankFactor (the
// red-flag detector reaches them first). A semantic similarity can be
// added later as one more term here and one more judgement feature. The
// weights were chosen with the cross-validation table
// (NURSLING_CALIBRATE=1 NURSLING_CV=1 NURSLING_FUSE=1): each term adds a
// point or two of top-1 on held-out example questions. Whether the best
// article answers at all is accepts' decision.
type fusion struct {
	lexical, learned, neighbour float64
	// semantic weighs the cosine with the article's example centroid
	// (centroids.go); 0: on held-out examples it did not add a point.
	semantic float64
	// grams are the sizes of the character n-grams (features.go): 3-4,
	// from NURSLING_GRAMS=1, is as good on held-out examples as 3-5 (top-1
	// 0.687 against 0.685, out-of-scope refused 0.857 both) with a third
	// fewer features to train.
	grams [2]int
	// questions is the boost of the example-questions field in BM25.
	questions float64
	// judge are the no-match model's weights; a best hit whose accept
	// probability is below minAccept is no match.
	judge     [numJudge]float64
	minAccept float64
	// askedFactor: a question word that only the article's example
	// questions use counts this share as explained (nomatch.go); 0.6
	// from NURSLING_ASKED=1, a small gain.
	askedFactor float64
}

var defaultFusion = fusion{grams: [2]int{3, 4}, lexical: 1, learned: 1, neighbour: 0.5, askedFactor: 0.6, questions: questionsBoost, judge: judgeWeights, minAccept: 0.5}

// learnedView is what the learned models say about one question.
type learnedView struct {
	probs   []float32 // ranker probability by class (ix.topics)
	near    []float32 // best example cosine by class
	sem     []float32 // centroid cosine by class, when semantic > 0
	inScope float64   // 1 when there is no in-scope model
}

func (ix *Index) learned(question string) learnedView {
	feats := ix.features(question)
	v := learnedView{inScope: 1}
	if ix.ranker != nil {
		v.probs = ix.ranker.predict(feats)
	}
	if ix.near != nil && ix.fuse.neighbour > 0 {
		v.near = ix.near.scores(feats)
	}
	if ix.sem != nil && ix.fuse.semantic > 0 {
		v.sem = ix.sem.scores(question)
	}
	if ix.none >= 0 && ix.none < len(v.probs) {
		v.inScope = 1 - float64(v.probs[ix.none])
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
		if c >= len(ix.topics) {
			break // the none class
		}
		if p >= 0.01 || scores[ix.topics[c]] > 0 {
			scores[ix.topics[c]] += ix.fuse.learned * float64(p)
		}
	}
	for c, s := range l.near {
		if s >= 0.2 || scores[ix.topics[c]] > 0 {
			scores[ix.topics[c]] += ix.fuse.neighbour * float64(s)
		}
	}
	for c, s := range l.sem {
		if s >= 0.5 || scores[ix.topics[c]] > 0 {
			scores[ix.topics[c]] += ix.fuse.semantic * float64(s)
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

// accepts is the no-match judgement for the best hit: a logistic model
// over what the other judgements say (judgeFeatures), its weights fitted
// on held-out example and out-of-scope questions (TestCrossValidate with
// NURSLING_FIT=1 prints them). With no out-of-scope examples to learn the
// none class from, the coverage judgement alone decides.
func (ix *Index) accepts(q analysed, hits []knowledge.Hit, l learnedView) bool {
	if len(hits) == 0 {
		return false
	}
	explains := ix.explains(q, hits[0].Topic)
	if ix.none < 0 {
		return explains
	}
	// What examples cannot teach: a subject the vocabulary marks
	// off-topic ("jabs", "nappy rash") that the coverage judgement does
	// not accept is no match, however the model reads the rest.
	if !explains && hasOffTopic(q) {
		return false
	}
	return ix.acceptScore(ix.judgeFeatures(q, hits, l)) >= ix.fuse.minAccept
}

// judgeFeatures are the no-match model's inputs: a constant, the coverage
// judgement (share explained, a specific word explained, accepted), the
// in-scope probability (1 - none), the ranker's and the nearest example's
// support for the best article, and the fused score's margin over the
// second.
func (ix *Index) judgeFeatures(q analysed, hits []knowledge.Hit, l learnedView) [numJudge]float64 {
	best := hits[0].Topic
	cov, specific := ix.coverage(q, best)
	var x [numJudge]float64
	x[0] = 1
	x[1] = cov
	x[2] = b2f(specific)
	x[3] = b2f(specific && cov >= ix.minCoverage)
	x[4] = l.inScope
	x[5] = ix.rankerProb(l, best)
	for c, t := range ix.topics {
		if t == best && c < len(l.near) {
			x[6] = float64(l.near[c])
		}
	}
	if len(hits) > 1 && hits[0].Score > 0 {
		x[7] = 1 - hits[1].Score/hits[0].Score
	} else {
		x[7] = 1
	}
	return x
}

const numJudge = 8

// judgeWeights: fitted by TestCrossValidate (NURSLING_FIT=1) on the
// held-out folds of the example and out-of-scope questions (2,400 and
// 450). The in-scope probability and the share explained carry most of
// the weight. minAccept 0.5 from the same table: on held-out questions,
// 0.064 of in-scope questions refused and 0.908 of out-of-scope ones
// (0.4: 0.048 and 0.882; 0.6: 0.083 and 0.931).
var judgeWeights = [numJudge]float64{-7.08, 5.78, -1.40, 0.27, 7.16, -0.07, 1.06, -1.73}

func (ix *Index) acceptScore(x [numJudge]float64) float64 {
	z := 0.0
	for i, v := range x {
		z += ix.fuse.judge[i] * v
	}
	return 1 / (1 + math.Exp(-z))
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (ix *Index) rankerProb(l learnedView, topic string) float64 {
	for c, t := range ix.topics {
		if t == topic && c < len(l.probs) {
			return float64(l.probs[c])
		}
	}
	return 0
}

func hasOffTopic(q analysed) bool {
	for _, u := range q.content {
		if u.offTopic {
			return true
		}
	}
	return false
}

package index

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"nursling/knowledge"
)

// Explain describes how a question was read and judged: its content words
// with their weights and whether the best article explains each. It is for
// curators tuning the vocabulary (`nursling ask --explain`), not for chats.
func (ix *Index) Explain(ctx context.Context, question string) (string, error) {
	q := ix.analyse(question)
	res, err := ix.Search(ctx, question)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("terms:")
	for _, t := range q.terms {
		fmt.Fprintf(&b, " %s(%.1f)", t.stem, t.weight)
	}
	b.WriteString("\n")
	best := ""
	if len(res.Hits) > 0 {
		best = res.Hits[0].Topic
	}
	doc := ix.docStems[best]
	for _, u := range q.content {
		mark := " "
		if ix.explained(u, doc) {
			mark = "✓"
		}
		label := u.label
		if label == "" {
			label = "(phrase)"
		}
		fmt.Fprintf(&b, "  %s %-20s weight %.2f known=%v stems=%v adds=%v\n", mark, label, ix.weight(u), u.known, u.stems, u.adds)
	}
	cov, specific := ix.coverage(q, best)
	fmt.Fprintf(&b, "specific=%v ", specific)
	fmt.Fprintf(&b, "best %q coverage %.2f no_match=%v\n", best, cov, res.NoMatch)
	for _, h := range res.Hits {
		fmt.Fprintf(&b, "  %-26s %.3f\n", h.Topic, h.Score)
	}
	ix.explainLearned(&b, question, res.Hits)
	return b.String(), nil
}

// explainLearned shows the learned side: the ranker's probabilities, the
// features that weigh most for the best article, and the no-match model's
// inputs and verdict.
func (ix *Index) explainLearned(b *strings.Builder, question string, hits []knowledge.Hit) {
	if ix.ranker == nil || len(hits) == 0 {
		return
	}
	l := ix.learned(question)
	best := hits[0].Topic
	fmt.Fprintf(b, "learned: in scope %.2f", l.inScope)
	for _, h := range hits {
		fmt.Fprintf(b, "  %s %.2f", h.Topic, ix.rankerProb(l, h.Topic))
	}
	b.WriteString("\n")
	names := map[uint64]string{}
	feats := ix.featuresNamed(question, names)
	for c, t := range ix.topics {
		if t == best {
			b.WriteString("  features for " + best + ":")
			writeTop(b, feats, names, ix.ranker.contributions(feats, c))
		}
	}
	if ix.none >= 0 {
		b.WriteString("  features for none:")
		writeTop(b, feats, names, ix.ranker.contributions(feats, ix.none))
		x := ix.judgeFeatures(ix.analyse(question), hits, l)
		fmt.Fprintf(b, "judge: coverage %.2f specific %.0f explains %.0f in-scope %.2f ranker %.2f neighbour %.2f margin %.2f -> accept %.2f (min %.2f)\n",
			x[1], x[2], x[3], x[4], x[5], x[6], x[7], ix.acceptScore(x), ix.fuse.minAccept)
	}
}

// writeTop writes the six features that add most to a class's score.
func writeTop(b *strings.Builder, feats []feature, names map[uint64]string, contrib []float32) {
	idx := make([]int, len(feats))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool { return contrib[idx[i]] > contrib[idx[j]] })
	for n, i := range idx {
		if n == 6 || contrib[i] <= 0 {
			break
		}
		fmt.Fprintf(b, " %s(%+.2f)", names[feats[i].hash], contrib[i])
	}
	b.WriteString("\n")
}

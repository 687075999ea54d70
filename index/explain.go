package index

import (
	"context"
	"fmt"
	"strings"
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
	return b.String(), nil
}

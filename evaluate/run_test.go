package evaluate

import (
	"context"
	"strings"
	"testing"

	"nursling/knowledge"
)

// scripted answers each question from a table.
type scripted map[string]knowledge.SearchResult

func (s scripted) Search(ctx context.Context, q string) (knowledge.SearchResult, error) {
	return s[q], nil
}

func hits(topics ...string) knowledge.SearchResult {
	var r knowledge.SearchResult
	for _, t := range topics {
		r.Hits = append(r.Hits, knowledge.Hit{Topic: t})
	}
	return r
}

func TestRunFigures(t *testing.T) {
	qs := []Question{
		{Q: "top1", Expect: []string{"latch"}},
		{Q: "second", Expect: []string{"latch"}},
		{Q: "fourth", Expect: []string{"latch"}},
		{Q: "refused", Expect: []string{"latch"}},
		{Q: "weather"},
		{Q: "stroller"},
		{Q: "fever", Expect: []string{"urgent-baby-illness"}, Urgent: true},
		{Q: "calm but flagged", Expect: []string{"jaundice"}},
	}
	s := scripted{
		"top1":             hits("latch", "positions"),
		"second":           hits("positions", "latch"),
		"fourth":           hits("a", "b", "c", "latch"),
		"refused":          {NoMatch: true, Hits: hits("latch").Hits},
		"weather":          {NoMatch: true},
		"stroller":         hits("twins-multiples"),
		"fever":            hits("feeding-frequency"),
		"calm but flagged": hits("jaundice"),
	}
	flag := func(q string) string {
		if q == "fever" || q == "calm but flagged" {
			return "urgent-baby-illness"
		}
		return ""
	}
	r, err := Run(context.Background(), "test", s, &knowledge.Library{}, flag, qs)
	if err != nil {
		t.Fatal(err)
	}
	// In scope: 6 (top1, second, fourth, refused, fever, calm). The flagged
	// fever question leads with its urgent article, so it is a top-1 hit;
	// the flagged calm one loses its top-1 to the urgent article but keeps
	// it in the top 3.
	checks := []struct {
		name      string
		got, want float64
	}{
		{"top-1", r.Top1, 2.0 / 6},
		{"recall@3", r.Recall3, 4.0 / 6},
		{"wrong no-match", r.WrongNoMatch, 1.0 / 6},
		{"out-of-scope no-match", r.NoMatchOK, 1.0 / 2},
		{"urgent hit", r.UrgentHit, 1},
		{"false urgent", r.FalseUrgent, 1.0 / 7},
	}
	for _, c := range checks {
		if diff := c.got - c.want; diff > 1e-9 || diff < -1e-9 {
			t.Errorf("%s = %.3f, want %.3f", c.name, c.got, c.want)
		}
	}
	var out strings.Builder
	if Print(&out, r) {
		t.Error("Print says every target is met")
	}
	PrintMisses(&out, r)
	for _, want := range []string{"top-1 accuracy", "MISSED", "MISS [wrong top-1]", "q: stroller", "false urgent"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestParseQuestions(t *testing.T) {
	qs, err := ParseQuestions([]byte("questions:\n  - q: \"how often\"\n    expect: [feeding-frequency]\n  - q: \"weather\"\n    expect: []\n"))
	if err != nil || len(qs) != 2 || !qs[0].InScope() || qs[1].InScope() {
		t.Fatalf("ParseQuestions = %+v, %v", qs, err)
	}
	for name, bad := range map[string]string{
		"unknown field": "questions:\n  - q: x\n    expected: [a]\n",
		"empty text":    "questions:\n  - q: \"\"\n",
		"not yaml":      "questions: [",
	} {
		if _, err := ParseQuestions([]byte(bad)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

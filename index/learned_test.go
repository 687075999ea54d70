package index

import (
	"context"
	"strings"
	"testing"
)

// TestTrainingIsDeterministic: two builds give the same model, so figures
// and tests are stable.
func TestTrainingIsDeterministic(t *testing.T) {
	a, b := mustBuild(t), mustBuild(t)
	if len(a.ranker.w) != len(b.ranker.w) || a.none != b.none || a.none < 0 {
		t.Fatalf("models differ in shape (none %d, %d)", a.none, b.none)
	}
	for i := range a.ranker.w {
		if a.ranker.w[i] != b.ranker.w[i] {
			t.Fatalf("weight %d differs: %v vs %v", i, a.ranker.w[i], b.ranker.w[i])
		}
	}
}

// TestLearnedReading: what the ranker learned from examples reaches words
// the keywords and vocabulary do not list, and the none class keeps
// borrowed words out.
func TestLearnedReading(t *testing.T) {
	ix := mustBuild(t)
	tests := []struct {
		q    string
		want string // "" for no match
	}{
		{"how do i wean kittens off their mum", ""},
		{"my boobie is rock hard and hot, can i still feed", "engorgement"},
		{"when should baby have their first jabs", ""},
		{"thank you so much", ""},
	}
	for _, tt := range tests {
		res, err := ix.Search(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if !res.NoMatch {
			got = res.Hits[0].Topic
		}
		if got != tt.want {
			t.Errorf("Search(%q) = %q, want %q (hits %v)", tt.q, got, tt.want, res.Hits)
		}
	}
}

func TestExplainShowsTheModel(t *testing.T) {
	ix := mustBuild(t)
	out, err := ix.Explain(context.Background(), "my boobie is rock hard and hot")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"learned: in scope", "features for engorgement:", "features for none:", "judge: coverage", "-> accept"} {
		if !strings.Contains(out, want) {
			t.Errorf("Explain lacks %q:\n%s", want, out)
		}
	}
}

func TestFeatures(t *testing.T) {
	ix := mustBuild(t)
	names := map[uint64]string{}
	fs := ix.featuresNamed("Sore boobies!!", names)
	var got []string
	for _, f := range fs {
		got = append(got, names[f.hash])
	}
	all := strings.Join(got, " ")
	for _, want := range []string{"word:sore", "vocab:breast", "pair:sore boobi", "chars:<bo", "chars:ies>"} {
		if !strings.Contains(all, want) {
			t.Errorf("features of %q lack %s: %s", "Sore boobies!!", want, all)
		}
	}
	if len(ix.features("")) != 0 {
		t.Error("empty text has features")
	}
}

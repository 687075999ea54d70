package evaluate

import (
	"path/filepath"
	"testing"

	"nursling/knowledge"
)

// maxNearShare is how close (edit distance over the longer length, after
// knowledge.NormalizeQuestion) an evaluation question may come to an
// example question: closer than this it is a copy with a typo or two, and
// the figures would measure memory, not understanding.
const maxNearShare = 0.2

// TestNoEvaluationQuestionIsAnExample keeps the measurements honest: the
// learned ranker is trained on the guide's example questions, so no
// question of any evaluation set in the repository may be one of them, or
// within a small edit distance of one.
func TestNoEvaluationQuestionIsAnExample(t *testing.T) {
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		t.Fatalf("LoadBuiltin: %v", err)
	}
	var examples []string
	for _, a := range lib.Articles {
		examples = append(examples, a.Examples...)
	}
	for _, ex := range append(lib.OutOfScope, lib.SmallTalk...) {
		examples = append(examples, ex.Text)
	}
	if len(examples) == 0 {
		t.Fatal("the guide has no example questions")
	}
	idx := newNearIndex(examples)
	paths, _ := filepath.Glob("testdata/*.yaml")
	more, _ := filepath.Glob("../index/testdata/questions/*.yaml")
	paths = append(paths, more...)
	if len(paths) < 5 {
		t.Fatalf("found only %d evaluation sets", len(paths))
	}
	checked := 0
	for _, p := range paths {
		qs, err := LoadQuestions(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			checked++
			if ex, share, ok := idx.nearest(q.Q, maxNearShare); ok {
				t.Errorf("%s: %q is %.2f from example %q", filepath.Base(p), q.Q, share, ex)
			}
		}
	}
	t.Logf("%d evaluation questions checked against %d examples", checked, len(examples))
}

func TestNearIndex(t *testing.T) {
	idx := newNearIndex([]string{"how often should a newborn feed", "can I drink coffee"})
	tests := []struct {
		q    string
		near bool
	}{
		{"How often should a newborn feed?", true},
		{"how oftn shuld a newborn feed", true},
		{"can i drink cofee", true},
		{"how often should a toddler eat solids", false},
		{"is wine ok when breastfeeding", false},
	}
	for _, tt := range tests {
		if _, _, got := idx.nearest(tt.q, maxNearShare); got != tt.near {
			t.Errorf("nearest(%q) near = %v, want %v", tt.q, got, tt.near)
		}
	}
}

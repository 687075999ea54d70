package index

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRanking runs the repository's own question sets (written from how
// parents write, without looking at the vocabulary) on the production
// engine and holds the figures at or above a floor, so a change that hurts
// retrieval fails here before it reaches parents. The floors sit a little
// under today's figures; `nursling eval -v` lists individual misses.
func TestRanking(t *testing.T) {
	paths, err := filepath.Glob("testdata/questions/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no question files: %v", err)
	}
	f := measure(t, mustBuild(t), loadQuestionFiles(t, paths...))
	figures := []struct {
		name  string
		got   float64
		floor float64
		above bool
	}{
		{"top-1 accuracy", f.top1, 0.88, true},
		{"recall@3", f.recall3, 0.95, true},
		{"in-scope wrongly no-match", f.wrongNoMatch, 0.035, false},
		{"out-of-scope no-match", f.noMatchOK, 0.80, true},
	}
	for _, fig := range figures {
		t.Logf("%-26s %.3f", fig.name, fig.got)
		if fig.above && fig.got < fig.floor || !fig.above && fig.got > fig.floor {
			t.Errorf("%s = %.3f, floor %.2f", fig.name, fig.got, fig.floor)
		}
	}
}

func TestSearchCases(t *testing.T) {
	ix := mustBuild(t)
	tests := []struct {
		name    string
		q       string
		want    string // expected first topic; "" means no match
		inTop3  bool
		comment string
	}{
		{name: "plain", q: "how do I store expressed milk in the freezer", want: "milk-storage"},
		{name: "slang boob and LO", q: "LO keeps popping off the boob", want: "latch"},
		{name: "misspelt mastitis", q: "mastitus??", want: "mastitis"},
		{name: "misspelt colostrum", q: "is colustrum enough on day 2", want: "colostrum-first-days", inTop3: true},
		{name: "british nappies", q: "EBF 6wk, how many wet nappies", want: "enough-milk"},
		{name: "american diapers", q: "how many wet diapers is enough", want: "enough-milk"},
		{name: "alcohol", q: "can i have a glass of wine", want: "alcohol"},
		{name: "tongue tie abbreviation", q: "does a posterior tt affect feeding", want: "tongue-tie"},
		{name: "oz units", q: "pumping 2oz per session, is that low", want: "pumping", inTop3: true},
		{name: "weather", q: "what's the weather tomorrow", want: ""},
		{name: "stroller", q: "which stroller folds up smallest", want: ""},
		{name: "baby monitor", q: "best baby monitor", want: ""},
		{name: "car seat", q: "which car seat fits a small car", want: ""},
		{name: "off-topic phrase mentioned in an article", q: "what's the best nappy rash cream", want: ""},
		{name: "off-topic word", q: "when should baby have their first jabs", want: ""},
		{name: "in-scope phrase with an off-topic word inside", q: "how do i do the cross cradle hold", want: "positions"},
		{name: "empty", q: "", want: ""},
		{name: "only punctuation", q: "?!?! ...", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if tt.want == "" {
				if !res.NoMatch {
					t.Errorf("want no match, got %v", res.Hits)
				}
				return
			}
			if res.NoMatch {
				t.Fatalf("no match, want %s (hits %v)", tt.want, res.Hits)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Topic)
			}
			if tt.inTop3 {
				if !slices.Contains(got[:min(3, len(got))], tt.want) {
					t.Errorf("%s not in top 3 %v", tt.want, got)
				}
			} else if got[0] != tt.want {
				t.Errorf("first = %s, want %s (all %v)", got[0], tt.want, got)
			}
		})
	}
}

// TestHostileQueries: user text is never parsed as query syntax, and odd
// input neither errors nor panics.
func TestHostileQueries(t *testing.T) {
	ix := mustBuild(t)
	for _, q := range []string{
		`+title:latch -body:milk`,
		`*`, `~`, `/reg.*ex/`, `latch~2`, `"unclosed phrase`,
		`'; DROP TABLE entries; --`,
		"\x00\x01\x02 sore nipples \u200d\u202e",
		strings.Repeat("😭", 5000),
		strings.Repeat("sore nipples ", 20000),
		string([]byte{0xff, 0xfe, 0xfd}) + " mastitis",
	} {
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Errorf("Search(%.30q) error: %v", q, err)
		}
		if len(res.Hits) > 5 {
			t.Errorf("Search(%.30q) returned %d hits", q, len(res.Hits))
		}
	}
	res, err := ix.Search(context.Background(), `+title:latch`)
	if err != nil || len(res.Hits) == 0 || res.Hits[0].Topic != "latch" {
		t.Errorf("query syntax should be read as plain words: %v %v", res, err)
	}
}

func TestSpeller(t *testing.T) {
	s := newSpeller(map[string]int{"mastitis": 3, "colostrum": 2, "drain": 1, "engorgement": 1, "latch": 9, "position": 4, "tongue": 2})
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"mastitus", "mastitis", true},
		{"colustrum", "colostrum", true},
		{"engorgment", "engorgement", true},
		{"mastitsi", "mastitis", true}, // transposition
		{"lach", "", false},            // too short to correct safely
		{"positive", "", false},        // a real word two edits away stays itself
		{"router", "", false},
	}
	for _, tt := range tests {
		got, ok := s.correct(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("correct(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestVocabularyParses(t *testing.T) {
	v, err := parseVocabulary(vocabularyYAML)
	if err != nil {
		t.Fatalf("vocabulary.yaml: %v", err)
	}
	for phrase, want := range map[string]string{"boob": "breast", "lo": "baby", "diaper": "nappy", "letdown": "let", "tongue tied": "tongue"} {
		if !slices.Contains(v.phrases[phrase], want) {
			t.Errorf("%q maps to %v, want it to include %q", phrase, v.phrases[phrase], want)
		}
	}
	if _, err := parseVocabulary([]byte("groups:\n  - to: x\n    from: []\n")); err == nil {
		t.Error("a group without from words should be an error")
	}
	if _, err := parseVocabulary([]byte("grups: []\n")); err == nil {
		t.Error("an unknown key should be an error")
	}
}

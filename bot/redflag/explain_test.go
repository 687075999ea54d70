package redflag

import (
	"os"
	"testing"
)

// TestExplainLexicon prints what the lexicon matched in $REDFLAG_EXPLAIN (a
// curator's tool: go test -run TestExplainLexicon -v with the variable set).
func TestExplainLexicon(t *testing.T) {
	text := os.Getenv("REDFLAG_EXPLAIN")
	if text == "" {
		text = "I want to die"
	}
	d := New()
	lines := d.lexicon.Explain(text)
	if len(lines) == 0 && os.Getenv("REDFLAG_EXPLAIN") == "" {
		t.Fatal("the lexicon did not explain a plain disclosure")
	}
	for _, l := range lines {
		t.Log(l)
	}
}

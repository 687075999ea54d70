package evaluate

import (
	"context"
	"testing"

	_ "modernc.org/sqlite"

	"nursling/knowledge"
)

func TestFTS5Baseline(t *testing.T) {
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFTS5(context.Background(), lib)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := f.Search(context.Background(), "how do I store expressed milk in the freezer")
	if err != nil || res.NoMatch || len(res.Hits) == 0 || len(res.Hits) > 5 {
		t.Fatalf("Search = %+v, %v", res, err)
	}
	found := false
	for _, h := range res.Hits {
		found = found || h.Topic == "milk-storage"
	}
	if !found {
		t.Errorf("milk-storage not among %+v", res.Hits)
	}
	// FTS5 query syntax in the question is quoted away, not obeyed.
	for _, q := range []string{`latch" OR "x`, `NEAR(a b)`, `*`, ``, `"`} {
		if _, err := f.Search(context.Background(), q); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
}

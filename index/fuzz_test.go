package index

import (
	"context"
	"testing"
)

// FuzzSearch: any text is read without panic or error, gives at most five
// hits, and is answered or refused with the best hit first.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"", "how often should a newborn feed", "boobie sooooore!!! 90ml", "\xff\xfe", "what about at night?", "thanks"} {
		f.Add(s)
	}
	ix := mustBuild(f)
	f.Fuzz(func(t *testing.T, q string) {
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if len(res.Hits) > 5 {
			t.Errorf("Search(%q) gave %d hits", q, len(res.Hits))
		}
		if !res.NoMatch && len(res.Hits) == 0 {
			t.Errorf("Search(%q) answered with no hit", q)
		}
		for i := 1; i < len(res.Hits); i++ {
			if res.Hits[i].Score > res.Hits[i-1].Score {
				t.Errorf("Search(%q) hits out of order: %v", q, res.Hits)
			}
		}
	})
}

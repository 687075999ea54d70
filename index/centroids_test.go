package index

import (
	"math"
	"testing"
)

// TestCentroids checks the semantic view on a toy embedding: the centroid
// of an article is the normalised mean of its examples, and a question
// scores its cosine with each centroid (0 for an unknown question or an
// article without a known example).
func TestCentroids(t *testing.T) {
	vecs := map[string][]float32{
		"latch": {1, 0}, "nipple": {1, 1}, "sleep": {0, 1},
	}
	embed := func(s string) []float32 { return vecs[s] }
	c := newCentroids(embed, [][]string{{"latch", "nipple"}, {"sleep"}, {"unknown"}})
	for _, tc := range []struct {
		q    string
		want []float32
	}{
		{"latch", []float32{0.894, 0, 0}},
		{"sleep", []float32{0.447, 1, 0}},
		{"nipple", []float32{0.949, 0.707, 0}},
		{"unknown", []float32{0, 0, 0}},
	} {
		got := c.scores(tc.q)
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %d scores, want %d", tc.q, len(got), len(tc.want))
		}
		for i := range got {
			if math.Abs(float64(got[i]-tc.want[i])) > 1e-3 {
				t.Errorf("%s: score %d = %.3f, want %.3f", tc.q, i, got[i], tc.want[i])
			}
		}
	}
}

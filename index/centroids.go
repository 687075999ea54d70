package index

import "math"

// centroids is the semantic view of the articles: each article's mean
// sentence vector over its example questions, unit length. It is an
// experiment measured by the cross-validation table (NURSLING_SEM=1); its
// fusion weight is 0 in production because it did not pay (fuse.go).
type centroids struct {
	embed func(string) []float32
	vecs  [][]float32 // by class (ix.topics); nil when no example is known
}

func newCentroids(embed func(string) []float32, examples [][]string) *centroids {
	c := &centroids{embed: embed, vecs: make([][]float32, len(examples))}
	for i, exs := range examples {
		var acc []float32
		for _, ex := range exs {
			v := embed(ex)
			if v == nil {
				continue
			}
			if acc == nil {
				acc = make([]float32, len(v))
			}
			for j, x := range v {
				acc[j] += x
			}
		}
		c.vecs[i] = unitVec(acc)
	}
	return c
}

// scores is the cosine of the question's sentence vector with each
// article's centroid (0 where either is unknown).
func (c *centroids) scores(question string) []float32 {
	out := make([]float32, len(c.vecs))
	q := unitVec(c.embed(question))
	if q == nil {
		return out
	}
	for i, v := range c.vecs {
		if v == nil {
			continue
		}
		var d float32
		for j, x := range q {
			d += x * v[j]
		}
		out[i] = d
	}
	return out
}

func unitVec(v []float32) []float32 {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		return nil
	}
	inv := float32(1 / math.Sqrt(n))
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x * inv
	}
	return out
}

package index

// neighbours finds the example questions nearest to a question: the
// cosine of their feature vectors (features.go), through an inverted
// index from feature to the examples that have it. An article's neighbour
// score is its best example's cosine.
type neighbours struct {
	postings map[uint64][]posting
	norms    []float32 // by example
	class    []int     // example -> article class
	k        int
}

type posting struct {
	example int32
	value   float32
}

func newNeighbours(samples []sample, k int) *neighbours {
	n := &neighbours{postings: map[uint64][]posting{}, k: k}
	for i, s := range samples {
		var norm float32
		for _, f := range s.feats {
			n.postings[f.hash] = append(n.postings[f.hash], posting{int32(i), f.value})
			norm += f.value * f.value
		}
		n.norms = append(n.norms, sqrt32(norm))
		n.class = append(n.class, s.class)
	}
	return n
}

// scores returns each class's best cosine with the question's features.
func (n *neighbours) scores(feats []feature) []float32 {
	dots := make([]float32, len(n.norms))
	var qn float32
	for _, f := range feats {
		qn += f.value * f.value
		for _, p := range n.postings[f.hash] {
			dots[p.example] += f.value * p.value
		}
	}
	out := make([]float32, n.k)
	if qn == 0 {
		return out
	}
	qn = sqrt32(qn)
	for e, d := range dots {
		if d <= 0 || n.norms[e] == 0 {
			continue
		}
		cos := d / (qn * n.norms[e])
		if c := n.class[e]; cos > out[c] {
			out[c] = cos
		}
	}
	return out
}

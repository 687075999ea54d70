package evaluate

import "nursling/knowledge"

// nearIndex finds, for a question, an example within a normalised edit
// distance. A character-count bound skips most pairs before the edit
// distance is computed.
type nearIndex struct {
	texts []string
	runes [][]rune
	hist  [][37]int
}

func newNearIndex(examples []string) *nearIndex {
	ix := &nearIndex{}
	for _, e := range examples {
		r := []rune(knowledge.NormalizeQuestion(e))
		ix.texts = append(ix.texts, e)
		ix.runes = append(ix.runes, r)
		ix.hist = append(ix.hist, histogram(r))
	}
	return ix
}

func histogram(rs []rune) [37]int {
	var h [37]int
	for _, r := range rs {
		switch {
		case r >= 'a' && r <= 'z':
			h[r-'a']++
		case r >= '0' && r <= '9':
			h[26+r-'0']++
		default:
			h[36]++
		}
	}
	return h
}

// nearest returns an example whose edit distance to q, divided by the
// longer length, is below maxShare.
func (ix *nearIndex) nearest(q string, maxShare float64) (string, float64, bool) {
	a := []rune(knowledge.NormalizeQuestion(q))
	ha := histogram(a)
	for i, b := range ix.runes {
		n := max(len(a), len(b))
		if n == 0 {
			continue
		}
		limit := int(maxShare * float64(n))
		if abs(len(a)-len(b)) > limit {
			continue
		}
		// Each edit changes the character counts by at most one up and
		// one down: half the L1 distance is a lower bound.
		l1 := 0
		for k := range ha {
			l1 += abs(ha[k] - ix.hist[i][k])
		}
		if (l1+1)/2 > limit {
			continue
		}
		if d := levenshtein(a, b); float64(d) < maxShare*float64(n) {
			return ix.texts[i], float64(d) / float64(n), true
		}
	}
	return "", 0, false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

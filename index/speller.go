package index

// speller corrects a word the guide never uses to the nearest word it
// does. Short words are never corrected (too many near neighbours); the
// allowed distance grows with length: 1 edit for 6-9 letters, 2 for 10 or
// more. (With 2 edits for 8 letters, real words would be "corrected": positive -> position.) A transposition ("recieve") counts as one edit.
type speller struct {
	count    map[string]int
	byLength map[int][]string
}

const minCorrectLen = 6

func newSpeller(surface map[string]int) *speller {
	s := &speller{count: surface, byLength: map[int][]string{}}
	for w := range surface {
		n := len([]rune(w))
		if n >= minCorrectLen-1 {
			s.byLength[n] = append(s.byLength[n], w)
		}
	}
	return s
}

// known reports whether the guide (or the vocabulary) uses w.
func (s *speller) known(w string) bool { return s.count[w] > 0 }

// correct returns the nearest known word to w and true, or false when w is
// too short or nothing is near enough.
func (s *speller) correct(w string) (string, bool) {
	r := []rune(w)
	if len(r) < minCorrectLen {
		return "", false
	}
	maxDist := 1
	if len(r) >= 10 {
		maxDist = 2
	}
	best, bestDist, bestCount := "", maxDist+1, 0
	buf := make([]int, 3*(len(r)+maxDist+1))
	for n := len(r) - maxDist; n <= len(r)+maxDist; n++ {
		for _, cand := range s.byLength[n] {
			d := editDistance(r, cand, maxDist, buf)
			if d < bestDist || (d == bestDist && s.count[cand] > bestCount) {
				best, bestDist, bestCount = cand, d, s.count[cand]
			}
		}
	}
	if bestDist > maxDist {
		return "", false
	}
	return best, true
}

// editDistance is the optimal-string-alignment distance between a and b,
// giving up (returning max+1) once it must exceed max. buf is scratch
// space of at least 3*(len(b)+1) ints, reused across calls.
func editDistance(a []rune, bs string, max int, buf []int) int {
	var arr [32]rune
	b := arr[:0]
	for _, r := range bs {
		b = append(b, r)
	}
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	if need := 3 * (len(b) + 1); len(buf) < need {
		buf = make([]int, need)
	}
	prev2, prev, cur := buf[:len(b)+1], buf[len(b)+1:2*(len(b)+1)], buf[2*(len(b)+1):3*(len(b)+1)]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

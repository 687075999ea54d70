package semantic

// lookup finds the row of a word, or of the most frequent known word one
// typo away (a repeated letter squeezed, a letter dropped, added, swapped
// or replaced) for words of at least minTypoLen bytes.
func (t *Table) lookup(w string) (int32, bool) {
	if row, ok := t.index[w]; ok {
		return row, true
	}
	if len(w) < minTypoLen || len(w) > 30 {
		return 0, false
	}
	best := int32(-1)
	try := func(b []byte) {
		if row, ok := t.index[string(b)]; ok && (best < 0 || row < best) {
			best = row
		}
	}
	var buf [32]byte
	// Squeezed repeats: "sooooo" -> "so", "soo".
	for _, keep := range []int{1, 2} {
		b := buf[:0]
		run := 0
		for i := 0; i < len(w); i++ {
			if i > 0 && w[i] == w[i-1] {
				run++
			} else {
				run = 1
			}
			if run <= keep {
				b = append(b, w[i])
			}
		}
		if len(b) < len(w) {
			try(b)
		}
	}
	if best >= 0 {
		return best, true
	}
	for i := 0; i < len(w); i++ { // deletion
		b := append(append(buf[:0], w[:i]...), w[i+1:]...)
		try(b)
	}
	for i := 0; i+1 < len(w); i++ { // transposition
		b := append(buf[:0], w...)
		b[i], b[i+1] = b[i+1], b[i]
		try(b)
	}
	for i := 0; i <= len(w); i++ { // insertion
		b := append(append(append(buf[:0], w[:i]...), 'a'), w[i:]...)
		for c := byte('a'); c <= 'z'; c++ {
			b[i] = c
			try(b)
		}
	}
	for i := 0; i < len(w); i++ { // substitution
		b := append(buf[:0], w...)
		for c := byte('a'); c <= 'z'; c++ {
			if c != w[i] {
				b[i] = c
				try(b)
			}
		}
	}
	return best, best >= 0
}

// minTypoLen is the shortest word that typo correction applies to: shorter
// words have too many neighbours.
const minTypoLen = 5

package semantic

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"
)

//go:embed data/words.bin
var wordsBin []byte

// Vec is a sentence or word vector.
type Vec []float32

// Table is the embedded word-vector table. It is immutable and safe for
// concurrent use.
type Table struct {
	dims    int
	index   map[string]int32 // word -> row
	weight  []float32        // SIF weight a/(a+p(w)) per row
	scale   []byte           // count x f32, little endian
	vectors []byte           // count x dims x int8
	alias   *aliases
}

// sifA is the SIF smoothing constant: a word of estimated frequency p gets
// the weight sifA/(sifA+p), so "the", "a", "and" count for little.
const sifA = 3e-3

// zipfNorm approximates the harmonic number of the source vocabulary
// (341,479 words), turning a frequency rank into a probability.
const zipfNorm = 13.3

// Load decodes the embedded table: the word list and weights only, the
// vectors are read in place.
func Load() (*Table, error) {
	t, err := decode(wordsBin)
	if err != nil {
		return nil, fmt.Errorf("semantic: %w", err)
	}
	al, err := loadAliases()
	if err != nil {
		return nil, fmt.Errorf("semantic: %w", err)
	}
	t.alias = al
	return t, nil
}

// decode reads a table from b, which it borrows: b must not change while
// the table is in use.
func decode(b []byte) (*Table, error) {
	if len(b) < 11 || string(b[:4]) != "NSWV" || b[4] != 1 {
		return nil, errors.New("word table: bad header")
	}
	dims := int(binary.LittleEndian.Uint16(b[5:]))
	n := int(binary.LittleEndian.Uint32(b[7:]))
	p := 11
	t := &Table{dims: dims, index: make(map[string]int32, n), weight: make([]float32, n)}
	for i := range n {
		if p >= len(b) || p+1+int(b[p]) > len(b) {
			return nil, errors.New("word table: truncated word list")
		}
		l := int(b[p])
		// The words are borrowed from b (the embedded table, which never
		// changes), not copied: 4 MB and 340,000 allocations fewer.
		w := ""
		if l > 0 {
			w = unsafe.String(&b[p+1], l)
		}
		t.index[w] = int32(i)
		p += 1 + l
	}
	if len(b)-p != n*(8+dims) {
		return nil, fmt.Errorf("word table: %d bytes after the words, want %d", len(b)-p, n*(8+dims))
	}
	for i := range n {
		r := float64(binary.LittleEndian.Uint32(b[p+4*i:]))
		prob := 1 / ((r + 1) * zipfNorm)
		t.weight[i] = float32(sifA / (sifA + prob))
	}
	p += 4 * n
	t.scale = b[p : p+4*n]
	t.vectors = b[p+4*n:]
	return t, nil
}

// Dims is the length of every vector.
func (t *Table) Dims() int { return t.dims }

// Len is the number of words in the table.
func (t *Table) Len() int { return len(t.weight) }

// Has reports whether the word (lower case) has a vector.
func (t *Table) Has(word string) bool {
	_, ok := t.index[word]
	return ok
}

// addWord adds w times the word's vector to acc.
func (t *Table) addWord(acc []float32, row int32, w float32) {
	s := w * math.Float32frombits(binary.LittleEndian.Uint32(t.scale[4*row:]))
	v := t.vectors[int(row)*t.dims : int(row+1)*t.dims]
	for j, q := range v {
		acc[j] += s * float32(int8(q))
	}
}

// Sentence is the SIF-weighted mean of the vectors of the words of text,
// normalised to length 1 (nil when no word is known). Words are
// lower-cased, contractions and slang expanded (data/aliases.yaml) and a
// word one typo away from a known word is read as that word.
func (t *Table) Sentence(text string) Vec {
	acc := make(Vec, t.dims)
	if !t.accumulate(acc, text) {
		return nil
	}
	return normalize(acc)
}

// accumulate adds the weighted word vectors of text to acc and reports
// whether any word was known.
func (t *Table) accumulate(acc []float32, text string) bool {
	any := false
	t.words(text, func(w string) {
		if row, ok := t.lookup(w); ok {
			t.addWord(acc, row, t.weight[row])
			any = true
		}
	})
	return any
}

func normalize(v Vec) Vec {
	var n float32
	for _, x := range v {
		n += x * x
	}
	if n == 0 {
		return nil
	}
	inv := float32(1 / math.Sqrt(float64(n)))
	for i := range v {
		v[i] *= inv
	}
	return v
}

// Cosine is the cosine similarity of a and b (0 when either is empty or
// their lengths differ).
func Cosine(a, b Vec) float32 {
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	var dot, na, nb float32
	for i := range a {
		dot += a[i] * b[i]
		na += a[i] * a[i]
		nb += b[i] * b[i]
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / float32(math.Sqrt(float64(na)*float64(nb)))
}

// dot is the dot product of two vectors of the same length (b at least as
// long as a).
func dot(a, b []float32) float32 {
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	n := len(a)
	b = b[:n]
	i := 0
	for ; i+8 <= n; i += 8 {
		aa, bb := a[i:i+8:i+8], b[i:i+8:i+8]
		s0 += aa[0] * bb[0]
		s1 += aa[1] * bb[1]
		s2 += aa[2] * bb[2]
		s3 += aa[3] * bb[3]
		s4 += aa[4] * bb[4]
		s5 += aa[5] * bb[5]
		s6 += aa[6] * bb[6]
		s7 += aa[7] * bb[7]
	}
	for ; i < n; i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7)
}

package index

import (
	"math"
	"slices"
)

// Features for the learned ranker and the learned no-match judgement: what
// a question looks like to a linear model. Every feature is a 64-bit hash
// (FNV-1a) of a kind byte and a string, so a question is featurised without
// allocating strings:
//
//   - 'w' a word's stem (after the analyzer's stop words): "latch", "sore";
//   - 'v' a guide word the vocabulary adds ("boobie" adds breast);
//   - 'b' two consecutive stems: "sore nippl", "wet nappi";
//   - 'c' a character 3- or 4-gram of a word with its edges marked
//     ("<boo", "bie>"): typos and slang share most of them with the word.
//
// Values are scaled so each kind contributes a vector of length one,
// whatever the question's length.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hashKind(kind byte) uint64 {
	h := uint64(fnvOffset)
	h ^= uint64(kind)
	return h * fnvPrime
}

// feature is one hashed feature with its value.
type feature struct {
	hash  uint64
	value float32
}

// featureSet collects the features of one text.
type featureSet struct {
	byKind [4][]uint64
}

const (
	kindWord = iota
	kindVocab
	kindBigram
	kindChar
)

var kindBytes = [4]byte{'w', 'v', 'b', 'c'}

// kindWeights scale each kind's unit vector: whole words say most, the
// vocabulary and bigrams add precision, character n-grams carry typos.
var kindWeights = [4]float32{1.0, 0.7, 0.6, 0.8}

// features returns the hashed features of text, each distinct feature
// once. Char n-grams are taken from words of three letters or more that
// are not filler.
func (ix *Index) features(text string) []feature { return ix.featuresNamed(text, nil) }

// featuresNamed is features that also records each feature's readable
// name in names, when it is not nil (for Explain).
func (ix *Index) featuresNamed(text string, names map[uint64]string) []feature {
	ws := words(truncateUTF8(text, maxQuestionBytes))
	var fs featureSet
	prev := ""
	for _, u := range ix.vocab.units(ws) {
		for _, a := range u.adds {
			for _, s := range ix.wordStems(a) {
				h := hashString(hashKind('v'), s)
				fs.byKind[kindVocab] = append(fs.byKind[kindVocab], h)
				if names != nil {
					names[h] = "vocab:" + s
				}
			}
		}
		if u.filler {
			prev = ""
			continue
		}
		for _, w := range u.words {
			st := ix.wordStems(w)
			for _, s := range st {
				h := hashString(hashKind('w'), s)
				fs.byKind[kindWord] = append(fs.byKind[kindWord], h)
				if names != nil {
					names[h] = "word:" + s
				}
				if prev != "" {
					h := hashString(hashKind('b'), prev)
					h = hashString(h^' ', s)
					fs.byKind[kindBigram] = append(fs.byKind[kindBigram], h)
					if names != nil {
						names[h] = "pair:" + prev + " " + s
					}
				}
				prev = s
			}
			if len(st) == 0 || len(w) < 3 || isNumber(w) {
				continue
			}
			fs.byKind[kindChar] = charGrams(fs.byKind[kindChar], w, ix.fuse.grams, names)
		}
	}
	size := 0
	for k, hs := range fs.byKind {
		fs.byKind[k] = dedupe(hs)
		size += len(fs.byKind[k])
	}
	out := make([]feature, 0, size)
	for k, hs := range fs.byKind {
		if len(hs) == 0 {
			continue
		}
		v := kindWeights[k] / sqrt32(float32(len(hs)))
		for _, h := range hs {
			out = append(out, feature{hash: h, value: v})
		}
	}
	return out
}

// charGrams appends the hashes of the n-grams of "<w>", n from grams[0]
// to grams[1].
func charGrams(dst []uint64, w string, grams [2]int, names map[uint64]string) []uint64 {
	var buf [64]byte
	if len(w) > len(buf)-2 {
		w = w[:len(buf)-2]
	}
	b := append(append(append(buf[:0], '<'), w...), '>')
	for n := grams[0]; n <= grams[1]; n++ {
		for i := 0; i+n <= len(b); i++ {
			h := hashKind('c')
			for _, c := range b[i : i+n] {
				h ^= uint64(c)
				h *= fnvPrime
			}
			dst = append(dst, h)
			if names != nil {
				names[h] = "chars:" + string(b[i:i+n])
			}
		}
	}
	return dst
}

func dedupe(hs []uint64) []uint64 {
	slices.Sort(hs)
	return slices.Compact(hs)
}

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

package index

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed vocabulary.yaml
var vocabularyYAML []byte

// maxPhraseWords bounds the phrases the vocabulary may hold.
const maxPhraseWords = 5

// vocabulary maps parents' words and phrases to the guide's words, and
// knows which words are filler.
type vocabulary struct {
	// phrases maps a lowercase phrase of 1..maxPhraseWords words to the
	// guide words it adds.
	phrases  map[string][]string
	filler   map[string]bool
	generic  map[string]bool
	offTopic map[string]bool
}

type vocabularyFile struct {
	Groups []struct {
		To   string   `yaml:"to"`
		From []string `yaml:"from"`
	} `yaml:"groups"`
	Filler   []string `yaml:"filler"`
	Generic  []string `yaml:"generic"`
	OffTopic []string `yaml:"offtopic"`
}

// parseVocabulary reads vocabulary.yaml. Errors name the group at fault.
func parseVocabulary(data []byte) (*vocabulary, error) {
	var vf vocabularyFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&vf); err != nil {
		return nil, fmt.Errorf("index: vocabulary: %w", err)
	}
	v := &vocabulary{phrases: map[string][]string{}, filler: map[string]bool{}, generic: map[string]bool{}, offTopic: map[string]bool{}}
	for i, g := range vf.Groups {
		to := words(g.To)
		if len(to) == 0 || len(g.From) == 0 {
			return nil, fmt.Errorf("index: vocabulary: group %d needs to and from", i+1)
		}
		for _, f := range g.From {
			w := words(f)
			if len(w) == 0 || len(w) > maxPhraseWords {
				return nil, fmt.Errorf("index: vocabulary: group %q: %q must have 1 to %d words", g.To, f, maxPhraseWords)
			}
			key := strings.Join(w, " ")
			v.phrases[key] = appendNew(v.phrases[key], to...)
		}
	}
	for _, f := range vf.Filler {
		for _, w := range words(f) {
			v.filler[w] = true
		}
	}
	for _, g := range vf.Generic {
		for _, w := range words(g) {
			v.generic[w] = true
		}
	}
	for _, o := range vf.OffTopic {
		w := words(o)
		if len(w) == 0 || len(w) > maxPhraseWords {
			return nil, fmt.Errorf("index: vocabulary: offtopic %q must have 1 to %d words", o, maxPhraseWords)
		}
		v.offTopic[strings.Join(w, " ")] = true
	}
	return v, nil
}

// unit is one piece of meaning in a question: a phrase the vocabulary
// knows ("out and about", "tongue tied") or a single word, with the guide
// words the vocabulary adds for it.
type unit struct {
	words    []string
	adds     []string
	filler   bool // a single filler word: left out of search and judgement
	offTopic bool // a subject the guide does not cover ("nappy rash")
}

// units splits the question's words into units, matching the longest
// vocabulary phrase at each position. A phrase of two or more words is one
// unit even when its words are filler ("out and about"); a single word on
// the filler list is filler even if the vocabulary knows it. ws must come
// from words().
func (v *vocabulary) units(ws []string) []unit {
	out := make([]unit, 0, len(ws))
	var key []byte // the candidate phrase, reused: map lookups by string(key) do not allocate
	for i := 0; i < len(ws); {
		n, to, off := 1, []string(nil), false
		for k := min(maxPhraseWords, len(ws)-i); k >= 1; k-- {
			key = key[:0]
			for j, w := range ws[i : i+k] {
				if j > 0 {
					key = append(key, ' ')
				}
				key = append(key, w...)
			}
			if v.offTopic[string(key)] {
				n, off = k, true
				break
			}
			if t, ok := v.phrases[string(key)]; ok {
				n, to = k, t
				break
			}
		}
		if to == nil && !off {
			// "beers" is listed as "beer": try the singular.
			if sg, ok := singular(ws[i]); ok {
				to = v.phrases[sg]
			}
		}
		u := unit{words: ws[i : i+n], adds: to, offTopic: off}
		if n == 1 && v.filler[ws[i]] {
			u.filler, u.adds = true, nil
		}
		out = append(out, u)
		i += n
	}
	return out
}

func appendNew(dst []string, add ...string) []string {
next:
	for _, a := range add {
		for _, d := range dst {
			if d == a {
				continue next
			}
		}
		dst = append(dst, a)
	}
	return dst
}

// words lowercases s and splits it into words: letters and digits, with
// apostrophes dropped ("don't" -> "dont") and numbers split from units
// ("90ml" -> "90", "ml"; "38.5c" -> "38.5", "c").
func words(s string) []string {
	var out []string
	var cur strings.Builder
	kind := 0 // 0 none, 1 letters, 2 digits
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
		kind = 0
	}
	rs := []rune(s)
	skip := 0 // letters of an ordinal suffix still to drop ("50th")
	for i, r := range rs {
		switch {
		case r == '\'' || r == '’' || r == '‘':
			// Drop apostrophes inside words.
			continue
		case r >= '0' && r <= '9', r == '.' && kind == 2 && i+1 < len(rs) && rs[i+1] >= '0' && rs[i+1] <= '9':
			if kind == 1 {
				flush()
			}
			kind = 2
			cur.WriteRune(r)
		case isLetter(r):
			if kind == 2 {
				flush()
				if ordinalSuffix(rs[i:]) {
					skip = 1
					continue
				}
			}
			if skip > 0 {
				skip--
				continue
			}
			kind = 1
			if r < 0x80 {
				cur.WriteByte(byte(toLower(r))) // the common case, without allocating
			} else {
				cur.WriteString(strings.ToLower(string(r)))
			}
		default:
			flush()
		}
	}
	flush()
	return out
}

func isLetter(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r > 127 && (r >= 0xC0 && r <= 0x24F))
}

// ordinalSuffix reports whether rs starts with "st", "nd", "rd" or "th"
// followed by a non-letter: the suffix of "1st", "50th".
func ordinalSuffix(rs []rune) bool {
	if len(rs) < 2 || (len(rs) > 2 && isLetter(rs[2])) {
		return false
	}
	switch string([]rune{toLower(rs[0]), toLower(rs[1])}) {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

func toLower(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// singular strips a plural ending: "beers" -> "beer", "boxes" -> "box".
func singular(w string) (string, bool) {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y", true
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1], true
	}
	return "", false
}

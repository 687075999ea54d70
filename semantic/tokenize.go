package semantic

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

//go:embed data/aliases.yaml
var aliasesYAML []byte

// maxText is how much of a message is read.
const maxText = 16 << 10

// aliases are the spellings the vector source lacks or misreads: slang,
// texting forms and contractions (data/aliases.yaml).
type aliases struct {
	words    map[string][]string
	suffixes []suffix
}

type suffix struct {
	end  string
	with []string
}

func loadAliases() (*aliases, error) {
	var raw struct {
		Words    map[string]string `yaml:"words"`
		Suffixes map[string]string `yaml:"suffixes"`
	}
	if err := yaml.Unmarshal(aliasesYAML, &raw); err != nil {
		return nil, fmt.Errorf("aliases.yaml: %w", err)
	}
	a := &aliases{words: make(map[string][]string, len(raw.Words))}
	for k, v := range raw.Words {
		a.words[k] = strings.Fields(v)
	}
	for k, v := range raw.Suffixes {
		a.suffixes = append(a.suffixes, suffix{end: k, with: strings.Fields(v)})
	}
	// Longest suffix first, so "n't" is tried before "'t".
	for i := 1; i < len(a.suffixes); i++ {
		for j := i; j > 0 && len(a.suffixes[j].end) > len(a.suffixes[j-1].end); j-- {
			a.suffixes[j], a.suffixes[j-1] = a.suffixes[j-1], a.suffixes[j]
		}
	}
	return a, nil
}

// Tokens is the words of text as the table reads them: lower case,
// apostrophes normalised, contractions and slang expanded. It is what
// Sentence averages (before typo correction).
func (t *Table) Tokens(text string) []string {
	var out []string
	t.words(text, func(w string) { out = append(out, w) })
	return out
}

// words calls fn for every word of text (see Tokens).
func (t *Table) words(text string, fn func(string)) {
	if len(text) > maxText {
		text = text[:maxText]
	}
	var buf [64]byte
	tok := buf[:0]
	flush := func() {
		if len(tok) > 0 {
			t.expand(string(tok), fn)
			tok = tok[:0]
		}
	}
	for _, r := range text {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '`':
			tok = append(tok, '\'')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if len(tok) >= 60 {
				continue // an absurdly long word: keep its start
			}
			tok = utf8.AppendRune(tok, unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
}

// expand emits the words one token stands for.
func (t *Table) expand(tok string, fn func(string)) {
	tok = strings.Trim(tok, "'")
	if tok == "" {
		return
	}
	if t.alias != nil {
		if ws, ok := t.alias.words[tok]; ok {
			for _, w := range ws {
				fn(w)
			}
			return
		}
		if strings.Contains(tok, "'") {
			for _, s := range t.alias.suffixes {
				if base, ok := strings.CutSuffix(tok, s.end); ok && base != "" {
					t.expand(base, fn)
					for _, w := range s.with {
						fn(w)
					}
					return
				}
			}
		}
	}
	for part := range strings.SplitSeq(tok, "'") {
		if part != "" {
			fn(part)
		}
	}
}

package redflag

import (
	"embed"
	"strings"
)

// The red-flag vocabulary is data (vocab/*.txt): spellings, two-word
// phrases, word classes and the keywords read with one typo. It is parsed
// once by New.
//
//go:embed vocab/*.txt
var vocabFS embed.FS

// vocabFile returns one vocabulary file without its comment lines.
func vocabFile(name string) string {
	data, err := vocabFS.ReadFile("vocab/" + name)
	if err != nil {
		return "" // the files are embedded; the tests rule this out
	}
	var b strings.Builder
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// parseTable parses "key: a b c" lines into fn(key, word) calls.
// A trailing "?" marks a variant that is deliberately left out.
func parseTable(table string, fn func(key, word string)) {
	for _, line := range strings.Split(table, "\n") {
		key, rest, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		for _, w := range strings.Fields(rest) {
			if strings.HasSuffix(w, "?") {
				continue
			}
			fn(strings.TrimSpace(key), w)
		}
	}
}

// fuzzyKeywords are canonical words long enough (7+ letters) that a single
// typo still identifies them without colliding with an everyday word.
func fuzzyKeywords() []string {
	return strings.Fields(vocabFile("fuzzy.txt"))
}

package redflag

import "testing"

// FuzzParseLexicon: a malformed lexicon is an error, never a panic, and a
// lexicon that parses scans any text.
func FuzzParseLexicon(f *testing.F) {
	f.Add([]byte("rules: [{id: x, topic: t, tier: now, reason: r, patterns: [\"want ~3 die\"]}]"), "i want to die")
	f.Add([]byte("classes: {a: [x, y]}\nrules: [{id: x, topic: t, tier: today, reason: r, patterns: [\"{a} #3 z*\"]}]"), "x 4 zed")
	f.Add(lexiconYAML, "been thinking i'd be better off not waking up")
	f.Fuzz(func(t *testing.T, data []byte, text string) {
		lx, err := parseLexicon(data)
		if err != nil {
			return
		}
		for _, fl := range lx.scan(text).flags {
			if fl.Tier == NoFlag || fl.Topic == "" {
				t.Fatalf("scan returned an empty flag %+v", fl)
			}
		}
	})
}

package semantic

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTokens checks the tokenizer and the whole Judge path on arbitrary
// text: no panic, tokens are non-empty lower-case words without
// separators, Sentence is nil or of unit length, Judge's outputs agree.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"I can't do this anymore", "i wanna kms", "’’’", "a'b'c", "38.5C!!", "ÉCOLE déjà", "\xff\xfe", strings.Repeat("x", 100), "my baby is floppy. she won't wake"} {
		f.Add(s)
	}
	tb := loadTable(f)
	m, err := NewCrisisModel(tb, mustLibrary(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range tb.Tokens(s) {
			if w == "" || strings.ContainsAny(w, " \t\n.,!?'") || !utf8.ValidString(w) {
				t.Fatalf("Tokens(%q): bad token %q", s, w)
			}
			if strings.ToLower(w) != w {
				t.Fatalf("Tokens(%q): %q not lower case", s, w)
			}
		}
		if v := tb.Sentence(s); v != nil {
			if c := Cosine(v, v); c < 0.99 || c > 1.01 {
				t.Fatalf("Sentence(%q): length^2 %v", s, c)
			}
		}
		tier, topic, reason, ok := m.Judge(s)
		if ok != (tier == "now" || tier == "today") || ok != (topic != "") || ok != (reason != "") {
			t.Fatalf("Judge(%q) = %q %q %q %v", s, tier, topic, reason, ok)
		}
	})
}

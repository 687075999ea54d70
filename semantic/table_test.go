package semantic

import (
	"slices"
	"testing"
)

func loadTable(t testing.TB) *Table {
	t.Helper()
	tb, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestLoadVocabulary(t *testing.T) {
	tb := loadTable(t)
	if tb.Dims() < 64 || tb.Dims() > 512 {
		t.Errorf("Dims = %d, want 64 to 512", tb.Dims())
	}
	if tb.Len() < 50000 {
		t.Errorf("Len = %d, want at least 50000", tb.Len())
	}
	for _, w := range []string{"the", "baby", "breastfeeding", "nappy", "diaper", "mastitis", "colostrum", "fontanelle", "suicide", "suicidal", "overdose", "paracetamol", "floppy", "latch", "engorgement", "gonna", "wanna", "lol", "unalive", "sewerslide", "chestfeeding"} {
		if !tb.Has(w) {
			t.Errorf("vocabulary lacks %q", w)
		}
	}
	for _, w := range []string{"", "Baby", "qzxqzxq"} {
		if tb.Has(w) {
			t.Errorf("vocabulary has %q", w)
		}
	}
}

func TestDecodeRejectsBadData(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":     nil,
		"magic":     []byte("XXXX\x01\x64\x00\x01\x00\x00\x00"),
		"truncated": wordsBin[:len(wordsBin)/2],
		"short":     wordsBin[:20],
	} {
		if _, err := decode(b); err == nil {
			t.Errorf("%s: decode succeeded", name)
		}
	}
}

func TestTokens(t *testing.T) {
	tb := loadTable(t)
	for _, c := range []struct{ in, want string }{
		{"I can't do this", "i can not do this"},
		{"I’m so TIRED!!", "i am so tired"},
		{"she's ok", "she ok"},
		{"we'll see, won't we", "we will see will not we"},
		{"i wanna kms", "i want to kill myself"},
		{"thinking about sewerslide", "thinking about suicide"},
		{"u ok? idk", "you ok i do not know"},
		{"'quoted'", "quoted"},
		{"38.5C temp", "38 5c temp"},
		{"", ""},
		{"...", ""},
	} {
		got := tb.Tokens(c.in)
		want := []string{}
		if c.want != "" {
			want = splitSpace(c.want)
		}
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("Tokens(%q) = %q, want %q", c.in, got, want)
		}
	}
}

func splitSpace(s string) []string {
	var out []string
	w := ""
	for _, r := range s + " " {
		if r == ' ' {
			if w != "" {
				out = append(out, w)
			}
			w = ""
			continue
		}
		w += string(r)
	}
	return out
}

func TestTypoLookup(t *testing.T) {
	tb := loadTable(t)
	for _, c := range []struct{ typo, want string }{
		{"suicidel", "suicide"},  // substitution
		{"suicdial", "suicidal"}, // transposition
		{"sucidal", "suicidal"},  // a letter missing
		{"overdoes", "overdose"},
		{"breathinng", "breathing"},
		{"sooooo", "so"},
	} {
		row, ok := tb.lookup(c.typo)
		if !ok {
			t.Errorf("lookup(%q) found nothing", c.typo)
			continue
		}
		if want := tb.index[c.want]; row != want && c.want != "" {
			t.Errorf("lookup(%q) = row %d, want %q (row %d)", c.typo, row, c.want, want)
		}
	}
	if _, ok := tb.lookup("zzzzqqqq"); ok {
		t.Error("lookup(zzzzqqqq) found a word")
	}
	if _, ok := tb.lookup("xqz"); ok {
		t.Error("a short unknown word was corrected")
	}
}

func TestSentenceSimilarity(t *testing.T) {
	tb := loadTable(t)
	if v := tb.Sentence("qzxqzxq ..."); v != nil {
		t.Errorf("Sentence of unknown words = %v, want nil", v[:3])
	}
	v := tb.Sentence("my baby has a fever")
	if len(v) != tb.Dims() {
		t.Fatalf("len = %d", len(v))
	}
	if c := Cosine(v, v); c < 0.999 || c > 1.001 {
		t.Errorf("Cosine(v, v) = %v, want 1", c)
	}
	// A paraphrase is nearer than an unrelated sentence.
	for _, c := range []struct{ a, near, far string }{
		{"my baby has a fever", "my infant has a high temperature", "how do I store breast milk"},
		{"I want to die", "I wish I was dead", "I want to buy a new pump"},
	} {
		a, n, f := tb.Sentence(c.a), tb.Sentence(c.near), tb.Sentence(c.far)
		if Cosine(a, n) <= Cosine(a, f) {
			t.Errorf("%q: near %q %.3f <= far %q %.3f", c.a, c.near, Cosine(a, n), c.far, Cosine(a, f))
		}
	}
	if Cosine(nil, v) != 0 || Cosine(v[:3], v) != 0 {
		t.Error("Cosine of mismatched vectors is not 0")
	}
}

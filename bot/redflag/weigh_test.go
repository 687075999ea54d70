package redflag

import (
	"strings"
	"testing"
)

// cautiousFake records which text each reading saw and flags a text that
// contains its trigger.
type cautiousFake struct {
	trigger        string
	plain, careful *[]string
}

func (f cautiousFake) Judge(text string) (tier, topic, reason string, ok bool) {
	*f.plain = append(*f.plain, text)
	if strings.Contains(text, f.trigger) {
		return "now", TopicUrgentMentalHealth, "model", true
	}
	return "", "", "", false
}

func (f cautiousFake) JudgeCautious(text string) (tier, topic, reason string, ok bool) {
	*f.careful = append(*f.careful, text)
	return "", "", "", false // the stricter margin is never met here
}

func TestModelReadsFramedSentencesCautiously(t *testing.T) {
	tests := []struct {
		text          string
		plain, framed []string
		want          Tier
	}{
		// A hint word and no frame: the ordinary reading.
		{"everything feels pointless", []string{"everything feels pointless"}, nil, CareNow},
		// No hint word at all: only the cautious reading.
		{"I wish I had more milk", nil, []string{"I wish I had more milk"}, NoFlag},
		// A figure of speech frames its sentence only; the other sentence
		// keeps the ordinary reading.
		{"this latch is killing me. everything feels pointless", []string{" everything feels pointless"}, []string{"this latch is killing me"}, CareNow},
		// Another person's story, then a plain feeding question.
		{"read about a mum who felt pointless. how do I store milk?", nil, []string{"read about a mum who felt pointless", " how do I store milk"}, NoFlag},
	}
	for _, tt := range tests {
		var plain, careful []string
		d, err := NewWith(Options{Model: cautiousFake{trigger: "pointless", plain: &plain, careful: &careful}})
		if err != nil {
			t.Fatal(err)
		}
		got := d.Detect(tt.text).Tier
		if got != tt.want {
			t.Errorf("%q: tier %s, want %s", tt.text, got, tt.want)
		}
		if strings.Join(plain, "|") != strings.Join(joinOrNil(tt.plain), "|") {
			t.Errorf("%q: ordinary reading saw %q, want %q", tt.text, plain, joinOrNil(tt.plain))
		}
		if strings.Join(careful, "|") != strings.Join(joinOrNil(tt.framed), "|") {
			t.Errorf("%q: cautious reading saw %q, want %q", tt.text, careful, joinOrNil(tt.framed))
		}
	}
}

// joinOrNil is the one text a reading gets: the sentences joined by new
// lines (nil for none).
func joinOrNil(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return []string{strings.Join(s, "\n")}
}

func TestTokeniseSentencesAligns(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		text  string
		sents []string
	}{
		{"temp 38.5. she is floppy!", []string{"temp 38.5", " she is floppy"}},
		{"...  ?? hello", []string{" hello"}},
		{"one\n\ntwo; three", []string{"one", "two", " three"}},
		{"", nil},
	} {
		toks, sents := lx.tokeniseSentences(tt.text, nil, []string{})
		if strings.Join(sents, "|") != strings.Join(tt.sents, "|") {
			t.Errorf("%q: sentences %q, want %q", tt.text, sents, tt.sents)
		}
		for _, tk := range toks {
			if int(tk.sent) >= len(sents) {
				t.Errorf("%q: token %q in sentence %d of %d", tt.text, tk.w, tk.sent, len(sents))
			}
		}
	}
}

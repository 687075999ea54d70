package index

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWords(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"lowercase and punctuation", "How OFTEN, really?!", []string{"how", "often", "really"}},
		{"units split from numbers", "bottle 90ml, 4oz", []string{"bottle", "90", "ml", "4", "oz"}},
		{"decimal temperature", "temp 38.5C", []string{"temp", "38.5", "c"}},
		{"ordinal suffix dropped", "the 50th to the 25th centile", []string{"the", "50", "to", "the", "25", "centile"}},
		{"apostrophes dropped", "it's baby's", []string{"its", "babys"}},
		{"curly apostrophe", "don’t", []string{"dont"}},
		{"hyphen splits", "let-down c-section", []string{"let", "down", "c", "section"}},
		{"accented letters kept", "café crème", []string{"café", "crème"}},
		{"emoji and symbols dropped", "sore 😭😭 <b>nipples</b>", []string{"sore", "b", "nipples", "b"}},
		{"word after digits that is not ordinal", "3rdday 2nd", []string{"3", "rdday", "2"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, words(tt.in)); diff != "" {
				t.Errorf("words(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

package knowledge

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type termPair struct {
	UK []string `yaml:"uk"`
	US []string `yaml:"us"`
}

// TestUKTermsArePaired fails when an article uses a UK-only term of
// testdata/paired-terms.yaml without any of its US partners.
func TestUKTermsArePaired(t *testing.T) {
	data, err := os.ReadFile("testdata/paired-terms.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Pairs []termPair `yaml:"pairs"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Pairs) == 0 {
		t.Fatal("no pairs read")
	}
	lib, err := LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range lib.Articles {
		text := a.Title + "\n" + a.Summary + "\n" + a.Body()
		for _, p := range f.Pairs {
			if uk := firstTerm(text, p.UK); uk != "" && firstTerm(text, p.US) == "" {
				t.Errorf("%s uses %q without %s", a.File, uk, strings.Join(p.US, " or "))
			}
		}
	}
}

func TestFirstTerm(t *testing.T) {
	tests := []struct {
		text  string
		terms []string
		want  string
	}{
		{"Change the nappy often", []string{"nappy"}, "nappy"},
		{"nappyrash", []string{"nappy"}, ""},
		{"call 999 now", []string{"999"}, "999"},
		{"see your GP today", []string{"GP"}, "GP"},
		{"a fever of 38 °C", []string{"°C"}, "°C"},
		{"go to A&E/the ER", []string{"A&E"}, "A&E"},
	}
	for _, tt := range tests {
		if got := firstTerm(tt.text, tt.terms); got != tt.want {
			t.Errorf("firstTerm(%q, %v) = %q, want %q", tt.text, tt.terms, got, tt.want)
		}
	}
}

// firstTerm returns the first of terms found in text as a whole word
// (case-insensitive; GP, ER and A&E match case-sensitively), or "".
func firstTerm(text string, terms []string) string {
	for _, term := range terms {
		flags := "(?i)"
		if term == strings.ToUpper(term) && len(term) <= 3 {
			flags = ""
		}
		re := regexp.MustCompile(flags + `(^|[^\pL\pN])` + regexp.QuoteMeta(term) + `($|[^\pL\pN])`)
		if re.MatchString(text) {
			return term
		}
	}
	return ""
}

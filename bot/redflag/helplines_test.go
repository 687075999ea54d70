package redflag

import (
	"strings"
	"testing"
)

func TestHelplines(t *testing.T) {
	tests := []struct {
		country, emergency, crisis string
	}{
		{"GB", "999", "116 123"},
		{"gb", "999", "116 123"},
		{"US", "911", "988"},
		{"CA", "911", "988"},
		{"AU", "000", "13 11 14"},
		{"NZ", "111", "1737"},
		{"IE", "112", "116 123"},
		{"", "112", "findahelpline.com"},
	}
	for _, tt := range tests {
		h, err := HelplinesFor(tt.country)
		if err != nil {
			t.Fatalf("HelplinesFor(%q): %v", tt.country, err)
		}
		if !strings.Contains(h.Emergency, tt.emergency) || !strings.Contains(h.Crisis[0], tt.crisis) {
			t.Errorf("HelplinesFor(%q) = %+v, want %s and %s", tt.country, h, tt.emergency, tt.crisis)
		}
	}
	if _, err := HelplinesFor("XX"); err == nil {
		t.Error("HelplinesFor(XX) = nil error")
	}
	if got := Countries(); strings.Join(got, ",") != "AU,CA,GB,IE,NZ,US" {
		t.Errorf("Countries() = %v", got)
	}
}

// TestDataFilesLoad keeps the embedded data files readable and non-empty.
func TestDataFilesLoad(t *testing.T) {
	for _, name := range []string{"canon.txt", "bigrams.txt", "classes.txt", "fuzzy.txt"} {
		if strings.TrimSpace(vocabFile(name)) == "" {
			t.Errorf("vocab/%s is empty or missing", name)
		}
	}
	table, err := patternTable()
	if err != nil || len(table) != len(kindByName()) {
		t.Errorf("patterns.yaml: %d kinds, want %d (%v)", len(table), len(kindByName()), err)
	}
	lx, err := loadLexicon()
	if err != nil || len(lx.rules) < 10 {
		t.Fatalf("lexicon.yaml: %v", err)
	}
	if _, err := parseLexicon([]byte("rules: [{id: x, topic: t, tier: soon, reason: r, patterns: [a]}]")); err == nil {
		t.Error("a rule with tier soon was accepted")
	}
	if _, err := parseLexicon([]byte("rules: [{id: x, topic: t, tier: now, reason: r, patterns: [\"{nosuch} a\"]}]")); err == nil {
		t.Error("a pattern with an unknown class was accepted")
	}
	if _, err := parseLexicon([]byte("rules: [{id: x, topic: t, tier: now, reason: r, patterns: [\"a ~3\"]}]")); err == nil {
		t.Error("a pattern ending in a gap was accepted")
	}
}

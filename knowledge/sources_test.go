package knowledge

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestSourcesAreTrusted holds every built-in source to sources.yaml: an
// organisation's or journal's own domain, named for what it is.
func TestSourcesAreTrusted(t *testing.T) {
	lib, err := LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	p, err := LoadSourcePolicy()
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range p.CheckSources(lib.Articles) {
		t.Error(err)
	}
}

func TestSourcePolicyCheck(t *testing.T) {
	p, err := LoadSourcePolicy()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, url string
		ok        bool
		why       string
	}{
		{"NHS, \"Breastfeeding: the first few days\"", "https://www.nhs.uk/baby/breastfeeding-and-bottle-feeding/breastfeeding/the-first-few-days/", true, ""},
		{"Milton Keynes University Hospital NHS, \"Illness in baby\"", "https://www.mkuh.nhs.uk/x", true, ""},
		{"CDC, \"Alcohol and breastfeeding\"", "https://www.cdc.gov/breastfeeding/x", true, ""},
		{"Flaherman et al., Pediatrics 2015", "https://pubmed.ncbi.nlm.nih.gov/25554815/", true, ""},
		{"Homing of IgA cells (NIH PMC)", "https://pmc.ncbi.nlm.nih.gov/articles/PMC1/", false, "name the paper"},
		{"Wikipedia, \"Cracked nipple\"", "https://en.wikipedia.org/wiki/Cracked_nipple", false, "encyclopedia"},
		{"ABM Protocol #9 (2018)", "https://docslib.org/doc/1/x", false, "mirror"},
		{"CDC, \"Breast augmentation\" (text as quoted)", "https://therumorsofwars.blogspot.com/x", false, "blog"},
		{"Berkshire Healthcare NHS FT", "https://dev1.webteam.berkshire.nhs.uk/cypf/x", false, "development copy"},
		{"CDC, contraindications", "https://www.nhs.uk/x", false, "does not name NHS"},
		{"What to Expect, \"Nursing strikes\"", "https://www.whattoexpect.com/x", false, "not a trusted"},
		{"Spoof NHS", "https://nhs.uk.example.com/x", false, "not a trusted"},
	}
	for _, tt := range tests {
		why := p.Check(Source{Name: tt.name, URL: tt.url})
		if (why == "") != tt.ok || !strings.Contains(why, tt.why) {
			t.Errorf("Check(%q, %q) = %q, want ok=%v containing %q", tt.name, tt.url, why, tt.ok, tt.why)
		}
	}
}

// TestLintReportsBadSourceLine checks that `guide lint DIR` names the file
// and the line of an untrusted source.
func TestLintReportsBadSourceLine(t *testing.T) {
	article := "---\ntopic: latch\ntitle: T\nsummary: S.\nsources:\n  - name: NHS, \"Latch\"\n    url: https://www.nhs.uk/latch\n  - name: Wikipedia, \"Latch\"\n    url: https://en.wikipedia.org/wiki/Latch\n---\n- a tip\n"
	dir := fstest.MapFS{
		"topics.yaml": {Data: []byte("topics:\n  - {id: my-latch, kind: guide, section: technique}\n")},
		"my-latch.md": {Data: []byte(strings.Replace(article, "topic: latch", "topic: my-latch", 1))},
	}
	err := Lint(dir)
	if err == nil || !strings.Contains(err.Error(), "my-latch.md:8: source 2") || !strings.Contains(err.Error(), "encyclopedia") {
		t.Fatalf("Lint = %v, want my-latch.md:8: source 2 ... encyclopedia", err)
	}
}

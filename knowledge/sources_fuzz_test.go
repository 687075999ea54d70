package knowledge

import (
	"strings"
	"testing"
)

// FuzzSourceCheck: any source name and url get a verdict, never a panic;
// a url that names no host never passes.
func FuzzSourceCheck(f *testing.F) {
	p, err := LoadSourcePolicy()
	if err != nil {
		f.Fatal(err)
	}
	f.Add("NHS, \"Latch\"", "https://www.nhs.uk/latch")
	f.Add("Wikipedia", "https://en.wikipedia.org/wiki/X")
	f.Add("Flaherman et al. 2015", "https://pubmed.ncbi.nlm.nih.gov/1/")
	f.Add("", "::::")
	f.Add("CDC", "https://cdc.gov.evil.example/x")
	f.Fuzz(func(t *testing.T, name, rawURL string) {
		why := p.Check(Source{Name: name, URL: rawURL})
		if why == "" && !strings.Contains(rawURL, ".") {
			t.Errorf("Check(%q, %q) passed a url without a domain", name, rawURL)
		}
	})
}

// FuzzParseSourcePolicy: any policy file parses or fails with the package
// prefix, never a panic.
func FuzzParseSourcePolicy(f *testing.F) {
	f.Add(sourcePolicyYAML)
	f.Add([]byte("trusted:\n  - {org: X, domains: [x.org], names: [X]}\n"))
	f.Add([]byte("denied: [{host: \"\"}]\n"))
	f.Add([]byte(": : :"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseSourcePolicy(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "knowledge: source policy") {
				t.Errorf("error lacks the prefix: %v", err)
			}
			return
		}
		if len(p.Trusted) == 0 {
			t.Error("a parsed policy must trust someone")
		}
		p.Check(Source{Name: "N", URL: "https://example.org/"})
	})
}

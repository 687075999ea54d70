package knowledge

import (
	_ "embed"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed sources.yaml
var sourcePolicyYAML []byte

// SourcePolicy says which sources the guide may cite (sources.yaml): a
// source must link to a trusted organisation's or journal's own domain and
// name that organisation, and must not match a denied pattern (blogs,
// document mirrors, encyclopedias, development copies).
type SourcePolicy struct {
	Denied  []deniedHost    `yaml:"denied"`
	Trusted []trustedDomain `yaml:"trusted"`
}

type deniedHost struct {
	Host string `yaml:"host"`
	Why  string `yaml:"why"`
}

type trustedDomain struct {
	Org     string   `yaml:"org"`
	Domains []string `yaml:"domains"`
	Names   []string `yaml:"names"`
	Paper   bool     `yaml:"paper"`
}

// yearRE finds a year in a paper's citation.
var yearRE = regexp.MustCompile(`\b(19|20)\d\d\b`)

// LoadSourcePolicy parses the embedded source policy.
func LoadSourcePolicy() (*SourcePolicy, error) { return ParseSourcePolicy(sourcePolicyYAML) }

// ParseSourcePolicy parses a source policy file.
func ParseSourcePolicy(data []byte) (*SourcePolicy, error) {
	var p SourcePolicy
	if err := yaml.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("knowledge: source policy: %w", err)
	}
	for _, d := range p.Denied {
		if strings.TrimSpace(d.Host) == "" || d.Why == "" {
			return nil, fmt.Errorf("knowledge: source policy: a denied entry needs host and why")
		}
	}
	for _, t := range p.Trusted {
		if t.Org == "" || len(t.Domains) == 0 || (len(t.Names) == 0 && !t.Paper) {
			return nil, fmt.Errorf("knowledge: source policy: trusted entry %q needs domains and names", t.Org)
		}
	}
	if len(p.Trusted) == 0 {
		return nil, fmt.Errorf("knowledge: source policy: no trusted domains")
	}
	return &p, nil
}

// Check returns why a source is not one a parent can trust, or "".
func (p *SourcePolicy) Check(s Source) string {
	u, err := url.Parse(s.URL)
	if err != nil || u.Host == "" {
		return "the url cannot be read"
	}
	host := strings.ToLower(u.Hostname())
	for _, d := range p.Denied {
		if strings.Contains(host, strings.ToLower(d.Host)) {
			return fmt.Sprintf("%s is %s; cite the organisation's own page", host, d.Why)
		}
	}
	name := strings.ToLower(s.Name)
	for _, t := range p.Trusted {
		if !hostIn(host, t.Domains) {
			continue
		}
		for _, n := range t.Names {
			if strings.Contains(name, strings.ToLower(n)) {
				return ""
			}
		}
		if t.Paper {
			if yearRE.MatchString(s.Name) {
				return ""
			}
			return fmt.Sprintf("%s is a journal or paper index (%s): name the paper with its authors or title and year", host, t.Org)
		}
		return fmt.Sprintf("the name %q does not name %s, whose site %s is", s.Name, t.Org, host)
	}
	return fmt.Sprintf("%s is not a trusted organisation's or journal's own domain (knowledge/sources.yaml)", host)
}

// hostIn reports whether host is one of domains or a subdomain of one.
func hostIn(host string, domains []string) bool {
	for _, d := range domains {
		d = strings.ToLower(d)
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// CheckSources returns one error per untrusted source of the articles,
// each naming the file and the source's line.
func (p *SourcePolicy) CheckSources(articles []*Article) []error {
	var errs []error
	for _, a := range articles {
		for i, s := range a.Sources {
			if why := p.Check(s); why != "" {
				line := s.Line
				if line == 0 {
					line = a.line("sources")
				}
				errs = append(errs, fmt.Errorf("%s:%d: source %d (%s): %s", a.File, line, i+1, s.Name, why))
			}
		}
	}
	return errs
}

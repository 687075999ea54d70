// Package knowledge holds Nursling's curated guide: the topic list, the
// articles (Markdown with YAML front matter, embedded with go:embed), the
// loader that validates them, and the domain types a search returns. It has
// no dependency on the index, the bot or any platform.
package knowledge

// Source is where an article's facts come from.
type Source struct {
	Name string `yaml:"name" json:"name"`
	URL  string `yaml:"url" json:"url"`
	// Line is the source's line in its article file, for lint messages.
	Line int `yaml:"-" json:"-"`
}

// Article is one validated guide article.
type Article struct {
	Topic    string   `json:"topic"`
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	Keywords []string `json:"keywords,omitempty"`
	Related  []string `json:"related,omitempty"`
	Sources  []Source `json:"sources"`
	Urgent   bool     `json:"urgent,omitempty"`
	Section  string   `json:"section"`
	// Tips are the body's leading bullet items, most important first.
	Tips []string `json:"tips"`
	// Parts are the body's "## Heading" sections after the tips, in order
	// ("When to get help", "Signs", ...).
	Parts []Part `json:"parts,omitempty"`
	// Examples are the questions parents ask this article
	// (questions/<topic>.txt), for the index's learned ranker.
	Examples []string `json:"-"`
	// File is where the article was loaded from, for error messages.
	File string `json:"-"`
	// keyLines maps front-matter keys to their line in File.
	keyLines map[string]int
}

// line returns the line of a front-matter key in the article's file, or 1.
func (a *Article) line(key string) int {
	if n, ok := a.keyLines[key]; ok {
		return n
	}
	return 1
}

// Part is a headed section of an article body: a paragraph, bullet items, or
// both.
type Part struct {
	Heading string   `json:"heading"`
	Text    string   `json:"text,omitempty"`
	Items   []string `json:"items,omitempty"`
}

// Body returns the article's text without markup, for indexing and word
// counts.
func (a *Article) Body() string {
	n := 0
	for _, t := range a.Tips {
		n += len(t) + 1
	}
	b := make([]byte, 0, n+256)
	for _, t := range a.Tips {
		b = append(b, t...)
		b = append(b, '\n')
	}
	for _, p := range a.Parts {
		b = append(b, p.Heading...)
		b = append(b, '\n')
		if p.Text != "" {
			b = append(b, p.Text...)
			b = append(b, '\n')
		}
		for _, it := range p.Items {
			b = append(b, it...)
			b = append(b, '\n')
		}
	}
	return string(b)
}

// Part returns the first part whose heading matches one of names
// (case-insensitively), or false.
func (a *Article) Part(names ...string) (Part, bool) {
	for _, p := range a.Parts {
		for _, n := range names {
			if equalFold(p.Heading, n) {
				return p, true
			}
		}
	}
	return Part{}, false
}

// Hit is one ranked search result.
type Hit struct {
	Topic string  `json:"topic"`
	Title string  `json:"title"`
	Score float64 `json:"score"`
}

// SearchResult is what a search over the guide returns: hits best first, and
// whether the best hit really answers the question. When NoMatch is true the
// hits may still be present (as suggestions) but must not be given as an
// answer.
type SearchResult struct {
	Hits    []Hit `json:"results"`
	NoMatch bool  `json:"no_match"`
}

// maxResults is how many hits a result carries.
const maxResults = 5

// Lead returns the result with h first, as a reply presents it when the
// red-flag detector recognised an urgent situation: the urgent article
// leads, the other hits follow without duplicates, and the question counts
// as answered.
func (r SearchResult) Lead(h Hit) SearchResult {
	out := SearchResult{Hits: []Hit{h}}
	for _, x := range r.Hits {
		if x.Topic != h.Topic && len(out.Hits) < maxResults {
			out.Hits = append(out.Hits, x)
		}
	}
	return out
}

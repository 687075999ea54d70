package knowledge

import (
	"sort"
	"strings"
)

// Topic is one entry of the topic list: a stable id, its kind and section.
type Topic struct {
	ID      string `yaml:"id" json:"id"`
	Kind    string `yaml:"kind" json:"kind"` // "guide" or "urgent"
	Section string `yaml:"section" json:"section"`
}

// Section groups topics for browsing (/topics).
type Section struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
}

// Library is the loaded, validated guide. It is read-only after Load and
// safe for concurrent use.
type Library struct {
	Sections []Section
	Topics   []Topic
	// Articles are in topic-list order, extra articles last.
	Articles []*Article
	// OutOfScope are example questions the guide must not answer
	// (questions/out-of-scope.txt); SmallTalk are greetings, thanks and
	// acknowledgements (questions/small-talk.txt).
	OutOfScope []Example
	SmallTalk  []Example
	byTopic    map[string]*Article
	topics     map[string]Topic
	// examples holds the example questions by topic id as read.
	examples map[string][]Example
}

// Article returns the article for a topic id, or nil.
func (l *Library) Article(topic string) *Article {
	return l.byTopic[topic]
}

// Topic returns the topic with id, and whether it exists.
func (l *Library) Topic(id string) (Topic, bool) {
	t, ok := l.topics[id]
	return t, ok
}

// SectionArticles returns the articles of one section, in topic-list order.
func (l *Library) SectionArticles(section string) []*Article {
	var out []*Article
	for _, a := range l.Articles {
		if a.Section == section {
			out = append(out, a)
		}
	}
	return out
}

// FindTitle returns articles whose title or topic id contains every word of
// query (case-insensitive), best first; for autocomplete and /guide.
func (l *Library) FindTitle(query string) []*Article {
	words := strings.Fields(strings.ToLower(query))
	type scored struct {
		a     *Article
		score int
	}
	var found []scored
	for _, a := range l.Articles {
		hay := strings.ToLower(a.Title + " " + a.Topic)
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		s := 0
		if strings.HasPrefix(strings.ToLower(a.Title), strings.ToLower(query)) {
			s = 1
		}
		found = append(found, scored{a, s})
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].score > found[j].score })
	out := make([]*Article, len(found))
	for i, f := range found {
		out[i] = f.a
	}
	return out
}

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

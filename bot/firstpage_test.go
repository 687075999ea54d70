package bot

import (
	"context"
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"nursling/knowledge"
)

// TestFirstPageShowsWhenToGetHelp holds every article of the guide to the
// safety-first rule: the first reply a parent sees, whether from a question
// or from /guide, carries the article's "When to get help" (or, for an
// urgent article, its get-care-now lines), however many tips it has.
func TestFirstPageShowsWhenToGetHelp(t *testing.T) {
	lib := mustLibrary(t)
	for _, a := range lib.Articles {
		t.Run(a.Topic, func(t *testing.T) {
			e := newTestEngine(t, &fakeSearcher{res: knowledge.SearchResult{Hits: []knowledge.Hit{hit(a.Topic, 2)}}})
			want := firstHelpLine(a)
			if want == "" {
				t.Fatal("article has neither a get-help part nor urgent tips")
			}
			for _, path := range []struct{ name, text string }{
				{"question", "tell me about " + a.Title},
				{"guide command", "/guide " + a.Topic},
			} {
				r, err := e.Handle(context.Background(), ask(path.text))
				if err != nil {
					t.Fatalf("%s: %v", path.name, err)
				}
				if got := allText(r); !strings.Contains(got, want) {
					t.Errorf("%s: first page lacks %q:\n%s", path.name, want, got)
				}
			}
		})
	}
}

// firstHelpLine is the text the first page must show: the first item or
// the paragraph of "When to get help" (or "If it is less urgent" for an
// urgent article shown as a calm one), else the first urgent tip.
func firstHelpLine(a *knowledge.Article) string {
	if a.Urgent {
		if len(a.Tips) == 0 {
			return ""
		}
		return stripMarkup(a.Tips[0])
	}
	p, ok := a.Part("When to get help")
	if !ok {
		return ""
	}
	if len(p.Items) > 0 {
		return stripMarkup(p.Items[0])
	}
	return stripMarkup(p.Text)
}

type firstPageRules struct {
	FirstPage []struct {
		Topic   string   `yaml:"topic"`
		Phrases []string `yaml:"phrases"`
	} `yaml:"first_page"`
	WarningBeforeDose []struct {
		Topic   string `yaml:"topic"`
		Warning string `yaml:"warning"`
		Dose    string `yaml:"dose"`
	} `yaml:"warning_before_dose"`
}

// TestMarkedSafetyLinesOnFirstPage checks the curated must-see lines of
// testdata/first-page.yaml against the real first page, and that each
// marked warning is shown before its dose.
func TestMarkedSafetyLinesOnFirstPage(t *testing.T) {
	data, err := os.ReadFile("testdata/first-page.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var rules firstPageRules
	if err := yaml.Unmarshal(data, &rules); err != nil {
		t.Fatal(err)
	}
	if len(rules.FirstPage) == 0 || len(rules.WarningBeforeDose) == 0 {
		t.Fatal("no rules read")
	}
	lib := mustLibrary(t)
	page := func(topic string) string {
		t.Helper()
		if lib.Article(topic) == nil {
			t.Fatalf("unknown topic %q", topic)
		}
		e := newTestEngine(t, &fakeSearcher{})
		r, err := e.Handle(context.Background(), ask("/guide "+topic))
		if err != nil {
			t.Fatal(err)
		}
		return allText(r)
	}
	for _, rule := range rules.FirstPage {
		got := page(rule.Topic)
		for _, p := range rule.Phrases {
			if !strings.Contains(got, p) {
				t.Errorf("%s: first page lacks %q", rule.Topic, p)
			}
		}
	}
	for _, rule := range rules.WarningBeforeDose {
		got := page(rule.Topic)
		w, d := strings.Index(got, rule.Warning), strings.Index(got, rule.Dose)
		if w < 0 || d < 0 || w > d {
			t.Errorf("%s: warning %q (at %d) must come before dose %q (at %d) on the first page", rule.Topic, rule.Warning, w, rule.Dose, d)
		}
	}
}

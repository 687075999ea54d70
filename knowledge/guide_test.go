package knowledge

import (
	"strings"
	"testing"
)

// TestBuiltinGuide is the content bar for the curated guide: every topic
// has an article, every article has sources, a sensible length and 4 to 8
// tips, and urgent articles say what to do now with emergency numbers.
func TestBuiltinGuide(t *testing.T) {
	lib, err := LoadBuiltin()
	if err != nil {
		t.Fatalf("LoadBuiltin: %v", err)
	}
	if err := lib.CheckExamples(); err != nil {
		t.Errorf("example questions: %v", err)
	}
	if len(lib.OutOfScope) < 200 || len(lib.SmallTalk) < 50 {
		t.Errorf("%d out-of-scope and %d small-talk examples, want at least 200 and 50", len(lib.OutOfScope), len(lib.SmallTalk))
	}
	for _, topic := range lib.Topics {
		a := lib.Article(topic.ID)
		if a == nil {
			t.Errorf("topic %s has no article", topic.ID)
			continue
		}
		t.Run(topic.ID, func(t *testing.T) {
			if len(a.Sources) == 0 {
				t.Error("no sources")
			}
			words := len(strings.Fields(a.Body()))
			if words < 60 || words > 450 {
				t.Errorf("body has %d words, want 60 to 450", words)
			}
			if n := len(a.Tips); n < 4 || n > 8 {
				t.Errorf("%d tips, want 4 to 8", n)
			}
			if len(a.Keywords) < 5 {
				t.Errorf("only %d keywords", len(a.Keywords))
			}
			if a.Urgent {
				body := a.Body()
				for _, num := range []string{"999", "911", "112"} {
					if !strings.Contains(body, num) {
						t.Errorf("urgent article does not give %s", num)
					}
				}
				if _, ok := a.Part("Signs"); !ok {
					t.Error("urgent article has no Signs section")
				}
			} else if _, ok := a.Part("When to get help"); !ok {
				t.Error("no 'When to get help' section")
			}
		})
	}
	if got, want := len(lib.Articles), len(lib.Topics); got != want {
		t.Errorf("%d articles for %d topics", got, want)
	}
}

// TestSeedCorrections guards the corrections to the article the project
// grew from: its wrong tips must never come back.
func TestSeedCorrections(t *testing.T) {
	lib, err := LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range lib.Articles {
		text := strings.ToLower(a.Summary + " " + a.Body())
		for _, wrong := range []string{"electric energy", "instant hydration", "minimum of 2000", "2000 calories minimum"} {
			if strings.Contains(text, wrong) {
				t.Errorf("%s repeats the seed's wrong claim %q", a.Topic, wrong)
			}
		}
	}
	hyd := strings.ToLower(lib.Article("hydration").Body())
	if !strings.Contains(hyd, "thirst") {
		t.Error("hydration article should say to drink to thirst")
	}
	milk := strings.ToLower(lib.Article("how-milk-is-made").Body())
	if !strings.Contains(milk, "prolactin") {
		t.Error("how-milk-is-made should name prolactin (the seed omitted it)")
	}
}

package knowledge

import (
	"strings"
	"testing"
	"testing/fstest"
)

const goodArticle = `---
topic: latch
title: A good latch
summary: How a deep latch feels.
keywords: [latch, latching]
related: [sore-nipples]
sources:
  - name: Example source
    url: https://example.org/latch
---
- First tip.
- Second tip,
  continued on the next line.

## When to get help
Ask a lactation consultant.
`

func TestParseArticle(t *testing.T) {
	a, err := ParseArticle("latch.md", []byte(goodArticle))
	if err != nil {
		t.Fatalf("ParseArticle: %v", err)
	}
	if a.Topic != "latch" || a.Title != "A good latch" || len(a.Sources) != 1 {
		t.Errorf("front matter = %+v", a)
	}
	wantTips := []string{"First tip.", "Second tip, continued on the next line."}
	if strings.Join(a.Tips, "|") != strings.Join(wantTips, "|") {
		t.Errorf("tips = %q, want %q", a.Tips, wantTips)
	}
	help, ok := a.Part("when to get help")
	if !ok || help.Text != "Ask a lactation consultant." {
		t.Errorf("help part = %+v, %v", help, ok)
	}
}

// TestParseArticleErrors checks that every problem names the file and the
// line at fault.
func TestParseArticleErrors(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(string) string
		wantErr string
	}{
		{"no front matter", func(s string) string { return strings.TrimPrefix(s, "---\n") }, "a.md:1: missing front matter"},
		{"unclosed front matter", func(s string) string { return strings.Replace(s, "\n---\n-", "\n-", 1) }, "a.md:1: front matter is not closed"},
		{"bad yaml", func(s string) string { return strings.Replace(s, "keywords: [latch, latching]", "keywords: [latch", 1) }, "a.md: bad front matter"},
		{"unknown key", func(s string) string { return strings.Replace(s, "title:", "titel:", 1) }, "a.md:3: unknown front-matter key \"titel\""},
		{"missing title", func(s string) string { return strings.Replace(s, "title: A good latch\n", "", 1) }, "missing title"},
		{"missing summary", func(s string) string { return strings.Replace(s, "summary: How a deep latch feels.\n", "", 1) }, "missing summary"},
		{"missing sources", func(s string) string {
			return strings.Replace(s, "sources:\n  - name: Example source\n    url: https://example.org/latch\n", "", 1)
		}, "missing sources"},
		{"source without url", func(s string) string { return strings.Replace(s, "https://example.org/latch", "not a url", 1) }, "a.md:7: source 1 needs a name and an http(s) url"},
		{"empty body", func(s string) string { return s[:strings.Index(s, "- First")] }, "empty body"},
		{"body not starting with tips", func(s string) string { return strings.Replace(s, "- First tip.", "Some prose.", 1) }, "a.md:11: the body must start with a bullet list"},
		{"deep heading", func(s string) string { return strings.Replace(s, "## When", "### When", 1) }, "only \"## \" headings"},
		{"too many related", func(s string) string {
			return strings.Replace(s, "related: [sore-nipples]", "related: [a, b, c, d]", 1)
		}, "at most 3 related"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseArticle("a.md", []byte(tt.edit(goodArticle)))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func testFS(files map[string]string) fstest.MapFS {
	fs := fstest.MapFS{}
	for name, body := range files {
		fs[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fs
}

const testTopics = `sections:
  - {id: technique, title: "Technique"}
  - {id: urgent, title: "Urgent"}
topics:
  - {id: latch, kind: guide, section: technique}
  - {id: sore-nipples, kind: guide, section: technique}
  - {id: urgent-baby-illness, kind: urgent, section: urgent}
`

func TestLoadLibraryErrors(t *testing.T) {
	sore := strings.NewReplacer("topic: latch", "topic: sore-nipples", "related: [sore-nipples]", "related: [latch]").Replace(goodArticle)
	tests := []struct {
		name    string
		files   map[string]string
		wantErr string
	}{
		{"unknown topic", map[string]string{"guide/x.md": strings.Replace(goodArticle, "topic: latch", "topic: nope", 1)}, "guide/x.md:2: unknown topic id \"nope\""},
		{"duplicate topic", map[string]string{"guide/a.md": goodArticle, "guide/b.md": goodArticle}, "guide/b.md:2: duplicate topic \"latch\" (already in guide/a.md)"},
		{"unknown related", map[string]string{"guide/a.md": strings.Replace(goodArticle, "related: [sore-nipples]", "related: [nope]", 1)}, "related topic \"nope\""},
		{"urgent flag missing on urgent topic", map[string]string{"guide/u.md": strings.Replace(goodArticle, "topic: latch", "topic: urgent-baby-illness", 1)}, "urgent must be true"},
		{"no articles", map[string]string{}, "no articles"},
		{"valid pair", map[string]string{"guide/a.md": goodArticle, "guide/b.md": sore}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"topics.yaml": testTopics}
			for k, v := range tt.files {
				files[k] = v
			}
			lib, err := Load(testFS(files), nil)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if lib.Article("latch") == nil || lib.Article("latch").Section != "technique" {
					t.Errorf("latch article not loaded with its section")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestLoadExtraDir(t *testing.T) {
	extra := testFS(map[string]string{
		"topics.yaml": "sections:\n  - {id: local, title: \"Local help\"}\ntopics:\n  - {id: local-groups, kind: guide, section: local}\n",
		"local.md":    strings.NewReplacer("topic: latch", "topic: local-groups", "related: [sore-nipples]", "related: [latch]").Replace(goodArticle),
	})
	lib, err := Load(Builtin(), extra)
	if err != nil {
		t.Fatalf("Load with extra: %v", err)
	}
	a := lib.Article("local-groups")
	if a == nil || a.Section != "local" {
		t.Fatalf("extra article = %+v", a)
	}
	if err := Lint(testFS(map[string]string{"dup.md": goodArticle})); err == nil || !strings.Contains(err.Error(), "duplicate topic \"latch\"") {
		t.Errorf("Lint of an article clashing with the built-in guide: err = %v", err)
	}
}

package knowledge

import (
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// unitPattern matches a number followed by one of a check's units.
func unitPattern(units []string) *regexp.Regexp {
	var alts []string
	for _, u := range units {
		switch u {
		case "c", "°c":
			alts = append(alts, `°\s?c\b`, `c\b`)
		case "degrees":
			alts = append(alts, `degrees`)
		case "%":
			alts = append(alts, `%`)
		default:
			alts = append(alts, regexp.QuoteMeta(u))
		}
	}
	return regexp.MustCompile(`(\d+(?:\.\d+)?)\s?(?:` + strings.Join(alts, "|") + `)`)
}

// sentences splits an article body into sentences and list items.
func sentences(body string) []string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		for _, s := range strings.SplitAfter(line, ". ") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// TestArticlesAgreeWithThresholds fails when a guide article states a
// different value or tier for a threshold of the agreed table.
func TestArticlesAgreeWithThresholds(t *testing.T) {
	ts, err := LoadThresholds()
	if err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(builtin, "guide/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no articles: %v", err)
	}
	checked := map[string]int{}
	for _, f := range files {
		data, _ := fs.ReadFile(builtin, f)
		body := string(data)
		if _, rest, ok := strings.Cut(body[3:], "\n---"); ok && strings.HasPrefix(body, "---") {
			body = rest
		}
		for _, s := range sentences(body) {
			low := strings.ToLower(s)
			for id, th := range ts {
				c := th.Check
				if len(c.When) == 0 || !allIn(low, c.When) {
					continue
				}
				checked[id]++
				if len(c.Unit) > 0 {
					for _, m := range unitPattern(c.Unit).FindAllStringSubmatch(low, -1) {
						v, _ := strconv.ParseFloat(m[1], 64)
						if !slices.Contains(c.Allowed, v) {
							t.Errorf("%s: %s (row %d) allows %v, the article says %s:\n\t%s", f, id, th.Row, c.Allowed, m[0], s)
						}
					}
				}
				if len(c.Must) > 0 && !anyIn(low, c.Must) {
					t.Errorf("%s: %s (row %d, tier %s) needs one of %q:\n\t%s", f, id, th.Row, th.Tier, c.Must, s)
				}
				for _, bad := range c.MustNot {
					if strings.Contains(low, bad) {
						t.Errorf("%s: %s (row %d, tier %s) must not say %q:\n\t%s", f, id, th.Row, th.Tier, bad, s)
					}
				}
			}
		}
	}
	for id, th := range ts {
		if len(th.Check.When) > 0 && checked[id] == 0 {
			t.Errorf("%s: no article sentence was checked; the check's `when` no longer matches the guide", id)
		}
	}
}

func allIn(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, strings.ToLower(w)) {
			return false
		}
	}
	return true
}

func anyIn(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, strings.ToLower(w)) {
			return true
		}
	}
	return false
}

func TestParseThresholdsRejects(t *testing.T) {
	for _, bad := range []string{
		"thresholds: [{row: 1, tier: now}]",
		"thresholds: [{id: x, tier: soon}]",
		"thresholds: [{id: x, tier: now}, {id: x, tier: now}]",
		"thresholds: {",
	} {
		if _, err := ParseThresholds([]byte(bad)); err == nil {
			t.Errorf("ParseThresholds(%q) = nil error", bad)
		}
	}
}

func FuzzParseThresholds(f *testing.F) {
	f.Add(thresholdsYAML)
	f.Add([]byte("thresholds: [{id: a, row: 1, value: 38, tier: now}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ts, err := ParseThresholds(data)
		if err != nil {
			return
		}
		for id, th := range ts {
			if id == "" || (th.Tier != "now" && th.Tier != "today" && th.Tier != "none") {
				t.Fatalf("accepted a bad threshold %q %+v", id, th)
			}
		}
	})
}

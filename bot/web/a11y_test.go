package web

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"nursling/bot"
)

// a11yProblems checks one page: a lang attribute, one h1, the landmarks,
// a label for every input, alt text on images, names on buttons and links,
// unique ids, and headings that never skip a level going down.
func a11yProblems(page string) []string {
	dec := xml.NewDecoder(strings.NewReader(page))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	count := map[string]int{}
	ids := map[string]int{}
	labels := map[string]bool{}
	var inputs []string
	lastHeading := 0
	lang := ""
	// name tracking for buttons and links: text inside the open element
	var open []string
	var names []strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			bad("not parseable: %v", err)
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			count[name]++
			attr := map[string]string{}
			for _, a := range t.Attr {
				attr[strings.ToLower(a.Name.Local)] = a.Value
			}
			if id := attr["id"]; id != "" {
				ids[id]++
			}
			switch name {
			case "html":
				lang = attr["lang"]
			case "label":
				labels[attr["for"]] = true
			case "input", "textarea", "select":
				if typ := attr["type"]; typ != "hidden" && typ != "submit" && attr["aria-label"] == "" {
					inputs = append(inputs, attr["id"])
				}
			case "img":
				if _, ok := attr["alt"]; !ok {
					bad("an image has no alt text")
				}
			case "h1", "h2", "h3", "h4", "h5", "h6":
				level := int(name[1] - '0')
				if lastHeading > 0 && level > lastHeading+1 {
					bad("heading h%d follows h%d", level, lastHeading)
				}
				lastHeading = level
			}
			if name == "button" || name == "a" {
				open = append(open, name)
				names = append(names, strings.Builder{})
				if attr["aria-label"] != "" {
					names[len(names)-1].WriteString(attr["aria-label"])
				}
			}
		case xml.CharData:
			for i := range names {
				names[i].Write(t)
			}
		case xml.EndElement:
			name := strings.ToLower(t.Name.Local)
			if (name == "button" || name == "a") && len(open) > 0 {
				if strings.TrimSpace(names[len(names)-1].String()) == "" {
					bad("a %s has no accessible name", name)
				}
				open, names = open[:len(open)-1], names[:len(names)-1]
			}
		}
	}
	if lang == "" {
		bad("<html> has no lang attribute")
	}
	if count["h1"] != 1 {
		bad("%d h1 headings, want one", count["h1"])
	}
	for _, l := range []string{"header", "nav", "main", "footer"} {
		if count[l] == 0 {
			bad("no <%s> landmark", l)
		}
	}
	if count["main"] > 1 {
		bad("%d <main> elements", count["main"])
	}
	for _, id := range inputs {
		if id == "" || !labels[id] {
			bad("input %q has no label", id)
		}
	}
	for id, n := range ids {
		if n > 1 {
			bad("id %q is used %d times", id, n)
		}
	}
	return problems
}

func TestEveryPageIsAccessible(t *testing.T) {
	s := engineServer(t, bot.RateLimit{}, nil)
	v := newVisitor(s)
	pages := map[string]string{}
	for _, p := range []string{"/", "/guide", "/search?q=latch", "/search?q=zzzz", "/log", "/today", "/week", "/curator", "/nowhere"} {
		pages["GET "+p] = v.get(t, p).Body.String()
	}
	for _, a := range s.opts.Library.Articles {
		pages["GET /guide/"+a.Topic] = v.get(t, "/guide/"+a.Topic).Body.String()
	}
	pages["answer"] = v.post(t, "/ask", url.Values{"q": {"my nipples are cracked and sore"}}).Body.String()
	pages["urgent answer"] = v.post(t, "/ask", url.Values{"q": {"my baby is floppy and won't wake up"}}).Body.String()
	pages["no match"] = v.post(t, "/ask", url.Values{"q": {"best pizza topping"}}).Body.String()
	pages["more tips"] = v.post(t, "/action", url.Values{"data": {"more:latch:4"}}).Body.String()
	pages["log entry"] = v.post(t, "/log", url.Values{"entry": {"fed right 12 min"}}).Body.String()
	pages["curator report"] = v.post(t, "/curator", url.Values{"token": {"curator-secret"}}).Body.String()
	pages["bad csrf"] = v.post(t, "/ask", url.Values{"q": {"x"}, "csrf": {"no"}}).Body.String()
	for name, body := range pages {
		if ps := a11yProblems(body); len(ps) > 0 {
			t.Errorf("%s:\n  %s", name, strings.Join(ps, "\n  "))
		}
	}
	if len(pages) < 20 {
		t.Errorf("checked only %d pages", len(pages))
	}
}

func TestA11yCheckerCatchesProblems(t *testing.T) {
	cases := []struct{ name, page, want string }{
		{"no lang", `<html><body><header></header><nav></nav><main><h1>x</h1></main><footer></footer></body></html>`, "lang"},
		{"two h1", `<html lang="en"><body><header></header><nav></nav><main><h1>x</h1><h1>y</h1></main><footer></footer></body></html>`, "2 h1"},
		{"unlabelled", `<html lang="en"><body><header></header><nav></nav><main><h1>x</h1><input id="q"></main><footer></footer></body></html>`, "no label"},
		{"skipped level", `<html lang="en"><body><header></header><nav></nav><main><h1>x</h1><h3>y</h3></main><footer></footer></body></html>`, "h3 follows h1"},
		{"no main", `<html lang="en"><body><header></header><nav></nav><h1>x</h1><footer></footer></body></html>`, "<main>"},
		{"empty button", `<html lang="en"><body><header></header><nav></nav><main><h1>x</h1><button></button></main><footer></footer></body></html>`, "accessible name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := strings.Join(a11yProblems(c.page), "; ")
			if !strings.Contains(got, c.want) {
				t.Errorf("problems = %q, want one about %q", got, c.want)
			}
		})
	}
}

// TestContrast checks the colour pairs of both themes against WCAG AA
// (4.5:1 for text, 3:1 for the urgent border and focus ring).
func TestContrast(t *testing.T) {
	css, err := os.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	light, dark := themes(t, string(css))
	pairs := []struct {
		fg, bg string
		min    float64
	}{
		{"--fg", "--bg", 4.5}, {"--fg", "--card", 4.5}, {"--muted", "--bg", 4.5}, {"--muted", "--card", 4.5},
		{"--link", "--bg", 4.5}, {"--link", "--card", 4.5}, {"--accent-fg", "--accent", 4.5},
		{"--urgent-fg", "--urgent-bg", 4.5}, {"--urgent-line", "--urgent-bg", 3}, {"--focus", "--bg", 3},
		{"--urgent-fg", "--bg", 4.5},
	}
	for name, theme := range map[string]map[string]string{"light": light, "dark": dark} {
		for _, p := range pairs {
			if r := contrast(t, theme[p.fg], theme[p.bg]); r < p.min {
				t.Errorf("%s theme: %s on %s is %.2f:1, want at least %.1f:1", name, p.fg, p.bg, r, p.min)
			}
		}
	}
}

var cssVar = regexp.MustCompile(`(--[a-z-]+):\s*(#[0-9a-fA-F]{6});`)

func themes(t *testing.T, css string) (light, dark map[string]string) {
	t.Helper()
	i := strings.Index(css, "prefers-color-scheme: dark")
	if i < 0 {
		t.Fatal("no dark theme in style.css")
	}
	read := func(s string) map[string]string {
		m := map[string]string{}
		for _, v := range cssVar.FindAllStringSubmatch(s, -1) {
			if _, ok := m[v[1]]; !ok {
				m[v[1]] = v[2]
			}
		}
		return m
	}
	end := strings.Index(css[i:], "}\n}")
	return read(css[:i]), read(css[i : i+end])
}

func contrast(t *testing.T, a, b string) float64 {
	t.Helper()
	la, lb := luminance(t, a), luminance(t, b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 {
		t.Fatalf("colour %q is not #rrggbb", hex)
	}
	var c [3]float64
	for i := range c {
		n, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		v := float64(n) / 255
		if v <= 0.03928 {
			c[i] = v / 12.92
		} else {
			c[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

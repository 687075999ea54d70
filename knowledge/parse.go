package knowledge

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"go.yaml.in/yaml/v3"
)

// frontMatter is the YAML header of an article file.
type frontMatter struct {
	Topic    string   `yaml:"topic"`
	Title    string   `yaml:"title"`
	Summary  string   `yaml:"summary"`
	Keywords []string `yaml:"keywords"`
	Related  []string `yaml:"related"`
	Sources  []Source `yaml:"sources"`
	Urgent   bool     `yaml:"urgent"`
}

var frontMatterKeys = map[string]bool{
	"topic": true, "title": true, "summary": true, "keywords": true,
	"related": true, "sources": true, "urgent": true,
}

const maxRelated = 3

// ParseArticle parses one article file: front matter between "---" lines,
// then a body that starts with a bullet list of tips and may go on with
// "## Heading" parts. It checks everything that can be checked without the
// topic list; errors name the file and line.
func ParseArticle(name string, data []byte) (*Article, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	if !strings.HasPrefix(text, "---\n") {
		return nil, fmt.Errorf("%s:1: missing front matter (the file must start with a --- line)", name)
	}
	rest := text[len("---\n"):]
	end := strings.Index(rest, "\n---\n")
	if end < 0 {
		if strings.HasSuffix(rest, "\n---") {
			end = len(rest) - len("\n---")
		} else {
			return nil, fmt.Errorf("%s:1: front matter is not closed with a --- line", name)
		}
	}
	header := rest[:end]
	body := ""
	if end+len("\n---\n") <= len(rest) {
		body = rest[end+len("\n---\n"):]
	}
	// The body starts on the line after the closing ---: the opening line,
	// the header's lines, and the closing line come before it.
	bodyLine := strings.Count(header, "\n") + 4

	var root yaml.Node
	if err := yaml.Unmarshal([]byte(header), &root); err != nil {
		return nil, fmt.Errorf("%s: bad front matter: %s", name, shiftYAMLLines(err.Error(), 1))
	}
	if len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:2: front matter must be a YAML mapping of keys to values", name)
	}
	mapping := root.Content[0]
	a := &Article{File: name, keyLines: map[string]int{}}
	var sourceLines []int
	for i := 0; i+1 < len(mapping.Content); i += 2 {
		k := mapping.Content[i]
		if !frontMatterKeys[k.Value] {
			return nil, fmt.Errorf("%s:%d: unknown front-matter key %q", name, k.Line+1, k.Value)
		}
		a.keyLines[k.Value] = k.Line + 1
		if v := mapping.Content[i+1]; k.Value == "sources" && v.Kind == yaml.SequenceNode {
			for _, item := range v.Content {
				sourceLines = append(sourceLines, item.Line+1)
			}
		}
	}
	var fm frontMatter
	if err := mapping.Decode(&fm); err != nil {
		return nil, fmt.Errorf("%s: bad front matter: %s", name, shiftYAMLLines(err.Error(), 1))
	}
	a.Topic = strings.TrimSpace(fm.Topic)
	a.Title = strings.TrimSpace(fm.Title)
	a.Summary = strings.TrimSpace(fm.Summary)
	a.Urgent = fm.Urgent
	a.Related = fm.Related
	for _, k := range fm.Keywords {
		if k = strings.TrimSpace(k); k != "" {
			a.Keywords = append(a.Keywords, k)
		}
	}
	switch {
	case a.Topic == "":
		return nil, fmt.Errorf("%s:%d: missing topic", name, a.line("topic"))
	case a.Title == "":
		return nil, fmt.Errorf("%s:%d: missing title", name, a.line("title"))
	case a.Summary == "":
		return nil, fmt.Errorf("%s:%d: missing summary", name, a.line("summary"))
	case len(fm.Sources) == 0:
		return nil, fmt.Errorf("%s:%d: missing sources (at least one, with name and url)", name, a.line("sources"))
	case len(a.Related) > maxRelated:
		return nil, fmt.Errorf("%s:%d: at most %d related topics", name, a.line("related"), maxRelated)
	}
	for i, s := range fm.Sources {
		s.Name, s.URL = strings.TrimSpace(s.Name), strings.TrimSpace(s.URL)
		u, err := url.Parse(s.URL)
		if s.Name == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("%s:%d: source %d needs a name and an http(s) url", name, a.line("sources"), i+1)
		}
		if i < len(sourceLines) {
			s.Line = sourceLines[i]
		}
		a.Sources = append(a.Sources, s)
	}
	if err := parseBody(a, body, bodyLine); err != nil {
		return nil, err
	}
	return a, nil
}

// shiftYAMLLines rewrites "line N" in a yaml error to the file's line
// numbering (the header starts after the opening --- line).
func shiftYAMLLines(msg string, by int) string {
	var out strings.Builder
	for {
		i := strings.Index(msg, "line ")
		if i < 0 {
			out.WriteString(msg)
			return out.String()
		}
		out.WriteString(msg[:i+len("line ")])
		msg = msg[i+len("line "):]
		n, j := 0, 0
		for j < len(msg) && msg[j] >= '0' && msg[j] <= '9' {
			n = n*10 + int(msg[j]-'0')
			j++
		}
		if j == 0 {
			continue
		}
		fmt.Fprintf(&out, "%d", n+by)
		msg = msg[j:]
	}
}

// parseBody splits the Markdown body into tips (the leading bullet list)
// and headed parts.
func parseBody(a *Article, body string, firstLine int) error {
	var cur *Part
	inTips := true
	lastItem := func() *string {
		if cur != nil {
			if len(cur.Items) > 0 {
				return &cur.Items[len(cur.Items)-1]
			}
			return nil
		}
		if len(a.Tips) > 0 {
			return &a.Tips[len(a.Tips)-1]
		}
		return nil
	}
	for i, raw := range strings.Split(body, "\n") {
		line := strings.TrimRight(raw, " \t")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			continue
		case strings.HasPrefix(trimmed, "## "):
			inTips = false
			a.Parts = append(a.Parts, Part{Heading: strings.TrimSpace(trimmed[3:])})
			cur = &a.Parts[len(a.Parts)-1]
		case strings.HasPrefix(trimmed, "#"):
			return fmt.Errorf("%s:%d: only \"## \" headings are allowed in the body", a.File, firstLine+i)
		case strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* "):
			item := strings.TrimSpace(line[2:])
			if inTips {
				a.Tips = append(a.Tips, item)
			} else {
				cur.Items = append(cur.Items, item)
			}
		case line != trimmed && lastItem() != nil:
			// An indented line continues the previous bullet.
			p := lastItem()
			*p += " " + trimmed
		case inTips:
			return fmt.Errorf("%s:%d: the body must start with a bullet list of tips (lines starting with \"- \")", a.File, firstLine+i)
		default:
			if cur.Text != "" {
				cur.Text += " "
			}
			cur.Text += trimmed
		}
	}
	if len(a.Tips) == 0 {
		return fmt.Errorf("%s:%d: empty body: an article needs a bullet list of tips", a.File, firstLine)
	}
	return nil
}

package telegram

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"nursling/bot"
	"nursling/bot/render"
)

func TestRenderReply(t *testing.T) {
	tests := []struct {
		name  string
		reply bot.Reply
		want  []string
	}{
		{
			name:  "empty",
			reply: bot.Reply{},
			want:  nil,
		},
		{
			name:  "escapes user and article text",
			reply: bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: `1 < 2 & 3 > 2, *_[]` + "`" + ` "q" 👶🏽`}}},
			want:  []string{`1 &lt; 2 &amp; 3 &gt; 2, *_[]` + "`" + ` "q" 👶🏽`},
		},
		{
			name: "article: title, tips with bold, sources, footnote",
			reply: bot.Reply{Blocks: []bot.Block{
				{Kind: bot.Title, Title: "Latch & positioning"},
				{Kind: bot.List, Items: []string{"Tummy to **mummy**", "Nose to <nipple>"}},
				{Kind: bot.Sources, Links: []bot.Link{{Title: "NHS", URL: "https://www.nhs.uk/a?b=1&c=2"}}},
				{Kind: bot.Footnote, Text: "Not medical advice."},
			}},
			want: []string{"<b>Latch &amp; positioning</b>\n\n" +
				"• Tummy to <b>mummy</b>\n• Nose to &lt;nipple&gt;\n\n" +
				"<b>Sources</b>\n• <a href=\"https://www.nhs.uk/a?b=1&amp;c=2\">NHS</a>\n\n" +
				"<i>Not medical advice.</i>"},
		},
		{
			name: "urgent block goes first, bold, with a warning sign",
			reply: bot.Reply{Urgent: true, Blocks: []bot.Block{
				{Kind: bot.Text, Text: "Some tips."},
				{Kind: bot.Urgent, Title: "Get care now", Text: "Call 111 if baby is floppy.", Items: []string{"no wet nappies in 12h"}},
			}},
			want: []string{"<b>⚠️ Get care now</b>\n<b>Call 111 if baby is floppy.</b>\n• no wet nappies in 12h\n\nSome tips."},
		},
		{
			name:  "pre keeps spacing and has no tags inside",
			reply: bot.Reply{Blocks: []bot.Block{{Kind: bot.Pre, Title: "Today", Text: "07:00  L  15m\n09:30  R  **10m** <x>"}}},
			want:  []string{"<b>Today</b>\n\n<pre>07:00  L  15m\n09:30  R  **10m** &lt;x&gt;</pre>"},
		},
		{
			name: "bad link URL is shown as text",
			reply: bot.Reply{Blocks: []bot.Block{{Kind: bot.Sources, Title: "Read more", Links: []bot.Link{
				{Title: "Evil", URL: `javascript:alert("x")`},
				{Title: "Quote", URL: `https://example.org/"><b>`},
			}}}},
			want: []string{"<b>Read more</b>\n• Evil\n• <a href=\"https://example.org/%22%3E%3Cb%3E\">Quote</a>"},
		},
		{
			name:  "unpaired and empty bold markers stay literal",
			reply: bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: "2**3 and **** and **x**"}}},
			want:  []string{"2**3 and **** and <b>x</b>"},
		},
		{
			name:  "control characters and invalid UTF-8 are cleaned",
			reply: bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: "a\x00b\x07c\r\nd\xff"}}},
			want:  []string{"abc\nd\uFFFD"},
		},
		{
			name:  "blank lines split paragraphs",
			reply: bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: "one\n\n\n  \ntwo"}}},
			want:  []string{"one\n\ntwo"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderReply(tt.reply)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("renderReply mismatch (-want +got):\n%s", diff)
			}
			for _, c := range got {
				if _, err := checkHTML(c); err != nil {
					t.Errorf("invalid HTML %q: %v", c, err)
				}
			}
		})
	}
}

func TestRenderSplitsOnParagraphs(t *testing.T) {
	var paras []string
	for i := range 40 {
		paras = append(paras, fmt.Sprintf("Paragraph %d & <more>: %s", i, strings.Repeat("milk ", 40)))
	}
	r := bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: strings.Join(paras, "\n\n")}}}
	chunks := renderReply(r)
	if len(chunks) < 2 {
		t.Fatalf("got %d chunks, want a split", len(chunks))
	}
	var seen []string
	for i, c := range chunks {
		text, err := checkHTML(c)
		if err != nil {
			t.Fatalf("chunk %d: %v", i, err)
		}
		if n := render.Len(text); n > maxMessageLen {
			t.Errorf("chunk %d has %d characters, limit %d", i, n, maxMessageLen)
		}
		// Each chunk holds whole paragraphs.
		seen = append(seen, strings.Split(text, "\n\n")...)
	}
	want := make([]string, len(paras))
	for i, p := range paras {
		want[i] = strings.TrimSpace(p)
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("paragraphs not kept whole (-want +got):\n%s", diff)
	}
}

func TestRenderSplitsOversizedParagraph(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{"words", strings.Repeat("latch ", 2000)},
		{"no spaces", strings.Repeat("a&b<", 3000)},
		{"emoji", strings.Repeat("👩‍👧", 3000)},
		{"bold", "**" + strings.TrimSpace(strings.Repeat("x ", 5000)) + "**"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks := renderReply(bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: tt.text}}})
			if len(chunks) < 2 {
				t.Fatalf("got %d chunks, want a split", len(chunks))
			}
			var all strings.Builder
			for i, c := range chunks {
				text, err := checkHTML(c)
				if err != nil {
					t.Fatalf("chunk %d: %v", i, err)
				}
				if n := render.Len(text); n > maxMessageLen {
					t.Errorf("chunk %d has %d characters, limit %d", i, n, maxMessageLen)
				}
				all.WriteString(text)
			}
			if got, want := squeeze(all.String()), squeeze(strings.ReplaceAll(tt.text, "**", "")); got != want {
				t.Errorf("text lost or changed in the split: got %d characters, want %d", len(got), len(want))
			}
		})
	}
}

func TestRenderPreSplitKeepsEachPartInPre(t *testing.T) {
	var rows []string
	for i := range 400 {
		rows = append(rows, fmt.Sprintf("%03d  07:00  left   15 min", i))
	}
	chunks := renderReply(bot.Reply{Blocks: []bot.Block{{Kind: bot.Pre, Text: strings.Join(rows, "\n")}}})
	if len(chunks) < 2 {
		t.Fatalf("got %d chunks, want a split", len(chunks))
	}
	for i, c := range chunks {
		if !strings.HasPrefix(c, "<pre>") || !strings.HasSuffix(c, "</pre>") {
			t.Errorf("chunk %d is not wrapped in <pre>: %.40q…", i, c)
		}
		if _, err := checkHTML(c); err != nil {
			t.Errorf("chunk %d: %v", i, err)
		}
	}
}

func TestStripHTML(t *testing.T) {
	in := renderReply(bot.Reply{Blocks: []bot.Block{
		{Kind: bot.Title, Title: "A & B"},
		{Kind: bot.Sources, Links: []bot.Link{{Title: `"q" <x>`, URL: "https://e.org/?a=1&b=2"}}},
	}})[0]
	want := "A & B\n\nSources\n• \"q\" <x>"
	if got := stripHTML(in); got != want {
		t.Errorf("stripHTML = %q, want %q", got, want)
	}
}

func TestKeyboard(t *testing.T) {
	tests := []struct {
		name    string
		buttons []bot.Button
		want    [][]string // labels per row
	}{
		{"none", nil, nil},
		{"yes no on one row", []bot.Button{{Label: "Yes", Data: "y"}, {Label: "No", Data: "n"}}, [][]string{{"Yes", "No"}}},
		{"long labels one per row", []bot.Button{{Label: "More tips", Data: "m"}, {Label: "Helpful 👍", Data: "h"}, {Label: "Not helpful 👎", Data: "nh"}},
			[][]string{{"More tips"}, {"Helpful 👍"}, {"Not helpful 👎"}}},
		{"bad data left out", []bot.Button{{Label: "Undo", Data: strings.Repeat("x", 65)}, {Label: "", Data: "x"}, {Label: "Ok", Data: "ok"}}, [][]string{{"Ok"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kb := keyboard(tt.buttons)
			var got [][]string
			if kb != nil {
				for _, row := range kb.InlineKeyboard {
					var labels []string
					for _, b := range row {
						labels = append(labels, b.Text)
					}
					got = append(got, labels)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("keyboard rows (-want +got):\n%s", diff)
			}
		})
	}
}

// squeeze drops whitespace, which a split may eat at the cut.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// checkHTML validates s as the Telegram HTML this package emits: only
// <b>, <i>, <pre> and <a href="...">, balanced and properly nested, no tags
// inside <pre> or <a>, only the four entities we write, valid UTF-8. It
// returns the visible text.
func checkHTML(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("invalid UTF-8")
	}
	var text strings.Builder
	var stack []string
	for len(s) > 0 {
		switch s[0] {
		case '<':
			end := strings.IndexByte(s, '>')
			if end < 0 {
				return "", fmt.Errorf("raw '<' in text")
			}
			tag := s[1:end]
			s = s[end+1:]
			switch {
			case tag == "b" || tag == "i" || tag == "pre" || strings.HasPrefix(tag, `a href="`) && strings.HasSuffix(tag, `"`):
				name := tag
				if strings.HasPrefix(tag, "a ") {
					name = "a"
					val := tag[len(`a href="`) : len(tag)-1]
					if strings.ContainsAny(val, `"<>`) {
						return "", fmt.Errorf("raw quote or bracket in href %q", val)
					}
					if err := checkEntities(val); err != nil {
						return "", err
					}
				}
				if len(stack) > 0 && (stack[len(stack)-1] == "pre" || stack[len(stack)-1] == "a") {
					return "", fmt.Errorf("<%s> inside <%s>", name, stack[len(stack)-1])
				}
				for _, open := range stack {
					if open == name {
						return "", fmt.Errorf("<%s> nested in itself", name)
					}
				}
				stack = append(stack, name)
			case strings.HasPrefix(tag, "/"):
				if len(stack) == 0 || stack[len(stack)-1] != tag[1:] {
					return "", fmt.Errorf("unbalanced </%s>", tag[1:])
				}
				stack = stack[:len(stack)-1]
			default:
				return "", fmt.Errorf("unknown tag <%s>", tag)
			}
		case '>':
			return "", fmt.Errorf("raw '>' in text")
		case '&':
			ent, ch, ok := entityAt(s)
			if !ok {
				return "", fmt.Errorf("bad entity at %.10q", s)
			}
			text.WriteString(ch)
			s = s[len(ent):]
		default:
			text.WriteByte(s[0])
			s = s[1:]
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("unclosed <%s>", stack[len(stack)-1])
	}
	return text.String(), nil
}

func entityAt(s string) (ent, ch string, ok bool) {
	for _, e := range [][2]string{{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", `"`}} {
		if strings.HasPrefix(s, e[0]) {
			return e[0], e[1], true
		}
	}
	return "", "", false
}

func checkEntities(s string) error {
	for i := strings.IndexByte(s, '&'); i >= 0; i = strings.IndexByte(s, '&') {
		ent, _, ok := entityAt(s[i:])
		if !ok {
			return fmt.Errorf("bad entity in %q", s)
		}
		s = s[i+len(ent):]
	}
	return nil
}

func BenchmarkRenderReply(b *testing.B) {
	var items []string
	for i := range 12 {
		items = append(items, fmt.Sprintf("Tip %d: keep baby **close** & feed <on demand> 👶", i))
	}
	r := bot.Reply{Blocks: []bot.Block{
		{Kind: bot.Urgent, Title: "Get care now", Text: "Call 111."},
		{Kind: bot.Title, Title: "Cluster feeding"},
		{Kind: bot.Text, Text: strings.Repeat("Cluster feeding is normal in the evening. ", 20)},
		{Kind: bot.List, Items: items},
		{Kind: bot.Sources, Links: []bot.Link{{Title: "NHS", URL: "https://www.nhs.uk/"}, {Title: "La Leche League", URL: "https://llli.org/"}}},
		{Kind: bot.Footnote, Text: "Not medical advice."},
	}}
	b.ReportAllocs()
	for b.Loop() {
		renderReply(r)
	}
}

func BenchmarkRenderSplit(b *testing.B) {
	r := bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: strings.Repeat("milk & <honey> ", 2000)}}}
	b.ReportAllocs()
	for b.Loop() {
		renderReply(r)
	}
}

// TestRenderLinksTheArticle: with web.public_url set, an answer to a guide
// topic ends with a link to its whole article on the web guide; without
// it, or for a reply with no topic (a feed-log reply), nothing changes.
func TestRenderLinksTheArticle(t *testing.T) {
	answer := bot.Reply{Topic: "latch-pain", Blocks: []bot.Block{
		{Kind: bot.Title, Title: "Latch pain"},
		{Kind: bot.Text, Text: "Check the latch."},
	}}
	link := `<a href="https://nursling.example.org/guide/latch-pain">Read the whole article</a>`
	tests := []struct {
		name      string
		reply     bot.Reply
		publicURL string
		want      []string
	}{
		{"linked", answer, "https://nursling.example.org/", []string{"<b>Latch pain</b>\n\nCheck the latch.\n\n" + link}},
		{"no public_url", answer, "", []string{"<b>Latch pain</b>\n\nCheck the latch."}},
		{"no topic", bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: "Logged."}}}, "https://nursling.example.org", []string{"Logged."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, renderAnswer(tt.reply, tt.publicURL)); diff != "" {
				t.Errorf("renderAnswer (-want +got):\n%s", diff)
			}
		})
	}
}

package telegram

import (
	"strings"
	"testing"

	"nursling/bot"
	"nursling/bot/render"
)

// FuzzRender feeds arbitrary text through every block kind. The output
// must be valid Telegram HTML (known tags, balanced, no raw '<' or '&' from
// the input), every message within the limit, and the visible text exactly
// the text of the spans: nothing lost, nothing double-escaped, no input
// turned into markup.
func FuzzRender(f *testing.F) {
	f.Add("Latch", "Tummy to **mummy** & <nose>", "**bold** tip", "https://www.nhs.uk/?a=1&b=2")
	f.Add("", "", "", "")
	f.Add("<b>x</b>", "</pre><a href=\"x\">", "&amp; &lt;", `javascript:alert("x")`)
	f.Add("👩‍👧", strings.Repeat("a ", 3000), "*_[]`~", "https://e.org/\"><i>")
	f.Add("\x00\xff", "line\r\nline\n\n\npara", "**", "http://[::1]:80/")
	f.Fuzz(func(t *testing.T, title, text, item, link string) {
		// Replies are at most a few KB; 32 KB still covers every split
		// path while keeping each run (and minimisation) fast.
		if len(title)+len(text)+len(item)+len(link) > 32<<10 {
			t.Skip()
		}
		r := bot.Reply{Blocks: []bot.Block{
			{Kind: bot.Urgent, Title: title, Text: text, Items: []string{item}},
			{Kind: bot.Title, Title: title},
			{Kind: bot.Text, Title: title, Text: text, Items: []string{item}},
			{Kind: bot.List, Title: title, Text: text, Items: []string{item, text}},
			{Kind: bot.Sources, Title: title, Links: []bot.Link{{Title: item, URL: link}, {Title: title, URL: text}}},
			{Kind: bot.Footnote, Title: title, Text: text},
			{Kind: bot.Pre, Title: title, Text: text},
		}}
		var visible strings.Builder
		for i, c := range renderReply(r) {
			got, err := checkHTML(c)
			if err != nil {
				t.Fatalf("chunk %d: %v\n%q", i, err, c)
			}
			if n := render.Len(got); n > maxMessageLen || n == 0 {
				t.Fatalf("chunk %d has %d characters", i, n)
			}
			visible.WriteString(got)
		}
		var want strings.Builder
		for _, p := range paragraphs(r) {
			for _, l := range p.lines {
				for _, s := range l {
					want.WriteString(s.text)
				}
			}
		}
		if g, w := squeeze(visible.String()), squeeze(want.String()); g != w {
			t.Fatalf("visible text differs from the input text:\n got %q\nwant %q", g, w)
		}
	})
}

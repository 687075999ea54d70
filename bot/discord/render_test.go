package discord

import (
	"io"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"nursling/bot"
)

// embedView is the part of an embed the tests compare.
type embedView struct {
	Title, Desc, Footer, Image string
	Color                      int
	Fields                     []string // "name: value"
}

type renderView struct {
	Embeds  []embedView
	Buttons []button
	Held    []button
	Files   []string // "name type bytes"
	Pages   int
}

func viewOf(r rendered) renderView {
	var v renderView
	for _, e := range r.Embeds {
		ev := embedView{Title: e.Title, Desc: e.Description, Color: e.Color}
		if e.Footer != nil {
			ev.Footer = e.Footer.Text
		}
		if e.Image != nil {
			ev.Image = e.Image.URL
		}
		for _, f := range e.Fields {
			ev.Fields = append(ev.Fields, f.Name+": "+f.Value)
		}
		v.Embeds = append(v.Embeds, ev)
	}
	v.Buttons, v.Held, v.Pages = r.Buttons, r.Held, len(r.Pages)
	for _, f := range r.Files {
		b, _ := io.ReadAll(f.Reader)
		v.Files = append(v.Files, f.Name+" "+f.ContentType+" "+string(b))
	}
	return v
}

func TestRender(t *testing.T) {
	tests := []struct {
		name  string
		reply bot.Reply
		want  renderView
	}{
		{
			name:  "empty reply renders nothing",
			reply: bot.Reply{},
			want:  renderView{},
		},
		{
			name: "urgent first in red, then the answer with sources and footer",
			reply: bot.Reply{Urgent: true, Blocks: []bot.Block{
				{Kind: bot.Urgent, Title: "Signs of mastitis", Text: "Fever over 38°C and a red, hot breast.", Items: []string{"Call your GP or 111 today"}},
				{Kind: bot.Title, Title: "Mastitis"},
				{Kind: bot.Text, Text: "Keep feeding from the sore side.\n\nRest when you can."},
				{Kind: bot.List, Title: "What helps", Items: []string{"Warmth before a feed", "  ", "Cold packs after"}},
				{Kind: bot.Sources, Links: []bot.Link{{Title: "NHS: Mastitis", URL: "https://www.nhs.uk/conditions/mastitis/"}}},
				{Kind: bot.Footnote, Text: "This is general information, not medical advice."},
			}},
			want: renderView{Embeds: []embedView{
				// The urgent block's heading is the embed's title, not repeated inside.
				{Title: "Signs of mastitis", Color: colorUrgent,
					Desc: "Fever over 38°C and a red, hot breast.\n• Call your GP or 111 today"},
				{Title: "Mastitis", Color: colorAnswer,
					Desc:   "Keep feeding from the sore side.\n\nRest when you can.\n\n**What helps**\n• Warmth before a feed\n• Cold packs after",
					Fields: []string{"Sources: • [NHS: Mastitis](https://www.nhs.uk/conditions/mastitis/)"},
					Footer: "This is general information, not medical advice."},
			}},
		},
		{
			name: "two urgent blocks: the first heading is the title, the second keeps its own",
			reply: bot.Reply{Urgent: true, Blocks: []bot.Block{
				{Kind: bot.Urgent, Title: "Get care now", Text: "A fever in a baby under 3 months."},
				{Kind: bot.Urgent, Title: "Contact your midwife today", Text: "Red streaks from the breast."},
			}},
			want: renderView{Embeds: []embedView{
				{Title: "Get care now", Color: colorUrgent,
					Desc: "A fever in a baby under 3 months.\n\n**Contact your midwife today**\nRed streaks from the breast."},
			}},
		},
		{
			name: "markdown in text is escaped, footer stays plain",
			reply: bot.Reply{Blocks: []bot.Block{
				{Kind: bot.Title, Title: "*Not* bold"},
				{Kind: bot.Text, Text: "# not a heading\n- not a list\n1. not numbered\n> not a quote\n<@123> ||spoiler|| `code` [x](https://e.org) ~~s~~ _i_ \\"},
				{Kind: bot.Footnote, Text: "Ask a *midwife*"},
			}},
			want: renderView{Embeds: []embedView{{
				Title: `\*Not\* bold`, Color: colorAnswer,
				Desc: "\\# not a heading\n\\- not a list\n1\\. not numbered\n\\> not a quote\n" +
					"\\<@123\\> \\|\\|spoiler\\|\\| \\`code\\` \\[x\\](https://e.org) \\~\\~s\\~\\~ \\_i\\_ \\\\",
				Footer: "Ask a *midwife*",
			}}},
		},
		{
			name: "control characters and bidi overrides are dropped",
			reply: bot.Reply{Blocks: []bot.Block{
				{Kind: bot.Text, Text: "a\x00b\u202ec\r\nd\xffe"},
			}},
			want: renderView{Embeds: []embedView{{Desc: "abc\nd\uFFFDe", Color: colorAnswer}}},
		},
		{
			name: "sources: unsafe links become text, parentheses are encoded, untitled show the address",
			reply: bot.Reply{Blocks: []bot.Block{
				{Kind: bot.Sources, Title: "Read more", Links: []bot.Link{
					{Title: "Evil", URL: "javascript:alert(1)"},
					{Title: "Wiki", URL: "https://en.wikipedia.org/wiki/Latch_(breastfeeding)"},
					{URL: "https://e.org/x"},
				}},
			}},
			want: renderView{Embeds: []embedView{{Color: colorAnswer, Fields: []string{
				"Read more: • Evil\n• [Wiki](https://en.wikipedia.org/wiki/Latch_%28breastfeeding%29)\n• [https://e.org/x](https://e.org/x)",
			}}}},
		},
		{
			name: "preformatted text is a code block that cannot be closed early",
			reply: bot.Reply{Blocks: []bot.Block{
				{Kind: bot.Pre, Title: "Today", Text: "03:00  left  15m\n05:10  ```  *x*"},
			}},
			want: renderView{Embeds: []embedView{{Color: colorAnswer,
				Desc: "**Today**\n\n```\n03:00  left  15m\n05:10  `\u200b`\u200b`\u200b  *x*\n```"}}},
		},
		{
			name: "buttons: blank labels, empty, duplicate and adapter-reserved data are dropped; labels are cut",
			reply: bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: "x"}}, Buttons: []bot.Button{
				{Label: " ", Data: "a"},
				{Label: "Empty", Data: ""},
				{Label: "Undo", Data: "undo:1"},
				{Label: "Again", Data: "undo:1"},
				{Label: "Spoof", Data: "human:x"},
				{Label: "Spoof", Data: "page:x:0"},
				{Label: strings.Repeat("L", 90), Data: "long"},
			}},
			want: renderView{
				Embeds: []embedView{{Desc: "x", Color: colorAnswer}},
				Buttons: []button{
					{Label: "Undo", ID: "undo:1", Style: 2},
					{Label: strings.Repeat("L", 79) + "…", ID: "long", Style: 2},
				},
			},
		},
		{
			name: "attachments: files, the first image inside the embed",
			reply: bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: "Your week"}}, Attachments: []bot.Attachment{
				{Name: "week chart.png", MIME: "image/png", Data: []byte("png"), Image: true},
				{Name: "../../feeds.csv", MIME: "text/csv", Data: []byte("csv")},
				{Name: "", Data: []byte("?")},
			}},
			want: renderView{
				Embeds: []embedView{{Desc: "Your week", Color: colorAnswer, Image: "attachment://week_chart.png"}},
				Files:  []string{"week_chart.png image/png png", "_.._feeds.csv text/csv csv", "file3 application/octet-stream ?"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := viewOf(render(tc.reply))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("render (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRenderTrimsLongAnswers(t *testing.T) {
	long := strings.Repeat("Skin to skin helps. ", 300) // one 6000-character paragraph
	var items []string
	for i := 0; i < 60; i++ {
		items = append(items, strings.Repeat("tip ", 50))
	}
	tests := []struct {
		name      string
		reply     bot.Reply
		wantPaged bool
	}{
		{"fits", bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: "short"}}}, false},
		{"one huge paragraph", bot.Reply{Blocks: []bot.Block{{Kind: bot.Title, Title: "Supply"}, {Kind: bot.Text, Text: long}}}, true},
		{"many tips with urgent and sources", bot.Reply{Blocks: []bot.Block{
			{Kind: bot.Urgent, Text: strings.Repeat("Get help now. ", 100)},
			{Kind: bot.Title, Title: strings.Repeat("T", 400)},
			{Kind: bot.List, Items: items},
			{Kind: bot.Sources, Links: manyLinks(80)},
			{Kind: bot.Footnote, Text: strings.Repeat("f", 3000)},
		}, Buttons: []bot.Button{{Label: "More tips", Data: "more:x"}}}, true},
		{"huge code block", bot.Reply{Blocks: []bot.Block{{Kind: bot.Pre, Text: strings.Repeat("03:00 left 15m\n", 1000)}}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := render(tc.reply)
			if err := checkRendered(r); err != "" {
				t.Fatal(err)
			}
			if got := len(r.Pages) > 0; got != tc.wantPaged {
				t.Errorf("paged = %v, want %v", got, tc.wantPaged)
			}
			if tc.wantPaged {
				last := r.Embeds[len(r.Embeds)-1].Description
				if !strings.HasSuffix(last, moreNote) {
					t.Errorf("answer does not point at More tips: ends %q", last[max(0, len(last)-50):])
				}
			}
			for _, b := range r.Buttons {
				if b.Label == moreTipsLabel && tc.wantPaged {
					t.Errorf("the reply's More tips button was not held for the last page")
				}
			}
		})
	}
}

func manyLinks(n int) []bot.Link {
	var ls []bot.Link
	for i := 0; i < n; i++ {
		ls = append(ls, bot.Link{Title: "Source number " + strings.Repeat("x", i%7), URL: "https://example.org/a/long/path/" + strings.Repeat("p", i)})
	}
	return ls
}

func TestComponentsLayout(t *testing.T) {
	var bs []button
	for i := 0; i < 30; i++ {
		bs = append(bs, button{Label: "b", ID: string(rune('a' + i))})
	}
	tests := []struct {
		name string
		n    int
		want []int // buttons per row
	}{
		{"none", 0, nil},
		{"one row", 3, []int{3}},
		{"two rows", 7, []int{5, 2}},
		{"capped at five rows", 30, []int{5, 5, 5, 5, 5}},
	}
	for _, tc := range tests {
		var got []int
		for _, row := range components(bs[:tc.n]) {
			got = append(got, len(row.(discordgo.ActionsRow).Components))
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: rows (-want +got):\n%s", tc.name, diff)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	typical := answer(bot.Message{Text: "/ask latch"})
	var items []string
	for i := 0; i < 400; i++ {
		items = append(items, strings.Repeat("a long tip with *stars* ", 10))
	}
	huge := bot.Reply{Blocks: []bot.Block{{Kind: bot.Title, Title: "Huge"}, {Kind: bot.List, Items: items}}} // about 100 KB
	for _, bc := range []struct {
		name  string
		reply bot.Reply
	}{{"typical", typical}, {"100KB", huge}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				render(bc.reply)
			}
		})
	}
}

// TestRenderLinksTheArticle: with web.public_url set, an answer to a guide
// topic links its title and a field to the whole article on the web
// guide; without it, or for a reply with no topic, nothing changes.
func TestRenderLinksTheArticle(t *testing.T) {
	answer := bot.Reply{Topic: "latch-pain", Blocks: []bot.Block{
		{Kind: bot.Title, Title: "Latch pain"},
		{Kind: bot.Text, Text: "Check the latch."},
	}}
	const page = "https://nursling.example.org/guide/latch-pain"
	r := renderAnswer(answer, "https://nursling.example.org/")
	want := renderView{Embeds: []embedView{{Title: "Latch pain", Desc: "Check the latch.", Color: colorAnswer,
		Fields: []string{"The whole article: [Read the whole article](" + page + ")"}}}}
	if diff := cmp.Diff(want, viewOf(r)); diff != "" {
		t.Errorf("render (-want +got):\n%s", diff)
	}
	if r.Embeds[0].URL != page {
		t.Errorf("title links to %q, want %q", r.Embeds[0].URL, page)
	}
	for name, got := range map[string]rendered{
		"no public_url": renderAnswer(answer, ""),
		"no topic":      renderAnswer(bot.Reply{Blocks: answer.Blocks}, "https://nursling.example.org"),
	} {
		if e := got.Embeds[0]; e.URL != "" || len(e.Fields) != 0 {
			t.Errorf("%s: embed links %q with fields %v, want neither", name, e.URL, e.Fields)
		}
	}
}

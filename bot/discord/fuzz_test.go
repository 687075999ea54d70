package discord

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"nursling/bot"
	rtext "nursling/bot/render"
)

// FuzzRender feeds arbitrary text through the embed renderer and the
// markdown escaper: the output must always be within Discord's limits,
// valid UTF-8, and show the input literally. Seeds are in
// testdata/fuzz/FuzzRender.
func FuzzRender(f *testing.F) {
	f.Add("Latch pain", "It *should* not hurt.", "Try laid-back feeding", "NHS", "https://www.nhs.uk/", "Ask your midwife.", "Helpful", "fb:latch:1", uint8(1))
	f.Fuzz(func(t *testing.T, title, text, item, linkTitle, linkURL, foot, label, data string, repeat uint8) {
		n := int(repeat)
		var items []string
		var links []bot.Link
		var buttons []bot.Button
		for i := 0; i < n; i++ {
			items = append(items, item)
			if i < 40 {
				links = append(links, bot.Link{Title: linkTitle, URL: linkURL})
			}
			if i < 30 {
				buttons = append(buttons, bot.Button{Label: label, Data: fmt.Sprint(data, i%3)})
			}
		}
		reply := bot.Reply{
			Urgent: n%2 == 1,
			Blocks: []bot.Block{
				{Kind: bot.Urgent, Title: title, Text: text},
				{Kind: bot.Title, Title: title},
				{Kind: bot.Text, Title: item, Text: strings.Repeat(text, n%16)},
				{Kind: bot.List, Items: items},
				{Kind: bot.Pre, Text: strings.Repeat(text+"\n", n%8)},
				{Kind: bot.Sources, Title: linkTitle, Links: links},
				{Kind: bot.Footnote, Text: strings.Repeat(foot, n%20)},
				{Kind: bot.Title, Title: item},
			},
			Buttons:     buttons,
			Attachments: []bot.Attachment{{Name: label, MIME: data, Data: []byte(text), Image: true}},
		}
		if msg := checkRendered(render(reply)); msg != "" {
			t.Fatal(msg)
		}
		for _, s := range []string{title, text, item} {
			e := escapeMarkdown(rtext.CleanBidi(s))
			if got := unescape(e); got != rtext.CleanBidi(s) {
				t.Fatalf("escape does not round-trip: %q -> %q -> %q", s, e, got)
			}
			if c, ok := unescapedMarkup(e); ok {
				t.Fatalf("escape of %q leaves %q unescaped: %q", s, c, e)
			}
		}
	})
}

// checkRendered describes the first way r breaks Discord's limits, or "".
func checkRendered(r rendered) string {
	if len(r.Embeds) > maxEmbeds {
		return fmt.Sprintf("%d embeds", len(r.Embeds))
	}
	total := 0
	for i, e := range r.Embeds {
		footer := ""
		if e.Footer != nil {
			footer = e.Footer.Text
		}
		for _, c := range []struct {
			what string
			s    string
			max  int
		}{{"title", e.Title, maxTitle}, {"description", e.Description, maxDesc}, {"footer", footer, maxFooter}} {
			if rtext.Len(c.s) > c.max {
				return fmt.Sprintf("embed %d: %s is %d long, limit %d", i, c.what, rtext.Len(c.s), c.max)
			}
			if !utf8.ValidString(c.s) {
				return fmt.Sprintf("embed %d: %s is not UTF-8", i, c.what)
			}
			total += rtext.Len(c.s)
		}
		if len(e.Fields) > 25 {
			return fmt.Sprintf("embed %d: %d fields", i, len(e.Fields))
		}
		for _, f := range e.Fields {
			if f.Name == "" || f.Value == "" || rtext.Len(f.Name) > maxFieldName || rtext.Len(f.Value) > maxFieldValue {
				return fmt.Sprintf("embed %d: field %q (%d) = %q (%d)", i, f.Name, rtext.Len(f.Name), f.Value, rtext.Len(f.Value))
			}
			if !utf8.ValidString(f.Name) || !utf8.ValidString(f.Value) {
				return fmt.Sprintf("embed %d: field is not UTF-8", i)
			}
			total += rtext.Len(f.Name) + rtext.Len(f.Value)
		}
		if e.Title == "" && e.Description == "" && len(e.Fields) == 0 && footer == "" && e.Image == nil {
			return fmt.Sprintf("embed %d is empty", i)
		}
	}
	if total > maxEmbedTotal {
		return fmt.Sprintf("embeds total %d, limit %d", total, maxEmbedTotal)
	}
	if len(r.Buttons)+len(r.Held) > maxButtons-2 {
		return fmt.Sprintf("%d buttons leave no room for the adapter's", len(r.Buttons)+len(r.Held))
	}
	for _, b := range append(append([]button(nil), r.Buttons...), r.Held...) {
		if !visible(b.Label) || rtext.Len(b.Label) > maxLabel || !utf8.ValidString(b.Label) || !validCustomID(b.ID) {
			return fmt.Sprintf("button %q/%q", b.Label, b.ID)
		}
	}
	rows := components(r.Buttons)
	if len(rows) > maxRows {
		return fmt.Sprintf("%d rows", len(rows))
	}
	for _, row := range rows {
		if n := len(row.(discordgo.ActionsRow).Components); n > maxRowButtons || n == 0 {
			return fmt.Sprintf("row of %d buttons", n)
		}
	}
	if len(r.Pages) > maxPages {
		return fmt.Sprintf("%d pages", len(r.Pages))
	}
	for i, p := range r.Pages {
		if p == "" || rtext.Len(p) > maxDesc || !utf8.ValidString(p) {
			return fmt.Sprintf("page %d: %d long", i, rtext.Len(p))
		}
	}
	if len(r.Files) > maxFiles {
		return fmt.Sprintf("%d files", len(r.Files))
	}
	return ""
}

// unescape undoes escapeMarkdown, as Discord does when it displays text.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescapedMarkup finds a markup character without its backslash.
func unescapedMarkup(s string) (byte, bool) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '*', '_', '~', '`', '|', '[', ']', '<', '>', '#':
			return s[i], true
		}
	}
	return 0, false
}

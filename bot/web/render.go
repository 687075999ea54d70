package web

import (
	"encoding/base64"
	"html/template"
	"regexp"
	"strings"

	"nursling/bot"
)

// replyView is a Reply laid out for the templates: urgent blocks first,
// every string still plain text (html/template escapes it).
type replyView struct {
	Urgent  bool
	Blocks  []blockView
	Buttons []buttonView
	Images  []imageView
	Files   []string
	Topic   string
	// Question, CSRF and Nonce are filled in by the page.
	Question string
	CSRF     string
	Nonce    string
}

type blockView struct {
	Kind  string // urgent, title, list, sources, footnote, pre, text
	Title string
	// Sub is true when a block's title sits under an earlier heading of
	// the reply (h3), false when it is the reply's first heading (h2).
	Sub   bool
	Paras []string
	Items []itemView
	Links []bot.Link
	Pre   string
}

// itemView is one bullet; an item naming a guide article ("Latch (/guide
// latch)") becomes a link to its page.
type itemView struct {
	Text string
	Href string
}

// buttonView is a pressed-by-form button (Action) or a plain link (Href).
type buttonView struct {
	Label  string
	Action string
	Href   string
}

type imageView struct {
	Alt string
	Src template.URL
}

var guideRef = regexp.MustCompile(`^(.*) \(/guide ([a-z0-9-]+)\)$`)

var kindNames = map[bot.BlockKind]string{
	bot.Text: "text", bot.Title: "title", bot.List: "list", bot.Urgent: "urgent",
	bot.Sources: "sources", bot.Footnote: "footnote", bot.Pre: "pre",
}

// viewReply lays out r. Attachments that are PNG images are shown inline;
// other files are named (the export route sends them as downloads).
func viewReply(r bot.Reply) replyView {
	v := replyView{Urgent: r.Urgent, Topic: r.Topic}
	var rest []blockView
	for _, b := range r.Blocks {
		bv := viewBlock(b)
		if b.Kind == bot.Urgent {
			v.Blocks = append(v.Blocks, bv)
			v.Urgent = true
		} else {
			rest = append(rest, bv)
		}
	}
	v.Blocks = append(v.Blocks, rest...)
	headed := false
	for i := range v.Blocks {
		b := &v.Blocks[i]
		b.Sub = headed
		if b.Title != "" || b.Kind == "sources" {
			headed = true
		}
	}
	if r.Topic != "" && len(r.Buttons) > 0 {
		// The web can show the whole article: a midwife reading along
		// gets every tip, "when to get help" and the sources.
		v.Buttons = append(v.Buttons, buttonView{Label: "Read the whole article", Href: "/guide/" + r.Topic})
	}
	for _, b := range r.Buttons {
		v.Buttons = append(v.Buttons, viewButton(b))
	}
	for _, a := range r.Attachments {
		if a.Image && a.MIME == "image/png" {
			v.Images = append(v.Images, imageView{Alt: "Chart of the log (the same figures are listed as text)",
				Src: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(a.Data))})
			continue
		}
		v.Files = append(v.Files, a.Name)
	}
	return v
}

func viewBlock(b bot.Block) blockView {
	kind, ok := kindNames[b.Kind]
	if !ok {
		kind = "text"
	}
	bv := blockView{Kind: kind, Title: b.Title}
	for _, l := range b.Links {
		if !strings.HasPrefix(l.URL, "https://") && !strings.HasPrefix(l.URL, "http://") {
			l.URL = "" // shown as text, never as a link
		}
		bv.Links = append(bv.Links, l)
	}
	text := b.Text
	if b.Kind == bot.Title && b.Title == "" {
		bv.Title, text = b.Text, ""
	}
	if b.Kind == bot.Sources && bv.Title == "" {
		bv.Title = "Sources"
	}
	if b.Kind == bot.Pre {
		bv.Pre = text
	} else {
		bv.Paras = paragraphs(text)
	}
	for _, it := range b.Items {
		bv.Items = append(bv.Items, viewItem(it))
	}
	return bv
}

func viewItem(s string) itemView {
	if m := guideRef.FindStringSubmatch(s); m != nil {
		return itemView{Text: m[1], Href: "/guide/" + m[2]}
	}
	return itemView{Text: s}
}

// viewButton turns browsing buttons into links (they change nothing) and
// every other button into a form posting its data to /action.
func viewButton(b bot.Button) buttonView {
	kind, rest, _ := strings.Cut(b.Data, ":")
	switch kind {
	case "sec":
		if rest == "" {
			return buttonView{Label: b.Label, Href: "/guide"}
		}
		return buttonView{Label: b.Label, Href: "/guide#" + rest}
	case "art":
		return buttonView{Label: b.Label, Href: "/guide/" + rest}
	}
	return buttonView{Label: b.Label, Action: b.Data}
}

// paragraphs splits plain text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

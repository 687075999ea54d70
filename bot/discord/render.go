package discord

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"nursling/bot"
	rtext "nursling/bot/render"
)

// Discord's message limits, in UTF-16 units (see ulen).
const (
	maxTitle       = 256
	maxDesc        = 4096
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedTotal  = 6000 // all embeds of one message together
	maxEmbeds      = 10
	maxContent     = 2000
	maxRows        = 5
	maxRowButtons  = 5
	maxButtons     = maxRows * maxRowButtons
	maxLabel       = 80
	maxCustomID    = 100
	maxFiles       = 10
	maxChoices     = 25
	maxChoiceName  = 100
	maxChoiceValue = 100
)

const (
	// unitMax is the longest paragraph kept whole; longer ones are split
	// so that pages fill evenly.
	unitMax = 1800
	// pageMax is the size of one "More tips" page (an embed description).
	pageMax = 4000
	// maxPages bounds what one answer may hold back for "More tips".
	maxPages = 20

	colorUrgent = 0xED4245 // Discord's red
	colorAnswer = 0x4E9F8E

	urgentTitle   = "Get care now"
	moreTipsLabel = "More tips"
	moreNote      = "*More below: press More tips.*"
	cutNote       = "*(The rest was too long to show here.)*"
)

// button is a message button before layout into action rows.
type button struct {
	Label string
	ID    string // custom_id
	Style discordgo.ButtonStyle
}

// rendered is a Reply in Discord's terms. Pages are the parts of a long
// answer that did not fit (shown by the adapter's More tips button); Held
// are the reply's own buttons kept back for the last page.
type rendered struct {
	Embeds  []*discordgo.MessageEmbed
	Buttons []button
	Files   []*discordgo.File
	Pages   []string
	Held    []button
}

// unit is one paragraph, list item or code block of a description, already
// escaped. gap puts a blank line before it.
type unit struct {
	text string
	gap  bool
}

// render turns a Reply into embeds, buttons and files within Discord's
// limits: an urgent red embed first, then the answer embed (title, text,
// sources as links, the footnote as footer). Text that does not fit is
// returned as Pages rather than failing. It is pure and safe for any input.
func render(r bot.Reply) rendered { return renderAnswer(r, "") }

// renderAnswer is render with, when publicURL (web.public_url) is set and
// the reply answers a guide topic, the answer's title linking to the whole
// article on the web guide and a field saying so.
func renderAnswer(r bot.Reply, publicURL string) rendered {
	var (
		out        rendered
		urgent     []unit
		uTitle     string
		body       []unit
		title      string
		srcName    string
		links      []bot.Link
		haveSource bool
		foot       []string
	)
	for _, b := range r.Blocks {
		switch b.Kind {
		case bot.Urgent:
			// The first urgent block's heading is the embed's title, so
			// it is not repeated inside; later flags keep theirs.
			if len(urgent) == 0 && uTitle == "" {
				if t := strings.TrimSpace(rtext.CleanBidi(b.Title)); visible(t) {
					uTitle = rtext.Truncate(escapeMarkdown(t), maxTitle)
					b.Title = ""
				}
			}
			urgent = append(urgent, blockUnits(b)...)
		case bot.Title:
			t := strings.TrimSpace(rtext.CleanBidi(firstNonEmpty(b.Title, b.Text)))
			if !visible(t) {
				continue
			}
			if title == "" {
				title = rtext.Truncate(escapeMarkdown(t), maxTitle)
			} else {
				body = append(body, heading(t, true))
			}
		case bot.Sources:
			if !haveSource {
				srcName, haveSource = b.Title, true
			}
			links = append(links, b.Links...)
		case bot.Footnote:
			if t := strings.TrimSpace(rtext.CleanBidi(joinNonEmpty(" ", b.Title, b.Text))); visible(t) {
				foot = append(foot, t)
			}
		case bot.Pre:
			body = append(body, preUnits(b)...)
		default: // Text, List and kinds added later
			body = append(body, blockUnits(b)...)
		}
	}

	var field *discordgo.MessageEmbedField
	if haveSource && len(links) > 0 {
		field = sourcesField(srcName, links)
	}
	footer := rtext.Truncate(strings.Join(foot, "\n"), maxFooter)
	var article *discordgo.MessageEmbedField
	articleURL := rtext.ArticleURL(publicURL, r.Topic)
	if articleURL != "" {
		article = &discordgo.MessageEmbedField{Name: "The whole article", Value: linkText(bot.Link{Title: rtext.ArticleLabel, URL: articleURL})}
	}

	fixed := rtext.Len(title) + rtext.Len(footer)
	if uTitle == "" {
		uTitle = urgentTitle
	}
	if len(urgent) > 0 {
		fixed += rtext.Len(uTitle)
	}
	for _, f := range []*discordgo.MessageEmbedField{field, article} {
		if f != nil {
			fixed += rtext.Len(f.Name) + rtext.Len(f.Value)
		}
	}
	avail := maxEmbedTotal - fixed
	uDesc, mDesc, rest := layout(urgent, body, avail, 0)
	if len(rest) > 0 {
		// Pack again leaving room for the note that points at the button.
		uDesc, mDesc, rest = layout(urgent, body, avail, rtext.Len(moreNote)+2)
		mDesc = joinUnits(mDesc, unit{text: moreNote, gap: true})
	}

	if len(urgent) > 0 {
		out.Embeds = append(out.Embeds, &discordgo.MessageEmbed{
			Type:        discordgo.EmbedTypeRich,
			Title:       uTitle,
			Description: uDesc,
			Color:       colorUrgent,
		})
	}
	var main *discordgo.MessageEmbed
	if title != "" || mDesc != "" || field != nil || footer != "" || (article != nil && len(out.Embeds) > 0) {
		main = &discordgo.MessageEmbed{
			Type:        discordgo.EmbedTypeRich,
			Title:       title,
			Description: mDesc,
			Color:       colorAnswer,
		}
		if field != nil {
			main.Fields = []*discordgo.MessageEmbedField{field}
		}
		if article != nil {
			main.Fields = append(main.Fields, article)
			if title != "" {
				main.URL = articleURL
			}
		}
		if footer != "" {
			main.Footer = &discordgo.MessageEmbedFooter{Text: footer}
		}
		out.Embeds = append(out.Embeds, main)
	}

	out.Pages = paginate(rest)
	out.Files = files(r.Attachments, main)
	out.Buttons, out.Held = replyButtons(r.Buttons, len(out.Pages) > 0)
	return out
}

// layout fills the urgent and answer descriptions in order within avail
// units in all, keeping reserve units free in the answer's description;
// what does not fit comes back, in order, for More tips.
func layout(urgent, body []unit, avail, reserve int) (uDesc, mDesc string, rest []unit) {
	uDesc, n := pack(urgent, min(maxDesc, avail-reserve))
	if n < len(urgent) {
		// Urgent text comes first, so everything after it waits too.
		return uDesc, "", append(append([]unit(nil), urgent[n:]...), body...)
	}
	mDesc, n = pack(body, min(maxDesc, avail-rtext.Len(uDesc))-reserve)
	return uDesc, mDesc, body[n:]
}

// pack joins units while they fit in max and says how many it took.
func pack(units []unit, max int) (string, int) {
	s := ""
	for i, u := range units {
		next := joinUnits(s, u)
		if rtext.Len(next) > max {
			return s, i
		}
		s = next
	}
	return s, len(units)
}

func joinUnits(s string, u unit) string {
	switch {
	case s == "":
		return u.text
	case u.gap:
		return s + "\n\n" + u.text
	default:
		return s + "\n" + u.text
	}
}

// paginate packs the units that did not fit into pages of at most pageMax.
func paginate(rest []unit) []string {
	var pages []string
	for len(rest) > 0 {
		if len(pages) == maxPages {
			last := pages[len(pages)-1]
			pages[len(pages)-1] = rtext.Truncate(last, pageMax-rtext.Len(cutNote)-2) + "\n\n" + cutNote
			break
		}
		page, n := pack(rest, pageMax)
		if n == 0 { // cannot happen: units are at most unitMax
			page, n = rtext.Truncate(rest[0].text, pageMax), 1
		}
		pages = append(pages, page)
		rest = rest[n:]
	}
	return pages
}

// blockUnits renders a text, list or urgent block: an optional bold
// heading, paragraphs, then bullet items. The block starts after a blank
// line; paragraphs are separated by one; a heading sits on its text.
func blockUnits(b bot.Block) []unit {
	var us []unit
	if t := strings.TrimSpace(rtext.CleanBidi(b.Title)); visible(t) {
		us = append(us, heading(t, true))
	}
	for i, p := range paragraphs(b.Text) {
		us = append(us, textUnits(p, "", i > 0)...)
	}
	for _, it := range b.Items {
		if it = strings.TrimSpace(rtext.CleanBidi(it)); visible(it) {
			us = append(us, textUnits(it, "• ", false)...)
		}
	}
	if len(us) > 0 {
		us[0].gap = true
	}
	return us
}

// heading is a bold line before a block.
func heading(t string, gap bool) unit {
	return unit{text: "**" + rtext.Truncate(escapeMarkdown(t), maxTitle) + "**", gap: gap}
}

// paragraphs splits text at blank lines.
func paragraphs(s string) []string {
	s = strings.TrimSpace(rtext.CleanBidi(s))
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); visible(p) {
			out = append(out, p)
		}
	}
	return out
}

// textUnits escapes one paragraph (prefixed, e.g. with a bullet), split
// into units of at most unitMax. Raw text is split before escaping, at half
// the limit, because escaping at most doubles its length and must not be
// cut between a backslash and what it escapes.
func textUnits(p, prefix string, gap bool) []unit {
	whole := prefix + escapeMarkdown(p)
	if rtext.Len(whole) <= unitMax {
		return []unit{{text: whole, gap: gap}}
	}
	var pieces []string
	for _, line := range strings.Split(p, "\n") {
		pieces = append(pieces, rtext.SplitAt(line, unitMax/2-rtext.Len(prefix))...)
	}
	var out []unit
	cur := ""
	for _, piece := range pieces {
		e := escapeMarkdown(piece)
		if cur != "" && rtext.Len(cur)+1+rtext.Len(e) > unitMax {
			out = append(out, unit{text: cur})
			cur = ""
		}
		if cur == "" {
			if len(out) == 0 {
				cur = prefix + e
			} else {
				cur = e
			}
		} else {
			cur += "\n" + e
		}
	}
	if cur != "" {
		out = append(out, unit{text: cur})
	}
	if len(out) > 0 {
		out[0].gap = gap
	}
	return out
}

// preUnits renders preformatted text (feed-log tables) as code blocks of at
// most unitMax each.
func preUnits(b bot.Block) []unit {
	var us []unit
	if t := strings.TrimSpace(rtext.CleanBidi(b.Title)); visible(t) {
		us = append(us, heading(t, true))
	}
	text := strings.Trim(codeSafe(joinNonEmpty("\n", b.Text, strings.Join(b.Items, "\n"))), "\n")
	if !visible(text) {
		return us
	}
	const fence = "```\n"
	room := unitMax - 2*len(fence)
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		lines = append(lines, rtext.SplitAt(l, room)...)
	}
	cur, first := "", true
	flush := func() {
		us = append(us, unit{text: fence + cur + "\n```", gap: first})
		cur, first = "", false
	}
	for _, l := range lines {
		if cur != "" && rtext.Len(cur)+1+rtext.Len(l) > room {
			flush()
		}
		if cur == "" {
			cur = l
		} else {
			cur += "\n" + l
		}
	}
	if cur != "" {
		flush()
	}
	return us
}

// sourcesField lists sources as masked links, as many as fit in a field.
func sourcesField(name string, links []bot.Link) *discordgo.MessageEmbedField {
	name = strings.TrimSpace(rtext.CleanBidi(name))
	if !visible(name) {
		name = "Sources"
	}
	const reserve = 24 // room for "…and N more"
	value, shown := "", 0
	for _, l := range links {
		line := "• " + linkText(l)
		next := line
		if value != "" {
			next = value + "\n" + line
		}
		if rtext.Len(next) > maxFieldValue-reserve {
			continue
		}
		value, shown = next, shown+1
	}
	if more := len(links) - shown; more > 0 {
		if value != "" {
			value += "\n"
		}
		value += "…and " + strconv.Itoa(more) + " more"
	}
	return &discordgo.MessageEmbedField{Name: rtext.Truncate(escapeMarkdown(name), maxFieldName), Value: value}
}

// linkText is a masked link when the URL is a safe web address, else the
// escaped title alone.
func linkText(l bot.Link) string {
	title := rtext.Truncate(strings.TrimSpace(rtext.CleanBidi(l.Title)), 200)
	if !visible(title) {
		title = ""
	}
	u, ok := safeURL(l.URL)
	switch {
	case ok && title != "":
		return "[" + escapeMarkdown(title) + "](" + u + ")"
	case ok:
		return "[" + escapeMarkdown(rtext.Truncate(u, 200)) + "](" + u + ")"
	case title != "":
		return escapeMarkdown(title)
	default:
		return "(untitled source)"
	}
}

// urlEscaper percent-encodes what would end a markdown link's URL early.
var urlEscaper = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E")

// safeURL accepts only absolute http(s) URLs of reasonable length.
func safeURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > 512 || !utf8.ValidString(raw) || strings.ContainsAny(raw, "\n\r\t") {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return urlEscaper.Replace(u.String()), true
}

// replyButtons converts the reply's buttons, dropping what Discord would
// reject. With pages, a button labelled "More tips" is held back for the
// last page, since the adapter's own More tips button comes first. Two
// slots stay free for the adapter's buttons.
func replyButtons(bs []bot.Button, paged bool) (shown, held []button) {
	seen := map[string]bool{}
	for _, b := range bs {
		label := rtext.Truncate(strings.TrimSpace(rtext.CleanBidi(b.Label)), maxLabel)
		if !visible(label) || !validCustomID(b.Data) || ownAction(b.Data) || seen[b.Data] {
			continue
		}
		seen[b.Data] = true
		btn := button{Label: label, ID: b.Data, Style: discordgo.SecondaryButton}
		if paged && strings.EqualFold(label, moreTipsLabel) {
			held = append(held, btn)
			continue
		}
		if len(shown) < maxButtons-2 {
			shown = append(shown, btn)
		}
	}
	return shown, held
}

func validCustomID(id string) bool {
	return id != "" && utf8.ValidString(id) && rtext.Len(id) <= maxCustomID
}

// components lays buttons out in action rows of five, at most five rows.
func components(bs []button) []discordgo.MessageComponent {
	rows := []discordgo.MessageComponent{}
	for i := 0; i < len(bs) && len(rows) < maxRows; i += maxRowButtons {
		end := min(i+maxRowButtons, len(bs))
		row := discordgo.ActionsRow{}
		for _, b := range bs[i:end] {
			row.Components = append(row.Components, discordgo.Button{Label: b.Label, Style: b.Style, CustomID: b.ID})
		}
		rows = append(rows, row)
	}
	return rows
}

// files turns attachments into uploads; the first image is shown inside
// the answer embed.
func files(as []bot.Attachment, main *discordgo.MessageEmbed) []*discordgo.File {
	var out []*discordgo.File
	for i, a := range as {
		if len(out) == maxFiles {
			break
		}
		name := fileName(a.Name, i)
		mime := a.MIME
		if mime == "" || strings.ContainsAny(mime, "\r\n") {
			mime = "application/octet-stream"
		}
		out = append(out, &discordgo.File{Name: name, ContentType: mime, Reader: bytes.NewReader(a.Data)})
		if a.Image && main != nil && main.Image == nil {
			main.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + name}
		}
	}
	return out
}

// fileName keeps names to characters Discord's attachment:// links accept.
func fileName(name string, i int) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, name)
	name = strings.Trim(name, ".")
	if len(name) > 64 {
		name = name[len(name)-64:]
	}
	if name == "" {
		name = "file" + strconv.Itoa(i+1)
	}
	return name
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func joinNonEmpty(sep string, ss ...string) string {
	var parts []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, sep)
}

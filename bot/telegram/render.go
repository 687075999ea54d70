package telegram

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"nursling/bot"
	"nursling/bot/render"
)

// maxMessageLen is Telegram's limit on a message's text after entity
// parsing, counted here in UTF-16 units as Telegram does.
const maxMessageLen = 4096

// A reply is rendered in two steps: blocks become paragraphs of lines of
// styled spans holding plain text, and paragraphs are packed into messages
// of at most maxMessageLen visible characters. Escaping happens only when a
// piece is written out, so a split can never fall inside a tag or an entity.

type spanStyle int

const (
	plain spanStyle = iota
	bold
	link
)

type span struct {
	style spanStyle
	text  string
	href  string // link only
}

type line []span

// para is a paragraph: lines joined by "\n", all inside the wrap tag ("",
// "b", "i" or "pre"). Paragraphs are joined by a blank line.
type para struct {
	wrap  string
	lines []line
}

// renderReply renders r's blocks as Telegram HTML messages, urgent blocks
// first. It returns no messages when the blocks have no visible text.
func renderReply(r bot.Reply) []string { return renderAnswer(r, "") }

// renderAnswer is renderReply with, when publicURL (web.public_url) is set
// and the reply answers a guide topic, a last paragraph linking to the
// whole article on the web guide.
func renderAnswer(r bot.Reply, publicURL string) []string {
	ps := paragraphs(r)
	if u := render.ArticleURL(publicURL, r.Topic); u != "" && len(ps) > 0 {
		ps = append(ps, para{lines: []line{linkSpans(bot.Link{Title: render.ArticleLabel, URL: u})}})
	}
	return pack(ps, maxMessageLen)
}

// paragraphs lays out r's blocks, urgent ones first.
func paragraphs(r bot.Reply) []para {
	var urgent, rest []para
	for _, b := range r.Blocks {
		ps := blockParas(b)
		if b.Kind == bot.Urgent {
			urgent = append(urgent, ps...)
		} else {
			rest = append(rest, ps...)
		}
	}
	out := make([]para, 0, len(urgent)+len(rest))
	for _, p := range append(urgent, rest...) {
		if p.visibleLen() > 0 {
			out = append(out, p)
		}
	}
	return out
}

func blockParas(b bot.Block) []para {
	switch b.Kind {
	case bot.Urgent:
		// One paragraph led by the warning sign, so a split never
		// separates the advice from it; the heading and the call to act
		// are bold, the steps plain so they stay readable.
		var p para
		head := b.Title
		body := textLines(b.Text)
		if head == "" && len(body) > 0 {
			head, body = body[0], body[1:]
		}
		p.lines = append(p.lines, line{{style: bold, text: "⚠️ " + render.Clean(head)}})
		for _, t := range body {
			p.lines = append(p.lines, line{{style: bold, text: render.Clean(t)}})
		}
		for _, it := range b.Items {
			p.lines = append(p.lines, bullet(it))
		}
		return []para{p}
	case bot.Title:
		t := b.Title
		if t == "" {
			t = b.Text
		}
		return []para{{wrap: "b", lines: plainLines(t)}}
	case bot.List:
		var p para
		if b.Title != "" {
			p.lines = append(p.lines, line{{style: bold, text: render.Clean(b.Title)}})
		}
		for _, t := range textLines(b.Text) {
			p.lines = append(p.lines, richLine(t))
		}
		for _, it := range b.Items {
			p.lines = append(p.lines, bullet(it))
		}
		return []para{p}
	case bot.Sources:
		title := b.Title
		if title == "" {
			title = "Sources"
		}
		p := para{lines: []line{{{style: bold, text: render.Clean(title)}}}}
		for _, l := range b.Links {
			p.lines = append(p.lines, append(line{{text: "• "}}, linkSpans(l)...))
		}
		for _, it := range b.Items {
			p.lines = append(p.lines, bullet(it))
		}
		return []para{p}
	case bot.Footnote:
		var ps []para
		if b.Title != "" {
			ps = append(ps, para{wrap: "i", lines: plainLines(b.Title)})
		}
		for _, chunk := range textParas(b.Text) {
			p := para{wrap: "i"}
			for _, t := range chunk {
				p.lines = append(p.lines, richLine(t))
			}
			ps = append(ps, p)
		}
		return ps
	case bot.Pre:
		var ps []para
		if b.Title != "" {
			ps = append(ps, para{wrap: "b", lines: plainLines(b.Title)})
		}
		p := para{wrap: "pre"}
		for _, t := range strings.Split(render.Clean(b.Text), "\n") {
			p.lines = append(p.lines, line{{text: t}})
		}
		return append(ps, p)
	default: // bot.Text and kinds added later
		var ps []para
		if b.Title != "" {
			ps = append(ps, para{wrap: "b", lines: plainLines(b.Title)})
		}
		for _, chunk := range textParas(b.Text) {
			var p para
			for _, t := range chunk {
				p.lines = append(p.lines, richLine(t))
			}
			ps = append(ps, p)
		}
		if len(b.Items) > 0 {
			var p para
			for _, it := range b.Items {
				p.lines = append(p.lines, bullet(it))
			}
			ps = append(ps, p)
		}
		return ps
	}
}

// textParas splits text into paragraphs (at blank lines) of lines.
func textParas(s string) [][]string {
	var out [][]string
	var cur []string
	for _, l := range strings.Split(render.Clean(s), "\n") {
		if strings.TrimSpace(l) == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, strings.TrimRightFunc(l, unicode.IsSpace))
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// textLines returns the non-blank lines of s.
func textLines(s string) []string {
	var out []string
	for _, p := range textParas(s) {
		out = append(out, p...)
	}
	return out
}

func plainLines(s string) []line {
	var out []line
	for _, l := range textLines(s) {
		out = append(out, line{{text: l}})
	}
	return out
}

func bullet(item string) line {
	return append(line{{text: "• "}}, richLine(strings.Join(textLines(item), " "))...)
}

// richLine turns one line of article text into spans, converting **bold**
// the way Markdown does: an opening ** is not preceded by a letter or digit
// and is followed by a non-space; a closing ** follows a non-space and is not
// followed by a letter or digit. Anything else stays literal ("2**3").
func richLine(s string) line {
	s = render.Clean(s)
	var out line
	start := 0
	for {
		o := boldMarker(s, start, true)
		if o < 0 {
			break
		}
		c := boldMarker(s, o+2, false)
		if c < 0 {
			break // no closer after this opener, so none after later ones
		}
		if o > start {
			out = append(out, span{text: s[start:o]})
		}
		out = append(out, span{style: bold, text: s[o+2 : c]})
		start = c + 2
	}
	if start < len(s) {
		out = append(out, span{text: s[start:]})
	}
	return out
}

// boldMarker returns the index of the first opening (open) or closing **
// at or after from, or -1.
func boldMarker(s string, from int, open bool) int {
	for i := from; i+2 <= len(s); i++ {
		if s[i] != '*' || s[i+1] != '*' {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+2:])
		if i == 0 {
			before = ' '
		}
		if i+2 == len(s) {
			after = ' '
		}
		if open {
			if !isWordRune(before) && before != '*' && !unicode.IsSpace(after) && after != '*' && i+2 < len(s) {
				return i
			}
		} else if i > from && !unicode.IsSpace(before) && before != '*' && !isWordRune(after) && after != '*' {
			return i
		}
	}
	return -1
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// linkSpans renders a source as a link when its URL is a plain http(s) URL,
// else as text so a bad URL can never break the markup or smuggle a scheme.
func linkSpans(l bot.Link) line {
	title := strings.Join(textLines(l.Title), " ")
	u, err := url.Parse(l.URL)
	ok := err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		utf8.ValidString(l.URL) && !strings.ContainsFunc(l.URL, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	if !ok {
		if title == "" {
			return line{{text: render.Clean(l.URL)}}
		}
		return line{{text: title}}
	}
	if title == "" {
		title = l.URL
	}
	return line{{style: link, text: title, href: u.String()}}
}

// escapeHTML escapes text for Telegram HTML: only &, < and > are special.
func escapeHTML(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	last := 0
	// Byte-wise is safe: &, < and > never occur inside a UTF-8 sequence.
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
	return b.String()
}

// escapeAttr escapes a double-quoted attribute value.
func escapeAttr(s string) string {
	return strings.ReplaceAll(escapeHTML(s), `"`, "&quot;")
}

func (l line) visibleLen() int {
	n := 0
	for _, s := range l {
		n += render.Len(s.text)
	}
	return n
}

func (p para) visibleLen() int {
	n := 0
	for i, l := range p.lines {
		if i > 0 {
			n++ // "\n"
		}
		n += l.visibleLen()
	}
	return n
}

// pack fills messages of at most limit visible characters with whole
// paragraphs; only a paragraph longer than limit is cut, at line ends, then
// at spaces, then between characters.
func pack(ps []para, limit int) []string {
	var out []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if curLen > 0 {
			out = append(out, cur.String())
		}
		cur.Reset()
		curLen = 0
	}
	add := func(p para, n int) {
		if curLen > 0 {
			cur.WriteString("\n\n")
			curLen += 2
		}
		writePara(&cur, p)
		curLen += n
	}
	for _, p := range ps {
		n := p.visibleLen()
		if n <= limit {
			if curLen > 0 && curLen+2+n > limit {
				flush()
			}
			add(p, n)
			continue
		}
		// An oversized paragraph starts in the current message when some of
		// its lines fit there, so a heading is never sent on its own.
		if curLen > 0 {
			room, k := limit-curLen-2, 0
			for used := 0; k < len(p.lines); k++ {
				n := p.lines[k].visibleLen()
				if k > 0 {
					n++
				}
				if used+n > room {
					break
				}
				used += n
			}
			if k > 0 {
				add(para{wrap: p.wrap, lines: p.lines[:k]}, para{lines: p.lines[:k]}.visibleLen())
				p = para{wrap: p.wrap, lines: p.lines[k:]}
			}
		}
		flush()
		pieces := splitPara(p, limit)
		for i, piece := range pieces {
			add(piece, piece.visibleLen())
			if i < len(pieces)-1 {
				flush()
			}
		}
	}
	flush()
	return out
}

// splitPara cuts an oversized paragraph into paragraphs of at most limit.
func splitPara(p para, limit int) []para {
	var out []para
	cur := para{wrap: p.wrap}
	curLen := 0
	for _, l := range p.lines {
		for _, piece := range splitLine(l, limit) {
			n := piece.visibleLen()
			if len(cur.lines) > 0 && curLen+1+n > limit {
				out = append(out, cur)
				cur, curLen = para{wrap: p.wrap}, 0
			}
			if len(cur.lines) > 0 {
				curLen++
			}
			cur.lines = append(cur.lines, piece)
			curLen += n
		}
	}
	if len(cur.lines) > 0 {
		out = append(out, cur)
	}
	return out
}

// splitLine cuts a line into lines of at most limit, preferring spaces.
func splitLine(l line, limit int) []line {
	if l.visibleLen() <= limit {
		return []line{l}
	}
	var out []line
	var cur line
	room := limit
	queue := append(line(nil), l...)
	for len(queue) > 0 {
		s := queue[0]
		// cutText scans at most room characters, so a long span is not
		// measured again for every piece cut off it.
		head, tail := render.Cut(s.text, room)
		if tail == "" {
			cur = append(cur, s)
			room -= render.Len(s.text)
			queue = queue[1:]
			continue
		}
		if head == "" && len(cur) > 0 {
			out = append(out, cur)
			cur, room = nil, limit
			continue
		}
		if head == "" {
			// Not even one character fits an empty line: impossible with
			// a sane limit, but never loop for ever.
			head, tail = s.text, ""
		}
		h := s
		h.text = head
		cur = append(cur, h)
		out = append(out, cur)
		cur, room = nil, limit
		s.text = tail
		queue[0] = s
		if tail == "" {
			queue = queue[1:]
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// writePara writes p as HTML.
func writePara(b *strings.Builder, p para) {
	if p.wrap != "" {
		b.WriteString("<" + p.wrap + ">")
	}
	for i, l := range p.lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, s := range l {
			writeSpan(b, s, p.wrap)
		}
	}
	if p.wrap != "" {
		b.WriteString("</" + p.wrap + ">")
	}
}

func writeSpan(b *strings.Builder, s span, wrap string) {
	if s.text == "" {
		return
	}
	switch {
	case wrap == "pre":
		// Telegram allows no tags inside <pre>.
		b.WriteString(escapeHTML(s.text))
	case s.style == bold && wrap != "b":
		b.WriteString("<b>" + escapeHTML(s.text) + "</b>")
	case s.style == link:
		b.WriteString(`<a href="` + escapeAttr(s.href) + `">` + escapeHTML(s.text) + "</a>")
	default:
		b.WriteString(escapeHTML(s.text))
	}
}

// stripHTML turns our own rendered HTML back into plain text: the fallback
// when Telegram rejects the markup.
func stripHTML(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		switch {
		case s[0] == '<':
			end := strings.IndexByte(s, '>')
			if end < 0 {
				b.WriteString(s)
				return b.String()
			}
			s = s[end+1:]
		case strings.HasPrefix(s, "&amp;"):
			b.WriteByte('&')
			s = s[5:]
		case strings.HasPrefix(s, "&lt;"):
			b.WriteByte('<')
			s = s[4:]
		case strings.HasPrefix(s, "&gt;"):
			b.WriteByte('>')
			s = s[4:]
		case strings.HasPrefix(s, "&quot;"):
			b.WriteByte('"')
			s = s[6:]
		default:
			b.WriteByte(s[0])
			s = s[1:]
		}
	}
	return b.String()
}

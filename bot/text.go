package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"nursling/bot/feedlog"
)

// maxTextRunes bounds what the engine reads of a message; the rest of a
// very long paste is ignored (the search reads less still).
const maxTextRunes = 4000

// cleanText makes untrusted text safe to work with: invalid UTF-8 is
// replaced, control characters (but newlines and tabs), zero-width and
// bidirectional marks are dropped, whitespace is collapsed, and the text is
// cut to maxTextRunes.
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	if strings.ContainsAny(s, "\x1b\u009b") {
		// A whole escape sequence goes, not only its ESC: "15\x1b[31m min"
		// must not read as "15[31m min" (newcomer run D8).
		s = feedlog.BlankEscapes(s)
	}
	var b strings.Builder
	b.Grow(min(len(s), maxTextRunes*4))
	n := 0
	space := false
	for _, r := range s {
		if n >= maxTextRunes {
			break
		}
		switch {
		case r == '\n' || r == '\t' || r == ' ' || unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			// Cf covers zero-width joiners and spaces, bidi marks, BOMs.
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
			n++
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

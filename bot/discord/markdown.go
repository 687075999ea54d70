package discord

import (
	"strings"
	"unicode/utf8"

	rtext "nursling/bot/render"
)

// escapeMarkdown makes cleaned text display literally in Discord: every
// character that could start markup (bold, italics, strike, spoilers, code,
// masked links, mentions, channel links, timestamps, quotes, headings) gets
// a backslash, and so do list markers at the start of a line. Discord drops
// a backslash before any punctuation, so the reader sees the original text.
func escapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lineStart := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\\', '*', '_', '~', '`', '|', '[', ']', '<', '>', '#':
			b.WriteByte('\\')
			b.WriteRune(r)
			lineStart = false
		case '-', '+':
			if lineStart {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
			lineStart = false
		case '\n':
			b.WriteRune(r)
			lineStart = true
		case ' ', '\t':
			b.WriteRune(r) // leading blanks keep a line "at its start"
		default:
			if lineStart && r >= '0' && r <= '9' {
				// "1. item" starts a numbered list; escape its dot.
				j := i
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
				b.WriteString(s[i:j])
				if j < len(s) && s[j] == '.' {
					b.WriteString(`\.`)
					j++
				}
				i = j
				lineStart = false
				continue
			}
			b.WriteString(s[i : i+size])
			lineStart = false
		}
		i += size
	}
	return b.String()
}

// esc cleans and escapes untrusted text for a markdown field.
func esc(s string) string { return escapeMarkdown(rtext.CleanBidi(s)) }

// codeSafe keeps text from closing a code block early: a zero-width space
// after every backtick means no run of three can form.
func codeSafe(s string) string {
	return strings.ReplaceAll(rtext.CleanBidi(s), "`", "`\u200b")
}

// visible reports whether s shows anything once blanks and zero-width
// characters are gone.
func visible(s string) bool {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
			return -1
		}
		return r
	}, s)) != ""
}

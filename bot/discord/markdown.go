package discord

import (
	"strings"
	"unicode/utf8"
)

// Discord counts its limits in characters as JavaScript does: UTF-16 code
// units. Measuring that way is never shorter than counting runes, so text
// measured here always fits.

// ulen returns the length of s in UTF-16 code units.
func ulen(s string) int {
	n := 0
	for _, r := range s {
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// runeLen is the UTF-16 length of one rune.
func runeLen(r rune) int {
	if r > 0xFFFF {
		return 2
	}
	return 1
}

// ellipsis ends text that was cut short.
const ellipsis = "…"

// truncate returns s cut to at most max UTF-16 units, ending in an ellipsis
// when something was cut. It never splits a rune.
func truncate(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if ulen(s) <= max {
		return s
	}
	n, cut := 0, 0
	for i, r := range s {
		if n+runeLen(r) > max-1 { // keep one unit for the ellipsis
			cut = i
			break
		}
		n += runeLen(r)
		cut = i + utf8.RuneLen(r)
	}
	return s[:cut] + ellipsis
}

// splitAt splits s into pieces of at most max UTF-16 units without
// splitting runes. max must be at least 2.
func splitAt(s string, max int) []string {
	var out []string
	n, start := 0, 0
	for i, r := range s {
		if n+runeLen(r) > max {
			out = append(out, s[start:i])
			start, n = i, 0
		}
		n += runeLen(r)
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// clean makes untrusted text safe to place in a message: invalid UTF-8 is
// replaced, control characters other than newline and tab are dropped (they
// can hide text or break layouts), and carriage returns become newlines.
func clean(s string) string {
	if !needsClean(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case r < 0x20 || (r >= 0x7F && r < 0xA0):
			return -1
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			// Bidi embeddings, overrides and isolates can make a
			// message read differently from what it says.
			return -1
		}
		return r
	}, s)
}

func needsClean(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r < 0x20 && r != '\n' && r != '\t' || r >= 0x7F && r < 0xA0 ||
			r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
			return true
		}
	}
	return false
}

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
func esc(s string) string { return escapeMarkdown(clean(s)) }

// codeSafe keeps text from closing a code block early: a zero-width space
// after every backtick means no run of three can form.
func codeSafe(s string) string {
	return strings.ReplaceAll(clean(s), "`", "`\u200b")
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

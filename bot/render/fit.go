package render

import (
	"unicode"
	"unicode/utf8"
)

// Ellipsis ends text that was cut short.
const Ellipsis = "…"

// Truncate returns s cut to at most max UTF-16 units, ending in an
// ellipsis when something was cut. It never splits a rune.
func Truncate(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if Len(s) <= max {
		return s
	}
	n, cut := 0, 0
	for i, r := range s {
		if n+RuneLen(r) > max-1 { // keep one unit for the ellipsis
			cut = i
			break
		}
		n += RuneLen(r)
		cut = i + utf8.RuneLen(r)
	}
	return s[:cut] + Ellipsis
}

// SplitAt splits s into pieces of at most max UTF-16 units without
// splitting runes. max must be at least 2.
func SplitAt(s string, max int) []string {
	var out []string
	n, start := 0, 0
	for i, r := range s {
		if n+RuneLen(r) > max {
			out = append(out, s[start:i])
			start, n = i, 0
		}
		n += RuneLen(r)
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// Cut splits s so head has at most room UTF-16 units: at the last space
// that fits (the space is dropped), else between characters, never inside
// a surrogate pair nor before a joiner or combining mark.
func Cut(s string, room int) (head, tail string) {
	if room <= 0 {
		return "", s
	}
	end, lastSpace := Fit(s, room)
	if end >= len(s) {
		return s, ""
	}
	if lastSpace > 0 {
		return s[:lastSpace], s[lastSpace+1:]
	}
	// Step back while the next character belongs to the previous one.
	for end > 0 {
		r, _ := utf8.DecodeRuneInString(s[end:])
		p, size := utf8.DecodeLastRuneInString(s[:end])
		if !joins(r) && p != '\u200d' {
			break
		}
		end -= size
	}
	if end == 0 {
		// One giant grapheme: cut at the raw character boundary instead.
		end, _ = Fit(s, room)
	}
	return s[:end], s[end:]
}

// Fit returns the byte length of the longest prefix of s that fits in
// room UTF-16 units, and the byte offset of the last space in it (-1 for
// none).
func Fit(s string, room int) (end, lastSpace int) {
	units := 0
	lastSpace = -1
	for i, r := range s {
		w := RuneLen(r)
		if units+w > room {
			break
		}
		units += w
		end = i + utf8.RuneLen(r)
		if r == ' ' {
			lastSpace = i
		}
	}
	return end, lastSpace
}

// joins reports whether r attaches to the character before it.
func joins(r rune) bool {
	return r == '\u200d' || (r >= 0xFE00 && r <= 0xFE0F) || (r >= 0x1F3FB && r <= 0x1F3FF) ||
		unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r)
}

// Package render holds what the chat adapters' renderers share: cleaning
// untrusted text, measuring it as the platforms count (UTF-16 code units,
// as Telegram and Discord both do), and cutting it to fit a limit. It
// imports no platform SDK; each adapter keeps only its own markup and
// layout.
package render

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean makes user and article text safe to send: valid UTF-8, Unix line
// ends, and no control characters other than tab and newline.
func Clean(s string) string {
	if plainASCII(s) {
		return s // the common case: nothing to do
	}
	return cleanMap(s, false)
}

// CleanBidi is Clean that also drops the bidi embeddings, overrides and
// isolates (U+202A-202E, U+2066-2069), which can make a message read
// differently from what it says (Discord's rule).
func CleanBidi(s string) string {
	if plainASCII(s) {
		return s
	}
	return cleanMap(s, true)
}

func cleanMap(s string, bidi bool) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case unicode.IsControl(r):
			return -1
		case bidi && (r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069):
			return -1
		}
		return r
	}, s)
}

// plainASCII reports whether s is printable ASCII, tabs and newlines only.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x7f || c < 0x20 && c != '\n' && c != '\t' {
			return false
		}
	}
	return true
}

// Len is the length of s in UTF-16 code units, as the platforms count
// their limits. It is never shorter than the count of runes, so text
// measured here always fits.
func Len(s string) int {
	n := 0
	for _, r := range s {
		n += RuneLen(r)
	}
	return n
}

// RuneLen is the UTF-16 length of one rune.
func RuneLen(r rune) int {
	if r > 0xFFFF {
		return 2
	}
	return 1
}

// ArticleLabel is the text of the link from an answer to its article.
const ArticleLabel = "Read the whole article"

// ArticleURL is the web guide's page for topic under publicURL (the
// config's web.public_url), or "" when either is empty.
func ArticleURL(publicURL, topic string) string {
	if publicURL == "" || topic == "" {
		return ""
	}
	return strings.TrimRight(publicURL, "/") + "/guide/" + url.PathEscape(topic)
}

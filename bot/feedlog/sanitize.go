package feedlog

import (
	"strings"
	"unicode/utf8"
)

// sanitize blanks terminal escape sequences (ESC [ ... final, ESC ] ...
// BEL, and two-byte ESC forms) and every other control character (C0, DEL,
// C1) with spaces, so "left\x00 15\x1b[31m min" reads as "left  15 min":
// a colour code's digits never become part of a number. The result has the
// same length as s, so byte offsets found in it hold for s too. Text
// without control characters is returned as it is.
func sanitize(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != ' ' || c == 0x7f || c == 0xc2 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			j := skipEscape(s, i+1)
			b.WriteString(strings.Repeat(" ", j-i))
			i = j
			continue
		case c < 0x20 || c == 0x7f:
			b.WriteByte(' ')
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x9b: // C1 CSI
			j := skipCSI(s, i+n)
			b.WriteString(strings.Repeat(" ", j-i))
			i = j
		case r >= 0x80 && r <= 0x9f:
			b.WriteString(strings.Repeat(" ", n))
			i += n
		default:
			b.WriteString(s[i : i+n])
			i += n
		}
	}
	return b.String()
}

// skipEscape returns the index after the escape sequence whose ESC is just
// before s[i].
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', '_', '^', 'X':
		// OSC and other strings: up to BEL or ESC \.
		for j := i + 1; j < len(s); j++ {
			if s[j] == 0x07 {
				return j + 1
			}
			if s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\' {
				return j + 2
			}
		}
		return len(s)
	}
	if s[i] < 0x80 {
		return i + 1 // a two-byte escape such as ESC c
	}
	return i
}

// skipCSI skips a control sequence's parameter and intermediate bytes and
// its final byte (0x40–0x7E).
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		i++
		if c >= 0x40 && c <= 0x7e {
			return i
		}
		if c < 0x20 || c > 0x7e {
			return i - 1
		}
	}
	return i
}

// BlankEscapes is sanitize for other packages: terminal escape sequences
// and control characters become spaces, so the engine can drop control
// characters without leaving a colour code's digits behind ("15\x1b[31m"
// must not become "15[31m").
func BlankEscapes(s string) string { return sanitize(s) }

package render

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"short enough", "abc", 3, "abc"},
		{"cut with an ellipsis", "abcdef", 4, "abc…"},
		{"zero", "abc", 0, ""},
		{"never splits a rune", "ééééé", 3, "éé…"},
		{"astral runes count two", "🍼🍼🍼", 4, "🍼…"},
		{"astral rune that does not fit", "🍼🍼", 2, "…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Truncate(tc.in, tc.max)
			if got != tc.want {
				t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
			}
			if Len(got) > tc.max {
				t.Errorf("result is %d long, over %d", Len(got), tc.max)
			}
		})
	}
}

func TestSplitAt(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want []string
	}{
		{"empty", "", 3, nil},
		{"fits", "abc", 3, []string{"abc"}},
		{"splits", "abcdefg", 3, []string{"abc", "def", "g"}},
		{"astral runes stay whole", "a🍼🍼", 2, []string{"a", "🍼", "🍼"}},
	}
	for _, tc := range tests {
		got := SplitAt(tc.in, tc.max)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("%s: SplitAt(%q, %d) = %q, want %q", tc.name, tc.in, tc.max, got, tc.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "hello\tthere\nfriend", "hello\tthere\nfriend"},
		{"controls dropped", "a\x00b\x1bc\x7fd\u0085e", "abcde"},
		{"line endings", "a\r\nb\rc", "a\nb\nc"},
		{"invalid UTF-8 replaced", "a\xffb", "a\uFFFDb"},
		{"bidi overrides dropped, marks kept", "a\u202eb\u2066c\u200fd", "abc\u200fd"},
	}
	for _, tc := range tests {
		if got := CleanBidi(tc.in); got != tc.want {
			t.Errorf("%s: CleanBidi(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestCleanWithoutBidi: Clean (Telegram's) keeps bidi controls, which
// CleanBidi (Discord's) drops; both drop the same control characters.
func TestCleanWithoutBidi(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "hello\tthere\nfriend", "hello\tthere\nfriend"},
		{"controls dropped", "a\x00b\x1bc\x7fd\u0085e", "abcde"},
		{"line endings", "a\r\nb\rc", "a\nb\nc"},
		{"invalid UTF-8 replaced", "a\xffb", "a\uFFFDb"},
		{"bidi kept", "a\u202eb", "a\u202eb"},
	}
	for _, tc := range tests {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("%s: Clean(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		room       int
		head, tail string
	}{
		{"fits", "abc def", 10, "abc def", ""},
		{"at the last space", "abc def ghi", 8, "abc def", "ghi"},
		{"no space: between characters", "abcdef", 4, "abcd", "ef"},
		{"astral runes stay whole", "a🍼🍼", 2, "a", "🍼🍼"},
		{"not before a combining mark", "abe\u0301f", 3, "ab", "e\u0301f"},
		{"no room", "abc", 0, "", "abc"},
	}
	for _, tc := range tests {
		head, tail := Cut(tc.in, tc.room)
		if head != tc.head || tail != tc.tail {
			t.Errorf("%s: Cut(%q, %d) = %q, %q; want %q, %q", tc.name, tc.in, tc.room, head, tail, tc.head, tc.tail)
		}
	}
}

func TestLen(t *testing.T) {
	for in, want := range map[string]int{"": 0, "abc": 3, "é": 1, "🍼": 2, "a🍼b": 4} {
		if got := Len(in); got != want {
			t.Errorf("Len(%q) = %d, want %d", in, got, want)
		}
	}
}

// FuzzCut: for any text and room, Cut's head fits, head and tail give
// back the text (less the one space cut at), and cleaning is idempotent
// and leaves valid UTF-8.
func FuzzCut(f *testing.F) {
	f.Add("abc def ghi", 8)
	f.Add("a🍼🍼", 2)
	f.Fuzz(func(t *testing.T, s string, room int) {
		room %= 5000
		c := CleanBidi(s)
		if !utf8.ValidString(c) || CleanBidi(c) != c || Clean(Clean(s)) != Clean(s) {
			t.Fatalf("cleaning %q is not stable: %q", s, c)
		}
		head, tail := Cut(c, room)
		if room > 0 && Len(head) > room {
			t.Fatalf("Cut(%q, %d) head %q is %d long", c, room, head, Len(head))
		}
		if head+tail != c && head+" "+tail != c {
			t.Fatalf("Cut(%q, %d) = %q + %q loses text", c, room, head, tail)
		}
		for _, p := range SplitAt(c, max(2, room)) {
			if Len(p) > max(2, room) {
				t.Fatalf("SplitAt piece %q over %d", p, room)
			}
		}
		if tr := Truncate(c, room); Len(tr) > max(0, room) {
			t.Fatalf("Truncate(%q, %d) = %q, too long", c, room, tr)
		}
	})
}

func TestArticleURL(t *testing.T) {
	tests := []struct{ base, topic, want string }{
		{"https://nursling.example.org", "latch-pain", "https://nursling.example.org/guide/latch-pain"},
		{"https://nursling.example.org/", "latch-pain", "https://nursling.example.org/guide/latch-pain"},
		{"https://example.org/nursling", "a b/c", "https://example.org/nursling/guide/a%20b%2Fc"},
		{"", "latch-pain", ""},
		{"https://nursling.example.org", "", ""},
	}
	for _, tc := range tests {
		if got := ArticleURL(tc.base, tc.topic); got != tc.want {
			t.Errorf("ArticleURL(%q, %q) = %q, want %q", tc.base, tc.topic, got, tc.want)
		}
	}
}

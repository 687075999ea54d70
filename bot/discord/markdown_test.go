package discord

import (
	"strings"
	"testing"
)

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text is untouched", "Feed on demand, 8 to 12 times a day.", "Feed on demand, 8 to 12 times a day."},
		{"emphasis", "*a* _b_ ~~c~~ __d__", `\*a\* \_b\_ \~\~c\~\~ \_\_d\_\_`},
		{"code and spoilers", "`x` ||y||", "\\`x\\` \\|\\|y\\|\\|"},
		{"masked links", "[click](https://e.org)", `\[click\](https://e.org)`},
		{"mentions, channels, timestamps", "<@1> <#2> <t:3:R> @everyone", `\<@1\> \<\#2\> \<t:3:R\> @everyone`},
		{"headings and quotes", "# a\n## b\n-# c\n> d", "\\# a\n\\#\\# b\n\\-\\# c\n\\> d"},
		{"list markers only at line start", "- a\n  - b\nx - y\n+ z", "\\- a\n  \\- b\nx - y\n\\+ z"},
		{"numbered lists only at line start", "1. a\n10. b\nv1.2 and 3.5", "1\\. a\n10\\. b\nv1.2 and 3.5"},
		{"backslashes", `a\b\\`, `a\\b\\\\`},
		{"non-ASCII passes", "Stillen 🍼 رضاعة", "Stillen 🍼 رضاعة"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := escapeMarkdown(tc.in)
			if got != tc.want {
				t.Errorf("escapeMarkdown(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if back := unescape(got); back != tc.in {
				t.Errorf("unescape = %q, want the input back", back)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"short enough", "abc", 3, "abc"},
		{"cut with ellipsis", "abcdef", 4, "abc…"},
		{"zero", "abc", 0, ""},
		{"never splits a rune", "ééééé", 3, "éé…"},
		{"astral runes count two", "🍼🍼🍼", 4, "🍼…"},
		{"astral rune that does not fit", "🍼🍼", 2, "…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := truncate(tc.in, tc.max)
			if got != tc.want {
				t.Errorf("truncate(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
			}
			if ulen(got) > tc.max {
				t.Errorf("result is %d long, over %d", ulen(got), tc.max)
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
		got := splitAt(tc.in, tc.max)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("%s: splitAt(%q, %d) = %q, want %q", tc.name, tc.in, tc.max, got, tc.want)
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
		if got := clean(tc.in); got != tc.want {
			t.Errorf("%s: clean(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

package discord

import (
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

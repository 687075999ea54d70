package web

import (
	"strings"
	"testing"
)

// FuzzIdentity feeds arbitrary cookie values to the parser: it must never
// accept a value it did not sign, and must accept every value it did.
func FuzzIdentity(f *testing.F) {
	ids := &identities{key: testKey}
	f.Add(ids.cookie(testID, 1).Value)
	f.Add("")
	f.Add(".")
	f.Add(testID + ".")
	f.Add(strings.Repeat("A", 22) + "." + strings.Repeat("B", 24))
	f.Fuzz(func(t *testing.T, v string) {
		id := ids.parse(v)
		if id == "" {
			return
		}
		if want := ids.cookie(id, 1).Value; want != v {
			t.Fatalf("parse(%q) = %q, but that id signs as %q", v, id, want)
		}
	})
}

// FuzzViewItem: a list item becomes a link only for a real "(/guide id)"
// suffix, and its text never loses the rest of the item.
func FuzzViewItem(f *testing.F) {
	for _, s := range []string{"Latch (/guide latch)", "plain", "(/guide )", "x (/guide ../../etc)", "a (/guide b) (/guide c)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		it := viewItem(s)
		if it.Href == "" {
			if it.Text != s {
				t.Fatalf("viewItem(%q).Text = %q", s, it.Text)
			}
			return
		}
		topic := strings.TrimPrefix(it.Href, "/guide/")
		if topic == "" || strings.Trim(topic, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			t.Fatalf("viewItem(%q) links to %q", s, it.Href)
		}
		if it.Text+" (/guide "+topic+")" != s {
			t.Fatalf("viewItem(%q) = %+v loses text", s, it)
		}
	})
}

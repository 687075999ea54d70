package bot

import (
	"context"
	"testing"
	"unicode/utf8"

	"nursling/knowledge"
)

// FuzzHandle: whatever a stranger types or a button sends, the engine
// answers without panicking, and a reply's text is valid UTF-8.
func FuzzHandle(f *testing.F) {
	for _, s := range []string{
		"sore nipples", "/ask", "/ask how often", "/topics technique", "/guide latch", "/HELP@bot",
		"my 3 week old has a fever of 38.5", "no fever just sore", "+title:x *~ /regex/",
		"'; DROP TABLE entries; --", "\x00\xff\xfe", "\u202e\u200d😭😭😭", "/", "//", "/ask@",
	} {
		f.Add(s, "")
	}
	for _, a := range []string{"more:latch:4", "more:latch:-1", "fb:latch:1", "sec:", "art:nope", "more::", "x"} {
		f.Add("", a)
	}
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		f.Fatal(err)
	}
	e, err := New(Options{Library: lib, Searcher: &fakeSearcher{res: knowledge.SearchResult{Hits: []knowledge.Hit{{Topic: "latch", Score: 1}}}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, action string) {
		r, _ := e.Handle(context.Background(), Message{Platform: Console, UserID: "u", ChatID: "c", Text: text, Action: action, Addressed: true})
		for _, b := range r.Blocks {
			for _, s := range append([]string{b.Title, b.Text}, b.Items...) {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in reply: %q", s)
				}
			}
		}
	})
}

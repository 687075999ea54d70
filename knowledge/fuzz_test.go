package knowledge

import (
	"strings"
	"testing"
)

// FuzzParseArticle: any file content gives an article or an error naming
// the file, never a panic; a parsed article always has what the loader
// promises.
func FuzzParseArticle(f *testing.F) {
	f.Add([]byte(goodArticle))
	f.Add([]byte("---\ntopic: x\n---\n"))
	f.Add([]byte("---\n: : :\n---\n- a\n"))
	f.Add([]byte("---\ntopic: [a, b]\ntitle: {x: 1}\n---\n- tip\n## H\ntext\n"))
	f.Add([]byte("\ufeff---\r\ntopic: latch\r\n---\r\n- tip\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseArticle("f.md", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.md") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		if a.Topic == "" || a.Title == "" || a.Summary == "" || len(a.Sources) == 0 || len(a.Tips) == 0 {
			t.Errorf("parsed article lacks required parts: %+v", a)
		}
	})
}

package web

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"

	"nursling/knowledge"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames are the page templates; each is parsed with the layout and the
// shared reply blocks.
var pageNames = []string{"chat", "guide", "search", "article", "log", "curator", "message"}

func parsePages() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New(name).ParseFS(templateFS, "templates/layout.html", "templates/reply.html", "templates/guide.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parse %s page: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// page is everything a template may show; each page uses a few fields.
type page struct {
	Title   string
	Heading string
	Nav     string
	FeedLog bool
	CSRF    string
	// Nonce makes a resubmitted form (a reload after POST) the same
	// message to the engine, so a feed is never logged twice.
	Nonce      string
	Question   string
	Query      string
	Message    string
	Reply      *replyView
	Sections   []sectionView
	Hits       []knowledge.Hit
	Article    *articleView
	LogButtons []logButton
	Report     *Report
}

type sectionView struct {
	ID, Title string
	Articles  []*knowledge.Article
}

func newNonce() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// newPage starts a page for this visitor (setting the identity cookie when
// there is none, so every form carries a valid CSRF token).
func (s *Server) newPage(w http.ResponseWriter, r *http.Request, name, title string) *page {
	id := s.ids.ensure(w, r)
	return &page{Title: title, Heading: title, Nav: name, FeedLog: s.opts.FeedLog, CSRF: s.ids.csrf(id), Nonce: s.nonce()}
}

// render writes a page, or only the reply fragment when the script asked
// for one.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, tmpl string, p *page) {
	var buf bytes.Buffer
	var err error
	if p.Reply == nil && p.Message != "" && r.Header.Get("X-Nursling-Fragment") == "1" {
		p.Reply = &replyView{Blocks: []blockView{{Kind: "text", Paras: []string{p.Message}}}}
	}
	if r.Header.Get("X-Nursling-Fragment") == "1" && p.Reply != nil {
		p.Reply.CSRF, p.Reply.Nonce = p.CSRF, p.Nonce
		err = s.pages["chat"].ExecuteTemplate(&buf, "reply", p.Reply)
	} else {
		if p.Reply != nil {
			p.Reply.CSRF, p.Reply.Nonce = p.CSRF, p.Nonce
		}
		err = s.pages[tmpl].ExecuteTemplate(&buf, "layout", p)
	}
	if err != nil {
		s.log.Error("web: render page", "page", tmpl, "error", err.Error())
		http.Error(w, "Sorry, something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// message shows a short page (an error or a notice) with status.
func (s *Server) message(w http.ResponseWriter, r *http.Request, status int, heading, text string) {
	p := s.newPage(w, r, "message", heading)
	p.Message = text
	s.render(w, r, status, "message", p)
}

package web

import (
	"fmt"
	"net/http"
	"path"
	"strings"
)

// logButton logs one common entry with a tap.
type logButton struct{ Label, Entry string }

// logButtons are the one-tap entries, in the feed log's own words (the
// same text a parent could type on any platform).
var logButtons = []logButton{
	{"Fed left", "fed left"},
	{"Fed right", "fed right"},
	{"Bottle", "/bottle"},
	{"Wet nappy", "wet nappy"},
	{"Dirty nappy", "dirty nappy"},
	{"Pumped", "/pump"},
}

func (s *Server) logPageData(w http.ResponseWriter, r *http.Request, title string) *page {
	p := s.newPage(w, r, "log", title)
	p.LogButtons = logButtons
	return p
}

func (s *Server) logPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "log", s.logPageData(w, r, "Feed log"))
}

// logEntry sends a typed or tapped entry ("fed left 15 min", "/share",
// "/forget") to the engine's feed log.
func (s *Server) logEntry(w http.ResponseWriter, r *http.Request) {
	entry := clip(r.PostFormValue("entry"), 200)
	p := s.logPageData(w, r, "Feed log")
	if entry == "" {
		p.Message = "Please type an entry."
		s.render(w, r, http.StatusOK, "log", p)
		return
	}
	v := viewReply(s.handle(r, s.engineMessage(r, entry, "")))
	p.Reply = &v
	s.render(w, r, http.StatusOK, "log", p)
}

// logView shows /today or /week (with its chart) on the log page.
func (s *Server) logView(cmd, title string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := s.logPageData(w, r, title)
		v := viewReply(s.handle(r, s.engineMessage(r, "/"+cmd, "")))
		p.Reply = &v
		s.render(w, r, http.StatusOK, "log", p)
	}
}

// join joins the household whose /share code the parent was given.
func (s *Server) join(w http.ResponseWriter, r *http.Request) {
	code := strings.Join(strings.Fields(clip(r.PostFormValue("code"), 20)), "")
	p := s.logPageData(w, r, "Feed log")
	if code == "" {
		p.Message = "Please type the code."
		s.render(w, r, http.StatusOK, "log", p)
		return
	}
	v := viewReply(s.handle(r, s.engineMessage(r, "/join "+code, "")))
	p.Reply = &v
	s.render(w, r, http.StatusOK, "log", p)
}

// export sends the log as a file download, or shows why there is none.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	reply := s.handle(r, s.engineMessage(r, "/export", ""))
	for _, a := range reply.Attachments {
		if a.Image {
			continue
		}
		mime := a.MIME
		if mime == "" {
			mime = "application/octet-stream"
		}
		h := w.Header()
		h.Set("Content-Type", mime)
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", safeName(a.Name)))
		h.Set("Cache-Control", "no-store")
		_, _ = w.Write(a.Data)
		return
	}
	p := s.logPageData(w, r, "Feed log")
	v := viewReply(reply)
	p.Reply = &v
	s.render(w, r, http.StatusOK, "log", p)
}

// safeName keeps a download's name to letters, digits, dot, dash and
// underscore.
func safeName(name string) string {
	name = path.Base(name)
	var b strings.Builder
	for _, c := range name {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 || strings.HasPrefix(b.String(), ".") {
		return "nursling-export.csv"
	}
	return b.String()
}

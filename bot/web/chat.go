package web

import (
	"net/http"
	"strings"
)

// chatPage is the question box.
func (s *Server) chatPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "chat", s.newPage(w, r, "ask", "Ask"))
}

// ask answers the form's question: the whole page without JavaScript, the
// answer alone for the script.
func (s *Server) ask(w http.ResponseWriter, r *http.Request) {
	q := clip(r.PostFormValue("q"), maxQuestion)
	p := s.newPage(w, r, "ask", "Ask")
	if q == "" {
		p.Message = "Please type a question."
		s.render(w, r, http.StatusOK, "chat", p)
		return
	}
	// The box answers questions: a typed "/today" is a question too
	// (commands have their own pages).
	text := "/ask " + strings.TrimPrefix(strings.TrimLeft(q, "/ "), "ask ")
	v := viewReply(s.handle(r, s.engineMessage(r, text, "")))
	v.Question = q
	p.Reply = &v
	s.render(w, r, http.StatusOK, "chat", p)
}

// action presses a reply's button (More tips, Helpful, Undo, ...): the
// engine checks the data, as for any platform's button.
func (s *Server) action(w http.ResponseWriter, r *http.Request) {
	data := clip(r.PostFormValue("data"), 64)
	p := s.newPage(w, r, "ask", "Ask")
	if data == "" {
		s.message(w, r, http.StatusBadRequest, "That button has expired", "Ask again and I'll find the article.")
		return
	}
	v := viewReply(s.handle(r, s.engineMessage(r, "", data)))
	p.Reply = &v
	tmpl := "chat"
	if isLogAction(data) && s.opts.FeedLog {
		tmpl, p.Nav, p.Title, p.Heading = "log", "log", "Feed log", "Feed log"
		p.LogButtons = logButtons
	}
	if strings.HasPrefix(data, "forget:") {
		// The log is gone; the browser gets a fresh identity (and the
		// page fresh form tokens).
		p.CSRF = s.ids.csrf(s.ids.renew(w))
	}
	s.render(w, r, http.StatusOK, tmpl, p)
}

func isLogAction(data string) bool {
	kind, _, _ := strings.Cut(data, ":")
	switch kind {
	case "more", "fb", "sec", "art":
		return false
	}
	return true
}

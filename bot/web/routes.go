package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
	"unicode/utf8"

	"nursling/bot"
)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.chatPage)
	mux.HandleFunc("POST /ask", s.limited(s.ask))
	mux.Handle("GET /ask", http.RedirectHandler("/", http.StatusSeeOther))
	mux.HandleFunc("POST /action", s.limited(s.action))
	mux.HandleFunc("GET /guide", s.guidePage)
	mux.HandleFunc("GET /guide/{topic}", s.articlePage)
	mux.HandleFunc("GET /search", s.limited(s.searchPage))
	if s.opts.FeedLog {
		mux.HandleFunc("GET /log", s.logPage)
		mux.HandleFunc("POST /log", s.limited(s.logEntry))
		mux.HandleFunc("GET /today", s.limited(s.logView("today", "Today")))
		mux.HandleFunc("GET /week", s.limited(s.logView("week", "This week")))
		mux.HandleFunc("POST /join", s.limited(s.join))
		mux.HandleFunc("POST /export", s.limited(s.export))
	}
	if s.opts.CuratorToken != "" {
		mux.HandleFunc("GET /curator", s.curatorPage)
		mux.HandleFunc("POST /curator", s.limited(s.curatorPage))
	}
	static, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	mux.Handle("GET /static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.message(w, r, http.StatusNotFound, "Page not found", "There is no page at this address.")
	})
	return s.secured(mux)
}

// limited applies the per-client rate limit and, for forms, the CSRF
// check.
func (s *Server) limited(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.limit.allow(s.clientAddr(r)) {
			s.message(w, r, http.StatusTooManyRequests, "Please slow down",
				"You're sending messages faster than I can keep up with. Please wait a minute and try again. If this is urgent, call your midwife, health visitor or doctor, or your local emergency number.")
			return
		}
		if r.Method == http.MethodPost {
			if err := r.ParseForm(); err != nil {
				s.message(w, r, http.StatusRequestEntityTooLarge, "That was too long", "Please send something shorter.")
				return
			}
			if !s.ids.checkCSRF(r) {
				s.message(w, r, http.StatusForbidden, "Please try again", "This form has expired (or cookies are off). Reload the page and send it again.")
				return
			}
		}
		next(w, r)
	}
}

// engineMessage builds the engine message for this visitor. The form's
// nonce (fresh on every page, and on every submission by the script) with
// a hash of what was sent makes a resubmitted form the same message, so a
// reload never logs a feed twice.
func (s *Server) engineMessage(r *http.Request, text, action string) bot.Message {
	id := s.ids.from(r)
	nonce := r.PostFormValue("nonce")
	if len(nonce) != 16 {
		nonce = newNonce()
	}
	sum := sha256.Sum256([]byte(text + "\x00" + action))
	return bot.Message{
		Platform: Platform, ID: nonce + "-" + hex.EncodeToString(sum[:4]), ChatID: id, UserID: id,
		Text: text, Action: action, At: s.opts.Now(), Addressed: true,
	}
}

// clip keeps at most n bytes of s, cut at a rune boundary.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// handle asks the engine; the reply already holds words for any error
// (the engine logged the cause). A zero reply (a dropped message over the
// limit) becomes a gentle notice.
func (s *Server) handle(r *http.Request, m bot.Message) bot.Reply {
	reply, _ := s.h.Handle(r.Context(), m)
	if reply.Empty() {
		reply = bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: "Please wait a minute before sending more. If this is urgent, call your midwife, health visitor or doctor, or your local emergency number."}}}
	}
	return reply
}

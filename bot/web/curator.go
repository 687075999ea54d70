package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// curatorPage shows `nursling report` to whoever holds the curator token
// (an Authorization: Bearer header, or the page's password form). The
// token is never stored in a cookie or logged.
func (s *Server) curatorPage(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "curator", "Curators' report")
	tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if r.Method == http.MethodPost {
		tok = r.PostFormValue("token")
	}
	if tok == "" {
		s.render(w, r, http.StatusOK, "curator", p)
		return
	}
	// Comparing digests keeps the time independent of the token length.
	got, want := sha256.Sum256([]byte(tok)), sha256.Sum256([]byte(s.opts.CuratorToken))
	if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		p.Message = "That token is not right."
		s.render(w, r, http.StatusUnauthorized, "curator", p)
		return
	}
	rep := Report{}
	if s.opts.Report != nil {
		var err error
		if rep, err = s.opts.Report(r.Context()); err != nil {
			s.log.Error("web: curator report failed", "error", err.Error())
			s.message(w, r, http.StatusInternalServerError, "The report failed", "Sorry, the report could not be read. Try again in a moment.")
			return
		}
	}
	p.Report = &rep
	w.Header().Set("X-Robots-Tag", "noindex")
	s.render(w, r, http.StatusOK, "curator", p)
}

package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
)

// cookieName holds the visitor's signed random id: the web identity the
// feed log keys on. It carries nothing else.
const cookieName = "nursling_id"

// cookieMaxAge keeps a parent's log reachable for a year of visits.
const cookieMaxAge = 365 * 24 * 60 * 60

// identities signs and checks visitor ids and derives their CSRF tokens.
type identities struct {
	key    []byte
	secure bool
}

func (ids *identities) mac(purpose, id string) string {
	m := hmac.New(sha256.New, ids.key)
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write([]byte(id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// parse returns the id in a cookie value, or "" when it is not one we
// signed.
func (ids *identities) parse(v string) string {
	id, sig, ok := strings.Cut(v, ".")
	if !ok || len(id) != 22 || len(sig) != 24 {
		return ""
	}
	if subtle.ConstantTimeCompare([]byte(sig), []byte(ids.mac("id", id))) != 1 {
		return ""
	}
	return id
}

// from returns the request's visitor id, or "".
func (ids *identities) from(r *http.Request) string {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return ""
	}
	return ids.parse(c.Value)
}

// ensure returns the visitor's id, setting a new signed cookie when the
// request has none (or a forged one).
func (ids *identities) ensure(w http.ResponseWriter, r *http.Request) string {
	if id := ids.from(r); id != "" {
		return id
	}
	return ids.renew(w)
}

func (ids *identities) cookie(id string, maxAge int) *http.Cookie {
	v := ""
	if id != "" {
		v = id + "." + ids.mac("id", id)
	}
	return &http.Cookie{
		Name: cookieName, Value: v, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: ids.secure, SameSite: http.SameSiteLaxMode,
	}
}

// renew gives the browser a new identity (after its log was forgotten) and
// returns it.
func (ids *identities) renew(w http.ResponseWriter) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	id := base64.RawURLEncoding.EncodeToString(b[:])
	http.SetCookie(w, ids.cookie(id, cookieMaxAge))
	return id
}

// csrf is the token every form of this visitor carries.
func (ids *identities) csrf(id string) string { return ids.mac("csrf", id) }

// checkCSRF reports whether the form's token belongs to the request's
// visitor.
func (ids *identities) checkCSRF(r *http.Request) bool {
	id := ids.from(r)
	tok := r.PostFormValue("csrf")
	return id != "" && tok != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(ids.csrf(id))) == 1
}

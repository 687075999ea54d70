package web

import (
	"net/url"
	"testing"

	"nursling/bot"
	"nursling/internal/enginetest"
)

// TestNoParentTextInLogs sends the privacy probe through every form of the
// web adapter to the real engine, both logging at debug level: every
// command and text as a question, the log form, a join code, a search and
// an unknown article. No log line may hold any of it.
func TestNoParentTextInLogs(t *testing.T) {
	logs := &enginetest.Logs{}
	s := engineServer(t, bot.RateLimit{}, logs.Logger())
	v := newVisitor(s)
	texts := enginetest.Texts(s.h.(interface{ Commands() []bot.CommandInfo }).Commands())
	for _, text := range texts {
		if rec := v.post(t, "/ask", url.Values{"q": {text}}); rec.Code != 200 {
			t.Errorf("POST /ask %q = %d", text, rec.Code)
		}
		v.post(t, "/log", url.Values{"entry": {text}})
	}
	v.post(t, "/join", url.Values{"code": {enginetest.Code}})
	v.post(t, "/action", url.Values{"data": {enginetest.Word}})
	v.get(t, "/search?q="+url.QueryEscape(enginetest.Word))
	v.get(t, "/guide/"+enginetest.Word)
	v.get(t, "/"+enginetest.Word)
	v.post(t, "/curator", url.Values{"token": {enginetest.Word}})
	logs.Check(t)
}

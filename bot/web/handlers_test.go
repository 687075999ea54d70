package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"nursling/bot"
)

func TestEveryRouteSendsSecurityHeaders(t *testing.T) {
	s := newTestServer(t, &scripted{reply: answerReply}, Options{FeedLog: true, CuratorToken: "tok"})
	v := newVisitor(s)
	routes := []struct {
		path string
		code int
	}{
		{"/", 200}, {"/guide", 200}, {"/guide/hydration", 200}, {"/guide/nope", 404},
		{"/search?q=drink", 200}, {"/log", 200}, {"/today", 200}, {"/week", 200},
		{"/curator", 200}, {"/static/app.js", 200}, {"/static/style.css", 200}, {"/nowhere", 404},
	}
	for _, rt := range routes {
		t.Run(rt.path, func(t *testing.T) {
			rec := v.get(t, rt.path)
			if rec.Code != rt.code {
				t.Errorf("status = %d, want %d", rec.Code, rt.code)
			}
			h := rec.Header()
			for k, want := range map[string]string{
				"Content-Security-Policy": csp,
				"X-Content-Type-Options":  "nosniff",
				"X-Frame-Options":         "DENY",
				"Referrer-Policy":         "no-referrer",
			} {
				if got := h.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestFormsNeedCSRFAndSameOrigin(t *testing.T) {
	h := &scripted{reply: answerReply}
	s := newTestServer(t, h, Options{FeedLog: true})
	v := newVisitor(s)
	cases := []struct {
		name   string
		vals   url.Values
		header []string
		want   int
	}{
		{"no token", url.Values{"q": {"x"}, "csrf": {""}}, nil, http.StatusForbidden},
		{"forged token", url.Values{"q": {"x"}, "csrf": {"AAAAAAAAAAAAAAAAAAAAAAAA"}}, nil, http.StatusForbidden},
		{"cross-site", url.Values{"q": {"x"}}, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"good", url.Values{"q": {"x"}}, nil, http.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := v.post(t, "/ask", c.vals, c.header...).Code; got != c.want {
				t.Errorf("status = %d, want %d", got, c.want)
			}
		})
	}
	if len(h.got) != 1 {
		t.Errorf("engine got %d messages, want only the good one", len(h.got))
	}
}

func TestBodyAndQuestionLimits(t *testing.T) {
	h := &scripted{reply: answerReply}
	s := newTestServer(t, h, Options{})
	v := newVisitor(s)
	if got := v.post(t, "/ask", url.Values{"q": {strings.Repeat("a", maxBody)}}).Code; got != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized form: status %d, want 413", got)
	}
	v.post(t, "/ask", url.Values{"q": {strings.Repeat("é", maxQuestion)}})
	if len(h.got) != 1 || len(h.got[0].Text) > maxQuestion+len("/ask ") {
		t.Fatalf("engine got %d messages; want one question clipped to %d bytes", len(h.got), maxQuestion)
	}
}

func TestRateLimitPerClientEvenWithoutCookies(t *testing.T) {
	h := &scripted{reply: answerReply}
	s := newTestServer(t, h, Options{RateLimit: bot.RateLimit{PerMinute: 1, Burst: 2}})
	var codes []int
	for i := range 3 {
		v := newVisitor(s)
		id := strings.Repeat(string(rune('A'+i)), 22)
		v.cookie = s.ids.cookie(id, 60)
		codes = append(codes, v.post(t, "/ask", url.Values{"q": {"x"}, "csrf": {s.ids.csrf(id)}}).Code)
	}
	if codes[0] != 200 || codes[1] != 200 || codes[2] != http.StatusTooManyRequests {
		t.Errorf("codes = %v, want [200 200 429]", codes)
	}
	other := newVisitor(s)
	other.addr = "198.51.100.7:555"
	if got := other.post(t, "/ask", url.Values{"q": {"x"}}).Code; got != 200 {
		t.Errorf("another client: %d, want 200", got)
	}
}

func TestIdentityCookie(t *testing.T) {
	s := newTestServer(t, &scripted{}, Options{})
	rec := (&visitor{s: s, cookie: &http.Cookie{Name: "other", Value: "x"}, addr: "192.0.2.9:1"}).get(t, "/")
	c := rec.Result().Cookies()
	if len(c) != 1 || c[0].Name != cookieName || !c[0].HttpOnly || c[0].SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookies = %+v, want one HttpOnly SameSite=Lax identity", c)
	}
	if s.ids.parse(c[0].Value) == "" {
		t.Error("the new cookie does not verify")
	}
	tampered := strings.Replace(c[0].Value, c[0].Value[:1], "Z", 1)
	if tampered != c[0].Value && s.ids.parse(tampered) != "" {
		t.Error("a tampered cookie verifies")
	}
	https := newTestServer(t, &scripted{}, Options{PublicURL: "https://nursling.example"})
	rec = (&visitor{s: https, cookie: &http.Cookie{Name: "o", Value: "x"}, addr: "192.0.2.9:1"}).get(t, "/")
	if c := rec.Result().Cookies(); len(c) != 1 || !c[0].Secure || rec.Header().Get("Strict-Transport-Security") == "" {
		t.Errorf("https site: cookie %+v, HSTS %q; want Secure and HSTS", c, rec.Header().Get("Strict-Transport-Security"))
	}
}

func TestEngineThroughTheWeb(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := engineServer(t, bot.RateLimit{}, logger)
	v := newVisitor(s)
	const marker = "cracked and sore nipples zebra"

	body := v.post(t, "/ask", url.Values{"q": {marker}}).Body.String()
	for _, want := range []string{"<h2>", "Sources", "More tips", "Helpful", "not a diagnosis"} {
		if !strings.Contains(body, want) {
			t.Errorf("answer page lacks %q", want)
		}
	}
	more := regexp.MustCompile(`value="(more:[a-z-]+:4)"`).FindStringSubmatch(body)
	if more == nil {
		t.Fatal("no More tips button")
	}
	if got := v.post(t, "/action", url.Values{"data": {more[1]}}).Body.String(); !strings.Contains(got, "<li>") {
		t.Error("More tips shows no tips")
	}

	urgent := v.post(t, "/ask", url.Values{"q": {"my baby is floppy and won't wake up"}}).Body.String()
	if i := strings.Index(urgent, `class="urgent"`); i < 0 || i > strings.Index(urgent, "<h2>") {
		t.Error("a red flag is not answered with the urgent block first")
	}

	if got := v.post(t, "/log", url.Values{"entry": {"fed left 10 min"}, "nonce": {"nonce-aaaaaaaaaa"}}).Body.String(); !strings.Contains(got, "Logged") {
		t.Fatalf("log entry not confirmed: %s", got)
	}
	v.post(t, "/log", url.Values{"entry": {"fed left 10 min"}, "nonce": {"nonce-aaaaaaaaaa"}}) // a reload
	today := v.get(t, "/today").Body.String()
	if !strings.Contains(today, "Feeds: 1") {
		t.Errorf("today does not show exactly one feed (a resubmitted form must not log twice):\n%s", today)
	}
	if week := v.get(t, "/week").Body.String(); !strings.Contains(week, `src="data:image/png;base64,`) {
		t.Error("week shows no chart")
	}
	exp := v.post(t, "/export", nil)
	if ct := exp.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(exp.Header().Get("Content-Disposition"), "attachment") {
		t.Errorf("export: %s %q", ct, exp.Header().Get("Content-Disposition"))
	}

	share := v.post(t, "/log", url.Values{"entry": {"/share"}}).Body.String()
	code := regexp.MustCompile(`/join ([A-Z0-9]{4}-[A-Z0-9]{4})`).FindStringSubmatch(share)
	if code == nil {
		t.Fatalf("no share code in %s", share)
	}
	partner := newVisitor(s)
	partner.cookie = s.ids.cookie("BBBBBBBBBBBBBBBBBBBBBB", cookieMaxAge)
	partnerPost := func(path string, vals url.Values) string {
		vals.Set("csrf", s.ids.csrf("BBBBBBBBBBBBBBBBBBBBBB"))
		return partner.post(t, path, vals).Body.String()
	}
	partnerPost("/join", url.Values{"code": {code[1]}})
	if got := partner.get(t, "/today").Body.String(); !strings.Contains(got, "Feeds: 1") {
		t.Error("the partner who joined does not see the household's feed")
	}

	forget := v.post(t, "/log", url.Values{"entry": {"/forget"}}).Body.String()
	tok := regexp.MustCompile(`value="(forget:[^"]+)"`).FindStringSubmatch(forget)
	if tok == nil {
		t.Fatal("forget asks for no confirmation")
	}
	rec := v.post(t, "/action", url.Values{"data": {tok[1]}})
	c := rec.Result().Cookies()
	if len(c) != 1 || s.ids.parse(c[0].Value) == "" || s.ids.parse(c[0].Value) == testID {
		t.Fatalf("after forget the browser has no new identity: %+v", c)
	}
	if !strings.Contains(rec.Body.String(), s.ids.csrf(s.ids.parse(c[0].Value))) {
		t.Error("the page after forget carries no form token for the new identity")
	}

	if strings.Contains(logs.String(), "zebra") || strings.Contains(logs.String(), testID) {
		t.Errorf("a log line holds what the visitor typed or their id:\n%s", logs.String())
	}
}

func TestCurator(t *testing.T) {
	rep := Report{
		Topics:     []TopicStats{{Topic: "latch", Answered: 7, Helpful: 3, NotHelpful: 1}, {Topic: ""}},
		NoMatch:    2,
		Unanswered: []Unanswered{{At: testNow, Text: "can I <b>swim</b>"}},
	}
	s := newTestServer(t, &scripted{}, Options{CuratorToken: "sesame", Report: func(context.Context) (Report, error) { return rep, nil }})
	v := newVisitor(s)
	if body := v.get(t, "/curator").Body.String(); !strings.Contains(body, `type="password"`) || strings.Contains(body, "latch") {
		t.Error("without a token the page must ask for it and show nothing")
	}
	if got := v.post(t, "/curator", url.Values{"token": {"wrong"}}).Code; got != http.StatusUnauthorized {
		t.Errorf("wrong token: %d, want 401", got)
	}
	body := v.post(t, "/curator", url.Values{"token": {"sesame"}}).Body.String()
	for _, want := range []string{"<td>7</td>", "no match: 2", "can I &lt;b&gt;swim&lt;/b&gt;", "2026-11-25"} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, "/curator", nil)
	req.Header.Set("Authorization", "Bearer sesame")
	req.RemoteAddr = "192.0.2.1:1"
	rec := newRecorder()
	s.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), "<td>7</td>") {
		t.Error("a Bearer token does not open the report")
	}
	off := newTestServer(t, &scripted{}, Options{})
	if got := newVisitor(off).get(t, "/curator").Code; got != http.StatusNotFound {
		t.Errorf("no curator token configured: %d, want 404", got)
	}
}

func TestServeStopsWithContext(t *testing.T) {
	s := newTestServer(t, &scripted{}, Options{})
	ln := listen(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v, want nil after cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
}

func TestClientAddr(t *testing.T) {
	cases := []struct {
		name, remote, xff string
		trust             bool
		want              string
	}{
		{"direct", "203.0.113.5:999", "", false, "203.0.113.5"},
		{"header ignored without trust", "127.0.0.1:999", "198.51.100.1", false, "127.0.0.1"},
		{"trusted local proxy", "127.0.0.1:999", "10.0.0.1, 198.51.100.1", true, "198.51.100.1"},
		{"untrusted peer cannot spoof", "203.0.113.5:999", "198.51.100.1", true, "203.0.113.5"},
		{"garbage header", "[::1]:999", "not-an-ip", true, "::1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newTestServer(t, &scripted{}, Options{TrustProxy: c.trust})
			req, _ := http.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = c.remote
			if c.xff != "" {
				req.Header.Set("X-Forwarded-For", c.xff)
			}
			if got := s.clientAddr(req); got != c.want {
				t.Errorf("clientAddr = %q, want %q", got, c.want)
			}
		})
	}
}

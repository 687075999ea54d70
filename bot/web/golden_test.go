package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"nursling/bot"
)

var answerReply = bot.Reply{
	Topic: "hydration",
	Blocks: []bot.Block{
		{Kind: bot.Title, Text: "How much should I drink while breastfeeding?"},
		{Kind: bot.Text, Text: "Drink whenever you feel thirsty."},
		{Kind: bot.List, Items: []string{"Drink to thirst.", "Keep a drink <within> reach."}},
		{Kind: bot.List, Title: "You may also want to ask about", Items: []string{"Low milk supply (/guide low-supply)"}},
		{Kind: bot.Sources, Title: "Sources", Links: []bot.Link{{Title: "NHS", URL: "https://www.nhs.uk/"}, {Title: "bad", URL: "javascript:alert(1)"}}},
		{Kind: bot.Footnote, Text: "Nursling shares general information, not a diagnosis."},
	},
	Buttons: []bot.Button{
		{Label: "More tips", Data: "more:hydration:4"},
		{Label: "Helpful 👍", Data: "fb:hydration:1"},
		{Label: "Not helpful 👎", Data: "fb:hydration:0"},
	},
}

// urgentReply puts the urgent block second on purpose: the page must show
// it first.
var urgentReply = bot.Reply{
	Urgent: true,
	Topic:  "urgent-baby-feeding",
	Blocks: []bot.Block{
		{Kind: bot.List, Title: "Signs to act on", Items: []string{"No wet nappy in 12 hours"}},
		{Kind: bot.Urgent, Title: "Get care now", Text: "You mentioned a baby who won't feed. Please get medical help now.", Items: []string{"Call 999 or go to A&E."}},
		{Kind: bot.Footnote, Text: "Nursling shares general information, not a diagnosis."},
	},
	Buttons: []bot.Button{{Label: "Browse topics", Data: "sec:"}},
}

func TestGoldenPages(t *testing.T) {
	cases := []struct {
		name, file string
		reply      bot.Reply
		do         func(v *visitor) string
	}{
		{"answer", "answer.golden.html", answerReply, func(v *visitor) string {
			return v.post(t, "/ask", url.Values{"q": {"how much should I drink"}}).Body.String()
		}},
		{"urgent answer", "urgent.golden.html", urgentReply, func(v *visitor) string {
			return v.post(t, "/ask", url.Values{"q": {"baby won't feed and is floppy"}}).Body.String()
		}},
		{"article", "article.golden.html", bot.Reply{}, func(v *visitor) string {
			return v.get(t, "/guide/hydration").Body.String()
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newTestServer(t, &scripted{reply: c.reply}, Options{FeedLog: true})
			golden(t, c.file, c.do(newVisitor(s)))
		})
	}
}

func TestUrgentBlockComesFirstAndStandsOut(t *testing.T) {
	s := newTestServer(t, &scripted{reply: urgentReply}, Options{})
	body := newVisitor(s).post(t, "/ask", url.Values{"q": {"x"}}).Body.String()
	u := strings.Index(body, `class="urgent" role="alert"`)
	signs := strings.Index(body, "Signs to act on")
	if u < 0 || signs < 0 || u > signs {
		t.Errorf("urgent block at %d, signs at %d: want the urgent block first", u, signs)
	}
}

func TestReplyIsEscapedAndUnsafeLinksDropped(t *testing.T) {
	s := newTestServer(t, &scripted{reply: answerReply}, Options{})
	body := newVisitor(s).post(t, "/ask", url.Values{"q": {"<script>alert(1)</script>"}}).Body.String()
	for _, bad := range []string{"<script>alert", "javascript:alert", "<within>"} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the question is not shown escaped")
	}
	if !strings.Contains(body, `<a href="/guide/low-supply">Low milk supply</a>`) {
		t.Error(`"(/guide low-supply)" is not a link to the article`)
	}
}

func TestFragmentForScript(t *testing.T) {
	s := newTestServer(t, &scripted{reply: answerReply}, Options{})
	rec := newVisitor(s).post(t, "/ask", url.Values{"q": {"drink"}}, "X-Nursling-Fragment", "1")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.HasPrefix(body, `<article class="reply"`) || strings.Contains(body, "<html") {
		t.Errorf("fragment = %d %.80q, want the reply article alone", rec.Code, body)
	}
}

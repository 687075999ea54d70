package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nursling/bot"
	"nursling/bot/render"
)

func TestPrivateQuestion(t *testing.T) {
	fa := newFakeBotAPI(t)
	h := &fakeHandler{
		cmds: []bot.CommandInfo{
			{Name: "ask", Args: "<question>", Description: "Ask a breastfeeding question"},
			{Name: "week", Description: "Your week as a chart", Log: true},
			{Name: "Bad-Name", Description: "not allowed by Telegram"},
		},
		respond: func(_ context.Context, m bot.Message) (bot.Reply, error) {
			return bot.Reply{Blocks: []bot.Block{
				{Kind: bot.Title, Title: "How often to feed"},
				{Kind: bot.List, Items: []string{"8 to 12 times in **24 hours**"}},
				{Kind: bot.Sources, Links: []bot.Link{{Title: "NHS", URL: "https://www.nhs.uk/feeding"}}},
			}}, nil
		},
	}
	offs := &fakeOffsets{}
	hs := start(t, fa, h, offs, nil)
	fa.push(message(1, 10, privateChat(ana), ana, "how often should a newborn feed?"))
	send := fa.waitCalls("sendMessage", 1)[0]

	want := map[string]string{
		"chat_id":                  "111",
		"parse_mode":               "HTML",
		"disable_web_page_preview": "true",
		"text": "<b>How often to feed</b>\n\n• 8 to 12 times in <b>24 hours</b>\n\n" +
			"<b>Sources</b>\n• <a href=\"https://www.nhs.uk/feeding\">NHS</a>",
		// A private reply without inline buttons brings the one-tap keyboard.
		"reply_markup": `{"keyboard":[[{"text":"Start left"},{"text":"Start right"}],[{"text":"Bottle"},{"text":"Wet nappy"},{"text":"Dirty nappy"}],[{"text":"Stop timer"}]],"is_persistent":true,"resize_keyboard":true,"input_field_placeholder":"Ask, or log: left 15, bottle 90ml"}`,
	}
	if diff := cmp.Diff(want, send.Params); diff != "" {
		t.Errorf("sendMessage params (-want +got):\n%s", diff)
	}
	wantMsg := []bot.Message{{
		Platform: bot.Telegram, ID: "111:10", ChatID: "111", UserID: "111",
		Text: "how often should a newborn feed?", At: time.Unix(1700000000, 0), Addressed: true,
	}}
	if diff := cmp.Diff(wantMsg, h.messages()); diff != "" {
		t.Errorf("engine got (-want +got):\n%s", diff)
	}
	if !hs.a.Ready() {
		t.Error("Ready() = false while polling")
	}

	startup := fa.methods()[:3]
	if diff := cmp.Diff([]string{"getMe", "setMyCommands", "deleteWebhook"}, startup); diff != "" {
		t.Errorf("start-up requests (-want +got):\n%s", diff)
	}
	var cmds []map[string]string
	if err := json.Unmarshal([]byte(fa.callsTo("setMyCommands")[0].Params["commands"]), &cmds); err != nil {
		t.Fatal(err)
	}
	wantCmds := []map[string]string{
		{"command": "ask", "description": "Ask a breastfeeding question"},
		{"command": "week", "description": "Your week as a chart"},
	}
	if diff := cmp.Diff(wantCmds, cmds); diff != "" {
		t.Errorf("setMyCommands (-want +got):\n%s", diff)
	}

	if err := hs.stop(); err != nil {
		t.Fatalf("Run = %v, want nil after cancel", err)
	}
	if hs.a.Ready() {
		t.Error("Ready() = true after Run returned")
	}
	if got := offs.get(); got != 1 {
		t.Errorf("stored offset = %d, want 1", got)
	}
}

func TestLogReplyHasUndoButton(t *testing.T) {
	fa := newFakeBotAPI(t)
	h := &fakeHandler{respond: func(_ context.Context, m bot.Message) (bot.Reply, error) {
		return bot.Reply{
			Blocks:  []bot.Block{{Kind: bot.Text, Text: "Logged: feed at 10:00, left, 15 min."}},
			Buttons: []bot.Button{{Label: "Undo", Data: "undo:42"}},
		}, nil
	}}
	start(t, fa, h, &fakeOffsets{}, nil)
	fa.push(message(1, 10, privateChat(ana), ana, "fed left 15 min at 10"))
	send := fa.waitCalls("sendMessage", 1)[0]
	var markup map[string]any
	if err := json.Unmarshal([]byte(send.Params["reply_markup"]), &markup); err != nil {
		t.Fatalf("reply_markup %q: %v", send.Params["reply_markup"], err)
	}
	want := map[string]any{"inline_keyboard": []any{[]any{map[string]any{"text": "Undo", "callback_data": "undo:42"}}}}
	if diff := cmp.Diff(want, markup); diff != "" {
		t.Errorf("reply_markup (-want +got):\n%s", diff)
	}
}

func TestGroupAnswersOnlyWhenAddressed(t *testing.T) {
	fa := newFakeBotAPI(t)
	h := &fakeHandler{}
	offs := &fakeOffsets{}
	hs := start(t, fa, h, offs, nil)
	fa.push(
		message(1, 20, supergroup(), ben, "anyone else up with a cluster feeder?"),
		message(2, 21, supergroup(), ana, "/ask@NurslingBot how often at night"),
	)
	send := fa.waitCalls("sendMessage", 1)[0]
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	got := h.messages()
	if len(got) != 1 || got[0].Text != "/ask how often at night" || !got[0].Group || got[0].ID != "-100500:21" {
		t.Fatalf("engine got %+v, want only the addressed command, suffix removed", got)
	}
	want := map[string]string{"chat_id": "-100500", "reply_to_message_id": "21", "allow_sending_without_reply": "true"}
	for k, v := range want {
		if send.Params[k] != v {
			t.Errorf("sendMessage %s = %q, want %q", k, send.Params[k], v)
		}
	}
	if n := len(fa.callsTo("sendMessage")); n != 1 {
		t.Errorf("%d messages sent, want 1", n)
	}
	if got := offs.get(); got != 2 {
		t.Errorf("stored offset = %d, want 2 (the ignored update counts as handled)", got)
	}
}

// logReply is a private feed-log reply, as the engine gives for /today.
func logReply(_ context.Context, m bot.Message) (bot.Reply, error) {
	return bot.Reply{
		Visibility: bot.Private,
		Blocks:     []bot.Block{{Kind: bot.Pre, Title: "Today", Text: "07:00 left 15m SECRET-LOG-DATA"}},
	}, nil
}

func TestGroupLogCommandAnsweredPrivately(t *testing.T) {
	fa := newFakeBotAPI(t)
	hs := start(t, fa, &fakeHandler{respond: logReply}, &fakeOffsets{}, nil)
	fa.push(message(1, 30, supergroup(), ana, "/today"))
	fa.waitCalls("sendMessage", 1)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	sends := fa.callsTo("sendMessage")
	if len(sends) != 1 {
		t.Fatalf("%d messages sent, want 1", len(sends))
	}
	p := sends[0].Params
	if p["chat_id"] != "111" || p["reply_to_message_id"] != "" || !strings.Contains(p["text"], "SECRET-LOG-DATA") {
		t.Errorf("private reply params = %v, want the log in Ana's private chat (111), not a reply in the group", p)
	}
}

func TestGroupLogCommandNudgesWhenPrivateChatRefused(t *testing.T) {
	fa := newFakeBotAPI(t)
	fa.setFail(func(c apiCall) *apiFailure {
		if c.Method == "sendMessage" && c.Params["chat_id"] == "111" {
			return &apiFailure{Status: 403, Desc: "Forbidden: bot can't initiate conversation with a user"}
		}
		return nil
	})
	hs := start(t, fa, &fakeHandler{respond: logReply}, &fakeOffsets{}, nil)
	fa.push(message(1, 30, supergroup(), ana, "/today", inTopic(5)))
	fa.waitFor("a message to the group", func(calls []apiCall) bool {
		for _, c := range calls {
			if c.Method == "sendMessage" && c.Params["chat_id"] == "-100500" {
				return true
			}
		}
		return false
	})
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	var toUser, toGroup []apiCall
	for _, c := range fa.callsTo("sendMessage") {
		if c.Params["chat_id"] == "111" {
			toUser = append(toUser, c)
		} else {
			toGroup = append(toGroup, c)
		}
	}
	if len(toUser) != 1 {
		t.Errorf("%d tries to the private chat, want 1 (403 is final)", len(toUser))
	}
	if len(toGroup) != 1 {
		t.Fatalf("%d messages to the group, want 1 nudge", len(toGroup))
	}
	p := toGroup[0].Params
	if strings.Contains(p["text"], "SECRET-LOG-DATA") {
		t.Fatalf("log data shown in the group: %q", p["text"])
	}
	if !strings.Contains(p["text"], `href="https://t.me/NurslingBot?start=log"`) || !strings.Contains(p["reply_markup"], "https://t.me/NurslingBot?start=log") {
		t.Errorf("nudge lacks the deep link: text %q markup %q", p["text"], p["reply_markup"])
	}
	if p["reply_to_message_id"] != "30" || p["message_thread_id"] != "5" {
		t.Errorf("nudge reply_to=%q thread=%q, want 30 and 5", p["reply_to_message_id"], p["message_thread_id"])
	}
}

func TestCallbackAnsweredAndActionPassed(t *testing.T) {
	fa := newFakeBotAPI(t)
	h := &fakeHandler{}
	hs := start(t, fa, h, &fakeOffsets{}, nil)
	fa.push(callback(1, "cbq-9", privateChat(ana), ana, 37, "undo:42"))
	fa.waitCalls("sendMessage", 1)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	want := []bot.Message{{
		Platform: bot.Telegram, ID: "cb:cbq-9", ChatID: "111", UserID: "111", Action: "undo:42",
		At: time.Unix(1700000000+3600, 0).UTC(), Addressed: true,
	}}
	if diff := cmp.Diff(want, h.messages()); diff != "" {
		t.Errorf("engine got (-want +got):\n%s", diff)
	}
	answers := fa.callsTo("answerCallbackQuery")
	if len(answers) != 1 || answers[0].Params["callback_query_id"] != "cbq-9" {
		t.Errorf("answerCallbackQuery calls = %v, want one for cbq-9", answers)
	}
	edits := fa.callsTo("editMessageReplyMarkup")
	if len(edits) != 1 || edits[0].Params["chat_id"] != "111" || edits[0].Params["message_id"] != "37" || edits[0].Params["reply_markup"] != "" {
		t.Errorf("editMessageReplyMarkup calls = %v, want the keyboard of message 37 removed", edits)
	}
	if got := fa.callsTo("sendMessage")[0].Params["text"]; got != "pressed: undo:42" {
		t.Errorf("reply = %q", got)
	}
	order := fa.methods()
	if idx(order, "answerCallbackQuery") > idx(order, "sendMessage") {
		t.Errorf("callback answered after the reply: %v", order)
	}
}

func TestOversizedReplySplitOnParagraphs(t *testing.T) {
	fa := newFakeBotAPI(t)
	var paras []string
	for i := range 30 {
		paras = append(paras, fmt.Sprintf("Tip %02d: %s", i, strings.Repeat("feed on cue & rest ", 15)))
	}
	h := &fakeHandler{respond: func(context.Context, bot.Message) (bot.Reply, error) {
		return bot.Reply{
			Blocks:  []bot.Block{{Kind: bot.Text, Text: strings.Join(paras, "\n\n")}},
			Buttons: []bot.Button{{Label: "More tips", Data: "more:x"}},
		}, nil
	}}
	hs := start(t, fa, h, &fakeOffsets{}, nil)
	fa.push(message(1, 40, supergroup(), ana, "/ask tips please"))
	fa.waitCalls("sendMessage", 3)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	sends := fa.callsTo("sendMessage")
	var got []string
	for i, c := range sends {
		text, err := checkHTML(c.Params["text"])
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if n := render.Len(text); n > maxMessageLen {
			t.Errorf("message %d has %d characters", i, n)
		}
		got = append(got, strings.Split(text, "\n\n")...)
		last := i == len(sends)-1
		if (c.Params["reply_markup"] != "") != last {
			t.Errorf("message %d reply_markup = %q; want buttons only on the last", i, c.Params["reply_markup"])
		}
		if (c.Params["reply_to_message_id"] == "40") != (i == 0) {
			t.Errorf("message %d reply_to = %q; want only the first to reply", i, c.Params["reply_to_message_id"])
		}
	}
	want := make([]string, len(paras))
	for i, p := range paras {
		want[i] = strings.TrimSpace(p)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paragraphs (-want +got):\n%s", diff)
	}
}

func TestHTMLEscapingThroughTheLibrary(t *testing.T) {
	fa := newFakeBotAPI(t)
	start(t, fa, &fakeHandler{}, &fakeOffsets{}, nil)
	in := "<b>not bold</b> & *_[]` a<b 🍼👶🏽"
	fa.push(message(1, 10, privateChat(ana), ana, in))
	got := fa.waitCalls("sendMessage", 1)[0].Params["text"]
	want := "echo: &lt;b&gt;not bold&lt;/b&gt; &amp; *_[]` a&lt;b 🍼👶🏽"
	if got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	fa := newFakeBotAPI(t)
	tries := 0
	fa.setFail(func(c apiCall) *apiFailure {
		if c.Method == "sendMessage" {
			tries++
			if tries == 1 {
				return &apiFailure{Status: 429, Desc: "Too Many Requests: retry after 7", RetryAfter: 7}
			}
		}
		return nil
	})
	hs := start(t, fa, &fakeHandler{}, &fakeOffsets{}, nil)
	fa.push(message(1, 10, privateChat(ana), ana, "how long per side?"))
	fa.waitCalls("sendMessage", 2)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	if n := len(fa.callsTo("sendMessage")); n != 2 {
		t.Errorf("%d sendMessage tries, want 2", n)
	}
	if diff := cmp.Diff([]time.Duration{7 * time.Second}, hs.sleeps.waits()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestServerErrorsRetriedWithBackoff(t *testing.T) {
	fa := newFakeBotAPI(t)
	tries := 0
	fa.setFail(func(c apiCall) *apiFailure {
		if c.Method != "sendMessage" {
			return nil
		}
		tries++
		switch tries {
		case 1:
			return &apiFailure{Status: 500, Desc: "Internal Server Error"}
		case 2:
			return &apiFailure{Status: 502, Raw: "<html>Bad Gateway</html>"}
		}
		return nil
	})
	hs := start(t, fa, &fakeHandler{}, &fakeOffsets{}, nil)
	fa.push(message(1, 10, privateChat(ana), ana, "is my baby getting enough?"))
	fa.waitCalls("sendMessage", 3)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	if n := len(fa.callsTo("sendMessage")); n != 3 {
		t.Errorf("%d sendMessage tries, want 3", n)
	}
	waits := hs.sleeps.waits()
	if len(waits) != 2 {
		t.Fatalf("waits = %v, want 2 backoffs", waits)
	}
	// Equal jitter: try n waits between half and all of base·2^(n-1).
	for i, w := range waits {
		full := 100 * time.Millisecond << i
		if w < full/2 || w > full {
			t.Errorf("backoff %d = %v, want within [%v, %v]", i+1, w, full/2, full)
		}
	}
}

func TestReplyDroppedAfterRetriesIsLoggedWithoutToken(t *testing.T) {
	fa := newFakeBotAPI(t)
	fa.setFail(func(c apiCall) *apiFailure {
		if c.Method == "sendMessage" {
			return &apiFailure{Status: 503, Desc: "Service Unavailable"}
		}
		return nil
	})
	var dropped atomic.Int32
	hs := start(t, fa, &fakeHandler{}, &fakeOffsets{}, func(o *Options) {
		o.Retry.Outage = 5 * time.Second
		o.OnDropped = func() { dropped.Add(1) }
	})
	fa.push(message(1, 10, supergroup(), ana, "/ask night weaning"))
	fa.waitFor("the reply dropped", func([]apiCall) bool { return dropped.Load() == 1 })
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	// Attempts (4) tries, then on while the waits (at most MaxDelay 1s
	// each) add up to the 5 s Outage.
	if n := len(fa.callsTo("sendMessage")); n < 4+5 {
		t.Errorf("%d tries, want Attempts and then at least 5 more over the outage", n)
	}
	var total time.Duration
	for _, w := range hs.sleeps.waits() {
		total += w
	}
	if total < 5*time.Second || total > 7*time.Second {
		t.Errorf("retried for %v of waits, want the 5 s outage bound", total)
	}
	logs := hs.logs.String()
	if !strings.Contains(logs, "reply dropped") || !strings.Contains(logs, "chat=-100500") {
		t.Errorf("no error log with the chat id:\n%s", logs)
	}
}

func TestRestartResumesFromStoredOffset(t *testing.T) {
	offs := &fakeOffsets{}

	fa1 := newFakeBotAPI(t)
	h1 := &fakeHandler{}
	hs1 := start(t, fa1, h1, offs, nil)
	fa1.push(message(1, 10, privateChat(ana), ana, "first question here"), message(2, 11, privateChat(ana), ana, "second question here"))
	fa1.waitCalls("sendMessage", 2)
	if err := hs1.stop(); err != nil {
		t.Fatal(err)
	}
	if got := offs.get(); got != 2 {
		t.Fatalf("stored offset after run 1 = %d, want 2", got)
	}

	// Telegram redelivers 1 and 2 (not yet confirmed when run 1 stopped)
	// along with the new 3 and 4.
	fa2 := newFakeBotAPI(t)
	fa2.ignoreOffsetOnce = true
	fa2.push(
		message(1, 10, privateChat(ana), ana, "first question here"),
		message(2, 11, privateChat(ana), ana, "second question here"),
		message(3, 12, privateChat(ana), ana, "third question here"),
		message(4, 13, privateChat(ana), ana, "fourth question here"),
	)
	h2 := &fakeHandler{}
	hs2 := start(t, fa2, h2, offs, nil)
	fa2.waitCalls("sendMessage", 2)
	if err := hs2.stop(); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, m := range h2.messages() {
		texts = append(texts, m.Text)
	}
	if diff := cmp.Diff([]string{"third question here", "fourth question here"}, texts); diff != "" {
		t.Errorf("run 2 handled (-want +got):\n%s", diff)
	}
	if got := fa2.callsTo("getUpdates")[0].Params["offset"]; got != "3" {
		t.Errorf("run 2 first getUpdates offset = %q, want 3", got)
	}
	if n := len(fa2.callsTo("sendMessage")); n != 2 {
		t.Errorf("run 2 sent %d messages, want 2", n)
	}
	if got := offs.get(); got != 4 {
		t.Errorf("stored offset after run 2 = %d, want 4", got)
	}
}

func TestForumTopicAndAttachments(t *testing.T) {
	fa := newFakeBotAPI(t)
	h := &fakeHandler{respond: func(context.Context, bot.Message) (bot.Reply, error) {
		return bot.Reply{
			Blocks: []bot.Block{{Kind: bot.Title, Title: "Your week"}},
			Attachments: []bot.Attachment{
				{Name: "week.png", MIME: "image/png", Data: []byte("\x89PNG fake chart"), Image: true},
				{Name: "feeds.csv", MIME: "text/csv", Data: []byte("at,kind\n")},
			},
			Buttons: []bot.Button{{Label: "Helpful 👍", Data: "fb:up"}},
		}, nil
	}}
	hs := start(t, fa, h, &fakeOffsets{}, nil)
	fa.push(message(1, 50, supergroup(), ana, "/guide latch", inTopic(77)))
	fa.waitCalls("sendDocument", 1)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	got := fa.methods()
	want := []string{"sendMessage", "sendChatAction", "sendPhoto", "sendChatAction", "sendDocument"}
	if diff := cmp.Diff(want, got[len(got)-len(want):]); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	for _, m := range []string{"sendMessage", "sendChatAction", "sendPhoto", "sendDocument"} {
		for _, c := range fa.callsTo(m) {
			if c.Params["message_thread_id"] != "77" {
				t.Errorf("%s message_thread_id = %q, want 77", m, c.Params["message_thread_id"])
			}
		}
	}
	actions := fa.callsTo("sendChatAction")
	if actions[0].Params["action"] != "upload_photo" || actions[1].Params["action"] != "upload_document" {
		t.Errorf("chat actions = %q, %q", actions[0].Params["action"], actions[1].Params["action"])
	}
	if n := fa.callsTo("sendPhoto")[0].Files["photo"]; n != len("\x89PNG fake chart") {
		t.Errorf("photo upload has %d bytes", n)
	}
	if n := fa.callsTo("sendDocument")[0].Files["document"]; n != len("at,kind\n") {
		t.Errorf("document upload has %d bytes", n)
	}
	if fa.callsTo("sendMessage")[0].Params["reply_markup"] == "" {
		t.Error("buttons missing from the text message")
	}
}

func TestGracefulShutdownFinishesReplyInFlight(t *testing.T) {
	fa := newFakeBotAPI(t)
	started, release := make(chan struct{}), make(chan struct{})
	h := &fakeHandler{respond: func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		close(started)
		select {
		case <-release:
			return textReply("finished after shutdown began"), nil
		case <-ctx.Done():
			return bot.Reply{}, ctx.Err()
		}
	}}
	offs := &fakeOffsets{}
	hs := start(t, fa, h, offs, nil)
	fa.push(message(7, 10, privateChat(ana), ana, "slow chart please"))
	<-started
	hs.cancel() // SIGTERM: shutdown begins while the reply is in flight
	close(release)
	if err := hs.stop(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	sends := fa.callsTo("sendMessage")
	if len(sends) != 1 || sends[0].Params["text"] != "finished after shutdown began" {
		t.Errorf("sent %v, want the in-flight reply", sends)
	}
	if got := offs.get(); got != 7 {
		t.Errorf("stored offset = %d, want 7", got)
	}
}

func TestShutdownAbortsStuckReplyAfterGrace(t *testing.T) {
	fa := newFakeBotAPI(t)
	started := make(chan struct{})
	h := &fakeHandler{respond: func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		close(started)
		<-ctx.Done()
		return bot.Reply{}, ctx.Err()
	}}
	offs := &fakeOffsets{}
	hs := start(t, fa, h, offs, func(o *Options) { o.ShutdownGrace = 20 * time.Millisecond })
	fa.push(message(3, 10, privateChat(ana), ana, "a stuck question"))
	<-started
	if err := hs.stop(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if n := len(fa.callsTo("sendMessage")); n != 0 {
		t.Errorf("%d messages sent for an aborted reply", n)
	}
	if got := offs.progress(); got.Offset != 0 || len(got.Done) != 0 {
		// The update was taken but its reply never sent: it stays
		// unconfirmed, so Telegram delivers it again after the restart.
		t.Errorf("stored progress = %+v, want nothing past the aborted update", got)
	}
	// The restart gets it again and answers it.
	fa2 := newFakeBotAPI(t)
	fa2.push(message(3, 10, privateChat(ana), ana, "a stuck question"))
	hs2 := start(t, fa2, &fakeHandler{}, offs, nil)
	fa2.waitCalls("sendMessage", 1)
	if err := hs2.stop(); err != nil {
		t.Fatal(err)
	}
	if got := fa2.callsTo("getUpdates")[0].Params["offset"]; got != "1" {
		t.Errorf("restart asked from offset %s, want 1", got)
	}
	if got := offs.get(); got != 3 {
		t.Errorf("stored offset after the restart = %d, want 3", got)
	}
}

func TestEditedAndNonTextMessagesGetKindReply(t *testing.T) {
	fa := newFakeBotAPI(t)
	h := &fakeHandler{}
	hs := start(t, fa, h, &fakeOffsets{}, nil)
	edited := message(1, 10, privateChat(ana), ana, "fed left 15 min at ten")
	edited["edited_message"] = edited["message"]
	delete(edited, "message")
	photo := message(2, 11, privateChat(ana), ana, "", func(m map[string]any) {
		m["photo"] = []map[string]any{{"file_id": "p", "file_unique_id": "u", "width": 9, "height": 9}}
	})
	sticker := message(3, 12, supergroup(), ben, "", func(m map[string]any) {
		m["sticker"] = map[string]any{"file_id": "s", "file_unique_id": "u", "width": 9, "height": 9, "is_animated": false}
	})
	voice := message(4, 13, supergroup(), ana, "", func(m map[string]any) {
		m["voice"] = map[string]any{"file_id": "v", "file_unique_id": "u", "duration": 2}
		m["reply_to_message"] = map[string]any{"message_id": 5, "from": map[string]any{"id": testBotID, "is_bot": true, "first_name": "Nursling"}, "chat": supergroup(), "date": 1700000000, "text": "hi"}
	})
	fa.push(edited, photo, sticker, voice)
	fa.waitCalls("sendMessage", 3)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	if got := h.messages(); len(got) != 0 {
		t.Errorf("engine got %v, want nothing", got)
	}
	sends := fa.callsTo("sendMessage")
	if len(sends) != 3 {
		t.Fatalf("%d replies, want 3 (edit, photo, voice; not the unaddressed sticker)", len(sends))
	}
	wants := []struct{ chat, replyTo, contains string }{
		{"111", "", "edit"},
		{"111", "", "photos"},
		{"-100500", "13", "voice"},
	}
	byChat := map[string][]apiCall{}
	for _, s := range sends {
		byChat[s.Params["chat_id"]] = append(byChat[s.Params["chat_id"]], s)
	}
	got := append(byChat["111"], byChat["-100500"]...)
	for i, w := range wants {
		p := got[i].Params
		if p["chat_id"] != w.chat || p["reply_to_message_id"] != w.replyTo || !strings.Contains(p["text"], w.contains) {
			t.Errorf("reply %d = %v, want chat %s reply_to %q mentioning %q", i, p, w.chat, w.replyTo, w.contains)
		}
	}
}

func TestSlowChatDoesNotBlockOthers(t *testing.T) {
	fa := newFakeBotAPI(t)
	otherDone := make(chan struct{})
	h := &fakeHandler{respond: func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		if m.ChatID == "111" {
			select { // stuck until Ben's chat has been answered
			case <-otherDone:
			case <-ctx.Done():
				return bot.Reply{}, ctx.Err()
			}
		}
		return echo(m), nil
	}}
	hs := start(t, fa, h, &fakeOffsets{}, nil)
	fa.push(
		message(1, 10, privateChat(ana), ana, "slow one first"),
		message(2, 11, privateChat(ben), ben, "quick one second"),
	)
	fa.waitFor("Ben's reply while Ana's is stuck", func(calls []apiCall) bool {
		for _, c := range calls {
			if c.Method == "sendMessage" && c.Params["chat_id"] == "222" {
				return true
			}
		}
		return false
	})
	close(otherDone)
	fa.waitCalls("sendMessage", 2)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
}

func TestOneChatIsAnsweredInOrder(t *testing.T) {
	fa := newFakeBotAPI(t)
	hs := start(t, fa, &fakeHandler{}, &fakeOffsets{}, nil)
	var want []string
	var ups []map[string]any
	for i := range 8 {
		text := fmt.Sprintf("question number %d", i)
		want = append(want, "echo: "+text)
		ups = append(ups, message(i+1, 10+i, privateChat(ana), ana, text))
	}
	fa.push(ups...)
	fa.waitCalls("sendMessage", 8)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range fa.callsTo("sendMessage") {
		got = append(got, c.Params["text"])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("replies out of order (-want +got):\n%s", diff)
	}
}

func TestTypingShownWhileEngineIsSlow(t *testing.T) {
	fa := newFakeBotAPI(t)
	h := &fakeHandler{respond: func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		// The chart takes a while: until "typing…" has been shown.
		if !fa.until(func(calls []apiCall) bool { return countMethod(calls, "sendChatAction") > 0 }) {
			return bot.Reply{}, errors.New("no typing shown")
		}
		return textReply("chart ready"), nil
	}}
	hs := start(t, fa, h, &fakeOffsets{}, func(o *Options) { o.TypingDelay = 5 * time.Millisecond })
	fa.push(message(1, 10, privateChat(ana), ana, "/week"))
	fa.waitCalls("sendMessage", 1)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	a := fa.callsTo("sendChatAction")[0].Params
	if a["action"] != "typing" || a["chat_id"] != "111" {
		t.Errorf("chat action = %v, want typing in 111", a)
	}
}

func TestMarkupRejectedFallsBackToPlainText(t *testing.T) {
	fa := newFakeBotAPI(t)
	fa.setFail(func(c apiCall) *apiFailure {
		if c.Method == "sendMessage" && c.Params["parse_mode"] == "HTML" {
			return &apiFailure{Status: 400, Desc: "Bad Request: can't parse entities: unexpected end tag at byte offset 3"}
		}
		return nil
	})
	hs := start(t, fa, &fakeHandler{}, &fakeOffsets{}, nil)
	fa.push(message(1, 10, privateChat(ana), ana, "a & b < c"))
	sends := fa.waitCalls("sendMessage", 2)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	if p := sends[1].Params; p["parse_mode"] != "" || p["text"] != "echo: a & b < c" {
		t.Errorf("fallback = %v, want plain text without parse_mode", p)
	}
}

func TestGroupMigratedToSupergroup(t *testing.T) {
	fa := newFakeBotAPI(t)
	fa.setFail(func(c apiCall) *apiFailure {
		if c.Method == "sendMessage" && c.Params["chat_id"] == "-42" {
			return &apiFailure{Status: 400, Desc: "Bad Request: group chat was upgraded to a supergroup chat", MigrateTo: -100777}
		}
		return nil
	})
	hs := start(t, fa, &fakeHandler{}, &fakeOffsets{}, nil)
	fa.push(message(1, 10, map[string]any{"id": -42, "type": "group", "title": "Parents"}, ana, "/ask about pumping"))
	sends := fa.waitCalls("sendMessage", 2)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	if got := sends[1].Params["chat_id"]; got != "-100777" {
		t.Errorf("resent to %q, want the supergroup -100777", got)
	}
}

func idx(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func TestRunStopsOnRejectedToken(t *testing.T) {
	fa := newFakeBotAPI(t)
	logs := &syncBuffer{}
	sleeps := &sleepRecorder{}
	a, err := New(&fakeHandler{}, &fakeOffsets{}, Options{
		Token: "123456:WRONG-token", Endpoint: fa.endpoint(), HTTPClient: fa.srv.Client(),
		Logger: slogTo(logs), Retry: Retry{Sleep: sleeps.sleep},
	})
	if err != nil {
		t.Fatal(err)
	}
	err = a.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "rejected") {
		t.Fatalf("Run = %v, want a token rejected error", err)
	}
	for _, s := range []string{err.Error(), logs.String()} {
		if strings.Contains(s, "WRONG-token") {
			t.Errorf("token leaked: %q", s)
		}
	}
	if w := sleeps.waits(); len(w) != 0 {
		t.Errorf("waits = %v, want none: 401 is final", w)
	}
}

func TestNetworkErrorsNeverShowTheToken(t *testing.T) {
	fa := newFakeBotAPI(t)
	endpoint := fa.endpoint()
	fa.srv.Close() // every request now fails with a transport error quoting the URL
	logs := &syncBuffer{}
	sleeps := &sleepRecorder{}
	a, err := New(&fakeHandler{}, &fakeOffsets{}, Options{
		Token: testToken, Endpoint: endpoint, Logger: slogTo(logs),
		Retry: Retry{Attempts: 3, Outage: time.Millisecond, Sleep: sleeps.sleep},
	})
	if err != nil {
		t.Fatal(err)
	}
	err = a.Run(context.Background())
	if err == nil {
		t.Fatal("Run succeeded against a closed server")
	}
	if len(sleeps.waits()) != 2 {
		t.Errorf("waits = %v, want 2 backoffs for 3 attempts (the outage bound already passed)", sleeps.waits())
	}
	for _, s := range []string{err.Error(), logs.String()} {
		if strings.Contains(s, "TEST-secret_token") {
			t.Errorf("token leaked: %q", s)
		}
	}
	if !strings.Contains(err.Error(), "<token>") {
		t.Logf("error: %v", err) // the URL is shown, redacted
	}
	var ae *apiError
	if !errors.As(err, &ae) || !ae.Transient {
		t.Errorf("error %v: want a transient apiError", err)
	}
}

func slogTo(w *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// TestShutdownDuringBurst stops the adapter in the middle of a burst over
// several chats. Whatever the timing, every message the engine took gets
// its reply, and every update at or below the stored offset was handled:
// a restart loses nothing and repeats nothing.
func TestShutdownDuringBurst(t *testing.T) {
	fa := newFakeBotAPI(t)
	shutdownBegan := make(chan struct{})
	h := &fakeHandler{respond: func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		if m.ChatID == "1000" {
			<-shutdownBegan // this chat is mid-reply when SIGTERM comes
		}
		return echo(m), nil
	}}
	offs := &fakeOffsets{}
	hs := start(t, fa, h, offs, func(o *Options) { o.Workers = 3 })
	var ups []map[string]any
	for i := range 60 {
		chat := int64(1000 + i%6)
		ups = append(ups, message(i+1, 100+i, privateChat(chat), ana, fmt.Sprintf("burst message %02d", i+1)))
	}
	fa.push(ups...)
	fa.waitCalls("sendMessage", 5)
	hs.cancel()
	close(shutdownBegan)
	if err := hs.stop(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if !slices.ContainsFunc(h.messages(), func(m bot.Message) bool { return m.ChatID == "1000" }) {
		t.Fatal("chat 1000 was never in flight")
	}
	replied := map[string]bool{}
	for _, c := range fa.callsTo("sendMessage") {
		replied[c.Params["text"]] = true
	}
	handled := map[string]bool{}
	for _, m := range h.messages() {
		handled[m.ID] = true
		if !replied["echo: "+m.Text] {
			t.Errorf("message %s was taken by the engine but got no reply", m.ID)
		}
	}
	mark := offs.get()
	if mark < 5 {
		t.Errorf("stored offset %d, want at least the 5 answered updates", mark)
	}
	for i := 1; i <= mark; i++ {
		chat := int64(1000 + (i-1)%6)
		if id := messageKey(chat, 100+i-1); !handled[id] {
			t.Errorf("update %d is at or below the stored offset %d but was never handled", i, mark)
		}
	}
}

func TestEnginePanicDoesNotStopTheAdapter(t *testing.T) {
	fa := newFakeBotAPI(t)
	h := &fakeHandler{respond: func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		if strings.Contains(m.Text, "boom") {
			panic("engine bug")
		}
		return echo(m), nil
	}}
	offs := &fakeOffsets{}
	hs := start(t, fa, h, offs, nil)
	fa.push(
		message(1, 10, privateChat(ana), ana, "this makes it go boom"),
		message(2, 11, privateChat(ana), ana, "and this is fine afterwards"),
	)
	send := fa.waitCalls("sendMessage", 1)[0]
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	if send.Params["text"] != "echo: and this is fine afterwards" {
		t.Errorf("reply = %q", send.Params["text"])
	}
	if got := offs.get(); got != 2 {
		t.Errorf("stored offset = %d, want 2", got)
	}
	if !strings.Contains(hs.logs.String(), "panic handling update") {
		t.Error("panic not logged")
	}
}

// TestGetUpdates429HonoursRetryAfter: a 429 on getUpdates waits the
// retry_after Telegram asks for, and one transient failure does not make
// the health check report the adapter down.
func TestGetUpdates429HonoursRetryAfter(t *testing.T) {
	fa := newFakeBotAPI(t)
	polls := 0
	armed := make(chan struct{})
	fa.setFail(func(c apiCall) *apiFailure {
		if c.Method != "getUpdates" {
			return nil
		}
		polls++
		if polls == 1 {
			<-armed // the test has the adapter to ask Ready
			return &apiFailure{Status: 429, Desc: "Too Many Requests: retry after 7", RetryAfter: 7}
		}
		return nil
	})
	var adapter atomic.Pointer[Adapter]
	var readyDuringWait atomic.Int32 // 1 ready, 2 not ready
	waits := make(chan time.Duration, 16)
	hs := start(t, fa, &fakeHandler{}, &fakeOffsets{}, func(o *Options) {
		o.Retry.Sleep = func(ctx context.Context, d time.Duration) error {
			if a := adapter.Load(); a != nil && readyDuringWait.Load() == 0 {
				if a.Ready() {
					readyDuringWait.Store(1)
				} else {
					readyDuringWait.Store(2)
				}
			}
			waits <- d
			return ctx.Err()
		}
	})
	adapter.Store(hs.a)
	close(armed)
	fa.waitCalls("getUpdates", 2)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	if got := <-waits; got != 7*time.Second {
		t.Errorf("waited %v after the 429, want the 7 s retry_after", got)
	}
	if readyDuringWait.Load() != 1 {
		t.Error("one 429 made the adapter report not ready")
	}
}

package telegram

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"nursling/bot"
)

// TestGroupLogSaysWhetherItWasLogged: newcomer run D1. A log typed in a
// group by someone who never started the bot is stored; the group is told
// so ("Logged — … press Start"), never asked to send it again. A question
// about an entry says nothing is logged yet. No log data reaches the group.
func TestGroupLogSaysWhetherItWasLogged(t *testing.T) {
	tests := []struct {
		name    string
		buttons []bot.Button
		want    string
		notWant string
	}{
		{"logged", []bot.Button{{Label: "Undo", Data: "undo:29"}}, "Logged — but I can't message you privately", "send the command there"},
		{"asking", []bot.Button{{Label: "Yes", Data: "yes:tok"}, {Label: "No", Data: "no:tok"}}, "nothing is logged yet", "Logged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fa := newFakeBotAPI(t)
			fa.setFail(func(c apiCall) *apiFailure {
				if c.Method == "sendMessage" && c.Params["chat_id"] == "111" {
					return &apiFailure{Status: 403, Desc: "Forbidden: bot can't initiate conversation with a user"}
				}
				return nil
			})
			respond := func(_ context.Context, m bot.Message) (bot.Reply, error) {
				return bot.Reply{Visibility: bot.Private, Buttons: tt.buttons,
					Blocks: []bot.Block{{Kind: bot.Text, Text: "Logged: left breast, 15 min SECRET-LOG-DATA"}}}, nil
			}
			hs := start(t, fa, &fakeHandler{respond: respond}, &fakeOffsets{}, nil)
			fa.push(message(1, 30, supergroup(), ana, "/feed left 15"))
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
			for _, c := range fa.callsTo("sendMessage") {
				if c.Params["chat_id"] != "-100500" {
					continue
				}
				text := c.Params["text"]
				if !strings.Contains(text, tt.want) || strings.Contains(text, tt.notWant) || strings.Contains(text, "SECRET-LOG-DATA") {
					t.Errorf("group nudge %q: want %q, not %q, no log data", text, tt.want, tt.notWant)
				}
			}
		})
	}
}

// TestEditedMessageNeverInvitesADouble: newcomer run D13.
func TestEditedMessageNeverInvitesADouble(t *testing.T) {
	text := noticeText(noticeEdited)
	if strings.Contains(text, "send it again as a new message") || !strings.Contains(text, "/undo") || !strings.Contains(text, "/edit") {
		t.Errorf("edit notice %q: it must point to /edit and /undo, not ask for the entry again", text)
	}
}

// TestStartLogLandsOnHistory: the nudge's deep link (/start log) shows the
// parent's recent entries, where /edit and /undo are offered, not the
// generic help.
func TestStartLogLandsOnHistory(t *testing.T) {
	me := identity{ID: 999, UserName: "NurslingBot"}
	for _, tt := range []struct {
		chatType, text, want string
	}{
		{"private", "/start log", "/history 5"},
		{"private", "/start", "/start"},
		{"private", "/start other", "/start other"},
	} {
		m := &tgbotapi.Message{MessageID: 1, Date: 1, Text: tt.text, Chat: &tgbotapi.Chat{ID: 111, Type: tt.chatType},
			From:     &tgbotapi.User{ID: 111},
			Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: len(strings.Fields(tt.text)[0])}}}
		ev := convertMessage(event{updateID: 1}, m, msgExt{}, me, false, time.Unix(1, 0))
		if ev.msg.Text != tt.want {
			t.Errorf("%s %q: text %q, want %q", tt.chatType, tt.text, ev.msg.Text, tt.want)
		}
	}
}

// TestSplitHistoryKeepsItsHeading: newcomer run, Low list. A long /history
// split over messages never sends its heading alone.
func TestSplitHistoryKeepsItsHeading(t *testing.T) {
	items := make([]string, 120)
	for i := range items {
		items[i] = "12:28–12:40 — right breast, 12 min, a fairly long line of history " + strings.Repeat("x", i%20)
	}
	chunks := renderReply(bot.Reply{Blocks: []bot.Block{{Kind: bot.Title, Text: "Last 50 entries, newest first"}, {Kind: bot.List, Items: items}}})
	if len(chunks) < 2 {
		t.Fatalf("%d chunks, want a split", len(chunks))
	}
	if !strings.Contains(chunks[0], "Last 50 entries") || !strings.Contains(chunks[0], "12:28") {
		t.Errorf("first message %q: want the heading with entries", chunks[0][:min(len(chunks[0]), 200)])
	}
	for i, c := range chunks {
		if n := utf8.RuneCountInString(c); n > maxMessageLen+200 {
			t.Errorf("chunk %d is %d characters", i, n)
		}
	}
}

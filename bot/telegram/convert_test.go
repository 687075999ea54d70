package telegram

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/google/go-cmp/cmp"

	"nursling/bot"
)

var testMe = identity{ID: 999, UserName: "NurslingBot"}

func loadFixture(t *testing.T, name string) incoming {
	t.Helper()
	return mustFixture(t, name)
}

func mustFixture(t testing.TB, name string) incoming {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "updates", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	u, err := decodeUpdate(raw)
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return u
}

func TestConvert(t *testing.T) {
	sent := time.Unix(1700000000, 0).UTC()
	now := sent.Add(time.Hour)
	msg := func(id, chat, user, text string, group bool) bot.Message {
		return bot.Message{Platform: bot.Telegram, ID: id, ChatID: chat, UserID: user, Text: text, At: sent, Group: group, Addressed: true}
	}
	tests := []struct {
		fixture string
		want    event
	}{
		{"private_text", event{updateID: 1, kind: evMessage, chatID: 111, userID: 111,
			msg: msg("111:10", "111", "111", "how often should a newborn feed?", false)}},
		{"private_command_suffix", event{updateID: 2, kind: evMessage, chatID: 111, userID: 111,
			msg: msg("111:11", "111", "111", "/ask how often", false)}},
		{"group_unaddressed", event{updateID: 3, reason: "not addressed"}},
		{"group_command_plain", event{updateID: 4, kind: evMessage, chatID: -42, userID: 111, group: true, replyTo: 13,
			msg: msg("-42:13", "-42", "111", "/ask how often", true)}},
		{"group_command_ours", event{updateID: 5, kind: evMessage, chatID: -100500, userID: 111, group: true, replyTo: 14,
			msg: msg("-100500:14", "-100500", "111", "/ask how often", true)}},
		{"group_command_other_bot", event{updateID: 6, reason: "not addressed"}},
		{"group_mention_leading", event{updateID: 7, kind: evMessage, chatID: -42, userID: 111, group: true, replyTo: 16,
			msg: msg("-42:16", "-42", "111", "is cluster feeding normal?", true)}},
		{"group_mention_other", event{updateID: 8, reason: "not addressed"}},
		{"group_mention_after_emoji", event{updateID: 9, kind: evMessage, chatID: -42, userID: 111, group: true, replyTo: 18,
			msg: msg("-42:18", "-42", "111", "👶 sore nipples", true)}},
		{"group_text_mention", event{updateID: 10, kind: evMessage, chatID: -42, userID: 111, group: true, replyTo: 19,
			msg: msg("-42:19", "-42", "111", "what is colostrum", true)}},
		{"group_reply_to_bot", event{updateID: 11, kind: evMessage, chatID: -42, userID: 111, group: true, replyTo: 20,
			msg: msg("-42:20", "-42", "111", "and at night?", true)}},
		{"group_reply_to_person", event{updateID: 12, reason: "not addressed"}},
		{"from_other_bot", event{updateID: 13, reason: "from a bot"}},
		{"own_message", event{updateID: 14, reason: "own message"}},
		{"edited_private", event{updateID: 15, kind: evNotice, notice: noticeEdited, chatID: 111, userID: 111}},
		{"edited_group_unaddressed", event{updateID: 16, reason: "not addressed"}},
		{"photo_private", event{updateID: 17, kind: evNotice, notice: noticePhoto, chatID: 111, userID: 111}},
		{"sticker_group_unaddressed", event{updateID: 18, reason: "not addressed"}},
		{"voice_group_reply_to_bot", event{updateID: 19, kind: evNotice, notice: noticeVoice, chatID: -42, userID: 111, group: true, replyTo: 28}},
		{"photo_group_caption_mention", event{updateID: 20, kind: evNotice, notice: noticePhoto, chatID: -42, userID: 111, group: true, replyTo: 29}},
		{"service_new_member", event{updateID: 21, reason: "service message"}},
		{"callback_group", event{updateID: 22, kind: evCallback, chatID: -100500, userID: 222, group: true, replyTo: 31, threadID: 77,
			callbackID: "cbq-1", markupMsgID: 31,
			msg: bot.Message{Platform: bot.Telegram, ID: "cb:cbq-1", ChatID: "-100500", UserID: "222", Action: "more:latch", At: now, Group: true, Addressed: true}}},
		{"callback_inline", event{updateID: 23, callbackID: "cbq-2", reason: "callback without a message"}},
		{"forum_topic_message", event{updateID: 24, kind: evMessage, chatID: -100500, userID: 111, group: true, replyTo: 32, threadID: 77,
			msg: msg("-100500:32", "-100500", "111", "/ask night feeds", true)}},
		{"forum_implicit_reply_to_bot_topic", event{updateID: 25, reason: "not addressed"}},
		{"channel_post", event{updateID: 26, reason: "unhandled update type"}},
		{"anonymous_admin", event{updateID: 27, reason: "from a bot"}},
		{"bad_entity_offsets", event{updateID: 28, reason: "not addressed"}},
		{"callback_private", event{updateID: 29, kind: evCallback, chatID: 111, userID: 111, callbackID: "cbq-3", markupMsgID: 37,
			msg: bot.Message{Platform: bot.Telegram, ID: "cb:cbq-3", ChatID: "111", UserID: "111", Action: "undo:abc", At: now, Addressed: true}}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.fixture] = true
		t.Run(tt.fixture, func(t *testing.T) {
			got := convert(loadFixture(t, tt.fixture), testMe, now)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(event{})); diff != "" {
				t.Errorf("convert(%s) mismatch (-want +got):\n%s", tt.fixture, diff)
			}
		})
	}
	// Every fixture has a case: a fixture nobody checks is a silent gap.
	files, _ := filepath.Glob(filepath.Join("testdata", "updates", "*.json"))
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".json"); !seen[name] {
			t.Errorf("fixture %s has no test case", name)
		}
	}
}

func TestAddressCleansText(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		entities  string // "type:offset:length,..."
		want      string
		addressed bool
	}{
		{"plain text", "hello there", "", "hello there", false},
		{"command only", "/start", "bot_command:0:6", "/start", true},
		{"command with our suffix", "/start@NurslingBot", "bot_command:0:18", "/start", true},
		{"command with other suffix", "/start@OtherBot", "bot_command:0:15", "/start@OtherBot", false},
		{"trailing mention", "how long per side @NurslingBot", "mention:18:12", "how long per side", true},
		{"middle mention", "so @NurslingBot what now", "mention:3:12", "so what now", true},
		{"mention colon", "@NurslingBot: help", "mention:0:12", "help", true},
		{"mention of someone else", "@NurslingBotFan hi", "mention:0:15", "@NurslingBotFan hi", false},
		{"command not at start", "see /help", "bot_command:4:5", "see /help", false},
		{"entity past end", "hi", "mention:0:99", "hi", false},
		{"negative offset", "hi", "mention:-1:2", "hi", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, addressed := address(tt.text, parseEntities(t, tt.entities), testMe)
			if got != tt.want || addressed != tt.addressed {
				t.Errorf("address(%q) = %q, %v; want %q, %v", tt.text, got, addressed, tt.want, tt.addressed)
			}
		})
	}
}

func TestUTF16ToByte(t *testing.T) {
	s := "a👶b" // a=1 unit, 👶=2 units, b=1 unit
	tests := []struct {
		off  int
		want int
		ok   bool
	}{
		{0, 0, true}, {1, 1, true}, {2, 0, false}, {3, 5, true}, {4, 6, true}, {5, 0, false},
	}
	for _, tt := range tests {
		got, ok := utf16ToByte(s, tt.off)
		if got != tt.want || ok != tt.ok {
			t.Errorf("utf16ToByte(%q, %d) = %d, %v; want %d, %v", s, tt.off, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDecodeUpdateBrokenKeepsID(t *testing.T) {
	u, err := decodeUpdate([]byte(`{"update_id": 41, "message": {"message_id": "not a number"}}`))
	if err == nil {
		t.Fatal("decodeUpdate of a broken update: no error")
	}
	if u.UpdateID != 41 {
		t.Errorf("UpdateID = %d, want 41 so the poll can move past it", u.UpdateID)
	}
}

// parseEntities reads "type:offset:length,..." into entities.
func parseEntities(t *testing.T, s string) []tgbotapi.MessageEntity {
	t.Helper()
	if s == "" {
		return nil
	}
	var out []tgbotapi.MessageEntity
	for _, f := range strings.Split(s, ",") {
		var e tgbotapi.MessageEntity
		parts := strings.Split(f, ":")
		if len(parts) != 3 {
			t.Fatalf("bad entity %q", f)
		}
		e.Type = parts[0]
		var err1, err2 error
		e.Offset, err1 = strconv.Atoi(parts[1])
		e.Length, err2 = strconv.Atoi(parts[2])
		if err1 != nil || err2 != nil {
			t.Fatalf("bad entity %q", f)
		}
		out = append(out, e)
	}
	return out
}

func TestSentAtDistrustsImplausibleDates(t *testing.T) {
	now := time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		date time.Time
		want time.Time
	}{
		{"a minute ago", now.Add(-time.Minute), now.Add(-time.Minute)},
		{"queued 23 h (Telegram keeps 24 h)", now.Add(-23 * time.Hour), now.Add(-23 * time.Hour)},
		{"a little clock skew", now.Add(2 * time.Minute), now.Add(2 * time.Minute)},
		{"zero: 1970", time.Unix(0, 0), now},
		{"1969", time.Unix(-86400*30, 0), now},
		{"last year", now.AddDate(-1, 0, 0), now},
		{"an hour ahead", now.Add(time.Hour), now},
		{"years ahead", now.AddDate(30, 0, 0), now},
	}
	for _, tt := range tests {
		if got := sentAt(int(tt.date.Unix()), now); !got.Equal(tt.want) {
			t.Errorf("%s: sentAt = %v, want %v", tt.name, got, tt.want)
		}
	}
}

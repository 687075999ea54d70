package telegram

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"nursling/bot"
)

// incoming is one update as Telegram sent it: the library's Update plus the
// fields newer than the library (forum topics), decoded beside it.
type incoming struct {
	tgbotapi.Update
	ext updateExt
}

// msgExt holds message fields that v5.5.1 does not know.
type msgExt struct {
	ThreadID int  `json:"message_thread_id"`
	IsTopic  bool `json:"is_topic_message"`
}

type updateExt struct {
	Message  *msgExt `json:"message"`
	Edited   *msgExt `json:"edited_message"`
	Callback *struct {
		Message *msgExt `json:"message"`
	} `json:"callback_query"`
}

// decodeUpdate decodes one raw update. When only the update id can be read,
// it returns that id with the error, so the caller can still move past it.
func decodeUpdate(raw []byte) (incoming, error) {
	var in incoming
	if err := json.Unmarshal(raw, &in.Update); err != nil {
		var id struct {
			UpdateID int `json:"update_id"`
		}
		if json.Unmarshal(raw, &id) == nil {
			in.UpdateID = id.UpdateID
		}
		return in, fmt.Errorf("telegram: decode update: %w", err)
	}
	if err := json.Unmarshal(raw, &in.ext); err != nil {
		return in, fmt.Errorf("telegram: decode update extras: %w", err)
	}
	return in, nil
}

// identity is the bot itself, from getMe.
type identity struct {
	ID       int64
	UserName string
}

type eventKind int

const (
	// evIgnore: nothing to do (other bots, unaddressed group chatter,
	// service messages). A callback query is still answered.
	evIgnore eventKind = iota
	// evMessage: a text for the engine.
	evMessage
	// evCallback: a pressed button for the engine.
	evCallback
	// evNotice: something the bot cannot read (an edit, a photo); it
	// answers with a short kind notice of what it understands.
	evNotice
)

type noticeKind int

const (
	noticeNone noticeKind = iota
	noticeEdited
	noticePhoto
	noticeSticker
	noticeVoice
	noticeDocument
	noticeOther
)

// event is what the adapter does with one update, decided by convert.
type event struct {
	kind     eventKind
	updateID int
	// msg is the engine's input (evMessage, evCallback).
	msg bot.Message
	// chatID is where a public reply goes; userID is the sender, whose
	// private chat receives private replies.
	chatID int64
	userID int64
	group  bool
	// replyTo is the message a group reply answers (0: none).
	replyTo int
	// threadID is the forum topic of the message (0: none).
	threadID int
	// callbackID is set for every callback query, so it is always answered.
	callbackID string
	// markupMsgID is the message that carried the pressed button.
	markupMsgID int
	notice      noticeKind
	// reason says why an update is ignored (debug logs only).
	reason string
}

// convert decides what to do with one update. It is pure: the bot's own
// identity and the clock come in as arguments.
func convert(u incoming, me identity, now time.Time) event {
	ev := event{updateID: u.UpdateID}
	switch {
	case u.Message != nil:
		var ext msgExt
		if u.ext.Message != nil {
			ext = *u.ext.Message
		}
		return convertMessage(ev, u.Message, ext, me, false, now)
	case u.EditedMessage != nil:
		var ext msgExt
		if u.ext.Edited != nil {
			ext = *u.ext.Edited
		}
		return convertMessage(ev, u.EditedMessage, ext, me, true, now)
	case u.CallbackQuery != nil:
		var ext msgExt
		if u.ext.Callback != nil && u.ext.Callback.Message != nil {
			ext = *u.ext.Callback.Message
		}
		return convertCallback(ev, u.CallbackQuery, ext, me, now)
	}
	ev.reason = "unhandled update type"
	return ev
}

// Plausible message dates: Telegram keeps an update for 24 hours, and
// clocks drift a little. Outside this window the date is not trusted.
const (
	maxMessageAge = 48 * time.Hour
	maxClockAhead = 5 * time.Minute
)

// sentAt is when the message was sent: its date, or the receive time now
// when the date is implausible (0, 1969, years ahead).
func sentAt(date int, now time.Time) time.Time {
	t := time.Unix(int64(date), 0).UTC()
	if t.Before(now.Add(-maxMessageAge)) || t.After(now.Add(maxClockAhead)) {
		return now.UTC()
	}
	return t
}

func convertMessage(ev event, m *tgbotapi.Message, ext msgExt, me identity, edited bool, now time.Time) event {
	if m.Chat == nil || m.From == nil {
		ev.reason = "no chat or sender"
		return ev
	}
	if m.From.ID == me.ID {
		ev.reason = "own message"
		return ev
	}
	if m.From.IsBot {
		ev.reason = "from a bot"
		return ev
	}
	private := m.Chat.Type == "private"
	ev.group = m.Chat.Type == "group" || m.Chat.Type == "supergroup"
	if !private && !ev.group {
		ev.reason = "channel"
		return ev
	}
	ev.chatID = m.Chat.ID
	ev.userID = m.From.ID
	if ext.IsTopic {
		ev.threadID = ext.ThreadID
	}
	if ev.group {
		ev.replyTo = m.MessageID
	}

	text, entities := m.Text, m.Entities
	notice := mediaNotice(m)
	if text == "" {
		text, entities = m.Caption, m.CaptionEntities
	}
	if m.Text == "" && notice == noticeNone {
		return event{updateID: ev.updateID, reason: "service message"}
	}
	cleaned, addressed := address(text, entities, me)
	if !addressed && repliesToBot(m, ext, me) {
		addressed = true
	}
	if private {
		addressed = true
	}
	if !addressed {
		// Unaddressed group chatter: nothing of it is kept.
		return event{updateID: ev.updateID, reason: "not addressed"}
	}
	switch {
	case edited:
		ev.kind, ev.notice = evNotice, noticeEdited
		return ev
	case notice != noticeNone:
		ev.kind, ev.notice = evNotice, notice
		return ev
	}
	if private && strings.TrimSpace(cleaned) == "/start log" {
		// The group nudge's deep link: land on the parent's recent entries
		// (the one typed in the group among them), with /edit and /undo.
		cleaned = "/history 5"
	}
	ev.kind = evMessage
	ev.msg = bot.Message{
		Platform:  bot.Telegram,
		ID:        messageKey(m.Chat.ID, m.MessageID),
		ChatID:    strconv.FormatInt(m.Chat.ID, 10),
		UserID:    strconv.FormatInt(m.From.ID, 10),
		Text:      cleaned,
		At:        sentAt(m.Date, now),
		Group:     ev.group,
		Addressed: true,
	}
	return ev
}

func convertCallback(ev event, q *tgbotapi.CallbackQuery, ext msgExt, me identity, now time.Time) event {
	ev.callbackID = q.ID
	switch {
	case q.From == nil || q.From.IsBot || q.From.ID == me.ID:
		ev.reason = "callback from a bot"
		return ev
	case q.Message == nil || q.Message.Chat == nil:
		ev.reason = "callback without a message"
		return ev
	case q.Data == "":
		ev.reason = "callback without data"
		return ev
	}
	chat := q.Message.Chat
	ev.group = chat.Type == "group" || chat.Type == "supergroup"
	if chat.Type != "private" && !ev.group {
		ev.reason = "channel"
		return ev
	}
	ev.kind = evCallback
	ev.chatID = chat.ID
	ev.userID = q.From.ID
	ev.markupMsgID = q.Message.MessageID
	if ext.IsTopic {
		ev.threadID = ext.ThreadID
	}
	if ev.group {
		ev.replyTo = q.Message.MessageID
	}
	ev.msg = bot.Message{
		Platform:  bot.Telegram,
		ID:        "cb:" + q.ID,
		ChatID:    strconv.FormatInt(chat.ID, 10),
		UserID:    strconv.FormatInt(q.From.ID, 10),
		Action:    q.Data,
		At:        now.UTC(),
		Group:     ev.group,
		Addressed: true,
	}
	return ev
}

// messageKey is a message's id for the engine: chat id and message id,
// unique per bot and stable across redeliveries.
func messageKey(chatID int64, messageID int) string {
	return strconv.FormatInt(chatID, 10) + ":" + strconv.Itoa(messageID)
}

// mediaNotice says which kind of non-text content m carries.
func mediaNotice(m *tgbotapi.Message) noticeKind {
	switch {
	case len(m.Photo) > 0:
		return noticePhoto
	case m.Sticker != nil:
		return noticeSticker
	case m.Voice != nil || m.Audio != nil || m.VideoNote != nil:
		return noticeVoice
	case m.Document != nil:
		return noticeDocument
	case m.Video != nil || m.Animation != nil || m.Location != nil || m.Contact != nil ||
		m.Poll != nil || m.Dice != nil || m.Venue != nil || m.Game != nil:
		return noticeOther
	}
	return noticeNone
}

// repliesToBot reports whether m answers one of the bot's messages. In a
// forum topic every message "replies" to the topic's first message; that
// implicit reply does not count.
func repliesToBot(m *tgbotapi.Message, ext msgExt, me identity) bool {
	r := m.ReplyToMessage
	if r == nil || r.From == nil || r.From.ID != me.ID {
		return false
	}
	return !(ext.IsTopic && r.MessageID == ext.ThreadID)
}

// address reports whether text speaks to the bot (a command for us, or a
// mention of us) and returns the text with the command's @OurBot suffix and
// our mentions removed. A command with another bot's suffix is not ours.
func address(text string, entities []tgbotapi.MessageEntity, me identity) (string, bool) {
	type cut struct{ from, to int }
	var cuts []cut
	addressed := false
	for i, e := range entities {
		from, to, ok := entityBytes(text, e)
		if !ok {
			continue
		}
		switch {
		case e.Type == "bot_command" && i == 0 && from == 0:
			cmd := text[from:to]
			at := strings.IndexByte(cmd, '@')
			if at < 0 {
				addressed = true
				continue
			}
			if strings.EqualFold(cmd[at+1:], me.UserName) && me.UserName != "" {
				addressed = true
				cuts = append(cuts, cut{from + at, to})
			}
		case e.Type == "mention" && me.UserName != "" && strings.EqualFold(text[from:to], "@"+me.UserName):
			addressed = true
			cuts = append(cuts, cut{from, to})
		case e.Type == "text_mention" && e.User != nil && e.User.ID == me.ID:
			addressed = true
			cuts = append(cuts, cut{from, to})
		}
	}
	if len(cuts) == 0 {
		return strings.TrimSpace(text), addressed
	}
	var b strings.Builder
	last := 0
	for _, c := range cuts {
		if c.from < last {
			continue // overlapping entities: keep the first
		}
		b.WriteString(text[last:c.from])
		last = c.to
	}
	b.WriteString(text[last:])
	// "@NurslingBot, how often…" leaves ", how often…": drop the leading
	// punctuation the mention left behind.
	out := strings.TrimLeftFunc(b.String(), func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ':' || r == ';'
	})
	return strings.Join(strings.Fields(out), " "), addressed
}

// entityBytes turns an entity's UTF-16 offset and length into byte offsets
// in text, rejecting entities that do not fit.
func entityBytes(text string, e tgbotapi.MessageEntity) (from, to int, ok bool) {
	if e.Offset < 0 || e.Length <= 0 {
		return 0, 0, false
	}
	from, ok = utf16ToByte(text, e.Offset)
	if !ok {
		return 0, 0, false
	}
	to, ok = utf16ToByte(text, e.Offset+e.Length)
	return from, to, ok
}

// utf16ToByte returns the byte offset of UTF-16 offset off in s; false when
// off is past the end or inside a surrogate pair.
func utf16ToByte(s string, off int) (int, bool) {
	units := 0
	for i, r := range s {
		if units == off {
			return i, true
		}
		if units > off {
			return 0, false
		}
		if r == utf8.RuneError {
			units++
			continue
		}
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
	}
	if units == off {
		return len(s), true
	}
	return 0, false
}

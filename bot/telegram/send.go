package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"nursling/bot"
	"nursling/bot/chat"
	"nursling/bot/render"
)

// dest is where a reply goes.
type dest struct {
	chatID  int64
	group   bool // group limits apply
	replyTo int  // the first message answers this one (0: none)
	thread  int  // forum topic (0: none)
}

// publicDest answers ev in the chat it came from, as a reply in groups and
// in the same forum topic.
func publicDest(ev event) dest {
	return dest{chatID: ev.chatID, group: ev.group, replyTo: ev.replyTo, thread: ev.threadID}
}

// deliver sends the engine's reply. A private reply to a group message goes
// to the user's private chat; when the user never started the bot (403) the
// group gets a short nudge with a deep link, never the reply itself.
func (s *session) deliver(ctx context.Context, ev event, r bot.Reply) {
	if r.Empty() {
		return
	}
	d := publicDest(ev)
	if r.Visibility == bot.Private && ev.group {
		err := s.sendReply(ctx, dest{chatID: ev.userID}, r)
		switch {
		case err == nil:
			return
		case apiCode(err) == 403:
			s.log.Info("telegram: private reply refused, nudging in the group", s.chatAttr(ev.chatID))
			if err := s.sendNudge(ctx, d, chat.OutcomeOf(r)); err != nil {
				s.logDropped(ev.chatID, err)
			}
		default:
			s.logDropped(ev.userID, err)
		}
		return
	}
	if err := s.sendReply(ctx, d, r); err != nil {
		s.logDropped(d.chatID, err)
	}
}

// logDropped logs a reply given up on after its retries.
func (s *session) logDropped(chat int64, err error) {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		s.log.Warn("telegram: reply abandoned at shutdown", s.chatAttr(chat))
		return
	}
	if apiCode(err) == 403 {
		// The user blocked the bot or it was removed from the group:
		// routine, and nothing to retry.
		s.log.Info("telegram: chat refused the reply (bot blocked or removed)", s.chatAttr(chat))
		return
	}
	s.log.Error("telegram: reply dropped", s.chatAttr(chat), "err", redact(err.Error(), s.opts.Token))
	if s.opts.OnDropped != nil {
		s.opts.OnDropped()
	}
}

// sendReply renders r and sends its messages in order: text, then files.
// The buttons go on the last text message (on the last file when there is
// no text). It stops at the first message that cannot be sent.
func (s *session) sendReply(ctx context.Context, d dest, r bot.Reply) error {
	chunks := renderAnswer(r, s.opts.GuideURL)
	kb := keyboard(r.Buttons)
	if len(chunks) == 0 && len(r.Attachments) == 0 {
		return nil
	}
	for i, c := range chunks {
		var markup any
		switch {
		case i == len(chunks)-1 && kb != nil:
			markup = kb
		case i == len(chunks)-1 && d.private():
			// A message without inline buttons brings the one-tap log
			// keyboard; Telegram keeps it under the chat from then on.
			markup = quickKeyboard()
		}
		if err := s.sendText(ctx, d, c, markup); err != nil {
			return err
		}
		d.replyTo = 0
	}
	for i, at := range r.Attachments {
		var markup any
		if len(chunks) == 0 && i == len(r.Attachments)-1 && kb != nil {
			markup = kb
		}
		if err := s.sendFile(ctx, d, at, markup); err != nil {
			return err
		}
		d.replyTo = 0
	}
	return nil
}

// private reports whether d is a private chat (user ids are positive,
// groups negative).
func (d dest) private() bool { return !d.group && d.chatID > 0 }

// replyKeyboard is Telegram's ReplyKeyboardMarkup with is_persistent,
// which the library's struct lacks.
type replyKeyboard struct {
	Keyboard     [][]keyButton `json:"keyboard"`
	IsPersistent bool          `json:"is_persistent"`
	Resize       bool          `json:"resize_keyboard"`
	Placeholder  string        `json:"input_field_placeholder,omitempty"`
}

type keyButton struct {
	Text string `json:"text"`
}

// quickKeyboard is the persistent one-tap log keyboard of private chats:
// the feed log's quick keys (Start left · Start right / Bottle · Wet nappy
// · Dirty nappy / Stop timer). Each key sends its label, which the feed log
// reads like typed text.
func quickKeyboard() replyKeyboard {
	keys := bot.QuickKeys()
	kb := replyKeyboard{IsPersistent: true, Resize: true, Placeholder: "Ask, or log: left 15, bottle 90ml"}
	for _, n := range []int{2, 3, 1} {
		if len(keys) < n {
			n = len(keys)
		}
		if n == 0 {
			break
		}
		row := make([]keyButton, n)
		for i := range row {
			row[i] = keyButton{Text: keys[i]}
		}
		kb.Keyboard = append(kb.Keyboard, row)
		keys = keys[n:]
	}
	return kb
}

// keyboard lays out buttons: one row when they are few and short (Yes/No,
// Helpful/Not helpful), else one per row. Buttons whose data Telegram
// would refuse are left out.
func keyboard(bs []bot.Button) *tgbotapi.InlineKeyboardMarkup {
	var btns []tgbotapi.InlineKeyboardButton
	total := 0
	for _, b := range bs {
		label := strings.TrimSpace(render.Clean(b.Label))
		if label == "" || b.Data == "" || len(b.Data) > 64 || !utf8.ValidString(b.Data) {
			continue
		}
		btns = append(btns, tgbotapi.NewInlineKeyboardButtonData(label, b.Data))
		total += utf8.RuneCountInString(label)
	}
	if len(btns) == 0 {
		return nil
	}
	var rows [][]tgbotapi.InlineKeyboardButton
	if len(btns) <= 3 && total <= 30 {
		rows = append(rows, btns)
	} else {
		for _, b := range btns {
			rows = append(rows, []tgbotapi.InlineKeyboardButton{b})
		}
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return &kb
}

// baseParams are the fields every message to d carries. message_thread_id
// is newer than the library, hence explicit params.
func baseParams(d dest, markup any) (tgbotapi.Params, error) {
	p := tgbotapi.Params{"chat_id": strconv.FormatInt(d.chatID, 10)}
	if d.replyTo != 0 {
		p.AddNonZero("reply_to_message_id", d.replyTo)
		// The question may have been deleted meanwhile: answer anyway.
		p["allow_sending_without_reply"] = "true"
	}
	p.AddNonZero("message_thread_id", d.thread)
	if markup != nil {
		if err := p.AddInterface("reply_markup", markup); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// sendText sends one HTML message. If Telegram cannot parse our markup (a
// renderer bug) it is resent as plain text; if the group became a
// supergroup it is resent there.
func (s *session) sendText(ctx context.Context, d dest, html string, markup any) error {
	p, err := baseParams(d, markup)
	if err != nil {
		return err
	}
	p["text"] = html
	p["parse_mode"] = tgbotapi.ModeHTML
	p["disable_web_page_preview"] = "true"
	_, err = s.send(ctx, d, "sendMessage", request("sendMessage", p))
	var ae *apiError
	if !errors.As(err, &ae) {
		return err
	}
	switch {
	case ae.Code == 400 && strings.Contains(ae.Desc, "can't parse entities"):
		s.log.Error("telegram: markup rejected, resending as plain text", "err", ae.Error())
		delete(p, "parse_mode")
		p["text"] = stripHTML(html)
		_, err = s.send(ctx, d, "sendMessage", request("sendMessage", p))
	case ae.MigrateTo != 0:
		s.log.Info("telegram: group moved to a supergroup", s.chatAttr(d.chatID))
		d.chatID = ae.MigrateTo
		p["chat_id"] = strconv.FormatInt(d.chatID, 10)
		_, err = s.send(ctx, d, "sendMessage", request("sendMessage", p))
	}
	return err
}

// sendFile sends an attachment: pictures with sendPhoto, anything else
// with sendDocument, after the matching "uploading…" chat action.
func (s *session) sendFile(ctx context.Context, d dest, at bot.Attachment, markup any) error {
	method, field, action := "sendDocument", "document", tgbotapi.ChatUploadDocument
	if at.Image {
		method, field, action = "sendPhoto", "photo", tgbotapi.ChatUploadPhoto
	}
	s.chatAction(ctx, d, action)
	p, err := baseParams(d, markup)
	if err != nil {
		return err
	}
	name := at.Name
	if name == "" {
		name = field
	}
	files := []tgbotapi.RequestFile{{Name: field, Data: tgbotapi.FileBytes{Name: name, Bytes: at.Data}}}
	_, err = s.send(ctx, d, method, upload(method, p, files))
	return err
}

// send makes a message request to d through the chat's rate limits.
func (s *session) send(ctx context.Context, d dest, method string, do doFunc) (json.RawMessage, error) {
	wait := func(ctx context.Context) error {
		return s.limit.wait(ctx, d.chatID, d.group, s.opts.Retry.Sleep)
	}
	return s.call(ctx, method, wait, do)
}

// chatAction shows an action ("typing…", "sending photo…"). It is a hint:
// one try, failures only logged.
func (s *session) chatAction(ctx context.Context, d dest, action string) {
	p := tgbotapi.Params{"chat_id": strconv.FormatInt(d.chatID, 10), "action": action}
	p.AddNonZero("message_thread_id", d.thread)
	if err := s.globalWait(ctx); err != nil {
		return
	}
	if _, err := s.callOnce(ctx, "sendChatAction", request("sendChatAction", p)); err != nil && ctx.Err() == nil {
		s.log.Debug("telegram: chat action failed", "err", err.Error())
	}
}

// noticeText is the short kind reply to what the bot cannot read.
func noticeText(k noticeKind) string {
	const tail = " Type your question, or log a feed like “fed left 15 min”. Send /help to see everything I understand."
	switch k {
	case noticeEdited:
		return "I only read new messages, so your edit changed nothing in your log. To correct an entry, use /history and /edit (for example /edit 1 left 12), or /undo to remove your last one — please don't send it again, or it is logged twice."
	case noticePhoto:
		return "I can't look at photos, sorry." + tail
	case noticeSticker:
		return "Lovely sticker! I only understand text, though." + tail
	case noticeVoice:
		return "I can't listen to voice or audio messages, sorry." + tail
	case noticeDocument:
		return "I can't open files, sorry." + tail
	default:
		return "I can only read text messages." + tail
	}
}

func (s *session) sendNotice(ctx context.Context, ev event) {
	r := bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: noticeText(ev.notice)}}}
	if err := s.sendReply(ctx, publicDest(ev), r); err != nil {
		s.logDropped(ev.chatID, err)
	}
}

// sendNudge asks, in the group, to start a private chat with the bot, with
// a deep link that sends /start log. It shows no log data, but says
// whether the entry was stored, so it is never typed twice (D1).
func (s *session) sendNudge(ctx context.Context, d dest, outcome chat.LogOutcome) error {
	link := "https://t.me/" + url.PathEscape(s.me.UserName) + "?start=log"
	openLink := `<a href="` + escapeAttr(link) + `">open a chat with me</a>`
	var html string
	switch outcome {
	case chat.Logged:
		html = "Logged — but I can't message you privately, so I can't show it here. Please " + openLink +
			" and press Start so I can; there /history shows it and /undo removes it. No need to send it again."
	case chat.Asking:
		html = "I need to ask you something about that entry, privately, so nothing is logged yet. Please " + openLink +
			", press Start, then send it there."
	default:
		html = "I keep feed logs private, so I answer those in a private chat. Please " + openLink +
			", press Start, then send the command there."
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonURL("Open a private chat", link)))
	return s.sendText(ctx, d, html, kb)
}

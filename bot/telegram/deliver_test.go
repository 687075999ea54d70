package telegram

import (
	"context"
	"strings"
	"testing"

	"nursling/bot"
)

// Deliver sends to a user's private chat, never to a group or channel
// (their ids are negative).
func TestDeliverOnlyToPrivateChats(t *testing.T) {
	fa := newFakeBotAPI(t)
	hs := start(t, fa, &fakeHandler{}, &fakeOffsets{}, nil)
	r := bot.Reply{Visibility: bot.Private, Blocks: []bot.Block{{Kind: bot.Text, Text: "⏰ Reminder: next feed"}},
		Buttons: []bot.Button{{Label: "Done", Data: "rem:done:7"}, {Label: "Snooze 15 min", Data: "rem:snooze:7"}, {Label: "Log a feed", Data: "rem:log:7"}}}
	for _, id := range []string{"-100500", "0", "abc", ""} {
		if err := hs.a.Deliver(context.Background(), id, r); err == nil {
			t.Errorf("Deliver to %q succeeded", id)
		}
	}
	if err := hs.a.Deliver(context.Background(), "111", r); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	calls := fa.waitCalls("sendMessage", 1)
	if len(calls) != 1 || calls[0].Params["chat_id"] != "111" || !strings.Contains(calls[0].Params["text"], "Reminder: next feed") {
		t.Fatalf("sendMessage calls: %+v", calls)
	}
	for _, want := range []string{"rem:done:7", "rem:snooze:7", "rem:log:7"} {
		if !strings.Contains(calls[0].Params["reply_markup"], want) {
			t.Errorf("keyboard %s lacks %s", calls[0].Params["reply_markup"], want)
		}
	}
}

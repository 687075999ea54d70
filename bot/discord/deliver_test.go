package discord

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"nursling/bot"
)

// A reminder goes by direct message to the user, with its buttons, and
// never to a channel.
func TestDeliverByDirectMessage(t *testing.T) {
	t.Parallel()
	h := start(t, &engine{}, Options{Channels: []string{testChan}})
	r := bot.Reply{Visibility: bot.Private, Blocks: []bot.Block{{Kind: bot.Text, Text: "⏰ Reminder: next feed"}},
		Buttons: []bot.Button{{Label: "Done", Data: "rem:done:7"}, {Label: "Snooze 15 min", Data: "rem:snooze:7"}, {Label: "Log a feed", Data: "rem:log:7"}}}
	if err := h.a.Deliver(context.Background(), testUser, r); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	open := h.f.waitReq(t, "open DM", is("POST", "/users/@me/channels")).decode(t)
	if open["recipient_id"] != testUser {
		t.Errorf("DM opened for %v", open["recipient_id"])
	}
	msg := h.f.waitReq(t, "DM", is("POST", "/channels/dm-"+testUser+"/messages")).decode(t)
	if e := list(msg["embeds"]); len(e) != 1 || obj(e[0])["description"] != "⏰ Reminder: next feed" {
		t.Errorf("embeds = %v", e)
	}
	if diff := cmp.Diff([]string{"rem:done:7", "rem:snooze:7", "rem:log:7"}, customIDs(msg["components"])); diff != "" {
		t.Errorf("buttons (-want +got):\n%s", diff)
	}
	if err := h.a.Deliver(context.Background(), "not-an-id", r); err == nil {
		t.Error("Deliver to a non-user id succeeded")
	}
	h.stop(t)
}

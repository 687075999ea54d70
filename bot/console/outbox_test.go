package console

import (
	"context"
	"strings"
	"testing"

	"nursling/bot"
)

// A reminder that fell due while the terminal waited is printed before the
// next reply, once, without numbered buttons (the numbers answer the
// reply).
func TestDueRemindersPrintBeforeTheNextReply(t *testing.T) {
	box := &Outbox{}
	h := &scripted{reply: bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: "Logged."}}, Buttons: []bot.Button{{Label: "Undo", Data: "undo:1"}}}}
	due := bot.Reply{Blocks: []bot.Block{{Kind: bot.Text, Text: "⏰ Reminder: next feed"}}, Buttons: []bot.Button{{Label: "Done", Data: "rem:done:1"}}}
	if err := box.Deliver(context.Background(), "local", due); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := Run(context.Background(), h, Options{In: strings.NewReader("left 15\nright 10\n"), Out: &out, Outbox: box}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Count(got, "Reminder: next feed") != 1 {
		t.Fatalf("reminder printed %d times:\n%s", strings.Count(got, "Reminder: next feed"), got)
	}
	if r, l := strings.Index(got, "Reminder: next feed"), strings.Index(got, "Logged."); r < 0 || r > l {
		t.Errorf("the reminder should come before the first reply:\n%s", got)
	}
	if strings.Contains(got, "[1] Done") || !strings.Contains(got, "/reminders to snooze or cancel") {
		t.Errorf("reminder buttons shown as numbers:\n%s", got)
	}
}

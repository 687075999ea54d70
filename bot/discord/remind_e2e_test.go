package discord

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"nursling/bot"
	"nursling/bot/feedlog/sqlstore"
	"nursling/knowledge"
)

type noSearch struct{}

func (noSearch) Search(context.Context, string) (knowledge.SearchResult, error) {
	return knowledge.SearchResult{NoMatch: true}, nil
}

// A reminder set with /remind in a server channel is confirmed privately;
// after the process is gone and a new one runs over the same database two
// hours later, it arrives once, by direct message, marked late, and
// nothing is posted in the channel.
func TestReminderAcrossRestartByDM(t *testing.T) {
	t.Parallel()
	h := start(t, &engine{}, Options{Channels: []string{testChan}})
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "nursling.db")
	t0 := time.Date(2025, 12, 5, 14, 10, 0, 0, time.UTC)
	process := func(now time.Time) *bot.Engine {
		clock := func() time.Time { return now }
		st, err := sqlstore.Open(context.Background(), db, sqlstore.Options{Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		e, err := bot.New(bot.Options{Library: lib, Searcher: noSearch{}, Store: st, Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	first := process(t0)
	r, err := first.Handle(context.Background(), bot.Message{Platform: bot.Discord, ID: "800000000000000010", ChatID: testChan, UserID: testUser,
		Text: "/remind 1h next feed", Group: true, Addressed: true})
	if err != nil || r.Visibility != bot.Private || !strings.Contains(r.Blocks[0].Text, "never in the group") {
		t.Fatalf("confirmation %+v, %v", r, err)
	}
	// The first process is dropped without delivering (as if killed).
	second := process(t0.Add(2 * time.Hour))
	sc := second.ReminderScheduler(map[bot.Platform]bot.Deliverer{bot.Discord: h.a})
	for i, want := range []int{1, 0, 0} {
		if n, err := sc.Tick(context.Background()); n != want || err != nil {
			t.Fatalf("round %d: sent %d (%v), want %d", i, n, err, want)
		}
	}
	dms := h.f.find(is("POST", "/channels/dm-"+testUser+"/messages"))
	if len(dms) != 1 {
		t.Fatalf("%d direct messages, want 1:\n%s", len(dms), h.f.dump())
	}
	msg := dms[0].decode(t)
	var text string
	for _, e := range list(msg["embeds"]) {
		text += obj(e)["description"].(string)
	}
	if !strings.Contains(text, "Reminder: next feed") || !strings.Contains(string(dms[0].Body), "this is late") {
		t.Errorf("direct message %q (%s)", text, dms[0].Body)
	}
	if posted := h.f.find(is("POST", "/channels/"+testChan+"/messages")); len(posted) != 0 {
		t.Errorf("%d messages posted in the server channel", len(posted))
	}
	h.stop(t)
}

package console

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nursling/bot"
)

// scripted answers each message with a fixed reply and records what came
// in.
type scripted struct {
	got   []bot.Message
	reply bot.Reply
}

func (s *scripted) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	s.got = append(s.got, m)
	return s.reply, nil
}

func TestRunPressesButtonsByNumberAndSavesFiles(t *testing.T) {
	dir := t.TempDir()
	h := &scripted{reply: bot.Reply{
		Blocks: []bot.Block{
			{Kind: bot.Urgent, Title: "Get care now", Text: "Call 999.", Items: []string{"Go now"}},
			{Kind: bot.Title, Text: "Latch"},
			{Kind: bot.List, Title: "Tips", Items: []string{"Chin first"}},
			{Kind: bot.Sources, Title: "Sources", Links: []bot.Link{{Title: "NHS", URL: "https://nhs.uk"}}},
			{Kind: bot.Footnote, Text: "Ask a professional."},
			{Kind: bot.Pre, Text: "Day  Feeds\nMon  8"},
		},
		Buttons:     []bot.Button{{Label: "More tips", Data: "more:latch:4"}, {Label: "Helpful", Data: "fb:latch:1"}},
		Attachments: []bot.Attachment{{Name: "../week.png", Data: []byte("png"), Image: true}},
	}}
	var out strings.Builder
	now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	err := Run(context.Background(), h, Options{In: strings.NewReader("latch help\n\n2\n7\n/quit\nnever read\n"), Out: &out, FilesDir: dir, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.got) != 3 {
		t.Fatalf("engine got %d messages, want 3 (blank line skipped, /quit ends)", len(h.got))
	}
	if h.got[0].Text != "latch help" || !h.got[0].Addressed || h.got[0].Platform != bot.Console {
		t.Errorf("first message = %+v", h.got[0])
	}
	if h.got[1].Action != "fb:latch:1" || h.got[1].Text != "" {
		t.Errorf("typing 2 should press the second button: %+v", h.got[1])
	}
	if h.got[2].Text != "7" || h.got[2].Action != "" {
		t.Errorf("a number with no such button is text: %+v", h.got[2])
	}
	if h.got[0].ID == h.got[1].ID {
		t.Error("message ids must differ (the feed log uses them for idempotency)")
	}
	text := out.String()
	for _, want := range []string{"⚠️  GET CARE NOW", "== Latch ==", "  • Chin first", "  - NHS <https://nhs.uk>", "(Ask a professional.)", "[1] More tips  [2] Helpful", "Day  Feeds"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// The attachment name cannot climb out of the folder.
	if data, err := os.ReadFile(filepath.Join(dir, "week.png")); err != nil || string(data) != "png" {
		t.Errorf("attachment not saved in the files folder: %v", err)
	}
}

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
	if len(h.got) != 2 {
		t.Fatalf("engine got %d messages, want 2 (blank line skipped, 7 presses nothing, /quit ends)", len(h.got))
	}
	if h.got[0].Text != "latch help" || !h.got[0].Addressed || h.got[0].Platform != bot.Console {
		t.Errorf("first message = %+v", h.got[0])
	}
	if h.got[1].Action != "fb:latch:1" || h.got[1].Text != "" {
		t.Errorf("typing 2 should press the second button: %+v", h.got[1])
	}
	if h.got[0].ID == h.got[1].ID {
		t.Error("message ids must differ (the feed log uses them for idempotency)")
	}
	text := out.String()
	for _, want := range []string{"⚠️  GET CARE NOW", "== Latch ==", "  • Chin first", "  - NHS <https://nhs.uk>", "(Ask a professional.)", "[1] More tips  [2] Helpful", "Day  Feeds",
		"There is no button [7] here; the buttons are [1] More tips, [2] Helpful."} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// The attachment name cannot climb out of the folder.
	if data, err := os.ReadFile(filepath.Join(dir, "week.png")); err != nil || string(data) != "png" {
		t.Errorf("attachment not saved in the files folder: %v", err)
	}
}

// seq replies with each reply in turn.
type seq struct {
	replies []bot.Reply
	got     []bot.Message
}

func (s *seq) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	s.got = append(s.got, m)
	r := s.replies[0]
	if len(s.replies) > 1 {
		s.replies = s.replies[1:]
	}
	return r, nil
}

// TestNumbersKeepTheirMeaning: newcomer run, Low list. [1] More tips then
// [1] Helpful, or [1] Yes then [1] Undo, pressed the wrong thing; now a
// number means one label for the whole session.
func TestNumbersKeepTheirMeaning(t *testing.T) {
	yes := bot.Reply{Buttons: []bot.Button{{Label: "Yes", Data: "yes:t1"}, {Label: "No", Data: "no:t1"}}}
	undo := bot.Reply{Buttons: []bot.Button{{Label: "Undo", Data: "undo:7"}}}
	yes2 := bot.Reply{Buttons: []bot.Button{{Label: "Yes", Data: "yes:t2"}, {Label: "No", Data: "no:t2"}}}
	h := &seq{replies: []bot.Reply{yes, undo, yes2, undo}}
	var out strings.Builder
	in := "left 15 sleepy\n1\nleft 10 sleepy\n1\n3\n"
	if err := Run(context.Background(), h, Options{In: strings.NewReader(in), Out: &out}); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, m := range h.got {
		actions = append(actions, m.Action)
	}
	if want := []string{"", "yes:t1", "", "yes:t2", "undo:7"}; strings.Join(actions, ",") != strings.Join(want, ",") {
		t.Errorf("actions %q, want %q", actions, want)
	}
	if !strings.Contains(out.String(), "[3] Undo") || strings.Contains(out.String(), "[1] Undo") {
		t.Errorf("Undo must keep number 3:\n%s", out.String())
	}
}

// TestExportNeverOverwrites: newcomer run, Low list. A second /export the
// same day is saved beside the first.
func TestExportNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	h := &scripted{reply: bot.Reply{Attachments: []bot.Attachment{{Name: "nursling-log-2026-11-05.csv", Data: []byte("a,b\n")}}}}
	var out strings.Builder
	if err := Run(context.Background(), h, Options{In: strings.NewReader("/export\n/export\n"), Out: &out, FilesDir: dir}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"nursling-log-2026-11-05.csv", "nursling-log-2026-11-05-2.csv"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", name, err, fi)
		}
	}
	if !strings.Contains(out.String(), "nursling-log-2026-11-05-2.csv") {
		t.Errorf("output does not name the second file:\n%s", out.String())
	}
}

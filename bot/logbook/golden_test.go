package logbook

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"
)

// flGoldenLog fills a log with a realistic day and a half for one baby born
// on 2026-11-01 (day 5 on the 5th), plus a partner's entry.
func flGoldenLog(t *testing.T) *flEnv {
	env := newFLEnv(t)
	loc := env.loc
	at := func(d, h, m int) { env.clk.Set(time.Date(2026, 11, d, h, m, 0, 0, loc)) }
	at(4, 9, 0)
	env.say("mum", "/baby Ann 2026-11-01")
	steps := []struct {
		d, h, m int
		text    string
	}{
		{4, 20, 15, "left 20"},
		{4, 22, 40, "L10 R12"},
		{4, 22, 45, "wet nappy"},
		{5, 1, 30, "right 18"},
		{5, 1, 35, "wet and dirty"},
		{5, 4, 50, "left 15"},
		{5, 7, 10, "bottle 90ml formula"},
		{5, 7, 30, "pumped 60 left 50 right"},
		{5, 10, 0, "both sides 25 min"},
		{5, 10, 5, "wet nappy"},
		{5, 12, 40, "right 12 note: =fussy, then slept"},
		{5, 13, 50, "left 10"},
	}
	for _, s := range steps {
		at(s.d, s.h, s.m)
		env.say("mum", s.text)
	}
	// The partner joins from Discord and logs a nappy.
	at(5, 11, 0)
	code := ""
	for _, w := range strings.Fields(flFirst(env.say("mum", "/share"))) {
		if len(w) == 9 && w[4] == '-' {
			code = w
		}
	}
	ctx := context.Background()
	dad := func(id, text string) Message {
		return Message{Platform: Discord, ID: id, ChatID: "dm-dad", UserID: "dad", Text: text, At: env.clk.Now()}
	}
	if _, _, err := env.e.Command(ctx, dad("d1", "/join "+code), "join", code); err != nil {
		t.Fatal(err)
	}
	if _, _, err := env.e.FreeText(ctx, dad("d2", "dirty nappy")); err != nil {
		t.Fatal(err)
	}
	at(5, 14, 5)
	return env
}

func TestFeedLogGoldenViews(t *testing.T) {
	env := flGoldenLog(t)
	var out bytes.Buffer
	for _, cmd := range []string{"/today", "/day 2026-11-04", "/last", "/history 5", "/week"} {
		out.WriteString("> " + cmd + "\n")
		out.WriteString(flRender(env.say("mum", cmd)))
		out.WriteString("\n")
	}
	flGolden(t, "views.golden", out.Bytes())
}

func TestFeedLogGoldenExport(t *testing.T) {
	env := flGoldenLog(t)
	for _, c := range []struct{ cmd, file string }{{"/export", "export.csv.golden"}, {"/export babybuddy", "export-babybuddy.csv.golden"}} {
		r := env.say("mum", c.cmd)
		if len(r.Attachments) != 1 || r.Attachments[0].MIME != "text/csv" || r.Attachments[0].Image {
			t.Fatalf("%s: attachments %+v", c.cmd, r.Attachments)
		}
		flGolden(t, c.file, r.Attachments[0].Data)
	}
}

func TestFeedLogWeekChart(t *testing.T) {
	env := flGoldenLog(t)
	r := env.say("mum", "/week")
	if len(r.Attachments) != 1 || !r.Attachments[0].Image || r.Attachments[0].MIME != "image/png" {
		t.Fatalf("attachments %+v", r.Attachments)
	}
	img, err := png.Decode(bytes.NewReader(r.Attachments[0].Data))
	if err != nil {
		t.Fatalf("week chart is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 300 {
		t.Errorf("chart is %v, too small to read", b)
	}
	if !strings.Contains(flRender(r), "Last 7 days: 8 feeds (1.1 a day), 4 nappies (2 wet, 1 dirty, 1 wet and dirty)") {
		t.Errorf("summary: %q", flRender(r))
	}
}

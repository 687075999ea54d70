package telegram

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	_ "modernc.org/sqlite"

	"nursling/bot"
	"nursling/bot/feedlog/sqlstore"
	"nursling/knowledge"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

func scriptedDay(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "scripted-day.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, strings.NewReplacer(`\x00`, "\x00", `\x1b`, "\x1b").Replace(l))
		}
	}
	return lines
}

// TestScriptedDayGolden plays bot/testdata/scripted-day.txt in a private
// chat through the fake Bot API, the real engine and a real store, and
// keeps what Telegram was asked to show: each message's text and its
// buttons or keyboard.
func TestScriptedDayGolden(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 5, 14, 5, 0, 0, loc)
	now := func() time.Time { return at }
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "n.db"), sqlstore.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	e, err := bot.New(bot.Options{Library: lib, Searcher: noSearch{}, Store: store, FeedLog: bot.FeedLogOptions{TimeZone: "Europe/London"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	fa := newFakeBotAPI(t)
	hs := start(t, fa, &fakeHandler{respond: e.Handle}, &fakeOffsets{}, func(o *Options) { o.Now = now })
	lines := scriptedDay(t)
	for i, l := range lines {
		fa.push(message(100+i, 500+i, privateChat(ana), ana, l, func(m map[string]any) { m["date"] = at.Unix() }))
		fa.waitCalls("sendMessage", i+1)
	}
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, c := range fa.callsTo("sendMessage") {
		out.WriteString(c.Params["text"] + "\n")
		if mk := c.Params["reply_markup"]; mk != "" {
			out.WriteString(markupSummary(t, mk) + "\n")
		}
		out.WriteString("---\n")
	}
	path := filepath.Join("testdata", "scripted-day.golden")
	if *update {
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != out.String() {
		t.Errorf("%s differs (run with -update if intended)\n--- want\n%s\n--- got\n%s", path, want, out.String())
	}
}

// markupSummary writes buttons as [label] and the reply keyboard as
// {label}, without the tokens inside callback data.
func markupSummary(t *testing.T, raw string) string {
	var mk struct {
		Inline [][]struct {
			Text string `json:"text"`
		} `json:"inline_keyboard"`
		Keyboard [][]struct {
			Text string `json:"text"`
		} `json:"keyboard"`
		Persistent bool `json:"is_persistent"`
	}
	if err := json.Unmarshal([]byte(raw), &mk); err != nil {
		t.Fatalf("reply_markup %q: %v", raw, err)
	}
	var b strings.Builder
	for _, row := range mk.Inline {
		for _, k := range row {
			b.WriteString("[" + k.Text + "]")
		}
	}
	for _, row := range mk.Keyboard {
		for _, k := range row {
			b.WriteString("{" + k.Text + "}")
		}
	}
	if mk.Persistent {
		b.WriteString(" (persistent)")
	}
	return b.String()
}

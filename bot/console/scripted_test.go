package console

import (
	"bufio"
	"context"
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

// noSearch finds nothing: the scripted day is all feed log.
type noSearch struct{}

func (noSearch) Search(context.Context, string) (knowledge.SearchResult, error) {
	return knowledge.SearchResult{}, nil
}

// scriptedDay reads bot/testdata/scripted-day.txt, with \x escapes
// (control characters a terminal can send) decoded.
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
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		lines = append(lines, strings.NewReplacer(`\x00`, "\x00", `\x1b`, "\x1b").Replace(l))
	}
	return lines
}

// TestScriptedDayGolden plays the scripted day through the terminal with
// the real engine and store: what a parent types, what they see.
func TestScriptedDayGolden(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 11, 5, 14, 5, 0, 0, loc) }
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
	var out strings.Builder
	in := strings.Join(scriptedDay(t), "\n") + "\n"
	if err := Run(ctx, e, Options{In: strings.NewReader(in), Out: &out, Prompt: "> ", FilesDir: t.TempDir(), Now: now}); err != nil {
		t.Fatal(err)
	}
	golden(t, "scripted-day.golden", out.String())
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run with -update if intended)\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

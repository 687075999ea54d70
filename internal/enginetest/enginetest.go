// Package enginetest builds the real engine (built-in guide, Bleve index,
// a fresh feed-log database, the semantic red-flag model) for adapter
// tests, and holds the privacy probe: distinctive words a parent might
// type (a made-up word, a baby's name, a time zone) sent through every
// command, which must never appear in a log line. It is imported by tests
// only.
package enginetest

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "modernc.org/sqlite" // the feed-log database driver

	"nursling/bot"
	"nursling/bot/feedlog/sqlstore"
	"nursling/index"
	"nursling/knowledge"
	"nursling/semantic"
)

// Private words: none is English, so any appearance in a log line is an
// echo of what the parent typed.
const (
	Word = "Glimmerwortz"    // a made-up word in a question
	Baby = "Zorbleflax"      // a baby's name
	Zone = "Mars/Quuxtown"   // a time zone that does not exist
	Code = "SNARFCODE"       // a share code that does not exist
	Item = "Blorptonic milk" // a made-up bottle content
)

// Secrets are the strings no log line may hold (compared case-blind).
func Secrets() []string { return []string{Word, Baby, Zone, "Quuxtown", Code, "Blorptonic"} }

// Logs is a debug-level log sink safe for concurrent writers.
type Logs struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Logger returns a text logger at debug level writing to l.
func (l *Logs) Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// Check fails tb for every log line holding one of the Secrets, and when
// nothing was logged at all (a probe that logs nothing proves nothing
// about the log).
func (l *Logs) Check(tb testing.TB) {
	tb.Helper()
	CheckLogs(tb, l.String())
}

// CheckLogs is Check for logs written elsewhere.
func CheckLogs(tb testing.TB, logs string) {
	tb.Helper()
	if strings.TrimSpace(logs) == "" {
		tb.Error("nothing was logged: the probe did not reach a logger")
	}
	for _, line := range strings.Split(logs, "\n") {
		low := strings.ToLower(line)
		for _, s := range Secrets() {
			if strings.Contains(low, strings.ToLower(s)) {
				tb.Errorf("a log line holds the parent's text %q:\n%s", s, line)
			}
		}
	}
}

// New returns the real engine over the built-in guide and a fresh
// database in a temporary folder, logging to logger.
func New(tb testing.TB, logger *slog.Logger) *bot.Engine {
	tb.Helper()
	ctx := context.Background()
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		tb.Fatal(err)
	}
	idx, err := index.Build(ctx, lib)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	store, err := sqlstore.Open(ctx, filepath.Join(tb.TempDir(), "n.db"), sqlstore.Options{Logger: logger})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	tab, err := semantic.Load()
	if err != nil {
		tb.Fatal(err)
	}
	model, err := semantic.NewCrisisModel(tab, lib)
	if err != nil {
		tb.Fatal(err)
	}
	eng, err := bot.New(bot.Options{
		Library: lib, Searcher: idx, Store: store, Logger: logger,
		FeedLog: bot.FeedLogOptions{TimeZone: "UTC"}, RedFlagModel: model,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return eng
}

// Args is the argument the probe gives a command: the private words, so
// each command reads (and may echo) them.
func Args(cmd string) string {
	switch cmd {
	case "baby":
		return Baby + " 2026-10-01"
	case "tz":
		return Zone
	case "join":
		return Code
	case "feed":
		return "left 10 min " + Baby
	case "bottle":
		return "90 ml " + Item
	}
	return Baby + " " + Word + " " + Zone
}

// Texts are the probe's messages: every command the engine offers with
// the private words as its argument, then free text a parent might send
// (a question, log entries naming the baby, a worry).
func Texts(cmds []bot.CommandInfo) []string {
	out := []string{"/baby " + Baby + " 2026-10-01"}
	for _, c := range cmds {
		out = append(out, "/"+c.Name+" "+Args(c.Name))
	}
	return append(out,
		"is "+Word+" safe while breastfeeding",
		"fed "+Baby+" left 10 min",
		Baby+" wet nappy 5 min ago",
		Baby+" had 90 ml of "+Item,
		"my baby "+Baby+" is floppy and won't wake "+Word,
		"remind me in 3h to feed "+Baby,
		"/tz "+Zone,
		Word,
	)
}

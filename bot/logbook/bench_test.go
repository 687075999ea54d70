package logbook

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"nursling/bot/feedlog"
	"nursling/bot/feedlog/sqlstore"
)

// BenchmarkLogEntry logs "left 15" through the engine (parse, household
// lookup, one durable transaction, overlap check, confirmation) into a
// real SQLite file. Target: at least 2,000 entries/s on 2 cores.
func BenchmarkLogEntry(b *testing.B) {
	env := newFLEnv(b)
	ctx := context.Background()
	texts := []string{"left 15", "bottle 90ml formula", "wet nappy", "L10 R12", "pumped 60 left 50 right"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// 50 households, each logging about every 50 minutes.
		env.clk.Add(time.Minute)
		m := Message{Platform: Telegram, ID: strconv.Itoa(i), ChatID: "c", UserID: "u" + strconv.Itoa(i%50), Text: texts[i%len(texts)], At: env.clk.Now()}
		r, ok, err := env.e.FreeText(ctx, m)
		if err != nil || !ok || r.Empty() {
			b.Fatalf("%q: ok %v err %v", m.Text, ok, err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// flBenchEnv is an engine over a database of 1,000 households, one of which
// ("busy") has a year of entries: 3,650, about 10 a day.
func flBenchEnv(b *testing.B) (*Book, Message) {
	b.Helper()
	ctx := context.Background()
	loc := flLoc(b, "Europe/London")
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, loc)
	s, err := sqlstore.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlstore.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	batches := make([]sqlstore.ImportBatch, 1000)
	for h := range batches {
		n := 20
		if h == 0 {
			n = 3650
		}
		batches[h] = sqlstore.ImportBatch{User: feedlog.User{Platform: string(Telegram), ID: fmt.Sprint("user-", h)}, Entries: flBenchEntries(now, n)}
	}
	if _, err := s.Import(ctx, batches); err != nil { // one transaction
		b.Fatal(err)
	}
	e, err := testBook(bookOpts{Library: flLibrary(), Store: s, FeedLog: Options{TimeZone: "Europe/London"}, Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	return e, Message{Platform: Telegram, ID: "q", ChatID: "c", UserID: "user-0", At: now}
}

// flBenchEntries is n entries ending at now, one every 2.4 hours.
func flBenchEntries(now time.Time, n int) []feedlog.Entry {
	out := make([]feedlog.Entry, 0, n)
	for i := 0; i < n; i++ {
		start := now.Add(-time.Duration(i) * 144 * time.Minute)
		switch i % 5 {
		case 0, 1, 2:
			side := []feedlog.Side{feedlog.Left, feedlog.Right, feedlog.Both}[i%3]
			out = append(out, feedlog.Entry{Kind: feedlog.Feed, Method: feedlog.Breast, Side: side, EndSide: side.Other(), Start: start, End: start.Add(15 * time.Minute)})
		case 3:
			out = append(out, feedlog.Entry{Kind: feedlog.Nappy, Nappy: []feedlog.NappyKind{feedlog.Wet, feedlog.Dirty, feedlog.WetDirty}[i%3], Start: start, End: start})
		default:
			out = append(out, feedlog.Entry{Kind: feedlog.Feed, Method: feedlog.Bottle, AmountML: 90, Start: start, End: start})
		}
	}
	return out
}

func flBenchCommand(b *testing.B, cmd string, check func(Reply) bool) {
	e, m := flBenchEnv(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, ok, err := e.Command(ctx, m, cmd, "")
		if err != nil || !ok || !check(r) {
			b.Fatalf("/%s: ok %v err %v reply %q", cmd, ok, err, flRender(r))
		}
	}
}

// BenchmarkToday: /today for the busy household. Target: under 5 ms.
func BenchmarkToday(b *testing.B) {
	flBenchCommand(b, "today", func(r Reply) bool { return len(r.Blocks) > 1 })
}

// BenchmarkLast: /last for the busy household. Target: under 5 ms.
func BenchmarkLast(b *testing.B) {
	flBenchCommand(b, "last", func(r Reply) bool { return len(r.Blocks) > 0 })
}

// BenchmarkWeek: /week with its PNG chart. Target: under 100 ms.
func BenchmarkWeek(b *testing.B) {
	flBenchCommand(b, "week", func(r Reply) bool { return len(r.Attachments) == 1 && len(r.Attachments[0].Data) > 0 })
}

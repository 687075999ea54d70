package sqlstore

import (
	"nursling/bot/feedlog"

	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkStoreLogEntry measures one durable entry write (one
// transaction) with each synchronous setting.
func BenchmarkStoreLogEntry(b *testing.B) {
	for _, normal := range []bool{false, true} {
		name := "sync=FULL"
		if normal {
			name = "sync=NORMAL"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			s, err := Open(ctx, filepath.Join(b.TempDir(), "n.db"), Options{SyncFull: !normal})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			u := feedlog.User{Platform: "bench", ID: "1"}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "bench", Chat: "c", ID: fmt.Sprint(i)},
					Entry: feed(feedlog.Left, t0.Add(time.Duration(i)*time.Minute), 10*time.Minute)})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}

// benchFixture is a database of many households with a year of entries
// for one of them.
type benchFixture struct {
	Store *Store
	User  feedlog.User // the member of the busy household
	Now   time.Time
	Loc   *time.Location
}

// yearOfEntries returns n entries ending at now, one every 2.4 hours (10 a
// day): breast feeds on alternating sides, bottles, and nappies.
func yearOfEntries(now time.Time, n int) []feedlog.Entry {
	out := make([]feedlog.Entry, 0, n)
	for i := 0; i < n; i++ {
		start := now.Add(-time.Duration(i) * 144 * time.Minute)
		switch i % 5 {
		case 0, 1, 2:
			side := []feedlog.Side{feedlog.Left, feedlog.Right, feedlog.Both}[i%3]
			out = append(out, feedlog.Entry{Kind: feedlog.Feed, Method: feedlog.Breast, Side: side, EndSide: side.Other(), Start: start, End: start.Add(15 * time.Minute)})
		case 3:
			out = append(out, feedlog.Entry{Kind: feedlog.Nappy, Nappy: []feedlog.NappyKind{feedlog.Wet, feedlog.Dirty, feedlog.WetDirty}[i%3], Start: start, End: start})
		case 4:
			out = append(out, feedlog.Entry{Kind: feedlog.Feed, Method: feedlog.Bottle, AmountML: 90, Start: start, End: start})
		}
	}
	return out
}

// buildBenchFixture creates households households, each with a member and
// 20 entries, and gives the first a year of entries (3,650), all in one
// transaction.
func buildBenchFixture(tb testing.TB, households int) benchFixture {
	tb.Helper()
	ctx := context.Background()
	loc := london(tb)
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, loc)
	s, err := Open(ctx, filepath.Join(tb.TempDir(), "bench.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	batches := make([]ImportBatch, households)
	for h := range batches {
		n := 20
		if h == 0 {
			n = 365 * 10
		}
		batches[h] = ImportBatch{User: feedlog.User{Platform: "bench", ID: fmt.Sprint(h + 1)}, Entries: yearOfEntries(now, n)}
	}
	if _, err := s.Import(ctx, batches); err != nil {
		tb.Fatal(err)
	}
	return benchFixture{Store: s, User: feedlog.User{Platform: "bench", ID: "1"}, Now: now, Loc: loc}
}

func BenchmarkStoreToday(b *testing.B) {
	f := buildBenchFixture(b, 1000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		y, m, d := feedlog.DayOf(f.Now, f.Loc, 0)
		from, to := feedlog.DayBounds(y, m, d, f.Loc, 0)
		es, err := f.Store.Entries(ctx, f.User, feedlog.Query{From: from, To: to})
		if err != nil {
			b.Fatal(err)
		}
		if s := feedlog.Summarize(es, from, to); s.Feeds == 0 {
			b.Fatal("no feeds today in the fixture")
		}
	}
}

func BenchmarkStoreWeekChart(b *testing.B) {
	f := buildBenchFixture(b, 1000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		from, to := feedlog.WeekWindow(f.Now, f.Loc, 0)
		es, err := f.Store.Entries(ctx, f.User, feedlog.Query{From: from, To: to})
		if err != nil {
			b.Fatal(err)
		}
		png, err := feedlog.WeekChart(feedlog.Week(es, f.Now, f.Loc, 0), "Week")
		if err != nil || len(png) == 0 {
			b.Fatal(err)
		}
	}
}

func TestImport(t *testing.T) {
	f := buildBenchFixture(t, 3)
	got, err := f.Store.Entries(context.Background(), f.User, feedlog.Query{})
	if err != nil || len(got) != 3650 {
		t.Fatalf("busy household has %d entries, %v; want 3650", len(got), err)
	}
	other, _ := f.Store.Entries(context.Background(), feedlog.User{Platform: "bench", ID: "2"}, feedlog.Query{})
	if len(other) != 20 {
		t.Errorf("other household has %d entries, want 20", len(other))
	}
}

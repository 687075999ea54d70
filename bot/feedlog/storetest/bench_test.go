package storetest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"nursling/bot/feedlog"
	"nursling/bot/feedlog/pgstore"
	"nursling/bot/feedlog/sqlstore"
	"nursling/bot/feedlog/storetest"
)

// openStores opens each store the benchmarks compare, on the clock now:
// SQLite always, PostgreSQL when NURSLING_TEST_POSTGRES names a server.
func openStores(b *testing.B, now func() time.Time) map[string]storetest.Store {
	b.Helper()
	ctx := context.Background()
	out := map[string]storetest.Store{}
	s, err := sqlstore.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlstore.Options{Now: now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	out["sqlite"] = s
	if dsn := os.Getenv(storetest.PostgresEnv); dsn != "" {
		p, err := pgstore.Open(ctx, dsn, pgstore.Options{Now: now, Schema: storetest.FreshSchema(b, dsn), MaxConns: 16})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { p.Close() })
		out["postgres"] = p
	}
	return out
}

// benchStores runs fn on SQLite, then on PostgreSQL, in the same run,
// after setup (if any) filled each store.
func benchStores(b *testing.B, now func() time.Time, setup func(b *testing.B, s storetest.Store), fn func(b *testing.B, s storetest.Store)) {
	ss := openStores(b, now)
	for _, name := range []string{"sqlite", "postgres"} {
		s := ss[name]
		if s != nil && setup != nil {
			setup(b, s)
		}
		b.Run(name, func(b *testing.B) {
			if s == nil {
				storetest.PostgresDSN(b) // skips, saying why
			}
			fn(b, s)
		})
	}
}

// BenchmarkLogEntry: one durable entry write (one transaction, a fresh
// message key each), from one writer.
func BenchmarkLogEntry(b *testing.B) {
	t0 := storetest.T0
	benchStores(b, func() time.Time { return t0 }, nil, func(b *testing.B, s storetest.Store) {
		ctx := context.Background()
		u := feedlog.User{Platform: "bench", ID: fmt.Sprint("serial-", b.N, "-", time.Now().UnixNano())}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "bench", Chat: u.ID, ID: fmt.Sprint(i)},
				Entry: storetest.Feed(feedlog.Left, t0.Add(time.Duration(i)*time.Minute), 10*time.Minute)})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	})
}

// BenchmarkLogEntryParallel: 8 parents per core logging at once (what
// several replicas, or one busy process, do).
func BenchmarkLogEntryParallel(b *testing.B) {
	t0 := storetest.T0
	benchStores(b, func() time.Time { return t0 }, nil, func(b *testing.B, s storetest.Store) {
		ctx := context.Background()
		var worker atomic.Int64
		run := fmt.Sprint(b.N, "-", time.Now().UnixNano())
		b.SetParallelism(8)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			u := feedlog.User{Platform: "bench", ID: fmt.Sprint("par-", run, "-", worker.Add(1))}
			for i := 0; pb.Next(); i++ {
				_, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "bench", Chat: u.ID, ID: fmt.Sprint(i)},
					Entry: storetest.Feed(feedlog.Left, t0.Add(time.Duration(i)*time.Minute), 10*time.Minute)})
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	})
}

// BenchmarkToday: /today's read for a household with a year of entries
// (3,650) among 1,000 households, then its summary.
func BenchmarkToday(b *testing.B) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, loc)
	user := feedlog.User{Platform: "bench", ID: "1"}
	fill := func(b *testing.B, s storetest.Store) {
		batches := make([]sqlstore.ImportBatch, 1000)
		for h := range batches {
			n := 20
			if h == 0 {
				n = 3650
			}
			batches[h] = sqlstore.ImportBatch{User: feedlog.User{Platform: "bench", ID: fmt.Sprint(h + 1)}, Entries: yearOfEntries(now, n)}
		}
		if _, err := s.Import(context.Background(), batches); err != nil {
			b.Fatal(err)
		}
	}
	benchStores(b, func() time.Time { return now }, fill, func(b *testing.B, s storetest.Store) {
		ctx := context.Background()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			y, m, d := feedlog.DayOf(now, loc, 0)
			from, to := feedlog.DayBounds(y, m, d, loc, 0)
			es, err := s.Entries(ctx, user, feedlog.Query{From: from, To: to})
			if err != nil {
				b.Fatal(err)
			}
			if sum := feedlog.Summarize(es, from, to); sum.Feeds == 0 {
				b.Fatal("no feeds today in the fixture")
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/today")
	})
}

// yearOfEntries returns n entries ending at now, one every 2.4 hours:
// breast feeds on alternating sides, bottles and nappies.
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
		default:
			out = append(out, feedlog.Entry{Kind: feedlog.Feed, Method: feedlog.Bottle, AmountML: 90, Start: start, End: start})
		}
	}
	return out
}

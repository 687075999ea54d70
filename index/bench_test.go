package index

import (
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"nursling/knowledge"
)

// BenchmarkBuild measures indexing the full guide at start-up.
func BenchmarkBuild(b *testing.B) {
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		ix, err := Build(context.Background(), lib)
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}

// BenchmarkLoadAndBuild measures the whole start-up path: parse and
// validate every article, then index them.
func BenchmarkLoadAndBuild(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		lib, err := knowledge.LoadBuiltin()
		if err != nil {
			b.Fatal(err)
		}
		ix, err := Build(context.Background(), lib)
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}

// BenchmarkSearch runs the repository's questions round-robin and reports
// the median and p99 per-question latency besides ns/op.
func BenchmarkSearch(b *testing.B) {
	paths, _ := filepath.Glob("testdata/questions/*.yaml")
	qs := loadQuestionFiles(b, paths...)
	ix := mustBuild(b)
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		start := time.Now()
		if _, err := ix.Search(ctx, qs[i%len(qs)].Q); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	reportPercentiles(b, lat)
}

// BenchmarkSearchLongMessage is a 100 KB paste: search reads a bounded
// prefix, so its time stays bounded.
func BenchmarkSearchLongMessage(b *testing.B) {
	ix := mustBuild(b)
	long := make([]byte, 0, 100_000)
	for len(long) < 100_000 {
		long = append(long, "my nipples are sore and cracked and baby keeps popping off "...)
	}
	q := string(long)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ix.Search(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds()), "p99-µs")
}

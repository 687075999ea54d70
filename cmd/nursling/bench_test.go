package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"nursling/bot"
	"nursling/config"
	"nursling/evaluate"
)

func benchApp(b *testing.B) *app {
	b.Helper()
	a, err := openApp(context.Background(), config.Default(), newLogger(os.Stderr, "text", "error"), appOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	return a
}

func benchQuestions(b *testing.B) []string {
	b.Helper()
	paths, _ := filepath.Glob("../../index/testdata/questions/*.yaml")
	var qs []string
	for _, p := range paths {
		f, err := evaluate.LoadQuestions(p)
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range f {
			qs = append(qs, q.Q)
		}
	}
	return qs
}

// BenchmarkHandleQuestion is question-to-reply latency in the engine on
// the full guide (red-flag check, search, composing), with p50 and p99.
func BenchmarkHandleQuestion(b *testing.B) {
	a := benchApp(b)
	qs := benchQuestions(b)
	ctx := context.Background()
	lat := make([]time.Duration, 0, 1<<16)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		r, err := a.engine.Handle(ctx, bot.Message{Platform: bot.Console, UserID: "u", Text: qs[i%len(qs)], Addressed: true})
		if err != nil || r.Empty() {
			b.Fatalf("Handle: %v", err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds()), "p99-µs")
}

// BenchmarkHandleLongMessage: a 100 KB message is read up to a bound, so
// its engine time stays far under 50 ms.
func BenchmarkHandleLongMessage(b *testing.B) {
	a := benchApp(b)
	msg := strings.Repeat("my baby won't latch and my nipples are cracked 😭 ", 2200)[:100_000]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.engine.Handle(context.Background(), bot.Message{Platform: bot.Console, UserID: "u", Text: msg, Addressed: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAskJSONBatch is `nursling ask --json` reading questions from
// stdin; it reports questions per second.
func BenchmarkAskJSONBatch(b *testing.B) {
	qs := benchQuestions(b)
	var in strings.Builder
	for i := 0; i < 2000; i++ {
		in.WriteString(qs[i%len(qs)])
		in.WriteByte('\n')
	}
	input := in.String()
	b.Setenv("XDG_DATA_HOME", b.TempDir())
	var total time.Duration
	for b.Loop() {
		var out, errb bytes.Buffer
		start := time.Now()
		if code := run(context.Background(), []string{"ask", "--json"}, strings.NewReader(input), &out, &errb); code != 0 {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(2000*b.N)/total.Seconds(), "questions/s")
}

// BenchmarkStartup is process start to first answer, without the Go
// runtime's own start: load and validate the guide, index it, build the
// engine, answer one question. It also reports the heap in use and the
// process's resident memory afterwards.
func BenchmarkStartup(b *testing.B) {
	for b.Loop() {
		a, err := openApp(context.Background(), config.Default(), newLogger(os.Stderr, "text", "error"), appOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if r, _ := a.engine.Handle(context.Background(), bot.Message{Platform: bot.Console, UserID: "u", Text: "sore nipples", Addressed: true}); r.Empty() {
			b.Fatal("no answer")
		}
		a.Close()
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	if rss := residentMB(); rss > 0 {
		b.ReportMetric(rss, "rss-MB")
	}
}

// residentMB reads VmRSS from /proc (Linux); 0 elsewhere.
func residentMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

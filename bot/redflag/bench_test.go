package redflag

import (
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// benchCorpus mixes the case table with the development sets: short and
// long, urgent and calm, as chat messages come.
func benchCorpus(tb testing.TB) []string {
	var texts []string
	for _, c := range loadRedFlagCases(tb) {
		texts = append(texts, c.Text)
	}
	return texts
}

// BenchmarkDetect is the detector's time per message over a mixed corpus
// (target: p50 at most 0.2 ms). It reports the p50 and p99 of single calls.
func BenchmarkDetect(b *testing.B) {
	d := New()
	texts := benchCorpus(b)
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		d.DetectAll(texts[i%len(texts)])
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkDetectCombined is the whole detector as the engine runs it
// (rules, lexicon and the semantic model) over the case table and the
// fresh development sets (target: p50 at most 0.2 ms).
func BenchmarkDetectCombined(b *testing.B) {
	d := combinedDetector(b)
	texts := benchCorpus(b)
	for _, m := range loadSafetySets(b, filepath.Join("testdata", "dev", "fresh", "*.yaml")) {
		texts = append(texts, m.Text)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		d.DetectAll(texts[i%len(texts)])
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
}

package semantic

import "testing"

// benchCrisis is a crisis message (every exemplar is compared); benchChat
// an ordinary one (most comparisons stop early).
const (
	benchCrisis = "Hi, my baby is 3 weeks old and feeds every two hours. I'm so tired and honestly I don't want to be here anymore."
	benchChat   = "Hi, my baby is 3 weeks old and feeds every two hours. She seems fussy in the evenings, is that normal?"
)

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewCrisisModel(b *testing.B) {
	tb := loadTable(b)
	for b.Loop() {
		if _, err := NewCrisisModel(tb, mustLibrary(b)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSentence(b *testing.B) {
	tb := loadTable(b)
	for b.Loop() {
		tb.Sentence("I just want to sleep and never wake up")
	}
}

func BenchmarkJudgeCrisis(b *testing.B) { benchJudge(b, benchCrisis) }

func BenchmarkJudgeChat(b *testing.B) { benchJudge(b, benchChat) }

// benchJudge also reports how many exemplar rows one Judge compares (a
// figure that does not depend on the machine's load).
func benchJudge(b *testing.B, text string) {
	m := newTestModel(b)
	rows := 0
	m.judge(text, noSkip, false, func(mt match) { rows += mt.rows })
	for b.Loop() {
		m.Judge(text)
	}
	b.ReportMetric(float64(rows), "rows/op")
	b.ReportMetric(float64(m.rows), "rows-total")
}

func BenchmarkJudgeShort(b *testing.B) { benchJudge(b, "how do I increase my supply") }

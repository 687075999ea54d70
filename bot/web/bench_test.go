package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"nursling/bot"
)

// benchQuestions are everyday questions written for this benchmark.
var benchQuestions = []string{
	"my nipples are cracked and sore",
	"how long can pumped milk stay in the fridge",
	"baby wants to feed every hour in the evening",
	"do I need to drink more water while feeding",
}

// BenchmarkAnswerPage measures POST /ask end to end (form parsing, CSRF,
// the engine with its red-flag detector and Bleve search, the page
// template): the time per answer page, its median (p50-ms) and the pages
// per second on every core (pages/s).
func BenchmarkAnswerPage(b *testing.B) {
	s := engineServer(b, bot.RateLimit{}, nil)
	bodies := make([]string, len(benchQuestions))
	for i, q := range benchQuestions {
		bodies[i] = url.Values{"q": {q}, "csrf": {s.ids.csrf(testID)}}.Encode()
	}
	cookie := s.ids.cookie(testID, cookieMaxAge)
	var mu sync.Mutex
	var took []time.Duration
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		i := 0
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/ask", strings.NewReader(bodies[i%len(bodies)]))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(cookie)
			rec := httptest.NewRecorder()
			t0 := time.Now()
			s.ServeHTTP(rec, req)
			mine = append(mine, time.Since(t0))
			if rec.Code != http.StatusOK {
				b.Errorf("status %d", rec.Code)
			}
			i++
		}
		mu.Lock()
		took = append(took, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(took)
	if len(took) > 0 {
		b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(len(took))/elapsed.Seconds(), "pages/s")
	}
}

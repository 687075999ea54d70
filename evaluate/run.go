package evaluate

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"time"

	"nursling/knowledge"
)

// Searcher is what is measured: the index or the baseline.
type Searcher interface {
	Search(ctx context.Context, question string) (knowledge.SearchResult, error)
}

// Outcome is one question's result.
type Outcome struct {
	Question Question
	Result   knowledge.SearchResult
	Urgent   bool
	Latency  time.Duration
}

// Report holds the figures of one run.
type Report struct {
	Name     string
	Outcomes []Outcome

	InScope, OutOfScope, UrgentQs, NonUrgentQs int

	Top1, Recall3, WrongNoMatch, NoMatchOK, UrgentHit, FalseUrgent float64
	Median, P99                                                    time.Duration
}

// Flagger is the engine's red-flag detector as the evaluation sees it: the
// urgent article to lead with, or "" when the question is not urgent.
type Flagger func(question string) (urgentTopic string)

// Run evaluates every question as a reply presents it: when flag names an
// urgent article, that article leads the results (flag may be nil).
func Run(ctx context.Context, name string, s Searcher, lib *knowledge.Library, flag Flagger, qs []Question) (Report, error) {
	r := Report{Name: name}
	var top1, rec3, wrongNM, nmOK, urgHit, falseUrg int
	lat := make([]time.Duration, 0, len(qs))
	for _, q := range qs {
		start := time.Now()
		res, err := s.Search(ctx, q.Q)
		d := time.Since(start)
		if err != nil {
			return Report{}, fmt.Errorf("evaluate: %s: search %q: %w", name, q.Q, err)
		}
		lat = append(lat, d)
		o := Outcome{Question: q, Result: res, Latency: d}
		if flag != nil {
			if topic := flag(q.Q); topic != "" {
				o.Urgent = true
				title := ""
				if a := lib.Article(topic); a != nil {
					title = a.Title
				}
				o.Result = res.Lead(knowledge.Hit{Topic: topic, Title: title})
				res = o.Result
			}
		}
		r.Outcomes = append(r.Outcomes, o)
		if q.Urgent {
			r.UrgentQs++
			if o.Urgent {
				urgHit++
			}
		} else {
			r.NonUrgentQs++
			if o.Urgent {
				falseUrg++
			}
		}
		if !q.InScope() {
			r.OutOfScope++
			if res.NoMatch {
				nmOK++
			}
			continue
		}
		r.InScope++
		if res.NoMatch {
			wrongNM++
			continue
		}
		if len(res.Hits) > 0 && slices.Contains(q.Expect, res.Hits[0].Topic) {
			top1++
		}
		for i := 0; i < len(res.Hits) && i < 3; i++ {
			if slices.Contains(q.Expect, res.Hits[i].Topic) {
				rec3++
				break
			}
		}
	}
	r.Top1 = ratio(top1, r.InScope)
	r.Recall3 = ratio(rec3, r.InScope)
	r.WrongNoMatch = ratio(wrongNM, r.InScope)
	r.NoMatchOK = ratio(nmOK, r.OutOfScope)
	r.UrgentHit = ratio(urgHit, r.UrgentQs)
	r.FalseUrgent = ratio(falseUrg, r.NonUrgentQs)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		r.Median = lat[len(lat)/2]
		r.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
	}
	return r, nil
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

type target struct {
	label string
	get   func(Report) float64
	ok    func(float64) bool
	goal  string
}

// targets are the figures retrieval must reach.
func targets() []target {
	return []target{
		{"top-1 accuracy (in scope)", func(r Report) float64 { return r.Top1 }, func(v float64) bool { return v >= 0.90 }, ">= 0.90"},
		{"recall@3 (in scope)", func(r Report) float64 { return r.Recall3 }, func(v float64) bool { return v >= 0.97 }, ">= 0.97"},
		{"in scope wrongly no-match", func(r Report) float64 { return r.WrongNoMatch }, func(v float64) bool { return v <= 0.03 }, "<= 0.03"},
		{"out of scope answered no-match", func(r Report) float64 { return r.NoMatchOK }, func(v float64) bool { return v >= 0.90 }, ">= 0.90"},
		{"urgent flagged urgent", func(r Report) float64 { return r.UrgentHit }, func(v float64) bool { return v >= 0.97 }, ">= 0.97"},
		{"non-urgent flagged urgent", func(r Report) float64 { return r.FalseUrgent }, func(v float64) bool { return v <= 0.02 }, "<= 0.02"},
	}
}

// Print writes the figures of one or more runs side by side, and returns
// whether the first run meets every target.
func Print(w io.Writer, reports ...Report) bool {
	if len(reports) == 0 {
		return false
	}
	r0 := reports[0]
	fmt.Fprintf(w, "questions: %d (in scope %d, out of scope %d, urgent %d)\n", len(r0.Outcomes), r0.InScope, r0.OutOfScope, r0.UrgentQs)
	fmt.Fprintf(w, "%-32s", "figure")
	for _, r := range reports {
		fmt.Fprintf(w, " %10s", r.Name)
	}
	fmt.Fprintf(w, "  %-8s %s\n", "target", "")
	allOK := true
	for _, t := range targets() {
		fmt.Fprintf(w, "%-32s", t.label)
		for _, r := range reports {
			fmt.Fprintf(w, " %10.3f", t.get(r))
		}
		ok := t.ok(t.get(r0))
		allOK = allOK && ok
		mark := "ok"
		if !ok {
			mark = "MISSED"
		}
		fmt.Fprintf(w, "  %-8s %s\n", t.goal, mark)
	}
	fmt.Fprintf(w, "%-32s", "median latency")
	for _, r := range reports {
		fmt.Fprintf(w, " %10s", r.Median.Round(time.Microsecond))
	}
	fmt.Fprintf(w, "\n%-32s", "p99 latency")
	for _, r := range reports {
		fmt.Fprintf(w, " %10s", r.P99.Round(time.Microsecond))
	}
	fmt.Fprintln(w)
	return allOK
}

// PrintMisses lists the questions a run got wrong.
func PrintMisses(w io.Writer, r Report) {
	for _, o := range r.Outcomes {
		q := o.Question
		var problems []string
		switch {
		case !q.InScope() && !o.Result.NoMatch:
			problems = append(problems, "answered out-of-scope question")
		case q.InScope() && o.Result.NoMatch:
			problems = append(problems, "no match")
		case q.InScope() && (len(o.Result.Hits) == 0 || !slices.Contains(q.Expect, o.Result.Hits[0].Topic)):
			problems = append(problems, "wrong top-1")
		}
		if q.Urgent && !o.Urgent {
			problems = append(problems, "urgent missed")
		}
		if !q.Urgent && o.Urgent {
			problems = append(problems, "false urgent")
		}
		if len(problems) == 0 {
			continue
		}
		var got []string
		for i, h := range o.Result.Hits {
			if i == 3 {
				break
			}
			got = append(got, fmt.Sprintf("%s(%.2f)", h.Topic, h.Score))
		}
		fmt.Fprintf(w, "MISS %v\n  q: %s\n  expect: %v  got: %v\n", problems, q.Q, q.Expect, got)
	}
}

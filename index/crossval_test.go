package index

import (
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"

	"nursling/knowledge"
	"nursling/semantic"
)

// TestCrossValidate measures the learned ranker on questions it did not
// learn from: the guide's example questions in five folds, each fold
// answered by an index built from the other four (and the out-of-scope
// examples likewise). It is the development figure that has not been tuned
// on; run it with NURSLING_CALIBRATE=1 NURSLING_CV=1.
func TestCrossValidate(t *testing.T) {
	if os.Getenv("NURSLING_CALIBRATE") == "" || os.Getenv("NURSLING_CV") == "" {
		t.Skip("set NURSLING_CALIBRATE=1 NURSLING_CV=1 to print the cross-validation figures")
	}
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("NURSLING_LEARN") != "" {
		for _, opt := range []trainOptions{
			{epochs: 5, rate: 2, l2: 1e-3, seed: 12, skip: 1e-2},
			{epochs: 3, rate: 2, l2: 1e-3, seed: 12, skip: 1e-2},
			{epochs: 3, rate: 2, l2: 3e-3, seed: 12, skip: 1e-2},
			{epochs: 3, rate: 2, l2: 3e-4, seed: 12, skip: 1e-2},
			{epochs: 3, rate: 2, l2: 1e-3, seed: 12, skip: 3e-2},
			{epochs: 2, rate: 2, l2: 1e-3, seed: 12, skip: 1e-2},
			{epochs: 2, rate: 2.5, l2: 1e-3, seed: 12, skip: 1e-2},
			{epochs: 2, rate: 3, l2: 1e-3, seed: 12, skip: 1e-2},
		} {
			got := crossValidate(t, lib, func(ix *Index) {
				ix.learn(ix.lib, opt)
			})
			fmt.Printf("%+v: %v\n", opt, got)
		}
		return
	}
	if os.Getenv("NURSLING_FIT") != "" {
		w := fitJudge(t, lib)
		fmt.Printf("judgeWeights = %#v\n", w)
		for _, th := range []float64{0.3, 0.4, 0.5, 0.6, 0.7} {
			got := crossValidate(t, lib, func(ix *Index) { ix.fuse.judge, ix.fuse.minAccept = w, th })
			fmt.Printf("minAccept %.1f: %v\n", th, got)
		}
		return
	}
	if os.Getenv("NURSLING_GRAMS") != "" {
		for _, g := range [][2]int{{3, 5}, {3, 4}, {4, 5}, {3, 3}, {4, 4}} {
			got := crossValidate(t, lib, func(ix *Index) {
				ix.fuse.grams = g
				ix.learn(ix.lib, defaultTrain)
			})
			fmt.Printf("char grams %d-%d: %v\n", g[0], g[1], got)
		}
		return
	}
	if os.Getenv("NURSLING_SEM") != "" {
		tab, err := semantic.Load()
		if err != nil {
			t.Fatal(err)
		}
		embed := func(s string) []float32 { return tab.Sentence(s) }
		for _, w := range []float64{0, 0.25, 0.5, 1} {
			got := crossValidate(t, lib, func(ix *Index) {
				var exs [][]string
				for _, a := range ix.lib.Articles {
					exs = append(exs, a.Examples)
				}
				ix.sem, ix.fuse.semantic = newCentroids(embed, exs), w
			})
			fmt.Printf("semantic %.2f: %v\n", w, got)
		}
		return
	}
	if os.Getenv("NURSLING_ASKED") != "" {
		for _, f := range []float64{0, 0.3, 0.6} {
			got := crossValidate(t, lib, func(ix *Index) { ix.fuse.askedFactor = f })
			fmt.Printf("asked factor %.1f: %v\n", f, got)
		}
		return
	}
	if os.Getenv("NURSLING_FUSE") == "" {
		fmt.Println(crossValidate(t, lib, func(*Index) {}))
		return
	}
	for _, qb := range []float64{1, 2} {
		for _, w := range [][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {1, 2, 0}, {1, 1, 0.5}, {1, 1, 1}, {1, 2, 1}, {1, 1, 2}} {
			got := crossValidate(t, lib, func(ix *Index) {
				ix.fuse.questions, ix.fuse.lexical, ix.fuse.learned, ix.fuse.neighbour = qb, w[0], w[1], w[2]
			})
			fmt.Printf("questions %.1f lexical %.1f learned %.1f neighbour %.1f: %v\n", qb, w[0], w[1], w[2], got)
		}
	}
}

// crossValidate runs five folds; tune adjusts each fold's index before it
// is measured.
func crossValidate(tb testing.TB, lib *knowledge.Library, tune func(*Index)) figures {
	tb.Helper()
	const folds = 5
	var qs []evalQuestion
	var all figures
	var n int
	for f := range folds {
		train := foldLibrary(lib, f, folds, false)
		held := foldLibrary(lib, f, folds, true)
		ix, err := Build(context.Background(), train)
		if err != nil {
			tb.Fatal(err)
		}
		tune(ix)
		qs = qs[:0]
		for _, a := range held.Articles {
			for _, ex := range a.Examples {
				qs = append(qs, evalQuestion{Q: ex, Expect: []string{a.Topic}})
			}
		}
		for _, ex := range held.OutOfScope {
			qs = append(qs, evalQuestion{Q: ex.Text})
		}
		got := measure(tb, ix, qs)
		ix.Close()
		all.top1 += got.top1
		all.recall3 += got.recall3
		all.wrongNoMatch += got.wrongNoMatch
		all.noMatchOK += got.noMatchOK
		all.rank1 += got.rank1
		n++
	}
	all.top1 /= float64(n)
	all.recall3 /= float64(n)
	all.wrongNoMatch /= float64(n)
	all.noMatchOK /= float64(n)
	all.rank1 /= float64(n)
	return all
}

// foldLibrary copies lib keeping, of every list of examples, those of fold
// f (held) or all the others (not held).
func foldLibrary(lib *knowledge.Library, f, folds int, held bool) *knowledge.Library {
	keep := func(i int) bool { return (i%folds == f) == held }
	out := *lib
	out.Articles = nil
	for _, a := range lib.Articles {
		c := *a
		c.Examples = nil
		for i, ex := range a.Examples {
			if keep(i) {
				c.Examples = append(c.Examples, ex)
			}
		}
		out.Articles = append(out.Articles, &c)
	}
	out.OutOfScope = nil
	for i, ex := range lib.OutOfScope {
		if keep(i) {
			out.OutOfScope = append(out.OutOfScope, ex)
		}
	}
	out.SmallTalk = slices.Clone(lib.SmallTalk)
	return &out
}

// fitJudge fits the no-match model's weights by logistic regression on the
// judgement features of held-out questions: each fold's examples and
// out-of-scope questions, as the index built from the other folds sees
// them. In-scope questions are weighted to count as much in all as the
// out-of-scope ones.
func fitJudge(tb testing.TB, lib *knowledge.Library) [numJudge]float64 {
	tb.Helper()
	type row struct {
		x [numJudge]float64
		y float64
	}
	var rows []row
	const folds = 5
	for f := range folds {
		ix, err := Build(context.Background(), foldLibrary(lib, f, folds, false))
		if err != nil {
			tb.Fatal(err)
		}
		held := foldLibrary(lib, f, folds, true)
		add := func(q string, y float64) {
			res, err := ix.Search(context.Background(), q)
			if err != nil || len(res.Hits) == 0 {
				return
			}
			rows = append(rows, row{ix.judgeFeatures(ix.analyse(q), res.Hits, ix.learned(q)), y})
		}
		for _, a := range held.Articles {
			for _, ex := range a.Examples {
				add(ex, 1)
			}
		}
		for _, ex := range held.OutOfScope {
			add(ex.Text, 0)
		}
		ix.Close()
	}
	var pos, neg float64
	for _, r := range rows {
		if r.y == 1 {
			pos++
		} else {
			neg++
		}
	}
	var w [numJudge]float64
	for range 3000 {
		var g [numJudge]float64
		for _, r := range rows {
			z := 0.0
			for i, v := range r.x {
				z += w[i] * v
			}
			p := 1 / (1 + math.Exp(-z))
			cw := 1.0
			if r.y == 1 {
				cw = neg / pos
			}
			for i, v := range r.x {
				g[i] += cw * (p - r.y) * v
			}
		}
		for i := range w {
			w[i] -= 2 * g[i] / float64(len(rows))
		}
	}
	return w
}

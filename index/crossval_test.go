package index

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"

	"nursling/knowledge"
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
			{epochs: 8, rate: 2, l2: 1e-3, seed: 12, skip: 1e-2},
			{epochs: 5, rate: 4, l2: 1e-3, seed: 12, skip: 1e-2},
		} {
			got := crossValidate(t, lib, func(ix *Index) {
				ix.fuse.lexical = 0
				ix.learn(ix.lib, opt)
			})
			fmt.Printf("%+v: %v\n", opt, got)
		}
		return
	}
	if os.Getenv("NURSLING_FUSE") == "" {
		fmt.Println(crossValidate(t, lib, func(*Index) {}))
		return
	}
	for _, qb := range []float64{0, 1, 2} {
		for _, w := range [][2]float64{{1, 0}, {0, 1}, {1, 0.5}, {1, 1}, {1, 2}, {1, 4}} {
			got := crossValidate(t, lib, func(ix *Index) {
				ix.fuse.questions, ix.fuse.lexical, ix.fuse.learned = qb, w[0], w[1]
			})
			fmt.Printf("questions %.1f lexical %.1f learned %.1f: %v\n", qb, w[0], w[1], got)
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

package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

type evalQuestion struct {
	Q      string   `yaml:"q"`
	Expect []string `yaml:"expect"`
	Urgent bool     `yaml:"urgent"`
}

func loadQuestionFiles(tb testing.TB, paths ...string) []evalQuestion {
	tb.Helper()
	var all []evalQuestion
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatalf("read %s: %v", p, err)
		}
		var f struct {
			Questions []evalQuestion `yaml:"questions"`
		}
		if err := yaml.Unmarshal(data, &f); err != nil {
			tb.Fatalf("parse %s: %v", p, err)
		}
		all = append(all, f.Questions...)
	}
	return all
}

// TestCalibrateNoMatch prints retrieval figures for a range of no-match
// thresholds. It documents how minCoverage was chosen; run it with
// NURSLING_CALIBRATE=1 (and optionally NURSLING_QUESTIONS=extra.yaml).
func TestCalibrateNoMatch(t *testing.T) {
	if os.Getenv("NURSLING_CALIBRATE") == "" {
		t.Skip("set NURSLING_CALIBRATE=1 to print the calibration table")
	}
	paths, _ := filepath.Glob("testdata/questions/*.yaml")
	if os.Getenv("NURSLING_ONLY") != "" {
		paths = nil
	}
	if extra := os.Getenv("NURSLING_QUESTIONS"); extra != "" {
		paths = append(paths, extra)
	}
	qs := loadQuestionFiles(t, paths...)
	ix := mustBuild(t)
	ctx := context.Background()
	if os.Getenv("NURSLING_OOV") != "" {
		for _, w := range []float64{1, 1.25, 1.5, 2} {
			ix.oovWeight = w
			var in, wrongNM, out, nmOK int
			for _, q := range qs {
				res, _ := ix.Search(ctx, q.Q)
				if len(q.Expect) == 0 {
					out++
					if res.NoMatch {
						nmOK++
					}
					continue
				}
				in++
				if res.NoMatch {
					wrongNM++
				}
			}
			fmt.Printf("oov %.2f: wrong no-match %.3f oos %.3f\n", w, float64(wrongNM)/float64(in), float64(nmOK)/float64(out))
		}
		return
	}
	if os.Getenv("NURSLING_RERANK") != "" {
		for _, beta := range []float64{0, 0.5, 1, 2, 4} {
			ix.coverageRerank = beta
			var in, top1, rec3, wrongNM, out, nmOK int
			for _, q := range qs {
				res, _ := ix.Search(ctx, q.Q)
				if len(q.Expect) == 0 {
					out++
					if res.NoMatch {
						nmOK++
					}
					continue
				}
				in++
				if res.NoMatch {
					wrongNM++
					continue
				}
				if slices.Contains(q.Expect, res.Hits[0].Topic) {
					top1++
				}
				for i := 0; i < len(res.Hits) && i < 3; i++ {
					if slices.Contains(q.Expect, res.Hits[i].Topic) {
						rec3++
						break
					}
				}
			}
			fmt.Printf("rerank %.1f: top-1 %.3f recall@3 %.3f wrong no-match %.3f oos %.3f\n", beta, float64(top1)/float64(in), float64(rec3)/float64(in), float64(wrongNM)/float64(in), float64(nmOK)/float64(out))
		}
		return
	}
	for _, f := range []float64{0.3, 0.5, 0.7, 1} {
		for _, th := range []float64{0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6} {
			ix.minCoverage = th
			ix.knownMissFactor = f
			var in, out, top1, wrongNM, nmOK int
			for _, q := range qs {
				res, err := ix.Search(ctx, q.Q)
				if err != nil {
					t.Fatal(err)
				}
				if len(q.Expect) == 0 {
					out++
					if res.NoMatch {
						nmOK++
					}
					continue
				}
				in++
				if res.NoMatch {
					wrongNM++
				} else if slices.Contains(q.Expect, res.Hits[0].Topic) {
					top1++
				}
			}
			fmt.Printf("factor %.1f minCoverage %.2f: top-1 %.3f  wrong no-match %.3f  out-of-scope no-match %.3f\n",
				f, th, float64(top1)/float64(in), float64(wrongNM)/float64(in), float64(nmOK)/float64(out))
		}
	}
}

package redflag

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"

	"nursling/evaluate"
	"nursling/knowledge"
	"nursling/semantic"
)

// combined is the detector as the engine builds it: rules, lexicon and the
// semantic crisis model. It is built once per test binary (the model takes
// a moment).
var combined = sync.OnceValues(func() (*Detector, error) {
	tb, err := semantic.Load()
	if err != nil {
		return nil, err
	}
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		return nil, err
	}
	m, err := semantic.NewCrisisModel(tb, lib)
	if err != nil {
		return nil, err
	}
	return NewWith(Options{Model: m})
})

func combinedDetector(tb testing.TB) *Detector {
	tb.Helper()
	d, err := combined()
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func loadSafetySets(tb testing.TB, pattern string) []evaluate.SafetyMessage {
	tb.Helper()
	files, _ := filepath.Glob(pattern)
	var msgs []evaluate.SafetyMessage
	for _, f := range files {
		m, err := evaluate.LoadSafetyMessages(f)
		if err != nil {
			tb.Fatal(err)
		}
		msgs = append(msgs, m...)
	}
	return msgs
}

// freshFloor is one figure a group of fresh development sets is held to.
type freshFloor struct {
	name     string
	p        func(evaluate.SafetyReport) evaluate.Proportion
	min, max float64
}

var freshMental = []string{"suicidal", "self-harm", "harm-baby", "euphemism", "buried"}

func freshFloors(urgent, mental, now, falseMax, figureMax, two float64) []freshFloor {
	return []freshFloor{
		{"urgent flagged", func(r evaluate.SafetyReport) evaluate.Proportion { return r.Flagged() }, urgent, 1},
		{"mental health flagged", func(r evaluate.SafetyReport) evaluate.Proportion { return r.Flagged(freshMental...) }, mental, 1},
		{"needs now got now", func(r evaluate.SafetyReport) evaluate.Proportion { return r.NowRecall() }, now, 1},
		{"non-urgent flagged", func(r evaluate.SafetyReport) evaluate.Proportion { return r.FalseFlagged() }, 0, falseMax},
		{"figures of speech flagged", func(r evaluate.SafetyReport) evaluate.Proportion { return r.FalseFlagged("figure-of-speech") }, 0, figureMax},
		{"two flags all shown", func(r evaluate.SafetyReport) evaluate.Proportion { return r.TwoFlags() }, two, 1},
	}
}

// TestFreshDevelopmentSets runs the fresh development sets
// (testdata/dev/fresh: written by people who never saw the lexicon, run
// once before any change for them, then tuned on) through the combined
// detector, per round. The floors are the figures after tuning, so a
// change that loses recall or adds false alarms fails here; they are not
// the targets (false alarms are still above 0.05), nor a
// measurement of unseen text.
func TestFreshDevelopmentSets(t *testing.T) {
	for _, c := range []struct {
		name   string
		dir    string
		files  []string
		min    int
		floors []freshFloor
	}{
		// round 2 (sets 1 and 2)
		{"round2", "", []string{"safety-dev-1.yaml", "safety-dev-2.yaml"}, 500, freshFloors(0.99, 0.99, 0.99, 0.06, 0.02, 0.95)},
		// round 3 (sets 3 and 4, heavy on non-urgent look-alikes)
		{"round3", "", []string{"safety-dev-3.yaml", "safety-dev-4.yaml"}, 500, freshFloors(0.99, 0.99, 0.97, 0.09, 0.04, 1)},
		// round 4: the two blind sets after their one honest first run
		// (0.926 / 0.902 flagged, 0.889 / 0.797 now, see the README), now
		// regression sets tuned on
		{"round4", filepath.Join("..", "..", "evaluate", "testdata", "safety"), []string{"blind1.yaml", "blind2.yaml"}, 580, freshFloors(0.99, 0.99, 0.95, 0.12, 0.02, 0.90)},
	} {
		t.Run(c.name, func(t *testing.T) {
			var msgs []evaluate.SafetyMessage
			for _, f := range c.files {
				dir := c.dir
				if dir == "" {
					dir = filepath.Join("testdata", "dev", "fresh")
				}
				msgs = append(msgs, loadSafetySets(t, filepath.Join(dir, f))...)
			}
			if len(msgs) < c.min {
				t.Fatalf("%d fresh development messages, want at least %d", len(msgs), c.min)
			}
			r, err := evaluate.RunSafety(context.Background(), devJudge(combinedDetector(t)), msgs)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			evaluate.PrintSafety(&out, r)
			evaluate.PrintSafetyMisses(&out, r)
			t.Log("\n" + out.String())
			for _, f := range c.floors {
				if got := f.p(r).Rate(); got < f.min || got > f.max {
					t.Errorf("%s = %v, want in [%.2f, %.2f]", f.name, f.p(r), f.min, f.max)
				}
			}
		})
	}
}

// TestCombinedOnEarlierSets holds the combined detector on the earlier
// development sets (where the rules alone meet the targets) to the issue's
// false-alarm ceiling too: the second signal must not undo them.
func TestCombinedOnEarlierSets(t *testing.T) {
	msgs := loadSafetySets(t, filepath.Join("testdata", "dev", "*.yaml"))
	r, err := evaluate.RunSafety(context.Background(), devJudge(combinedDetector(t)), msgs)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		p        evaluate.Proportion
		min, max float64
	}{
		{"urgent flagged", r.Flagged(), 0.99, 1},
		{"needs now got now", r.NowRecall(), 0.99, 1},
		{"non-urgent flagged", r.FalseFlagged(), 0, 0.05},
		{"figures of speech flagged", r.FalseFlagged("figure-of-speech"), 0, 0.02},
		{"two flags all shown", r.TwoFlags(), 1, 1},
	} {
		if got := c.p.Rate(); got < c.min || got > c.max {
			t.Errorf("%s = %v, want in [%.2f, %.2f]", c.name, c.p, c.min, c.max)
		}
	}
}

// TestCombinedLeavesLogLinesAlone: feed-log lines are not red flags, for
// the model either (the serve and delivery tests send them by the dozen).
func TestCombinedLeavesLogLinesAlone(t *testing.T) {
	d := combinedDetector(t)
	for _, text := range []string{
		"wet nappy 5 min ago",
		"wet nappy 49 min ago",
		"dirty nappy 20 min ago",
		"fed left 10 min",
		"fed both sides 25 min at 3am",
		"pumped 90ml",
		"bottle 120ml formula",
	} {
		if got := d.DetectAll(text); len(got) != 0 {
			t.Errorf("%q: flagged %+v, want nothing", text, got)
		}
	}
}

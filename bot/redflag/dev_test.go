package redflag

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"nursling/evaluate"
)

// devJudge is the detector as the safety evaluation sees it.
func devJudge(d *Detector) evaluate.Judge {
	return func(_ context.Context, text string) (evaluate.Judgement, error) {
		j := evaluate.Judgement{Tier: "none"}
		for i, f := range d.DetectAll(text) {
			if i == 0 {
				j.Tier = f.Tier.String()
			}
			j.Topics = append(j.Topics, f.Topic)
		}
		return j, nil
	}
}

// TestDevelopmentSets runs the hand-written development sets
// (testdata/dev) and holds the figures to the targets. These sets
// were written with the lexicon, so they are a floor, not a measurement.
func TestDevelopmentSets(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "dev", "*.yaml"))
	var msgs []evaluate.SafetyMessage
	for _, f := range files {
		m, err := evaluate.LoadSafetyMessages(f)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m...)
	}
	if len(msgs) < 150 {
		t.Fatalf("%d development messages, want at least 150", len(msgs))
	}
	r, err := evaluate.RunSafety(context.Background(), devJudge(New()), msgs)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	evaluate.PrintSafety(&out, r)
	evaluate.PrintSafetyMisses(&out, r)
	t.Log("\n" + out.String())
	mental := []string{"suicidal", "self-harm", "harm-baby", "euphemism", "buried"}
	for _, c := range []struct {
		name string
		p    evaluate.Proportion
		min  float64
		max  float64
	}{
		{"urgent flagged", r.Flagged(), 0.97, 1},
		{"mental health flagged", r.Flagged(mental...), 0.97, 1},
		{"needs now got now", r.NowRecall(), 0.95, 1},
		{"non-urgent flagged", r.FalseFlagged(), 0, 0.05},
		{"figures of speech flagged", r.FalseFlagged("figure-of-speech"), 0, 0.02},
		{"two flags all shown", r.TwoFlags(), 1, 1},
	} {
		if got := c.p.Rate(); got < c.min || got > c.max {
			t.Errorf("%s = %v, want in [%.2f, %.2f]", c.name, c.p, c.min, c.max)
		}
	}
}

package semantic

import (
	"flag"
	"os"
	"testing"

	"nursling/knowledge"
)

var sweep = flag.Bool("sweep", false, "TestCalibrate: print a threshold sweep over the calibration set")

// score is how a model does on a labelled set.
type score struct {
	urgent, caught, nowItems, nowCaught int
	negatives, alarms, nowAlarms        int
}

func (s score) recall() float64     { return float64(s.caught) / float64(max(s.urgent, 1)) }
func (s score) nowRecall() float64  { return float64(s.nowCaught) / float64(max(s.nowItems, 1)) }
func (s score) falseAlarm() float64 { return float64(s.alarms) / float64(max(s.negatives, 1)) }

// unitMatch is the match of one sentence unit of a labelled statement,
// computed once so a sweep can try many thresholds.
type labelled struct {
	st      statement
	matches []match
}

// measure judges every statement of sts with m, recording the match of
// each unit (every sentence and, for several, the whole message) so a sweep
// can try many thresholds; loo leaves the statement itself out of the model
// when sts are m's own exemplars and negatives, in file order.
func measure(m *CrisisModel, sts []statement, loo bool) []labelled {
	out := make([]labelled, len(sts))
	pi, ni := 0, 0
	for i, s := range sts {
		sk := noSkip
		if loo {
			if s.tier == "none" {
				sk.neg = ni
				ni++
			} else {
				sk.pos = pi
				pi++
			}
		}
		out[i].st = s
		m.judge(s.text, sk, true, func(mt match) { out[i].matches = append(out[i].matches, mt) })
	}
	return out
}

// evaluate applies thresholds to precomputed matches.
func evaluate(m *CrisisModel, th Thresholds, ls []labelled) score {
	saved := m.th
	m.th = th
	defer func() { m.th = saved }()
	var sc score
	for _, l := range ls {
		tier := ""
		for _, mt := range l.matches {
			if t := m.decide(mt); rankTier(t) > rankTier(tier) {
				tier = t
			}
		}
		switch l.st.tier {
		case "none":
			sc.negatives++
			if tier != "" {
				sc.alarms++
			}
			if tier == "now" {
				sc.nowAlarms++
			}
		default:
			sc.urgent++
			if tier != "" {
				sc.caught++
			}
			if l.st.tier == "now" {
				sc.nowItems++
				if tier == "now" {
					sc.nowCaught++
				}
			}
		}
	}
	return sc
}

func loadCalibration(t testing.TB) []statement {
	t.Helper()
	b, err := os.ReadFile("testdata/calibration.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, sts, err := parseExemplars(b)
	if err != nil {
		t.Fatalf("calibration.yaml: %v", err)
	}
	return sts
}

func newTestModel(t testing.TB) *CrisisModel {
	t.Helper()
	tb, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewCrisisModel(tb, mustLibrary(t))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCalibrate reports recall and false alarms on the calibration set
// (on which the thresholds were chosen: a flattering figure) and by
// leave-one-out on the exemplars themselves (a more honest one), and holds
// both to floors. With -sweep it prints the trade-off over a grid.
func TestCalibrate(t *testing.T) {
	m := newTestModel(t)
	cal := measure(m, loadCalibration(t), false)
	_, own, err := parseExemplars(crisisYAML)
	if err != nil {
		t.Fatal(err)
	}
	loo := measure(m, own, true)
	if *sweep {
		for _, floor := range []float32{0.3, 0.4, 0.5} {
			for today := float32(-0.04); today <= 0.16; today += 0.01 {
				th := Thresholds{Today: today, Now: m.th.Now, Floor: floor}
				c, l := evaluate(m, th, cal), evaluate(m, th, loo)
				t.Logf("floor=%.2f today=%+.2f  cal recall %.3f fa %.3f | loo recall %.3f fa %.3f",
					floor, today, c.recall(), c.falseAlarm(), l.recall(), l.falseAlarm())
			}
		}
		for now := float32(0.0); now <= 0.30; now += 0.02 {
			th := m.th
			th.Now = now
			c, l := evaluate(m, th, cal), evaluate(m, th, loo)
			t.Logf("now=%.2f  cal now-recall %.3f now-fa %d/%d | loo now-recall %.3f now-fa %d/%d",
				now, c.nowRecall(), c.nowAlarms, c.negatives, l.nowRecall(), l.nowAlarms, l.negatives)
		}
	}
	c, l := evaluate(m, m.th, cal), evaluate(m, m.th, loo)
	for _, r := range []struct {
		name string
		sc   score
	}{{"calibration set", c}, {"exemplars, leave-one-out", l}} {
		t.Logf("%s: recall %.3f (%d/%d), now kept now %.3f, false alarms %.3f (%d/%d, %d of them now)",
			r.name, r.sc.recall(), r.sc.caught, r.sc.urgent, r.sc.nowRecall(), r.sc.falseAlarm(), r.sc.alarms, r.sc.negatives, r.sc.nowAlarms)
	}
	// Floors just under today's figures: a change to the exemplars, the
	// table or the thresholds that loses recall fails here.
	if c.recall() < 0.89 || c.falseAlarm() > 0.15 {
		t.Errorf("calibration set: recall %.3f (floor 0.89), false alarms %.3f (ceiling 0.15)", c.recall(), c.falseAlarm())
	}
	if l.recall() < 0.77 || l.falseAlarm() > 0.31 {
		t.Errorf("leave-one-out: recall %.3f (floor 0.77), false alarms %.3f (ceiling 0.31)", l.recall(), l.falseAlarm())
	}
	// Two-fold: choose Today on half of the calibration set (the highest
	// recall with at most 15% false alarms), measure on the other half.
	var halves [2][]labelled
	for i, x := range cal {
		halves[i%2] = append(halves[i%2], x)
	}
	var held score
	for k := range 2 {
		th := pickToday(m, halves[k], 0.15)
		sc := evaluate(m, th, halves[1-k])
		held.urgent += sc.urgent
		held.caught += sc.caught
		held.negatives += sc.negatives
		held.alarms += sc.alarms
	}
	t.Logf("calibration set, two-fold (threshold chosen on the other half): recall %.3f, false alarms %.3f", held.recall(), held.falseAlarm())
}

// pickToday is m's thresholds with the Today that catches most of ls with
// false alarms at most fa.
func pickToday(m *CrisisModel, ls []labelled, fa float64) Thresholds {
	best, bestRecall := m.th, -1.0
	for today := float32(-0.05); today <= 0.20; today += 0.005 {
		th := m.th
		th.Today = today
		if sc := evaluate(m, th, ls); sc.falseAlarm() <= fa && sc.recall() > bestRecall {
			best, bestRecall = th, sc.recall()
		}
	}
	return best
}

// mustLibrary is the built-in guide, whose non-urgent text the model takes
// as further hard negatives.
func mustLibrary(tb testing.TB) *knowledge.Library {
	tb.Helper()
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		tb.Fatal(err)
	}
	return lib
}

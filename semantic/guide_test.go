package semantic

import (
	"testing"

	"nursling/knowledge"
)

// TestGuideHeldOut measures false alarms on ordinary breastfeeding text
// the model has not seen: the model is built with the non-urgent articles
// of one half of the guide as negatives and judges the text of the other
// half (two folds). The production model uses the whole guide.
func TestGuideHeldOut(t *testing.T) {
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	tb := loadTable(t)
	th, own, err := parseExemplars(crisisYAML)
	if err != nil {
		t.Fatal(err)
	}
	var n, alarms int
	for fold := range 2 {
		m, err := newModel(tb, th, append(own, guideNegatives(lib, func(i int) bool { return i%2 == fold })...))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range guideNegatives(lib, func(i int) bool { return i%2 != fold }) {
			n++
			if _, _, _, ok := m.Judge(s.text); ok {
				alarms++
			}
		}
	}
	rate := float64(alarms) / float64(max(n, 1))
	t.Logf("held-out non-urgent guide text: %d of %d sentences flagged (%.3f)", alarms, n, rate)
	if n < 300 || rate > 0.08 {
		t.Errorf("%d of %d held-out guide sentences flagged (ceiling 8%%)", alarms, n)
	}
}

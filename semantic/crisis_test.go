package semantic

import (
	"sync"
	"testing"
)

// TestJudge holds the model to clear cases and hard negatives, none of
// them an exemplar (the exemplars themselves are tested by leave-one-out
// in TestCalibrate).
func TestJudge(t *testing.T) {
	m := newTestModel(t)
	for _, c := range []struct {
		text, tier, topic string
	}{
		// suicidal thoughts, direct and indirect
		{"i want to kill myself tonight", "now", "urgent-parent-mental-health"},
		{"I just wish I could sleep forever and not wake up", "now", "urgent-parent-mental-health"},
		{"honestly my kids would be better off without me", "now", "urgent-parent-mental-health"},
		{"been thinking about kms a lot lately", "now", "urgent-parent-mental-health"},
		{"I've been hoarding my tablets", "now", "urgent-parent-mental-health"},
		{"Feeding is going fine. But I don't want to be alive anymore.", "now", "urgent-parent-mental-health"},
		{"I'm worried I'll shake the baby", "now", "urgent-parent-mental-health"},
		// the baby and the parent's body
		{"my baby is blue", "now", "urgent-baby-illness"},
		// caught, but only at the soft tier: the margin is under Now
		{"the neighbours can hear what I'm thinking", "today", "urgent-parent-mental-health"},
		{"my baby is blue and not breathing properly", "today", "urgent-baby-illness"},
		// ages and temperatures are the rule detector's job: the model
		// only sees "a baby with a fever" and says today
		{"my 3 week old has a fever of 38.3", "today", "urgent-baby-illness"},
		{"he has not had a wet nappy today", "today", "urgent-baby-feeding"},
		{"I'm soaking through pads with blood after the birth", "now", "urgent-parent-breast"},
		{"my mastitis is spreading and I feel shivery and awful", "now", "urgent-parent-breast"},
		// hard negatives
		{"omg this latch is killing me", "", ""},
		{"I'd kill for a coffee and a nap", "", ""},
		{"dying to know if cluster feeding ends", "", ""},
		{"how do I know if my baby is getting enough milk", "", ""},
		{"can I take ibuprofen while breastfeeding", "", ""},
		{"what are the signs of postnatal depression", "", ""},
		{"how do I store expressed milk", "", ""},
		{"", "", ""},
		{"qzxqzxq", "", ""},
		// Known misses (the rule detector catches them): the guide's own
		// mastitis advice, a negative, talks of antibiotics too. If the
		// model starts to catch one, move it up.
		{"mastitis worse even with antibiotics", "", ""},
	} {
		tier, topic, reason, ok := m.Judge(c.text)
		if tier != c.tier || (c.topic != "" && topic != c.topic) || ok != (c.tier != "") {
			t.Errorf("Judge(%q) = %q %q %v, want %q %q", c.text, tier, topic, ok, c.tier, c.topic)
		}
		if ok && reason == "" {
			t.Errorf("Judge(%q): no reason", c.text)
		}
	}
}

func TestJudgeConcurrent(t *testing.T) {
	m := newTestModel(t)
	want, _, _, _ := m.Judge("I want to end my life")
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got, _, _, _ := m.Judge("I want to end my life"); got != want {
					errs <- got
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent Judge = %q, want %q", e, want)
	}
}

func TestParseExemplarsErrors(t *testing.T) {
	for name, y := range map[string]string{
		"topic":  "crisis:\n- topic: urgent-nothing\n  reason: r\n  tier: now\n  examples: [a]\n",
		"tier":   "crisis:\n- topic: urgent-baby-illness\n  reason: r\n  tier: soon\n  examples: [a]\n",
		"reason": "crisis:\n- topic: urgent-baby-illness\n  tier: now\n  examples: [a]\n",
		"empty":  "negatives:\n- examples: ['']\n",
		"yaml":   "crisis: [",
	} {
		if _, _, err := parseExemplars([]byte(y)); err == nil {
			t.Errorf("%s: parseExemplars succeeded", name)
		}
	}
	th, sts, err := parseExemplars([]byte("thresholds: {today: 0.1, now: 0.2, floor: 0.3}\ncrisis:\n- topic: urgent-baby-illness\n  reason: r\n  tier: now\n  examples: [a, {text: b, tier: today}]\nnegatives:\n- examples: [c]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if th.Today != 0.1 || th.Now != 0.2 || th.Floor != 0.3 || len(sts) != 3 || sts[1].tier != "today" || sts[2].tier != "none" {
		t.Errorf("parseExemplars = %+v %+v", th, sts)
	}
}

// TestShortcutsExact: the early stops and the coarse pass never change a
// tier (the topic may differ: the fast path stops at the first "now").
func TestShortcutsExact(t *testing.T) {
	m := newTestModel(t)
	_, own, err := parseExemplars(crisisYAML)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(loadCalibration(t), own...) {
		fast, _, _, _ := m.Judge(s.text)
		exact, _, _, _ := m.judge(s.text, noSkip, true, nil)
		if fast != exact {
			t.Errorf("%q: fast %q, exact %q", s.text, fast, exact)
		}
	}
}

// TestUnitsKeepDecimals: a decimal point does not end a sentence ("temp
// 40.2 tonight" is one unit, not "temp 40" and "2 tonight").
func TestUnitsKeepDecimals(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"1 year old still nursing, temp 40.2 tonight", []string{"1 year old still nursing, temp 40.2 tonight"}},
		{"temp 38.5. she is floppy", []string{"temp 38.5", " she is floppy"}},
		{"i want to die. tonight!", []string{"i want to die", " tonight"}},
		{"ends with a dot.", []string{"ends with a dot"}},
		{"...", nil},
	} {
		got := units(tt.text)
		if len(got) != len(tt.want) {
			t.Errorf("%q: units %q, want %q", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: units %q, want %q", tt.text, got, tt.want)
				break
			}
		}
	}
}

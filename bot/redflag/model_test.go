package redflag

import "testing"

// fakeModel is a small stand-in for the semantic exemplar model.
type fakeModel map[string][3]string

func (f fakeModel) Judge(text string) (tier, topic, reason string, ok bool) {
	v, ok := f[text]
	return v[0], v[1], v[2], ok
}

func TestModelTakesTheHigherTier(t *testing.T) {
	model := fakeModel{
		"everything is grey and heavy":            {"now", TopicUrgentMentalHealth, "a statement close to crisis exemplars"},
		"my 6 week old has a temp of 38.4":        {"today", TopicUrgentBabyIllness, "fever"},
		"i just want to die":                      {"today", TopicUrgentMentalHealth, "model"},
		"how do i store milk":                     {"soon", TopicUrgentMentalHealth, "a bad tier is ignored"},
		"a lump in my breast and I feel very low": {"today", TopicUrgentMentalHealth, "low mood"},
	}
	with, err := NewWith(Options{Model: model})
	if err != nil {
		t.Fatal(err)
	}
	without := New()
	tests := []struct {
		text       string
		rules      int // flags from the rules alone
		withModel  Tier
		withTopics int
	}{
		{"everything is grey and heavy", 0, CareNow, 1},              // the model adds what the rules miss
		{"my 6 week old has a temp of 38.4", 1, CareNow, 1},          // a lower model tier never lowers the rules
		{"i just want to die", 1, CareNow, 1},                        // same topic: the higher tier wins
		{"how do i store milk", 0, NoFlag, 0},                        // a malformed judgement is ignored
		{"a lump in my breast and I feel very low", 0, CareToday, 1}, // a new topic is added
	}
	for _, tt := range tests {
		if got := len(without.DetectAll(tt.text)); got != tt.rules {
			t.Errorf("%q: rules alone gave %d flags, want %d", tt.text, got, tt.rules)
		}
		all := with.DetectAll(tt.text)
		if len(all) != tt.withTopics {
			t.Fatalf("%q: with the model %d flags %+v, want %d", tt.text, len(all), all, tt.withTopics)
		}
		if got := with.Detect(tt.text).Tier; got != tt.withModel {
			t.Errorf("%q: with the model tier %s, want %s", tt.text, got, tt.withModel)
		}
	}
}

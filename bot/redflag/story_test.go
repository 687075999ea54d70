package redflag

import "testing"

// TestStoriesAndLiteralFigures holds the round-3 mechanisms (rules and
// lexicon, no model): another person's baby and impersonal or supposing
// questions set aside for the rules, figures meant literally, a general
// question that discloses, a sign elsewhere in the message that raises or
// enables a rule, and the lexicon's framing capping the rules' mental
// health.
func TestStoriesAndLiteralFigures(t *testing.T) {
	d := New()
	tests := []struct {
		text  string
		tier  Tier
		topic string
	}{
		// another person's baby or the writer's childhood
		{"a woman in my mums group said her baby went blue at 2 months and it turned out to be reflux. can reflux do that?", NoFlag, ""},
		{"my auntie lost a baby to dehydration decades ago so my family fusses. my 2 month old has 7 wet nappies a day, is that enough?", NoFlag, ""},
		{"my aunt says the baby looks blue around the lips", CareNow, TopicUrgentBabyIllness},
		{"my sister had her baby last week and my baby has gone blue around the lips", CareNow, TopicUrgentBabyIllness},
		// supposing and impersonal questions
		{"we fly when she is 10 weeks. if she got a temperature on the plane what would i do", NoFlag, ""},
		{"what does a febrile convulsion look like", NoFlag, ""},
		{"what does it mean if she is floppy and wont wake, 5 weeks old", CareNow, TopicUrgentBabyIllness},
		// figures of speech meant literally
		{"i keep banging my head on the wall when she wont latch. theres a big lump now and i feel foggy", CareNow, TopicUrgentMentalHealth},
		{"banging my head against the wall trying to get her to latch, any tips?", NoFlag, ""},
		{"keep picturing drowning her in the bath. i dont want to", CareToday, TopicUrgentMentalHealth},
		// a general question that discloses
		{"is it normal to think about killing yourself? because i do", CareToday, TopicUrgentMentalHealth},
		// raise and needs
		{"baby rolled off the bed onto the floor, 3 months. now she is really sleepy and vomited twice", CareNow, TopicUrgentBabyIllness},
		{"took my diazepam last night, fed him this morning and now hes really sleepy", CareNow, TopicUrgentBabyIllness},
		// the lexicon's framing caps the rules' reading
		{"my husbands ex said she wanted to die, years ago, nothing to do with us now", NoFlag, ""},
		// the nursed toddler's fever
		{"1 year old still nursing, temp 40.2 tonight", CareToday, TopicUrgentBabyIllness},
		{"my 3 year old has a temp of 39 and im breastfeeding the baby", NoFlag, ""},
	}
	for _, tt := range tests {
		got := d.Detect(tt.text)
		if got.Tier != tt.tier || (tt.topic != "" && got.Topic != tt.topic) {
			t.Errorf("%q: got %v %s, want %v %s", tt.text, got.Tier, got.Topic, tt.tier, tt.topic)
		}
	}
}

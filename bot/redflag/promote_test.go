package redflag

import "testing"

// TestPromotion: a plan, a means at hand, an intent or a goodbye makes a
// mental-health flag "now"; a denied, supposed or framed one does not,
// and another person's crisis told as happening now is never dropped.
func TestPromotion(t *testing.T) {
	d := New()
	for _, c := range []struct {
		text string
		want Tier
	}{
		{"suicidal thoughts again today. got about 40 of my oxy saved", CareNow},
		{"been having suicidal thoughts and i looked up how many it would take", CareNow},
		{"everything feels hopeless since she was born. no plan or anything", CareToday},
		{"everything feels hopeless since she was born and ive got enough tablets saved", CareNow},
		{"thoughts of suicide at the night feeds, i have enough", CareNow},
		{"my sister says on the phone tonight she wants to kill herself", CareNow},
		// a negation lowers "now" to "today", never to nothing; a knife does not raise it
		{"im not suicidal, the knife slipped while cutting bread", CareToday},
		{"my aunt killed herself years ago, does depression run in families", NoFlag},
		{"decided today is the day. i just need someone to feed him after", CareNow},
		{"gave my things away this week and sorted who feeds her", CareNow},
		{"honestly not sure ill still be around by her 6 week check", CareToday},
		{"kinda wish a bus would hit me tbh", CareToday},
		// round-4 word classes and their hard negatives
		{"sometimes i think about leaving her outside in the snow", CareNow},
		{"thinking about leaving her outside in the pram for her nap like they do in norway", NoFlag},
		{"my plan is to do it at 6 months when we start solids", NoFlag},
		{"my plan is to do it while everyone is out", CareNow},
		{"she keeps saying the baby isnt real", CareNow},
		{"punched the mirror again last night", CareToday},
		{"im not sure ill still be here by christmas", CareToday},
		{"i gave my clothes away to a charity shop, none fit since the birth", NoFlag},
	} {
		got := NoFlag
		for _, f := range d.DetectAll(c.text) {
			if f.Topic == TopicUrgentMentalHealth {
				got = f.Tier
			}
		}
		if got != c.want {
			t.Errorf("%q: mental-health tier %v, want %v", c.text, got, c.want)
		}
	}
}

// TestParentSignsRound4: the parent's colour, breathing, confusion with a
// fever, doses that add up and a head hit with a sign in the next
// sentence, with their hard negatives.
func TestParentSignsRound4(t *testing.T) {
	d := New()
	for _, c := range []struct {
		text  string
		topic string
		want  Tier
	}{
		{"2 weeks after the birth and my lips look blue", TopicUrgentParentHealth, CareNow},
		{"my partner says im breathing really fast and i cant catch my breath", TopicUrgentParentHealth, CareNow},
		{"feel really confused and shivery, temp 38.9, day 4 after birth", TopicUrgentParentHealth, CareNow},
		{"took 2 tylenol, then another 2 two hours later and 2 more just now", TopicUrgentParentHealth, CareNow},
		{"hit my head on the cupboard door. now a big lump and i feel sick", TopicUrgentParentHealth, CareNow},
		{"my lipstick is a bit blue toned, is it safe while breastfeeding", TopicUrgentParentHealth, NoFlag},
		{"banged my head on the cupboard door, all fine, how do i stop her biting", TopicUrgentParentHealth, NoFlag},
		{"feel drowsy after the night feeds and the room is so hot", TopicUrgentParentHealth, NoFlag},
	} {
		got := NoFlag
		for _, f := range d.DetectAll(c.text) {
			if f.Topic == c.topic {
				got = f.Tier
			}
		}
		if got != c.want {
			t.Errorf("%q: %s tier %v, want %v", c.text, c.topic, got, c.want)
		}
	}
}

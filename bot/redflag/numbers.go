package redflag

// Rules that read numbers: temperatures, wet-nappy counts, weight loss.

// fever decides the fever rules for the baby and for the parent.
func (e *evaluation) fever(breastCtx bool) {
	readings := e.temperatures()
	if len(readings) == 0 && !e.hasAny(kFever) && !e.hasAny(kHighFever) {
		return
	}
	parentIll := breastCtx
	for _, t := range e.toks {
		if !parentIll {
			switch t.w {
			case "covid", "coronavirus", "flu", "cold", "virus", "bug", "contagious", "catch", "infect", "germs", "sick":
				parentIll = true
			}
		}
	}
	whose := func(i int) subject {
		if s := e.subjectOf(i); s != subjNone {
			return s
		}
		if parentIll {
			return subjParent
		}
		return subjBaby
	}
	var (
		babyMax, parentMax   = -1.0, -1.0
		babyLow              bool
		babyWord, parentHigh bool
		babyReadingSentence  = map[int32]bool{}
	)
	for _, r := range readings {
		if e.longAgo(r.at) {
			continue
		}
		switch whose(r.at) {
		case subjBaby:
			if r.c > babyMax {
				babyMax = r.c
			}
			if r.c < e.thresholds().LowTempC && (r.ctx || e.sentenceHas(r.at, "temp", "thermometer", "fever", "cold")) {
				babyLow = true
			}
			babyReadingSentence[e.toks[r.at].sent] = true
		case subjParent:
			if r.c > parentMax {
				parentMax = r.c
			}
		}
	}
	for _, f := range e.finds {
		if (f.kind != kFever && f.kind != kHighFever) || !e.valid(f) || e.longAgo(f.start) {
			continue
		}
		switch whose(f.start) {
		case subjBaby:
			// "a temp of 37.6" is a reading, not a fever.
			if !(babyReadingSentence[e.toks[f.start].sent] && babyMax < e.thresholds().FeverUnder3MonthsC) {
				babyWord = true
			}
		case subjParent:
			if f.kind == kHighFever {
				parentHigh = true
			}
		}
	}
	th := e.thresholds()
	if babyMax >= th.FeverUnder3MonthsC || babyWord {
		e.babyFever(babyMax)
	} else if babyLow {
		switch {
		case e.age.under3Months():
			e.flag(CareNow, TopicUrgentBabyIllness, "a low temperature (under 36 °C) in a young baby")
		case !e.age.known:
			e.flag(CareToday, TopicUrgentBabyIllness, "a low temperature (under 36 °C) in a baby")
		}
	}
	if breastCtx && (parentMax >= th.ParentMastitisFever || parentHigh) {
		e.flag(CareToday, TopicUrgentParentBreast, "a fever with a breast infection")
	}
}

// longAgo reports that the sentence of token i is about last week or
// earlier ("had a fever last week"): history, not what is happening now.
func (e *evaluation) longAgo(i int) bool {
	s := e.toks[i].sent
	for j := max(0, i-window); j < len(e.toks) && j < i+window; j++ {
		if e.toks[j].sent != s || j+1 >= len(e.toks) || e.toks[j+1].sent != s {
			continue
		}
		a, b := e.toks[j].w, e.toks[j+1].w
		if (a == "last" && (b == "week" || b == "month" || b == "year")) ||
			((a == "week" || a == "month" || a == "year") && b == "ago") {
			return true
		}
	}
	return false
}

// babyFever: under 3 months any fever is an emergency (after vaccinations,
// a same-day call); with no age given, a same-day call; older babies only
// with other worrying signs, 39 °C or more at 3 to 6 months, or 40 °C or
// more when older (the Threshold table, rows 1-3).
func (e *evaluation) babyFever(maxC float64) {
	th := e.thresholds()
	older := e.age.over3Months() || (!e.age.known && e.hasAny(kOlder))
	switch {
	case e.age.under3Months() && e.recentVaccine():
		e.flag(CareToday, TopicUrgentBabyIllness, "a fever after vaccinations in a baby under 3 months")
	case e.age.under3Months():
		e.flag(CareNow, TopicUrgentBabyIllness, "a fever in a baby under 3 months")
	case !older:
		e.flag(CareToday, TopicUrgentBabyIllness, "a fever in a baby")
	case e.worryingSigns():
		e.flag(CareToday, TopicUrgentBabyIllness, "a fever in a baby with other worrying signs")
	case e.age.known && e.age.min < 183 && maxC >= th.Fever3To6MonthsC:
		e.flag(CareToday, TopicUrgentBabyIllness, "a high fever (39 °C or more) in a baby aged 3 to 6 months")
	case maxC >= th.FeverOver6MonthsC:
		e.flag(CareToday, TopicUrgentBabyIllness, "a very high fever (40 °C or more) in a baby")
	}
}

// recentVaccine reports vaccinations in the last two days: "after her jabs
// today", "vaccines yesterday", but not "vaccines 3 days ago" or "no jabs
// recently".
func (e *evaluation) recentVaccine() bool {
	for _, f := range e.finds {
		if f.kind == kVaccine && e.daysInSentence(f.start) < 3 && !e.negated(f) {
			return true
		}
	}
	return false
}

// worryingSigns are what turn an older baby's fever into a same-day call.
func (e *evaluation) worryingSigns() bool {
	for _, f := range e.finds {
		if f.kind == kNotFeeding || f.kind == kSleepyAdj || f.kind == kRashNB {
			if e.valid(f) {
				return true
			}
		}
	}
	if e.messageHas("rash", "inconsolable", "listless", "drowsy") {
		return true
	}
	for i, t := range e.toks {
		// "not herself", "won't settle", "fever for 4 days"
		if (t.w == "herself" || t.w == "himself") && i > 0 && e.toks[i-1].w == "not" {
			return true
		}
		if t.w == "settle" && i > 0 && (e.toks[i-1].w == "wont" || e.toks[i-1].w == "not" || e.toks[i-1].w == "cant") {
			return true
		}
	}
	for _, f := range e.finds {
		if f.kind == kFever && e.daysInSentence(f.start) >= 3 {
			return true
		}
	}
	return false
}

// wetNappyCounts compares "only 2 wet nappies" with what the baby's age
// needs: days 1-2 one or two, days 3-4 three, days 5-6 five, then six (five
// after 6 weeks). With no age, two or fewer, or "only" four or fewer, count.
// A count over part of a day ("2 wet nappies in 12 hours") is scaled.
func (e *evaluation) wetNappyCounts() {
	toks := e.toks
	for i, t := range toks {
		if !t.isNum {
			continue
		}
		if i > 0 && toks[i-1].w == "wee" && toks[i-1].clause == t.clause {
			// "peed once", "weed twice today"
			e.checkWetCount(i, i+1)
			continue
		}
		j := i + 1
		for j < len(toks) && toks[j].clause == t.clause && oneOf(toks[j].w, []string{"heavy", "proper", "good",
			"very", "really", "small", "tiny", "light", "decent", "full", "soaked"}) {
			j++
		}
		if j >= len(toks) || toks[j].clause != t.clause || (toks[j].w != "wet" && toks[j].w != "wee") {
			continue
		}
		if toks[j].w == "wet" && j+1 < len(toks) && toks[j+1].clause == t.clause &&
			!oneOf(toks[j+1].w, []string{"nappy", "wee", "ones", "one", "today", "since", "in", "so", "all", "yesterday"}) {
			continue // "2 wet wipes"
		}
		e.checkWetCount(i, j+1)
	}
}

// checkWetCount judges the count at token i (the count phrase ends at end).
func (e *evaluation) checkWetCount(i, end int) {
	toks := e.toks
	if s := e.subjectOf(i); s == subjParent || s == subjOther || s == subjGeneric {
		return
	}
	if e.hypothetical(finding{start: i, end: end}, false) {
		return
	}
	n := toks[i].num
	only := i > 0 && oneOf(toks[i-1].w, []string{"only", "just", "barely", "fewer", "less", "under", "than"})
	frac := 1.0
	if h := e.hoursInSentence(i); h > 0 && h < 20 {
		if h < 6 {
			return
		}
		frac = h / 24
	}
	if e.age.known {
		want := 6.0
		switch a := e.age.min; {
		case a <= 2:
			want = 1
		case a <= 4:
			want = 3
		case a <= 6:
			want = 5
		case a > 42:
			want = 5
		}
		if n < want*frac-0.5 {
			e.flag(CareToday, TopicUrgentBabyFeeding, "too few wet nappies for the baby's age")
		}
		return
	}
	if frac < 1 {
		if n < 1 {
			e.flag(CareToday, TopicUrgentBabyFeeding, "too few wet nappies")
		}
		return
	}
	if n <= 2 || (only && n <= 4) {
		e.flag(CareToday, TopicUrgentBabyFeeding, "too few wet nappies")
	}
}

// weightLoss flags a loss of 10% or more of birth weight ("lost 11%",
// "down 12 percent from birth weight").
func (e *evaluation) weightLoss() {
	e.weightLossFromWeights()
	toks := e.toks
	for i, t := range toks {
		if !t.isNum || i+1 >= len(toks) || toks[i+1].w != "pct" || t.num < 10 || t.num > 60 {
			continue
		}
		weighty := false
		for j := max(0, i-4); j < len(toks) && j <= i+5; j++ {
			if toks[j].sent == t.sent && oneOf(toks[j].w, []string{"lost", "lose", "losing", "loss", "down", "dropped",
				"drop", "weight", "birthweight", "weighed", "weigh", "weighs"}) {
				weighty = true
				break
			}
		}
		if !weighty {
			continue
		}
		if s := e.subjectOf(i); s == subjParent || s == subjOther {
			continue
		}
		e.flag(CareToday, TopicUrgentBabyFeeding, "a weight loss of 10% or more")
	}
}

// weightLossFromWeights works out a loss parents give as two weights
// ("birth weight 3.6 kg, now 3.18 kg"): the weight after "birth" against
// the last other weight in the message, in kilograms or grams.
func (e *evaluation) weightLossFromWeights() {
	toks := e.toks
	type weight struct {
		grams float64
		at    int
	}
	var ws []weight
	for i, t := range toks {
		if !t.isNum || i+1 >= len(toks) {
			continue
		}
		switch toks[i+1].w {
		case "kg", "kgs", "kilo", "kilos", "kilograms":
			ws = append(ws, weight{t.num * 1000, i})
		case "g", "grams", "gram", "gr":
			ws = append(ws, weight{t.num, i})
		}
	}
	if len(ws) < 2 {
		return
	}
	// The birth weight is the first weight within a few words of "birth"
	// (or "born"): "birth weight 3.6 kg", "3.2 kg at birth".
	birth := -1
	for k := 0; k < len(ws) && birth < 0; k++ {
		for j := max(0, ws[k].at-4); j < len(toks) && j <= ws[k].at+3; j++ {
			if oneOf(toks[j].w, []string{"birth", "birthweight", "born"}) {
				birth = k
				break
			}
		}
	}
	if birth < 0 {
		return
	}
	now := ws[len(ws)-1]
	if birth == len(ws)-1 {
		now = ws[0]
	}
	b := ws[birth].grams
	// Newborn weights only: 1.5 to 6 kg.
	if b < 1500 || b > 6000 || now.grams < 1000 || now.grams >= b {
		return
	}
	if s := e.subjectOf(now.at); s == subjParent || s == subjOther {
		return
	}
	if (b-now.grams)/b >= 0.10 {
		e.flag(CareToday, TopicUrgentBabyFeeding, "a weight loss of 10% or more")
	}
}

// defaultThresholds are the Threshold table's values, used only when a
// detector was built without the table (internal tests).
var defaultThresholds = Thresholds{FeverUnder3MonthsC: 38, Fever3To6MonthsC: 39, FeverOver6MonthsC: 40, LowTempC: 36, ParentMastitisFever: 38, JaundiceFirstDay: CareToday}

func (e *evaluation) thresholds() *Thresholds {
	if e.th != nil {
		return e.th
	}
	return &defaultThresholds
}

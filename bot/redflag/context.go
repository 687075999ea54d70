package redflag

// This file answers the questions every raw finding raises: whose is it,
// is it negated, is it only a hypothetical question, how old is the baby,
// and which numbers are temperatures.

// rfFinding is one pattern match: tokens [start, end).
type rfFinding struct {
	kind       rfKind
	start, end int
	gapNeg     bool // a skipped word was a negation ("lips are not blue")
}

// rfEval holds the per-message state of one Detect call.
type rfEval struct {
	toks  []rfToken
	finds []rfFinding
	age   rfAge
	best  Flag
	rank  int
	all   []Flag      // one flag per topic, the highest tier
	th    *Thresholds // the Threshold table
	// Lazily built indexes that keep every rule O(1) or windowed, so a
	// long or adversarial message costs linear time, not quadratic.
	lastSubj, nextSubj []int32 // nearest subject word at or before / after i
	hypoClause         []int8  // per clause: 0 no, 2 general question, 3 also for mental health
	hasMemo            [kNumKinds]int8
}

// rfWindow bounds how far sentence and clause scans reach from a finding:
// context further away in an unpunctuated wall of text is not context.
const rfWindow = 40

// rfMarkSubjects tags the words that say who a sentence is about. Pronouns
// take the kind of the last third-person noun ("my wife ... her temp" is the
// parent; "my son ... his temp" is the baby) and default to the baby.
func rfMarkSubjects(toks []rfToken) {
	last := rfSubjNone
	for i := range toks {
		var k rfSubj
		switch w := toks[i].w; w {
		case "i", "im", "ive", "id", "me", "myself":
			k = rfSubjParent
		case "my", "mine":
			if !rfBabyAhead(toks, i) {
				k = rfSubjParent
			}
		case "baby", "newborn":
			k = rfSubjBaby
			if i > 0 && toks[i-1].subj == rfSubjOther {
				k = rfSubjOther // "my 3 year old son"
			}
			last = k
		case "babies":
			k = rfSubjGeneric
			if i > 0 && rfIn(toks[i-1].w, []string{"my", "our", "the", "both", "twin"}) {
				k = rfSubjBaby // "my babies" are twins
			}
			last = k
		case "mum", "wife":
			k, last = rfSubjParent, rfSubjParent
		case "husband", "toddler", "dog", "cat", "sister", "brother", "friend", "kids", "kid":
			k, last = rfSubjOther, rfSubjOther
		case "he", "she", "hes", "shes", "him", "her", "his", "hers", "herself", "himself":
			k = last
			if k == rfSubjNone {
				k = rfSubjBaby
			}
		case "old", "olds", "wo", "yo":
			if i > 0 {
				switch {
				case w == "yo" || toks[i-1].w == "year":
					k = rfSubjOther
				case w == "wo" || toks[i-1].w == "day" || toks[i-1].w == "week" || toks[i-1].w == "month" || toks[i-1].w == "hour":
					k = rfSubjBaby
				}
				if k != rfSubjNone {
					last = k
				}
			}
		case "week", "month", "day":
			// "my 2mo has a fever": the unit stands for the baby.
			if i >= 2 && toks[i-1].isNum && (toks[i-2].w == "my" || toks[i-2].w == "our") &&
				(i+1 >= len(toks) || toks[i+1].w != "old") {
				k, last = rfSubjBaby, rfSubjBaby
			}
		}
		toks[i].subj = k
	}
}

// rfBabyAhead reports whether "my" at i introduces the baby ("my 6 week
// old", "my little one", "my son") rather than the writer ("my temp").
func rfBabyAhead(toks []rfToken, i int) bool {
	for j := i + 1; j < len(toks) && j <= i+3; j++ {
		switch toks[j].w {
		case "baby", "babies", "newborn", "old", "olds", "wo":
			return true
		}
		if toks[j].isNum {
			return true
		}
	}
	return false
}

// subjectOf says whose a finding is: the nearest subject word before it in
// its sentence, else the first one in its clause (the finding included,
// "fever in my 5 week old"), else the last one earlier in the message.
// rfSubjNone means the text does not say.
func (e *rfEval) subjectOf(start int) rfSubj {
	toks := e.toks
	if start >= len(toks) {
		return rfSubjNone
	}
	if e.lastSubj == nil {
		e.indexSubjects()
	}
	if start > 0 {
		if j := e.lastSubj[start-1]; j >= 0 && toks[j].sent == toks[start].sent {
			return toks[j].subj
		}
	}
	if j := e.nextSubj[start]; j >= 0 && toks[j].clause == toks[start].clause {
		return toks[j].subj
	}
	if start > 0 {
		if j := e.lastSubj[start-1]; j >= 0 {
			return toks[j].subj
		}
	}
	return rfSubjNone
}

func (e *rfEval) indexSubjects() {
	n := len(e.toks)
	e.lastSubj = make([]int32, n)
	e.nextSubj = make([]int32, n)
	last := int32(-1)
	for i := 0; i < n; i++ {
		if e.toks[i].subj != rfSubjNone {
			last = int32(i)
		}
		e.lastSubj[i] = last
	}
	next := int32(-1)
	for i := n - 1; i >= 0; i-- {
		if e.toks[i].subj != rfSubjNone {
			next = int32(i)
		}
		e.nextSubj[i] = next
	}
}

// aboutBaby reports whether a finding is about the baby; an unstated
// subject counts as the baby, since that is who parents ask about.
func (e *rfEval) aboutBaby(f rfFinding) bool {
	s := e.subjectOf(f.start)
	return s == rfSubjBaby || s == rfSubjNone
}

// aboutParent reports whether a finding is about the writer (or the nursing
// parent named in the third person); an unstated subject counts too.
func (e *rfEval) aboutParent(f rfFinding) bool {
	s := e.subjectOf(f.start)
	return s == rfSubjParent || s == rfSubjNone
}

func rfIsNegator(w string) bool {
	switch w {
	case "not", "no", "never", "without", "nor", "none":
		return true
	}
	return false
}

// negated reports whether a finding is denied: a negation up to six words
// before it in the same hard segment, not past a subject or "and" ("no
// fever and she is floppy"), and across a comma only in a list joined by
// "or" ("not floppy, lethargic or pale"); or a negation inside its gap; or
// "fever free" after it.
func (e *rfEval) negated(f rfFinding) bool {
	if f.gapNeg {
		return true
	}
	toks := e.toks
	h, cl := toks[f.start].hard, toks[f.start].clause
	for i, n := f.start-1, 0; i >= 0 && n < 6 && toks[i].hard == h; i, n = i-1, n+1 {
		t := toks[i]
		if rfIsNegator(t.w) {
			return t.clause == cl || e.orListAfter(i)
		}
		if t.subj != rfSubjNone || t.w == "and" {
			break
		}
	}
	if f.end < len(toks) && toks[f.end].hard == h {
		switch toks[f.end].w {
		case "free", "none":
			return true
		}
	}
	return false
}

// orListAfter reports whether an "or"/"nor" follows token i in its segment.
func (e *rfEval) orListAfter(i int) bool {
	h := e.toks[i].hard
	for j := i + 1; j < len(e.toks) && e.toks[j].hard == h; j++ {
		if w := e.toks[j].w; w == "or" || w == "nor" {
			return true
		}
	}
	return false
}

// hypothetical reports whether a finding sits in a clause that asks about
// warning signs in general ("what are the signs of dehydration", "when
// should I worry about jaundice", "if she ever gets a fever") rather than
// describing what is happening now. Mental-health findings are suppressed
// only by "signs of ..." and "what is ...": a disclosure is never treated
// as hypothetical.
func (e *rfEval) hypothetical(f rfFinding, mentalHealth bool) bool {
	if e.hypoClause == nil {
		e.hypoClause = make([]int8, e.toks[len(e.toks)-1].clause+1)
		for _, h := range e.finds {
			if h.kind != kHypo && h.kind != kHypoMH {
				continue
			}
			hc := e.toks[h.start].clause
			if h.start > 0 && e.toks[h.start-1].clause == hc {
				switch e.toks[h.start-1].w {
				case "showing", "shows", "showed", "has", "had", "having", "got", "some", "with":
					continue // "she is showing signs of dehydration"
				}
			}
			v := int8(2)
			if h.kind == kHypoMH {
				v = 3
			}
			e.hypoClause[hc] = max(e.hypoClause[hc], v)
		}
	}
	h := e.hypoClause[e.toks[f.start].clause]
	if mentalHealth {
		return h == 3
	}
	return h >= 2
}

// valid is the usual test for a finding: not negated, not hypothetical.
func (e *rfEval) valid(f rfFinding) bool {
	return !e.negated(f) && !e.hypothetical(f, false)
}

// has reports a valid finding of kind anywhere in the message.
func (e *rfEval) has(kind rfKind) bool {
	if m := e.hasMemo[kind]; m != 0 {
		return m == 2
	}
	e.hasMemo[kind] = 1
	for _, f := range e.finds {
		if f.kind == kind && e.valid(f) {
			e.hasMemo[kind] = 2
			return true
		}
	}
	return false
}

// hasAny reports any finding of kind, valid or not (context words).
func (e *rfEval) hasAny(kind rfKind) bool {
	for _, f := range e.finds {
		if f.kind == kind {
			return true
		}
	}
	return false
}

// hasInSentence reports a valid finding of kind near token i in its
// sentence.
func (e *rfEval) hasInSentence(kind rfKind, i int) bool {
	s := e.toks[i].sent
	for _, f := range e.finds {
		if f.kind == kind && e.toks[f.start].sent == s && f.start-i < rfWindow && i-f.start < rfWindow && e.valid(f) {
			return true
		}
	}
	return false
}

// clauseHas reports whether the clause of token i holds any of words
// within rfWindow of i.
func (e *rfEval) clauseHas(i int, words ...string) bool {
	cl := e.toks[i].clause
	return e.scanNear(i, func(t *rfToken) bool { return t.clause == cl }, words)
}

// sentenceHas reports whether the sentence of token i holds any of words
// within rfWindow of i.
func (e *rfEval) sentenceHas(i int, words ...string) bool {
	s := e.toks[i].sent
	return e.scanNear(i, func(t *rfToken) bool { return t.sent == s }, words)
}

func (e *rfEval) scanNear(i int, same func(*rfToken) bool, words []string) bool {
	for j := i; j >= 0 && j > i-rfWindow && same(&e.toks[j]); j-- {
		if rfIn(e.toks[j].w, words) {
			return true
		}
	}
	for j := i + 1; j < len(e.toks) && j < i+rfWindow && same(&e.toks[j]); j++ {
		if rfIn(e.toks[j].w, words) {
			return true
		}
	}
	return false
}

// messageHas reports whether the message holds any of words.
func (e *rfEval) messageHas(words ...string) bool {
	for _, t := range e.toks {
		if rfIn(t.w, words) {
			return true
		}
	}
	return false
}

// nextWords reports whether any of the n tokens after end (same hard
// segment) is one of words.
func (e *rfEval) nextWords(end, n int, words ...string) bool {
	if end <= 0 || end > len(e.toks) {
		return false
	}
	h := e.toks[end-1].hard
	for j := end; j < len(e.toks) && j < end+n && e.toks[j].hard == h; j++ {
		if rfIn(e.toks[j].w, words) {
			return true
		}
	}
	return false
}

func rfIn(w string, words []string) bool {
	for _, x := range words {
		if w == x {
			return true
		}
	}
	return false
}

// hoursInSentence returns the largest "N hours" near token i in its
// sentence (0 when none): "no wet nappy for 9 hours", "hasn't fed in 6 hrs".
func (e *rfEval) hoursInSentence(i int) float64 {
	return e.unitNear(i, "hour", []string{"old", "olds", "ago"})
}

// daysInSentence returns the largest "N days" near token i in its sentence
// that is a duration ("no poo for 3 days"), not an age.
func (e *rfEval) daysInSentence(i int) float64 {
	return e.unitNear(i, "day", []string{"old", "olds", "pp"})
}

func (e *rfEval) unitNear(i int, unit string, not []string) float64 {
	s := e.toks[i].sent
	var v float64
	for j := max(0, i-rfWindow); j < len(e.toks) && j < i+rfWindow; j++ {
		t := e.toks[j]
		if t.sent != s || !t.isNum || j+1 >= len(e.toks) || e.toks[j+1].w != unit {
			continue
		}
		if j+2 < len(e.toks) && rfIn(e.toks[j+2].w, not) {
			continue
		}
		v = max(v, t.num)
	}
	return v
}

// rfAge is the baby's age in days, as far as the message says.
type rfAge struct {
	min, max float64
	known    bool
}

func (a rfAge) under3Months() bool { return a.known && a.max < 91 }
func (a rfAge) over3Months() bool  { return a.known && a.min >= 91 }

// parseAge finds the youngest stated age of a baby: "6 week old", "2mo",
// "10 days", "day 4", "EBF 6wk", "3 weeks pp", "newborn", "born this
// morning", "under 3 months". Durations ("for 3 weeks", "2 days ago"),
// gestations ("born at 36 weeks") and other children ("my 3 year old") are
// not ages.
func (e *rfEval) parseAge() {
	toks := e.toks
	best := rfAge{}
	weak := rfAge{}
	take := func(r rfAge) {
		if !best.known || r.min < best.min {
			best = r
		}
	}
	word := func(j int) string {
		if j >= 0 && j < len(toks) {
			return toks[j].w
		}
		return ""
	}
	for i, t := range toks {
		switch t.w {
		case "newborn":
			weak = rfAge{0, 28, true}
			continue
		case "born":
			if rfIn(word(i+1), []string{"today", "yesterday", "tonight", "earlier"}) ||
				rfIn(word(i+2), []string{"morning", "night", "afternoon", "evening", "today"}) {
				take(rfAge{0, 1, true})
			}
			continue
		case "hour":
			// "within hours of being born", "a few hours after birth"
			if (i == 0 || !toks[i-1].isNum || toks[i-1].num <= 24) &&
				(rfIn(word(i+1), []string{"born", "birth"}) || rfIn(word(i+2), []string{"born", "birth"}) ||
					rfIn(word(i+3), []string{"born", "birth"})) {
				take(rfAge{0, 1, true})
			}
			continue
		case "first":
			if word(i+1) == "day" || (toks[min(i+1, len(toks)-1)].isNum && word(i+2) == "hour") {
				if e.aboutBabyAt(i) {
					take(rfAge{0, 1, true})
				}
			}
			continue
		case "day":
			// "day 4" of life, not "day 3 of antibiotics".
			if i+1 < len(toks) && toks[i+1].isNum && toks[i+1].clause == t.clause && word(i+2) != "of" &&
				word(i-1) != "a" && word(i-1) != "per" && (i == 0 || !toks[i-1].isNum) {
				n := toks[i+1].num
				take(rfAge{n, n, true})
			}
			continue
		}
		// "she's 1", "he is 2": a bare small number after "is" is years.
		if t.w == "#" && !t.dec && t.num >= 1 && t.num <= 4 && rfIn(word(i-1), []string{"shes", "hes", "is"}) &&
			(i+1 >= len(toks) || toks[i+1].clause != t.clause || rfIn(word(i+1), []string{"and", "but", "now", "so"})) {
			take(rfAge{365 * t.num, 365*t.num + 364, true})
			continue
		}
		n := t.num
		if !t.isNum {
			if t.w != "a" || !(word(i+2) == "old" || word(i+2) == "olds") {
				continue
			}
			n = 1 // "a week old"
		}
		if i+1 >= len(toks) {
			continue
		}
		unit := toks[i+1].w
		after, before := word(i+2), word(i-1)
		isAge := false
		switch {
		case unit == "wo" || unit == "yo":
			isAge = true
		case unit != "day" && unit != "week" && unit != "month" && unit != "hour" && unit != "year":
			continue
		case after == "old" || after == "olds" || after == "pp":
			isAge = true
		case rfIn(after, []string{"ago", "pregnant", "gestation", "gestational", "early", "premature", "prem", "weeker", "later", "of", "late"}):
			continue
		case before == "at" && (word(i-2) == "born" || word(i-3) == "born"):
			continue
		case rfIn(before, []string{"under", "than", "even"}):
			// "under 3 months", "less than 2 weeks"
			if r, ok := rfUnitRange(n, unit); ok {
				take(rfAge{0, r.min - 1, true})
			}
			continue
		case rfIn(before, []string{"is", "shes", "hes", "baby", "my", "our", "ebf", "ep", "ff", "combo", "at", "turned", "turns",
			"nearly", "almost", "just", "only", "about", "around", "now", "currently", "exactly", "aged", "age", "today",
			"newborn", "her", "his", "twins", "whos", "hes", "its"}):
			isAge = true
		case i == 0 && unit != "hour" && unit != "day":
			isAge = true // a terse opener: "6 weeks, temp 38.2"
		case i > 0 && toks[i-1].clause != t.clause && unit != "hour" &&
			(i+2 >= len(toks) || toks[i+2].clause != t.clause):
			isAge = true // a terse aside: "..., 10 days", "..., 6 weeks."
		}
		if !isAge {
			continue
		}
		if unit == "yo" || unit == "year" {
			continue // another child
		}
		if unit == "wo" {
			unit = "week"
		}
		if r, ok := rfUnitRange(n, unit); ok {
			take(r)
		}
	}
	if !best.known {
		best = weak
	}
	e.age = best
}

// aboutBabyAt is subjectOf for a token position.
func (e *rfEval) aboutBabyAt(i int) bool {
	s := e.subjectOf(i)
	return s == rfSubjBaby || s == rfSubjNone
}

// rfUnitRange turns "n unit" into a range of days.
func rfUnitRange(n float64, unit string) (rfAge, bool) {
	switch unit {
	case "hour":
		d := float64(int(n/24)) + 1
		if n <= 24 {
			return rfAge{0, 1, true}, true
		}
		return rfAge{d - 1, d, true}, true
	case "day":
		return rfAge{n, n, true}, true
	case "week":
		return rfAge{7 * n, 7*n + 6, true}, true
	case "month":
		return rfAge{30.4 * n, 30.4*n + 30, true}, true
	}
	return rfAge{}, false
}

// rfTemp is a body temperature in °C found at token at.
type rfTemp struct {
	c   float64
	at  int
	ctx bool // a temperature word or unit said so (not just a decimal)
}

// temperatures finds body temperatures: "38.4", "39c", "100.8F", "38
// degrees", "temp of 38", "fever 101". Numbers with other units (ml, oz,
// weeks) and room, bath or weather temperatures are not readings.
func (e *rfEval) temperatures() []rfTemp {
	toks := e.toks
	var out []rfTemp
	for i, t := range toks {
		if t.w != "#" {
			continue
		}
		v := t.num
		next := ""
		if i+1 < len(toks) && toks[i+1].clause == t.clause {
			next = toks[i+1].w
		}
		var c float64
		ctx := false
		switch {
		case next == "c":
			c, ctx = v, true
		case next == "f":
			c, ctx = rfFahrenheit(v), true
		case next == "deg":
			after := ""
			if i+2 < len(toks) {
				after = toks[i+2].w
			}
			c, ctx = v, true
			if after == "f" || (after != "c" && v >= 90) {
				c = rfFahrenheit(v)
			}
		case rfIsOtherUnit(next):
			continue // "38 weeks", "100 ml", "39 min"
		default:
			ctx = e.tempContext(i)
			switch {
			case v >= 34 && v <= 43 && (t.dec || ctx):
				c = v
			case v >= 93 && v <= 109 && (t.dec || ctx):
				c = rfFahrenheit(v)
			default:
				continue
			}
		}
		if c < 30 || c > 45 || e.environment(i) {
			continue
		}
		out = append(out, rfTemp{c: c, at: i, ctx: ctx})
	}
	return out
}

func rfFahrenheit(f float64) float64 { return (f - 32) * 5 / 9 }

// rfIsOtherUnit lists the words after a number that make it something other
// than a temperature ("38 weeks", "100 ml", "39 min").
func rfIsOtherUnit(w string) bool {
	switch w {
	case "ml", "mls", "oz", "ozs", "ounce", "ounces", "g", "gram", "grams", "gr", "kg", "kgs", "kilo", "kilos",
		"lb", "lbs", "pound", "pounds", "cm", "mm", "inch", "inches", "pct", "day", "week", "month", "year", "hour",
		"minute", "times", "time", "feed", "nappy", "wet", "wee", "poo", "am", "pm", "x", "wo", "yo", "old", "olds",
		"kcal", "cal", "calories", "second", "seconds", "sec", "secs", "bpm", "breaths", "percentile", "centile",
		"th", "st", "nd", "rd", "weeker", "people", "mg", "mcg", "iu", "units", "bottles", "sessions", "pumps":
		return true
	}
	return false
}

// tempContext reports a temperature word shortly before a number or right
// after it ("temp of 38", "38 temp").
func (e *rfEval) tempContext(i int) bool {
	toks := e.toks
	cl := toks[i].clause
	for j := i - 1; j >= 0 && j >= i-4 && toks[j].clause == cl; j-- {
		if rfIsTempWord(toks[j].w) {
			return true
		}
	}
	for j := i + 1; j < len(toks) && j <= i+2 && toks[j].clause == cl; j++ {
		if rfIsTempWord(toks[j].w) {
			return true
		}
	}
	return false
}

func rfIsTempWord(w string) bool {
	switch w {
	case "temp", "fever", "thermometer", "reading", "read", "reads", "registered", "spiked", "spiking",
		"running", "measured", "armpit", "underarm", "rectal", "rectally", "deg", "hot", "high":
		return true
	}
	return false
}

// environment reports a room, bath, milk or weather temperature near token i.
func (e *rfEval) environment(i int) bool {
	toks := e.toks
	cl := toks[i].clause
	for j := max(0, i-3); j < len(toks) && j <= i+3; j++ {
		if toks[j].clause != cl {
			continue
		}
		switch toks[j].w {
		case "outside", "weather", "room", "nursery", "house", "bath", "water", "milk", "bottle",
			"fridge", "freezer", "car", "heat", "summer", "heatwave", "bedroom", "formula", "shower", "indoors":
			return true
		}
	}
	return false
}

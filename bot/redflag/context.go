package redflag

// This file answers the questions every raw finding raises: whose is it,
// is it negated, is it only a hypothetical question, how old is the baby,
// and which numbers are temperatures.

// finding is one pattern match: tokens [start, end).
type finding struct {
	kind       findingKind
	start, end int
	gapNeg     bool // a skipped word was a negation ("lips are not blue")
}

// evaluation holds the per-message state of one Detect call.
type evaluation struct {
	toks  []token
	finds []finding
	age   ageRange
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

// window bounds how far sentence and clause scans reach from a finding:
// context further away in an unpunctuated wall of text is not context.
const window = 40

// markSubjects tags the words that say who a sentence is about. Pronouns
// take the kind of the last third-person noun ("my wife ... her temp" is the
// parent; "my son ... his temp" is the baby) and default to the baby.
func markSubjects(toks []token) {
	last := subjNone
	for i := range toks {
		var k subject
		switch w := toks[i].w; w {
		case "i", "im", "ive", "id", "me", "myself":
			k = subjParent
		case "my", "mine":
			if !babyAhead(toks, i) {
				k = subjParent
			}
		case "baby", "newborn":
			k = subjBaby
			if i > 0 && toks[i-1].subj == subjOther {
				k = subjOther // "my 3 year old son"
			}
			last = k
		case "babies":
			k = subjGeneric
			if i > 0 && oneOf(toks[i-1].w, []string{"my", "our", "the", "both", "twin"}) {
				k = subjBaby // "my babies" are twins
			}
			last = k
		case "mum", "wife":
			k, last = subjParent, subjParent
		case "husband", "toddler", "dog", "cat", "sister", "brother", "friend", "kids", "kid":
			k, last = subjOther, subjOther
		case "he", "she", "hes", "shes", "him", "her", "his", "hers", "herself", "himself":
			k = last
			if k == subjNone {
				k = subjBaby
			}
		case "old", "olds", "wo", "yo":
			if i > 0 {
				switch {
				case w == "yo" || toks[i-1].w == "year":
					k = subjOther
					if nursedChild(toks, i) {
						k = subjBaby // "1 year old still nursing"
					}
				case w == "wo" || toks[i-1].w == "day" || toks[i-1].w == "week" || toks[i-1].w == "month" || toks[i-1].w == "hour":
					k = subjBaby
				}
				if k != subjNone {
					last = k
				}
			}
		case "week", "month", "day":
			// "my 2mo has a fever": the unit stands for the baby.
			if i >= 2 && toks[i-1].isNum && (toks[i-2].w == "my" || toks[i-2].w == "our") &&
				(i+1 >= len(toks) || toks[i+1].w != "old") {
				k, last = subjBaby, subjBaby
			}
		}
		toks[i].subj = k
	}
}

// babyAhead reports whether "my" at i introduces the baby ("my 6 week
// old", "my little one", "my son") rather than the writer ("my temp").
func babyAhead(toks []token, i int) bool {
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
// subjNone means the text does not say.
func (e *evaluation) subjectOf(start int) subject {
	toks := e.toks
	if start >= len(toks) {
		return subjNone
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
	return subjNone
}

func (e *evaluation) indexSubjects() {
	n := len(e.toks)
	e.lastSubj = make([]int32, n)
	e.nextSubj = make([]int32, n)
	last := int32(-1)
	for i := 0; i < n; i++ {
		if e.toks[i].subj != subjNone {
			last = int32(i)
		}
		e.lastSubj[i] = last
	}
	next := int32(-1)
	for i := n - 1; i >= 0; i-- {
		if e.toks[i].subj != subjNone {
			next = int32(i)
		}
		e.nextSubj[i] = next
	}
}

// aboutBaby reports whether a finding is about the baby; an unstated
// subject counts as the baby, since that is who parents ask about.
func (e *evaluation) aboutBaby(f finding) bool {
	s := e.subjectOf(f.start)
	return s == subjBaby || s == subjNone
}

// aboutParent reports whether a finding is about the writer (or the nursing
// parent named in the third person); an unstated subject counts too.
func (e *evaluation) aboutParent(f finding) bool {
	s := e.subjectOf(f.start)
	return s == subjParent || s == subjNone
}

func isNegator(w string) bool {
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
func (e *evaluation) negated(f finding) bool {
	if f.gapNeg {
		return true
	}
	toks := e.toks
	h, cl := toks[f.start].hard, toks[f.start].clause
	for i, n := f.start-1, 0; i >= 0 && n < 6 && toks[i].hard == h; i, n = i-1, n+1 {
		t := toks[i]
		if isNegator(t.w) {
			return t.clause == cl || e.orListAfter(i)
		}
		if t.subj != subjNone || t.w == "and" {
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
func (e *evaluation) orListAfter(i int) bool {
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
func (e *evaluation) hypothetical(f finding, mentalHealth bool) bool {
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
func (e *evaluation) valid(f finding) bool {
	return !e.negated(f) && !e.hypothetical(f, false)
}

// has reports a valid finding of kind anywhere in the message.
func (e *evaluation) has(kind findingKind) bool {
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
func (e *evaluation) hasAny(kind findingKind) bool {
	for _, f := range e.finds {
		if f.kind == kind {
			return true
		}
	}
	return false
}

// hasInSentence reports a valid finding of kind near token i in its
// sentence.
func (e *evaluation) hasInSentence(kind findingKind, i int) bool {
	s := e.toks[i].sent
	for _, f := range e.finds {
		if f.kind == kind && e.toks[f.start].sent == s && f.start-i < window && i-f.start < window && e.valid(f) {
			return true
		}
	}
	return false
}

// clauseHas reports whether the clause of token i holds any of words
// within window of i.
func (e *evaluation) clauseHas(i int, words ...string) bool {
	cl := e.toks[i].clause
	return e.scanNear(i, func(t *token) bool { return t.clause == cl }, words)
}

// sentenceHas reports whether the sentence of token i holds any of words
// within window of i.
func (e *evaluation) sentenceHas(i int, words ...string) bool {
	s := e.toks[i].sent
	return e.scanNear(i, func(t *token) bool { return t.sent == s }, words)
}

func (e *evaluation) scanNear(i int, same func(*token) bool, words []string) bool {
	for j := i; j >= 0 && j > i-window && same(&e.toks[j]); j-- {
		if oneOf(e.toks[j].w, words) {
			return true
		}
	}
	for j := i + 1; j < len(e.toks) && j < i+window && same(&e.toks[j]); j++ {
		if oneOf(e.toks[j].w, words) {
			return true
		}
	}
	return false
}

// messageHas reports whether the message holds any of words.
func (e *evaluation) messageHas(words ...string) bool {
	for _, t := range e.toks {
		if oneOf(t.w, words) {
			return true
		}
	}
	return false
}

// nextWords reports whether any of the n tokens after end (same hard
// segment) is one of words.
func (e *evaluation) nextWords(end, n int, words ...string) bool {
	if end <= 0 || end > len(e.toks) {
		return false
	}
	h := e.toks[end-1].hard
	for j := end; j < len(e.toks) && j < end+n && e.toks[j].hard == h; j++ {
		if oneOf(e.toks[j].w, words) {
			return true
		}
	}
	return false
}

func oneOf(w string, words []string) bool {
	for _, x := range words {
		if w == x {
			return true
		}
	}
	return false
}

// hoursInSentence returns the largest "N hours" near token i in its
// sentence (0 when none): "no wet nappy for 9 hours", "hasn't fed in 6 hrs".
func (e *evaluation) hoursInSentence(i int) float64 {
	return e.unitNear(i, "hour", []string{"old", "olds", "ago"})
}

// daysInSentence returns the largest "N days" near token i in its sentence
// that is a duration ("no poo for 3 days"), not an age.
func (e *evaluation) daysInSentence(i int) float64 {
	return e.unitNear(i, "day", []string{"old", "olds", "pp"})
}

func (e *evaluation) unitNear(i int, unit string, not []string) float64 {
	s := e.toks[i].sent
	var v float64
	for j := max(0, i-window); j < len(e.toks) && j < i+window; j++ {
		t := e.toks[j]
		if t.sent != s || !t.isNum || j+1 >= len(e.toks) || e.toks[j+1].w != unit {
			continue
		}
		if j+2 < len(e.toks) && oneOf(e.toks[j+2].w, not) {
			continue
		}
		v = max(v, t.num)
	}
	return v
}

// ageRange is the baby's age in days, as far as the message says.
type ageRange struct {
	min, max float64
	known    bool
}

func (a ageRange) under3Months() bool { return a.known && a.max < 91 }
func (a ageRange) over3Months() bool  { return a.known && a.min >= 91 }

// nursedChild reports that the "N year old" (or "N yo") ending at token
// old is the child still being fed: one or two years old, in a message
// about feeding ("1 year old still nursing, temp 40.2"), not a sibling
// ("my 3 year old has a cold").
func nursedChild(toks []token, old int) bool {
	num := old - 1
	if toks[old].w != "yo" {
		num = old - 2
	}
	if num < 0 || !toks[num].isNum || toks[num].num > 2 || toks[num].num < 1 {
		return false
	}
	for _, t := range toks {
		if t.w == "feed" {
			return true
		}
	}
	return false
}

// nursedAge reports that the unit at token u ("year" of "1 year old", or
// "yo") gives the age of the child still being fed (see nursedChild).
func nursedAge(toks []token, u int) bool {
	if toks[u].w == "yo" {
		return nursedChild(toks, u)
	}
	return u+1 < len(toks) && oneOf(toks[u+1].w, []string{"old", "olds"}) && nursedChild(toks, u+1)
}

// parseAge finds the youngest stated age of a baby: "6 week old", "2mo",
// "10 days", "day 4", "EBF 6wk", "3 weeks pp", "newborn", "born this
// morning", "under 3 months". Durations ("for 3 weeks", "2 days ago"),
// gestations ("born at 36 weeks") and other children ("my 3 year old") are
// not ages.
func (e *evaluation) parseAge() {
	toks := e.toks
	best := ageRange{}
	weak := ageRange{}
	take := func(r ageRange) {
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
			weak = ageRange{0, 28, true}
			continue
		case "born":
			if oneOf(word(i+1), []string{"today", "yesterday", "tonight", "earlier"}) ||
				oneOf(word(i+2), []string{"morning", "night", "afternoon", "evening", "today"}) {
				take(ageRange{0, 1, true})
			}
			continue
		case "hour":
			// "within hours of being born", "a few hours after birth"
			if (i == 0 || !toks[i-1].isNum || toks[i-1].num <= 24) &&
				(oneOf(word(i+1), []string{"born", "birth"}) || oneOf(word(i+2), []string{"born", "birth"}) ||
					oneOf(word(i+3), []string{"born", "birth"})) {
				take(ageRange{0, 1, true})
			}
			continue
		case "first":
			if word(i+1) == "day" || (toks[min(i+1, len(toks)-1)].isNum && word(i+2) == "hour") {
				if e.aboutBabyAt(i) {
					take(ageRange{0, 1, true})
				}
			}
			continue
		case "day":
			// "day 4" of life, not "day 3 of antibiotics".
			if i+1 < len(toks) && toks[i+1].isNum && toks[i+1].clause == t.clause && word(i+2) != "of" &&
				word(i-1) != "a" && word(i-1) != "per" && (i == 0 || !toks[i-1].isNum) {
				n := toks[i+1].num
				take(ageRange{n, n, true})
			}
			continue
		}
		// "she's 1", "he is 2": a bare small number after "is" is years.
		if t.w == "#" && !t.dec && t.num >= 1 && t.num <= 4 && oneOf(word(i-1), []string{"shes", "hes", "is"}) &&
			(i+1 >= len(toks) || toks[i+1].clause != t.clause || oneOf(word(i+1), []string{"and", "but", "now", "so"})) {
			take(ageRange{365 * t.num, 365*t.num + 364, true})
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
		case oneOf(after, []string{"ago", "pregnant", "gestation", "gestational", "early", "premature", "prem", "weeker", "later", "of", "late"}):
			continue
		case before == "at" && (word(i-2) == "born" || word(i-3) == "born"):
			continue
		case oneOf(before, []string{"under", "than", "even"}):
			// "under 3 months", "less than 2 weeks"
			if r, ok := unitRange(n, unit); ok {
				take(ageRange{0, r.min - 1, true})
			}
			continue
		case oneOf(before, []string{"is", "shes", "hes", "baby", "my", "our", "ebf", "ep", "ff", "combo", "at", "turned", "turns",
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
			if nursedAge(toks, i+1) {
				take(ageRange{365 * n, 365*n + 364, true})
			}
			continue // another child, unless the one still fed
		}
		if unit == "wo" {
			unit = "week"
		}
		if r, ok := unitRange(n, unit); ok {
			take(r)
		}
	}
	if !best.known {
		best = weak
	}
	e.age = best
}

// aboutBabyAt is subjectOf for a token position.
func (e *evaluation) aboutBabyAt(i int) bool {
	s := e.subjectOf(i)
	return s == subjBaby || s == subjNone
}

// unitRange turns "n unit" into a range of days.
func unitRange(n float64, unit string) (ageRange, bool) {
	switch unit {
	case "hour":
		d := float64(int(n/24)) + 1
		if n <= 24 {
			return ageRange{0, 1, true}, true
		}
		return ageRange{d - 1, d, true}, true
	case "day":
		return ageRange{n, n, true}, true
	case "week":
		return ageRange{7 * n, 7*n + 6, true}, true
	case "month":
		return ageRange{30.4 * n, 30.4*n + 30, true}, true
	}
	return ageRange{}, false
}

// tempReading is a body temperature in °C found at token at.
type tempReading struct {
	c   float64
	at  int
	ctx bool // a temperature word or unit said so (not just a decimal)
}

// temperatures finds body temperatures: "38.4", "39c", "100.8F", "38
// degrees", "temp of 38", "fever 101". Numbers with other units (ml, oz,
// weeks) and room, bath or weather temperatures are not readings.
func (e *evaluation) temperatures() []tempReading {
	toks := e.toks
	var out []tempReading
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
			c, ctx = fahrenheit(v), true
		case next == "deg":
			after := ""
			if i+2 < len(toks) {
				after = toks[i+2].w
			}
			c, ctx = v, true
			if after == "f" || (after != "c" && v >= 90) {
				c = fahrenheit(v)
			}
		case isOtherUnit(next):
			continue // "38 weeks", "100 ml", "39 min"
		default:
			ctx = e.tempContext(i)
			switch {
			case v >= 34 && v <= 43 && (t.dec || ctx):
				c = v
			case v >= 93 && v <= 109 && (t.dec || ctx):
				c = fahrenheit(v)
			default:
				continue
			}
		}
		if c < 30 || c > 45 || e.environment(i) {
			continue
		}
		out = append(out, tempReading{c: c, at: i, ctx: ctx})
	}
	return out
}

func fahrenheit(f float64) float64 { return (f - 32) * 5 / 9 }

// isOtherUnit lists the words after a number that make it something other
// than a temperature ("38 weeks", "100 ml", "39 min").
func isOtherUnit(w string) bool {
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
func (e *evaluation) tempContext(i int) bool {
	toks := e.toks
	cl := toks[i].clause
	for j := i - 1; j >= 0 && j >= i-4 && toks[j].clause == cl; j-- {
		if isTempWord(toks[j].w) {
			return true
		}
	}
	for j := i + 1; j < len(toks) && j <= i+2 && toks[j].clause == cl; j++ {
		if isTempWord(toks[j].w) {
			return true
		}
	}
	return false
}

func isTempWord(w string) bool {
	switch w {
	case "temp", "fever", "thermometer", "reading", "read", "reads", "registered", "spiked", "spiking",
		"running", "measured", "armpit", "underarm", "rectal", "rectally", "deg", "hot", "high":
		return true
	}
	return false
}

// environment reports a room, bath, milk or weather temperature near token i.
func (e *evaluation) environment(i int) bool {
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

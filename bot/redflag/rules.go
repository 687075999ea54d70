package redflag

// The rules: which findings count, at which tier, under which topic. Each
// rule reads like the facts it comes from (../shared/content/facts.md,
// sections urgent-*); the non-urgent look-alikes (jaundice on day 4, the
// parent's fever, spit-up) are ruled out here.

// blueExclusions are words that make "blue" or "grey" about something
// other than the baby's colour ("nipple turned blue", "blue muslin", "her
// hands and feet go blue").
func blueExclusions() []string {
	return []string{"nipple", "breast", "hands", "feet", "fingers", "toes", "veins", "vein", "bruise",
		"eyes", "muslin", "onesie", "blanket", "dummy", "pacifier", "clothes", "outfit", "hat",
		"toy", "room", "light", "sleepsuit", "babygrow", "vest", "blues", "poo", "nappy", "wee", "line", "indicator",
		"blueberries", "blueberry", "berries", "dye", "crayon", "ink", "paint", "lolly", "sweets", "juice", "food",
		"photo", "photos", "picture", "pictures", "flash", "camera", "screen", "monitor"}
}

// nearHas reports whether any of words is within four tokens of a finding,
// in its clause and hard segment.
func (e *evaluation) nearHas(f finding, words []string) bool {
	cl, h := e.toks[f.start].clause, e.toks[f.start].hard
	for j := max(0, f.start-4); j < len(e.toks) && j < f.end+4; j++ {
		if e.toks[j].clause == cl && e.toks[j].hard == h && oneOf(e.toks[j].w, words) {
			return true
		}
	}
	return false
}

func (e *evaluation) evaluate() {
	breastCtx := e.has(kMastitis) || e.has(kBreastSymptom) || e.has(kAbscess) || e.has(kBlockedDuct) || e.has(kLumpBad) ||
		(e.has(kStreaks) && e.messageHas("breast", "nipple"))
	// A breast on antibiotics ("antibiotics for my breast") is a breast
	// infection even when the message names no symptom.
	treated := e.hasAny(kAntibiotics) && e.messageHas("breast", "nipple")
	breastCtx = breastCtx || treated
	infection := e.has(kMastitis) || e.has(kAbscess) || (e.has(kBreastSymptom) && e.hasAny(kAntibiotics)) || treated
	for _, f := range e.finds {
		switch f.kind {
		case kSuicide, kEndIt, kCantGoOn, kPsychosis, kNotCoping, kIntrusive, kHarmVerb, kHarmPhrase:
			e.mentalHealth(f)
			continue
		}
		if !e.valid(f) {
			continue
		}
		e.babyRule(f)
		e.breastRule(f, breastCtx, infection)
	}
	e.fever(breastCtx)
	e.wetNappyCounts()
	e.weightLoss()
}

// babyRule applies the baby's red flags (urgent-baby-illness and
// urgent-baby-feeding).
func (e *evaluation) babyRule(f finding) {
	toks := e.toks
	baby := e.aboutBaby(f)
	switch f.kind {
	case kBreathSevere:
		if baby && !e.notBreathTrouble(f) {
			e.flag(CareNow, TopicUrgentBabyIllness, "a baby struggling to breathe")
		}
	case kBreathFast:
		if baby && !e.sentenceHas(f.start, "periodic", "slow", "slower", "slows", "letdown", "gulping", "gulps",
			"oversupply", "choking", "spluttering", "splutters") {
			e.flag(CareToday, TopicUrgentBabyIllness, "fast or noisy, laboured breathing")
		}
	case kBlue:
		if baby && !e.nearHas(f, blueExclusions()) {
			e.flag(CareNow, TopicUrgentBabyIllness, "blue, grey or mottled lips or skin")
		}
	case kBlueVerb:
		verb := toks[f.start].w
		ok := baby
		if oneOf(verb, []string{"is", "was", "looks", "looked", "looking", "look", "seems", "seemed"}) {
			ok = f.start > 0 && toks[f.start-1].subj == subjBaby
		}
		if ok && !e.nearHas(f, blueExclusions()) {
			e.flag(CareNow, TopicUrgentBabyIllness, "blue, grey or mottled lips or skin")
		}
	case kPale:
		if baby && !e.clauseHas(f.start, "poo", "nappy", "wee", "milk", "nipple", "yellow", "mustard", "breast", "stool") {
			e.flag(CareNow, TopicUrgentBabyIllness, "a very pale baby")
		}
	case kFloppy:
		if baby && !e.nextWords(f.end, 1, "head", "neck", "ears", "ear", "nipple", "breast", "hat") &&
			!e.clauseHas(f.start, "nipple", "breast") {
			e.flag(CareNow, TopicUrgentBabyIllness, "a floppy baby")
		}
	case kUnresponsive:
		if !baby || e.clauseHas(f.start, "antibiotics", "treatment", "medicine", "medication", "calpol", "paracetamol") {
			return
		}
		if toks[f.start].w == "eyes" && e.clauseHas(f.start, "asleep", "sleep", "sleepy", "drunk", "tired", "drowsy", "falls", "falling", "dozing") {
			return // milk-drunk eyes rolling as she drifts off
		}
		e.flag(CareNow, TopicUrgentBabyIllness, "a baby who is unresponsive or very hard to wake")
	case kWakeObj, kWakeSubj:
		e.wakeRule(f)
	case kSeizure:
		if baby {
			e.flag(CareNow, TopicUrgentBabyIllness, "a seizure (fit)")
		}
	case kGreenVomit:
		if baby && !e.nextWords(f.end, 1, "poo", "nappy", "stool") {
			e.flag(CareNow, TopicUrgentBabyIllness, "green (bile) vomit")
		}
	case kBloodVomit:
		if !baby || e.messageHas("nipple") {
			return
		}
		if e.sentenceHas(f.start, "spitup") && !e.sentenceHas(f.start, "vomit") {
			e.flag(CareToday, TopicUrgentBabyIllness, "blood in a baby's spit-up")
			return
		}
		e.flag(CareNow, TopicUrgentBabyIllness, "blood in a baby's vomit")
	case kRashNB:
		if baby {
			e.flag(CareNow, TopicUrgentBabyIllness, "a rash that does not fade under a glass")
		}
	case kBulging:
		if baby {
			e.flag(CareNow, TopicUrgentBabyIllness, "a bulging soft spot (fontanelle)")
		}
	case kStiffNeck:
		if e.subjectOf(f.start) == subjBaby {
			e.flag(CareNow, TopicUrgentBabyIllness, "a stiff neck in a baby")
		}
	case kHighCry:
		if baby {
			e.flag(CareNow, TopicUrgentBabyIllness, "a weak or high-pitched cry")
		}
	case kProjectile:
		if baby && !e.age.over3Months() && !e.sentenceHas(f.start, "once") {
			e.flag(CareToday, TopicUrgentBabyIllness, "projectile vomiting in a young baby")
		}
	case kCantKeepDown:
		if baby {
			e.flag(CareToday, TopicUrgentBabyIllness, "a baby who cannot keep feeds down")
		}
	case kSunken, kDryMouth, kNoTears, kTented:
		if baby {
			e.flag(CareToday, TopicUrgentBabyFeeding, "signs of dehydration")
		}
	case kDehydrated:
		if baby && !e.hasAny(kHotWeather) {
			e.flag(CareToday, TopicUrgentBabyFeeding, "signs of dehydration")
		}
	case kNoWet:
		if h := e.hoursInSentence(f.start); baby && (h == 0 || h >= 6) {
			e.flag(CareToday, TopicUrgentBabyFeeding, "no wet nappies for hours")
		}
	case kDryNappy:
		if baby && !e.clauseHas(f.start, "skin", "rash", "bum", "cream", "area", "eczema", "night", "overnight") {
			e.flag(CareToday, TopicUrgentBabyFeeding, "dry or barely damp nappies")
		}
	case kDarkUrine:
		if baby {
			e.flag(CareToday, TopicUrgentBabyFeeding, "dark or strong-smelling wee")
		}
	case kBrickDust:
		colour := oneOf(toks[f.start].w, []string{"orange", "pink", "red"}) // "orange stain": only in a nappy
		if baby && e.age.known && e.age.min >= 4 && (!colour || e.messageHas("nappy", "wee")) {
			e.flag(CareToday, TopicUrgentBabyFeeding, "orange 'brick dust' in the nappy after the first days")
		}
	case kNoPoo:
		if !baby || !e.age.known || e.age.max > 42 {
			return
		}
		if e.daysInSentence(f.start) >= 1 || e.hoursInSentence(f.start) >= 24 ||
			e.sentenceHas(f.start, "yesterday", "today") {
			e.flag(CareToday, TopicUrgentBabyFeeding, "too few dirty nappies for a young baby")
		}
	case kMeconium:
		if baby && e.age.known && e.age.min >= 4 {
			e.flag(CareToday, TopicUrgentBabyFeeding, "no change from black meconium poo by day 4")
		}
	case kNoYellowPoo:
		if baby && e.age.known && e.age.min >= 5 && e.age.max <= 42 {
			e.flag(CareToday, TopicUrgentBabyFeeding, "no yellow poo by day 5")
		}
	case kPalePoo:
		if baby && !e.nextWords(f.end, 1, "yellow", "mustard", "green", "orange", "brown", "bits", "seeds",
			"curds", "specks", "flecks", "lumps", "spots", "mucus") {
			e.flag(CareToday, TopicUrgentBabyIllness, "pale or chalky poo")
		}
	case kBloodPoo:
		if baby && !e.clauseHas(f.start, "nipple") && !e.miniPeriod() {
			e.flag(CareToday, TopicUrgentBabyIllness, "blood in a baby's poo")
		}
	case kSleepyFeed:
		if baby && (!e.age.known || e.age.max <= 62) {
			e.flag(CareToday, TopicUrgentBabyFeeding, "a baby too sleepy to feed")
		}
	case kSleepsThrough:
		if baby && e.age.known && e.age.max <= 28 {
			e.flag(CareToday, TopicUrgentBabyFeeding, "a newborn sleeping through feeds")
		}
	case kNotFeeding:
		e.notFeedingRule(f)
	case kFeedCount:
		n := -1.0
		for j := f.start; j < f.end; j++ {
			if toks[j].isNum {
				n = toks[j].num
			}
		}
		if baby && n >= 0 && n < 6 && e.age.known && e.age.max <= 28 {
			e.flag(CareToday, TopicUrgentBabyFeeding, "too few feeds for a newborn")
		}
	case kLosingWeight:
		// "keeps losing" must be about weight ("keeps losing suction" is a
		// latch question).
		if !e.sentenceHas(f.start, "weight", "birthweight", "grams", "g", "ounces", "oz", "kg", "pct", "weighed", "weigh") {
			return
		}
		if e.subjectOf(f.start) == subjBaby && (!e.age.known || e.age.min >= 7) {
			e.flag(CareToday, TopicUrgentBabyFeeding, "a baby who is losing weight")
		}
	case kJaundice:
		e.jaundiceRule(f)
	}
}

// wakeRule: a baby who cannot be woken is an emergency; one who will not
// wake for feeds needs a call today (if young); one who no longer wakes at
// night is usually just sleeping.
func (e *evaluation) wakeRule(f finding) {
	toks := e.toks
	if f.kind == kWakeSubj && f.start > 0 && oneOf(toks[f.start-1].w, []string{"do", "to", "should", "shall", "must", "better", "please", "not", "dont"}) {
		return // "do not wake a sleeping baby", "try not to wake her"
	}
	baby := f.kind == kWakeObj || e.nextWords(f.end, 2, "him", "her", "baby", "them", "newborn")
	if !baby {
		s := e.subjectOf(f.start)
		baby = s == subjBaby || s == subjNone
	}
	if !baby {
		return
	}
	feedCtx := e.nextWords(f.end, 5, "feed", "milk", "bottle", "bottles") ||
		(f.kind == kWakeSubj && e.sentenceHas(f.start, "feed", "milk", "bottle") && !e.sentenceHas(f.start, "all", "properly", "even"))
	switch {
	case feedCtx:
		if !e.age.known || e.age.max <= 62 {
			e.flag(CareToday, TopicUrgentBabyFeeding, "a baby who will not wake for feeds")
		}
	case e.nextWords(f.end, 5, "night", "nights", "overnight", "morning", "am", "pm", "early", "anymore",
		"much", "often", "every", "until", "till", "before", "sleep", "nap", "naps", "through", "asleep", "hour", "#"):
		if e.age.known && e.age.max <= 28 {
			e.flag(CareToday, TopicUrgentBabyFeeding, "a newborn who does not wake for feeds")
		}
	default:
		e.flag(CareNow, TopicUrgentBabyIllness, "a baby who is unresponsive or very hard to wake")
	}
}

// notFeedingRule: a young baby who will not feed, or has not fed for many
// hours, needs a call today. Refusing one breast, a nursing strike, or "not
// feeding well" are feeding questions, not red flags.
func (e *evaluation) notFeedingRule(f finding) {
	toks := e.toks
	if !e.aboutBaby(f) {
		return
	}
	if e.nextWords(f.end, 3, "breast", "nipple", "side", "left", "right", "well", "properly", "long", "much",
		"enough", "often", "unless", "without", "public", "position", "lying", "latch", "shield", "from", "lol",
		"minute", "each") {
		return
	}
	if toks[f.start].w == "stopped" && e.sentenceHas(f.start, "minute", "ago", "back", "again", "regret") {
		return // "stopped after 5 minutes"; "stopped bf 6 weeks ago, can I get my milk back"
	}
	if e.hasAny(kBottleStrike) {
		return
	}
	if e.sentenceHas(f.start, "works", "helps", "rocking", "settle", "settles", "soothe", "calm") {
		return // "nothing works, not rocking, not feeding": soothing, not refusal
	}
	if h := e.hoursInSentence(f.start); h > 0 {
		limit := 6.0
		switch {
		case e.age.known && e.age.max <= 28:
			limit = 4
		case e.age.over3Months():
			limit = 10
		}
		if h >= limit {
			e.flag(CareToday, TopicUrgentBabyFeeding, "a baby who has not fed for many hours")
		}
		return
	}
	if e.age.over3Months() || (!e.age.known && e.hasAny(kOlder)) {
		if e.has(kFever) || e.has(kSleepyAdj) || e.has(kIllBaby) {
			e.flag(CareToday, TopicUrgentBabyIllness, "a baby who is unwell and not feeding")
		}
		return
	}
	e.flag(CareToday, TopicUrgentBabyFeeding, "a baby who is not feeding")
}

// jaundiceRule: yellow skin in the first 24 hours needs a check straight
// away (the Threshold table's tier); later
// jaundice counts only when it deepens or spreads, or the baby is sleepy or
// feeding poorly.
func (e *evaluation) jaundiceRule(f finding) {
	if !e.aboutBaby(f) || e.clauseHas(f.start, "poo", "nappy", "wee", "stool", "milk", "colostrum", "vomit",
		"spitup", "discharge", "mucus", "snot", "bile", "pus", "nipple", "breast", "teeth", "crust", "gunk", "sick") {
		return
	}
	if e.age.known && e.age.max <= 1 {
		// The Threshold table (row 7): seen within 2 hours, a same-day
		// tier; the emergency signs with it are flagged on their own.
		e.flag(e.thresholds().JaundiceFirstDay, TopicUrgentBabyIllness, "yellow skin (jaundice) in the first 24 hours")
		return
	}
	if e.sentenceHas(f.start, "make", "makes", "cause", "causes") {
		return // "does breastfeeding make jaundice worse": a question, not a sign
	}
	if e.hasInSentence(kJaundiceBad, f.start) {
		e.flag(CareToday, TopicUrgentBabyIllness, "jaundice that is deepening or spreading")
		return
	}
	if e.has(kSleepyAdj) || e.has(kSleepyFeed) || e.has(kNotFeeding) || e.has(kWakeSubj) || e.has(kWakeObj) {
		e.flag(CareToday, TopicUrgentBabyIllness, "jaundice in a baby who is sleepy or not feeding well")
	}
}

// breastRule applies the parent's breast red flags (urgent-parent-breast).
// Mastitis itself, a blocked duct, a red patch with flu-like aches and
// chills are the mastitis article, not a red flag.
func (e *evaluation) breastRule(f finding, breastCtx, infection bool) {
	switch f.kind {
	case kStreaks:
		if e.clauseHas(f.start, "spit", "spat", "spitup", "sick", "vomit", "poo", "nappy", "milk", "wee", "stool") {
			return // streaks in spit-up or a nappy are not on the breast
		}
		if breastCtx || e.messageHas("breast", "nipple") {
			e.flag(CareToday, TopicUrgentParentBreast, "red streaks spreading from the breast")
		}
	case kSpreadFast:
		if breastCtx {
			e.flag(CareNow, TopicUrgentParentBreast, "redness spreading fast on the breast")
		}
	case kAbscess:
		if e.subjectOf(f.start) != subjBaby || breastCtx {
			e.flag(CareToday, TopicUrgentParentBreast, "a possible breast abscess")
		}
	case kPus:
		if e.sentenceHas(f.start, "breast", "nipple", "lump") {
			e.flag(CareToday, TopicUrgentParentBreast, "pus from the breast or nipple")
		}
	case kLumpFluid:
		if breastCtx && e.sentenceHas(f.start, "lump", "lumps", "swelling", "abscess") {
			e.flag(CareToday, TopicUrgentParentBreast, "a breast lump that may be an abscess")
		}
	case kLumpBad:
		if breastCtx {
			e.flag(CareToday, TopicUrgentParentBreast, "a breast lump that may be an abscess")
		}
	case kWorse:
		if infection && !e.nextWords(f.end, 1, "when", "during", "while", "if") {
			e.flag(CareToday, TopicUrgentParentBreast, "mastitis that is getting worse")
		}
	case kNotBetter:
		if infection && e.aboutParent(f) {
			e.flag(CareToday, TopicUrgentParentBreast, "mastitis that is not getting better")
		}
	case kStill:
		if infection && e.sentenceHas(f.start, "antibiotics") && e.nextWords(f.end, 3, "red", "sore", "hot", "hard",
			"painful", "there", "have", "got", "swollen", "burning", "lump", "fever", "temp", "not", "hurts", "hurting", "bad") {
			e.flag(CareToday, TopicUrgentParentBreast, "mastitis that is not better on antibiotics")
		}
	case kRigors:
		if breastCtx && e.aboutParent(f) {
			e.flag(CareToday, TopicUrgentParentBreast, "shivering or shaking with a breast infection")
		}
	case kVeryUnwell:
		if breastCtx && e.aboutParent(f) && !e.nextWords(f.end, 1, "of") {
			e.flag(CareToday, TopicUrgentParentBreast, "feeling very unwell with a breast infection")
		}
	case kFaint:
		if breastCtx && e.aboutParent(f) {
			e.flag(CareNow, TopicUrgentParentBreast, "fainting with a breast infection (possible sepsis)")
		}
	case kBreathSevere, kBlue:
		if breastCtx && e.subjectOf(f.start) == subjParent {
			e.flag(CareNow, TopicUrgentParentBreast, "breathing trouble or blue lips with a breast infection (possible sepsis)")
		}
	}
}

// notBreathTrouble reports a breathing finding that is none: "can't
// breathe through her nose" is a blocked nose, "stops breathing through
// her nose when feeding" a fast letdown, "not breathing fast" a denial.
func (e *evaluation) notBreathTrouble(f finding) bool {
	w := e.toks[f.start].w
	if oneOf(w, []string{"cant", "not", "stops", "stopped"}) && e.nextWords(f.end, 4, "nose", "nostril", "nostrils") {
		return true
	}
	return w == "not" && e.nextWords(f.end, 1, "fast", "quickly", "rapidly", "heavily", "hard")
}

// miniPeriod reports a newborn girl's "mini period" from the mother's
// hormones, which is not blood in the poo.
func (e *evaluation) miniPeriod() bool {
	return e.messageHas("hormones", "hormone", "vagina", "period")
}

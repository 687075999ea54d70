package redflag

// The parent's mental-health rules (urgent-parent-mental-health). A
// disclosure is never dismissed as hypothetical, and a negated one ("I'm not
// suicidal, but...") still earns a same-day suggestion rather than silence.

func (e *evaluation) mentalHealth(f finding) {
	if f.kind == kHarmVerb {
		e.harmRule(f)
		return
	}
	if f.kind == kHarmPhrase {
		// "I want to put a pillow over his face": the verb is the anchor.
		agent, intent, fear, neg, thoughts := e.scanAgent(f.start)
		switch {
		case !agent:
		case neg || (fear && !intent):
			e.flag(CareToday, TopicUrgentMentalHealth, "frightening thoughts about harming the baby")
		case intent || thoughts:
			e.flag(CareNow, TopicUrgentMentalHealth, "thoughts of harming the baby")
		}
		return
	}
	if e.hypothetical(f, true) {
		return
	}
	negated := e.negated(f)
	switch f.kind {
	case kEndIt:
		if negated {
			return
		}
		// "end it all" is never about feeding; "just end it" may be
		// ("should I just end it and switch to formula").
		if e.toks[f.end-1].w != "all" && e.sentenceHas(f.start, "feed", "formula", "pump", "pumping", "bottle", "wean", "weaning",
			"breast", "milk", "supply", "relationship", "marriage") {
			return
		}
		e.flag(CareNow, TopicUrgentMentalHealth, "thoughts of ending your life")
	case kSuicide:
		if e.nextWords(f.end, 1, "of", "laughing") {
			return // "wanted to die of embarrassment"
		}
		if negated {
			e.flag(CareToday, TopicUrgentMentalHealth, "dark thoughts about yourself")
			return
		}
		e.flag(CareNow, TopicUrgentMentalHealth, "thoughts of suicide or self-harm")
	case kCantGoOn:
		if negated {
			return
		}
		if e.nextWords(f.end, 2, "like", "this", "way") {
			e.flag(CareToday, TopicUrgentMentalHealth, "not coping")
			return
		}
		e.flag(CareNow, TopicUrgentMentalHealth, "feeling you can't go on")
	case kPsychosis:
		if !negated {
			e.flag(CareNow, TopicUrgentMentalHealth, "hearing or seeing things that aren't there")
		}
	case kNotCoping:
		if negated || e.feedingComplaint(f) {
			return
		}
		e.flag(CareToday, TopicUrgentMentalHealth, "not coping")
	case kIntrusive:
		if !negated {
			e.flag(CareToday, TopicUrgentMentalHealth, "frightening intrusive thoughts")
		}
	}
}

// feedingComplaint recognises "can't cope with the pain", "hopeless at
// latching" and "my nipples feel numb": distress about a feeding problem,
// which the guide answers, not a mental-health red flag.
func (e *evaluation) feedingComplaint(f finding) bool {
	toks := e.toks
	last := toks[f.end-1].w
	switch {
	case last == "hopeless":
		return e.nextWords(f.end, 1, "at", "with")
	case last == "numb":
		return e.clauseHas(f.start, "nipple", "breast", "hand", "hands", "arm", "arms", "leg", "legs", "feet", "fingers", "back")
	case last == "cope" || last == "coping":
		return e.nextWords(f.end, 1, "with") && e.nextWords(f.end+1, 3, "pain", "nipple", "cluster", "feed",
			"night", "engorgement", "latch", "latching", "pump", "pumping", "sore", "supply", "oversupply", "letdown", "reflux", "colic", "crying")
	}
	return false
}

// harmRule reads a harm verb ("hurt", "smother", "shake"). It counts only
// when its object is the baby or the writer ("hurt him", "hurt myself") and
// the writer is the one acting ("I want to", "thoughts of", "I'm scared
// I'll"): "will ibuprofen hurt the baby" has no such agent.
func (e *evaluation) harmRule(f finding) {
	toks := e.toks
	v := f.start
	verb := toks[v].w
	j := v + 1
	for j < len(toks) && toks[j].clause == toks[v].clause && oneOf(toks[j].w, []string{"the", "my", "our", "little", "poor", "own", "precious", "sweet", "tiny"}) {
		j++
	}
	if j >= len(toks) || toks[j].clause != toks[v].clause {
		return
	}
	obj := toks[j]
	self := obj.w == "myself" || ((obj.w == "herself" || obj.w == "himself") && obj.subj == subjParent)
	babyObj := obj.subj == subjBaby || obj.w == "baby" || obj.w == "newborn"
	if !self && !babyObj {
		return
	}
	after := ""
	if j+1 < len(toks) && toks[j+1].clause == obj.clause {
		after = toks[j+1].w
	}
	agent, intent, fear, neg, thoughts := e.scanAgent(v)
	if !agent && !self {
		return
	}
	acting := false // "might", "going to", "snap": about acting
	for i := max(0, v-6); i < v; i++ {
		if toks[i].hard == toks[v].hard && oneOf(toks[i].w, []string{"might", "going", "gonna", "could", "snap",
			"lose", "losing", "control", "will", "may"}) {
			acting = true
		}
	}
	if self {
		switch {
		case (verb == "cut" || verb == "hurt") && oneOf(after, []string{"on", "with", "while", "shaving", "cooking", "accidentally", "by", "when", "lifting"}):
			return
		case neg:
			e.flag(CareToday, TopicUrgentMentalHealth, "dark thoughts about yourself")
		case fear && verb != "kill" && verb != "killing":
			e.flag(CareToday, TopicUrgentMentalHealth, "frightening thoughts about harming yourself")
		case intent || thoughts || oneOf(verb, []string{"harm", "harming", "hurting", "cutting", "kill", "killing"}):
			e.flag(CareNow, TopicUrgentMentalHealth, "thoughts of suicide or self-harm")
		}
		return
	}
	if oneOf(after, []string{"by", "feelings", "nails", "nail", "fingernails", "fingernail", "toenails", "toenail", "hair", "head", "finger", "fingers", "toes", "skin",
		"mouth", "nose", "gums", "face", "arm", "arms", "leg", "legs", "foot", "hand", "hands", "lip", "lips", "tongue",
		"eye", "eyes", "ear", "ears", "bottom", "bum", "cord", "nappy", "clothes", "tummy", "back", "neck"}) ||
		e.sentenceHas(v, "accidentally") {
		return // "hurt her by stopping", "cut her nails", "hit her head"
	}
	if (verb == "hurt" || verb == "hurting") && !thoughts && e.sentenceHas(v, "nails", "nail", "bath", "bathing",
		"clip", "clipping", "carry", "carrying", "latch", "feed", "burp", "burping", "swaddle", "swaddling", "sling",
		"car", "seat", "stairs", "pump", "weaning", "formula", "bottle") {
		return // worry about hurting her during care, not about harming her
	}
	past := oneOf(verb, []string{"shook", "threw", "hit", "smacked", "slapped"})
	drop := verb == "drop" || verb == "dropping"
	switch {
	case neg:
		e.flag(CareToday, TopicUrgentMentalHealth, "frightening thoughts about harming the baby")
	case fear && !drop && !thoughts && acting:
		// "scared I'm going to snap and hurt her": afraid of acting, not
		// of an unwanted image.
		e.flag(CareNow, TopicUrgentMentalHealth, "fear of harming the baby")
	case fear:
		e.flag(CareToday, TopicUrgentMentalHealth, "frightening thoughts about harming the baby")
	case drop:
		// dropping the baby is an intrusive fear, never an intent
	case intent || thoughts || past:
		e.flag(CareNow, TopicUrgentMentalHealth, "thoughts of harming the baby")
	default:
		e.flag(CareToday, TopicUrgentMentalHealth, "frightening thoughts about harming the baby")
	}
}

// scanAgent walks back from a harm verb over the words that can sit between
// "I" and the verb ("I'm scared I might", "I keep having thoughts of") and
// reports whether the writer is the one acting, and with what stance.
func (e *evaluation) scanAgent(v int) (agent, intent, fear, neg, thoughts bool) {
	toks := e.toks
	h := toks[v].hard
	mark := func(w string) {
		switch w {
		case "want", "wanted", "wanting", "wanna", "going", "gonna", "tempted", "could", "might", "will", "may", "urge", "urges",
			"think", "thinking", "planning", "plan", "ill", "id", "talking", "talks", "talked", "says", "said", "saying",
			"feel", "felt", "feeling":
			intent = true
		case "scared", "afraid", "terrified", "worried", "worry", "frightened", "fear", "fearful", "scary", "horrible",
			"awful", "terrible", "imagine", "imagining", "picturing", "picture", "if", "intrusive", "unwanted",
			"disturbing", "random", "weird", "panic", "anxious", "anxiety", "nightmares":
			fear = true
		case "never", "not", "cant", "wont":
			neg = true
		}
	}
	allowed := []string{"want", "wanted", "wanna", "feel", "felt", "feeling", "like", "am", "going", "gonna", "to", "keep",
		"kept", "keeps", "could", "might", "will", "would", "have", "had", "having", "get", "getting", "got", "of", "about",
		"scared", "afraid", "terrified", "worried", "worry", "frightened", "fear", "fearful", "scary", "horrible", "awful",
		"terrible", "dark", "bad", "tempted", "never", "not", "cant", "wont", "also", "just", "really", "sometimes", "almost",
		"nearly", "actually", "think", "thinking", "imagine", "imagining", "picturing", "been", "be", "what", "if", "that",
		"so", "too", "constantly", "these", "those", "random", "weird", "unwanted", "evil", "violent", "disturbing", "may",
		"urge", "urges", "ill", "id", "planning", "plan", "thoughts", "thought", "images", "image", "impulse", "impulses",
		"visions", "fantasies", "intrusive", "pictures", "and", "or", "even", "literally", "seriously", "start", "started",
		"sometimes", "keep", "panic", "anxious", "anxiety", "nightmares", "dreams", "dream", "about", "someday", "one", "day",
		"talking", "talks", "talked", "says", "said", "saying", "is", "was", "been", "keeps", "snap", "snapping",
		"lose", "losing", "control", "temper", "lash", "lashing", "out", "put", "putting", "hold", "holding",
		"wanting", "flash", "flashes", "moment", "moments", "second", "split", "sudden", "a"}
	for i, n := v-1, 0; i >= 0 && n < 8 && toks[i].hard == h; i, n = i-1, n+1 {
		w := toks[i].w
		if oneOf(w, []string{"i", "im", "ive", "id", "ill", "me", "myself"}) || toks[i].subj == subjParent {
			agent = true
			mark(w)
			// "I'm scared that I might": read a few words before "I" too.
			for k, m := i-1, 0; k >= 0 && m < 4 && toks[k].hard == h; k, m = k-1, m+1 {
				mark(toks[k].w)
			}
			return
		}
		if oneOf(w, []string{"thoughts", "thought", "urge", "urges", "images", "image", "impulse", "impulses", "visions",
			"fantasies", "intrusive", "pictures", "nightmares", "dreams", "dream"}) {
			agent, thoughts = true, true
		}
		if !oneOf(w, allowed) {
			return
		}
		mark(w)
	}
	return
}

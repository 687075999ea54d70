// Package redflag recognises urgent situations in a parent's message with
// rules, independently of the search index, so the engine can lead a reply
// with "get care now" (or "contact your midwife, health visitor or doctor
// today") and a crisis reply never depends on ranking. It reads numbers with
// units (38.5 C, 100.8 F, 3.18 kg), ages, negations ("no fever"), whose
// symptom it is (the baby, the parent, someone else) and figures of speech
// ("dying to know"); see Detector for the rules and the judgement calls.
package redflag

import "strings"

// Tier is how urgent a red flag is.
type Tier int

const (
	// NoFlag: nothing alarming was recognised.
	NoFlag Tier = iota
	// CareToday: contact a midwife, health visitor or doctor today.
	CareToday
	// CareNow: call an emergency number or go to hospital now.
	CareNow
)

// String names the tier as the case tables and logs spell it.
func (t Tier) String() string {
	switch t {
	case CareToday:
		return "today"
	case CareNow:
		return "now"
	}
	return "none"
}

// The urgent guide topics a red flag points to.
const (
	TopicUrgentBabyFeeding  = "urgent-baby-feeding"
	TopicUrgentBabyIllness  = "urgent-baby-illness"
	TopicUrgentParentBreast = "urgent-parent-breast"
	TopicUrgentMentalHealth = "urgent-parent-mental-health"
)

// Flag is what the detector recognised in a message.
type Flag struct {
	Tier Tier
	// Topic is the urgent guide topic to show (e.g. "urgent-baby-illness").
	Topic string
	// Reason is a short plain phrase naming what was recognised, shown to
	// the parent ("a fever in a baby under 3 months").
	Reason string
}

// Detector recognises urgent situations in a parent's message with
// rules, independently of the search index, so a crisis reply never depends
// on ranking.
//
// How a message is read: it is lowercased, apostrophes and odd symbols are
// dropped, and every word is rewritten to a canonical spelling (fevor,
// feaver -> fever; temperature, temp -> temp; diaper -> nappy; breathin ->
// breathing; one typo away from a long keyword counts too). Two-word
// phrases merge ("soft spot" -> fontanelle). Then a table of small word
// patterns (patterns.yaml) finds raw findings, and the rules decide
// which of them count:
//
//   - Negation: "no fever", "not blue", "isn't floppy", "without a
//     temperature", "lips aren't blue", "fever free" cancel a finding. A
//     negation does not reach past "but", a new subject or "and" ("no fever
//     and she is floppy" still flags floppy).
//   - Whose: a finding belongs to the nearest subject (the baby, "I"/"my",
//     "my wife", "my toddler"). A fever in the parent is maternal illness,
//     not urgent, unless it comes with a breast infection and is high
//     (38.5 °C / 101.3 °F or more, or called high) or with rigors or
//     feeling very unwell. An unstated subject is taken to be the baby,
//     except for a fever in a message about the parent's breast or a cold,
//     flu or covid.
//   - Age: "6 week old", "2mo", "10 days", "day 4", "EBF 6wk", "newborn",
//     "born this morning". A fever (38 °C / 100.4 °F or more; bare numbers
//     like "38.4", "temp of 39", "100.8F") is CareNow under 3 months
//     (CareToday within 48 h of vaccinations), CareToday when the age is not
//     stated, and for an older baby only CareToday with other worrying signs
//     or 39 °C+ at 3-6 months. Yellow skin is CareNow only in the first 24
//     hours; later it is jaundice, flagged only when deepening or with a
//     sleepy or poorly feeding baby. Wet-nappy counts are compared with the
//     expected number for the age.
//   - Questions about warning signs in general ("what are the signs of
//     dehydration", "when should I worry about jaundice", "if she ever gets
//     a fever") are not flagged: they describe no present situation, and the
//     search still routes them to the urgent article. A clause that
//     describes something now ("she has a dry mouth") is flagged even in a
//     message that also asks a question. "Should I worry, she's 38.5" and
//     "what should I do if my baby is not feeding" are descriptions: only
//     impersonal or future conditionals ("what to do if", "if he ever
//     gets") and plural babies in general count as general questions. A
//     measured temperature is never hypothetical. Mental-health statements are suppressed only by "signs
//     of" and "what is": a disclosure is never treated as hypothetical.
//   - Figures of speech do not count: "dying to know", "I'd kill for a
//     coffee", "my nipples are killing me", "dead tired", "baby blues",
//     "blue muslin", "hot weather", "feeling blue". Harm to the baby counts
//     only with the writer as the one acting ("I want to hurt him", "thoughts
//     of smothering her"), never "will ibuprofen hurt the baby" or "hurt
//     her when I cut her nails". Frightening unwanted thoughts ("scared I'll
//     drop her", "intrusive thoughts", "horrible images of him getting
//     hurt", "I'd never hurt her but...") are CareToday; intent, thoughts of
//     harming, fear of acting ("scared I'm going to snap and hurt her"),
//     suicidal thoughts, "want to die", "can't go on" and hearing voices are
//     CareNow. "I can't go on like this" and "not coping" are CareToday (but
//     not "can't cope with the pain of cluster feeding", which is a feeding
//     question).
//   - Babies in general ("is it normal for newborns to go blue around the
//     mouth when they cry") are a question, not a description: plural
//     "babies", "newborns" are not this baby (but "my babies" are twins).
//
// When several findings count, the highest tier wins; within a tier the
// parent's mental health comes first, then the baby's illness, feeding, and
// the parent's breast.
//
// A Detector is immutable after New and safe for
// concurrent use. Detect takes a few microseconds for a chat message (tens
// for 2 KB), allocates little and is linear in the text: every rule looks at
// most window words around a finding. It reads at most the first 16 KB.
type Detector struct {
	// lex maps every known spelling to its canonical word, the patterns
	// that start with it and whether it starts a two-word phrase: one map
	// lookup per word of a message.
	lex      map[string]*lexEntry
	bigram   map[[2]string]string
	fuzzy    map[fuzzyKey][]string // keywords by length and first letter
	patterns []rulePattern
	numPats  []int32 // patterns that start with a number
	// canon and index are the construction-time tables lex is built from.
	canon map[string]string
	index map[string][]int32
	// lexicon is the curated crisis lexicon (lexicon.yaml), th the
	// Threshold table, model the optional second signal.
	lexicon *Lexicon
	th      *Thresholds
	model   Model
}

// lexEntry is one entry of the lexicon.
type lexEntry struct {
	w      string
	pats   []int32
	bigram bool
}

type fuzzyKey struct {
	n     int
	first byte
}

// New compiles the vocabulary and the pattern table. It
// panics only if the built-in tables are malformed, which the tests rule
// out.
func New() *Detector {
	d, err := NewWith(Options{})
	if err != nil {
		panic(err)
	}
	return d
}

func newRedFlagDetector() (*Detector, error) {
	d := &Detector{
		canon:  make(map[string]string, 1024),
		bigram: make(map[[2]string]string, 64),
	}
	parseTable(vocabFile("canon.txt"), func(key, w string) {
		d.canon[w] = key
		d.canon[key] = key
	})
	for _, line := range strings.Split(vocabFile("bigrams.txt"), "\n") {
		phrase, to, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		to = strings.TrimSpace(to)
		ws := strings.Fields(phrase)
		switch len(ws) {
		case 1:
			d.canon[ws[0]] = to
		case 2:
			d.bigram[[2]string{d.canonical(ws[0]), d.canonical(ws[1])}] = to
		}
	}
	d.fuzzy = make(map[fuzzyKey][]string)
	for _, kw := range fuzzyKeywords() {
		if _, ok := d.canon[kw]; !ok {
			d.canon[kw] = kw
		}
		k := fuzzyKey{len(kw), kw[0]}
		d.fuzzy[k] = append(d.fuzzy[k], kw)
	}
	classes := make(map[string][]string)
	parseTable(vocabFile("classes.txt"), func(key, w string) {
		classes[key] = append(classes[key], d.canonical(w))
	})
	if err := d.compilePatterns(classes); err != nil {
		return nil, err
	}
	d.buildLexicon()
	return d, nil
}

// buildLexicon folds the spelling table, the pattern index and the bigram
// starters into one map, with one shared entry per canonical word.
func (d *Detector) buildLexicon() {
	byCanon := make(map[string]*lexEntry)
	entry := func(c string) *lexEntry {
		if e, ok := byCanon[c]; ok {
			return e
		}
		e := &lexEntry{w: c, pats: d.index[c]}
		byCanon[c] = e
		return e
	}
	d.lex = make(map[string]*lexEntry, len(d.canon)+len(d.index))
	for raw, c := range d.canon {
		d.lex[raw] = entry(c)
	}
	for w := range d.index {
		if _, ok := d.lex[w]; !ok && w != "#" {
			d.lex[w] = entry(w)
		}
	}
	for k, to := range d.bigram {
		if _, ok := d.lex[k[0]]; !ok {
			d.lex[k[0]] = entry(k[0])
		}
		d.lex[k[0]].bigram = true
		if _, ok := d.lex[to]; !ok {
			d.lex[to] = entry(to)
		}
	}
	d.numPats = d.index["#"]
}

// Detect returns the most urgent red flag in a message (see DetectAll). The
// zero Flag (NoFlag) means nothing urgent was recognised. Safe for
// concurrent use.
func (d *Detector) Detect(text string) Flag {
	if all := d.DetectAll(text); len(all) > 0 {
		return all[0]
	}
	return Flag{}
}

// Detect is the slow path for tests and one-off tools: it compiles a
// new Detector for every call. The engine keeps one detector and
// calls Detect.
func Detect(text string) Flag {
	return New().Detect(text)
}

// findAll runs every pattern whose first word matches at each token.
func (e *evaluation) findAll(d *Detector) {
	for i, t := range e.toks {
		if t.lx != nil {
			e.tryPatterns(d, t.lx.pats, i)
		}
		if t.isNum {
			e.tryPatterns(d, d.numPats, i)
		}
	}
}

func (e *evaluation) tryPatterns(d *Detector, ids []int32, i int) {
	for _, id := range ids {
		p := &d.patterns[id]
		if p.before != nil && (i == 0 || e.toks[i-1].clause != e.toks[i].clause || !oneOf(e.toks[i-1].w, p.before)) {
			continue
		}
		gapNeg := false
		end, ok := matchElems(p.elems, e.toks, i, e.toks[i].clause, &gapNeg)
		if !ok {
			continue
		}
		dup := false
		for k := len(e.finds) - 1; k >= 0 && e.finds[k].start == i; k-- {
			if e.finds[k].kind == p.kind {
				dup = true
				break
			}
		}
		if !dup {
			e.finds = append(e.finds, finding{kind: p.kind, start: i, end: end, gapNeg: gapNeg})
		}
	}
}

// flag records a candidate red flag; the highest tier, then the topic
// priority, then the first one found wins.
func (e *evaluation) flag(tier Tier, topic, reason string) {
	rank := int(tier)*10 + topicPriority(topic)
	if rank > e.rank {
		e.rank = rank
		e.best = Flag{Tier: tier, Topic: topic, Reason: reason}
	}
	e.all = mergeFlag(e.all, Flag{Tier: tier, Topic: topic, Reason: reason})
}

func topicPriority(topic string) int {
	switch topic {
	case TopicUrgentMentalHealth:
		return 4
	case TopicUrgentBabyIllness:
		return 3
	case TopicUrgentParentHealth:
		return 2
	case TopicUrgentBabyFeeding:
		return 2
	}
	return 1
}

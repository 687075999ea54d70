package redflag

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// lexiconYAML is the curated lexicon (lexicon.yaml): word classes, the
// figures of speech, the cue lists and the rules with their patterns.
//
//go:embed lexicon.yaml
var lexiconYAML []byte

// lexFile is lexicon.yaml as written.
type lexFile struct {
	Spell        map[string]string            `yaml:"spell"`
	Classes      map[string][]string          `yaml:"classes"`
	CueClasses   map[string][]string          `yaml:"cueclasses"`
	ExtraClasses map[string][]string          `yaml:"extraclasses"`
	Figures      []string                     `yaml:"figures"`
	General      []string                     `yaml:"general"`
	Hypothetical []string                     `yaml:"hypothetical"`
	Other        []string                     `yaml:"other"`
	Calm         []string                     `yaml:"calm"`
	Earnest      []string                     `yaml:"earnest"`
	Hints        []string                     `yaml:"hints"`
	Literal      []lexLiteralFile             `yaml:"literal"`
	Story        []string                     `yaml:"story"`
	Own          []string                     `yaml:"own"`
	Disclose     []string                     `yaml:"disclose"`
	Present      []string                     `yaml:"present"`
	Supposing    []string                     `yaml:"supposing"`
	Personal     []string                     `yaml:"personal"`
	Promote      []string                     `yaml:"promote"`
	Topics       map[string]map[string]string `yaml:"topics"`
	Rules        []lexRuleFile                `yaml:"rules"`
}

// lexLiteralFile is a figure of speech that is meant literally when the
// message names one of its signs ("banging my head" and "a big lump now").
type lexLiteralFile struct {
	Figure string   `yaml:"figure"`
	Signs  []string `yaml:"signs"`
}

type lexRuleFile struct {
	ID     string   `yaml:"id"`
	Topic  string   `yaml:"topic"`
	Tier   string   `yaml:"tier"`
	Mental bool     `yaml:"mental"`
	Reason string   `yaml:"reason"`
	Guard  []string `yaml:"guard"`
	Soften []string `yaml:"soften"`
	// Raise: words that, anywhere in the message and not denied, raise
	// the rule from "today" to "now" (a fall, then vomiting).
	Raise []string `yaml:"raise"`
	// Needs: the rule counts only in a message with one of these words,
	// not denied (a sleepy baby after the parent's sedating medicine).
	Needs []string `yaml:"needs"`
	// Anyone: a present worry about anyone (psychosis in a sister who
	// has just given birth) is not set aside as another person's story
	// when its sentence says it is happening now (lexicon.yaml, present).
	Anyone   bool     `yaml:"anyone"`
	Patterns []string `yaml:"patterns"`
	// Bags: each is a list of word classes that must all appear in one
	// sentence, in any order ("I" + a wish + a death word).
	Bags [][]string `yaml:"bags"`
}

// elemKind is what one pattern element matches.
type elemKind uint8

const (
	elWord elemKind = iota
	elClass
	elPrefix
	elGap
	elNumber
)

type lexElem struct {
	kind  elemKind
	word  string          // elWord, elPrefix
	class map[string]bool // elClass
	gap   int             // elGap: up to gap words; elNumber: at least gap
}

// lexPattern is one compiled pattern of a rule (or of a cue list, rule -1).
type lexPattern struct {
	elems []lexElem
	rule  int
}

// lexRule is one compiled rule.
type lexRule struct {
	id, topic, reason string
	tier              Tier
	mental, anyone    bool
	guard, soften     map[string]bool
	raise, needs      map[string]bool
}

// lexBag is a set of word classes that must all appear in one sentence.
type lexBag struct {
	classes []map[string]bool
	rule    int
}

// patternSet indexes patterns by their first element, so a message costs
// one map lookup per word and pattern family.
type patternSet struct {
	pats   []lexPattern
	first  map[string][]int32
	prefix map[string][]int32 // patterns whose first element is a prefix, by its first two letters
	num    []int32            // patterns that start with a number
}

// Lexicon is the compiled lexicon.yaml. It is immutable and safe for
// concurrent use.
type Lexicon struct {
	spell                         map[string]string
	rules                         []lexRule
	match                         patternSet
	figures, general, hypo, other patternSet
	calm, hints, earnest          patternSet
	story, own, disclose, literal patternSet
	supposing, promote            patternSet
	literalSigns                  []map[string]bool
	bags                          []lexBag
	negators, firstPerson, third  map[string]bool
	present, personal             map[string]bool
	advice                        map[string]map[Tier]string
}

// loadLexicon compiles the embedded lexicon.
func loadLexicon() (*Lexicon, error) {
	return parseLexicon(lexiconYAML)
}

func parseLexicon(data []byte) (*Lexicon, error) {
	var f lexFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("redflag: lexicon: %w", err)
	}
	lx := &Lexicon{spell: f.Spell, advice: map[string]map[Tier]string{}}
	classes := map[string]map[string]bool{}
	for _, m := range []map[string][]string{f.Classes, f.CueClasses, f.ExtraClasses} {
		for name, words := range m {
			set := map[string]bool{}
			for _, w := range words {
				set[lx.spelled(strings.ToLower(w))] = true
			}
			classes[name] = set
		}
	}
	lx.negators = classes["neg"]
	lx.third = classes["third"]
	// "I" as the subject: "told me she felt" is someone else's story.
	lx.firstPerson = map[string]bool{"i": true, "im": true, "ive": true, "id": true, "ill": true, "myself": true}
	var err error
	compileList := func(lines []string, rule int, into *patternSet) {
		for _, line := range lines {
			if err != nil {
				return
			}
			var p lexPattern
			if p, err = lx.compile(line, classes); err != nil {
				return
			}
			p.rule = rule
			into.add(p)
		}
	}
	compileList(f.Figures, -1, &lx.figures)
	compileList(f.General, -1, &lx.general)
	compileList(f.Hypothetical, -1, &lx.hypo)
	compileList(f.Other, -1, &lx.other)
	compileList(f.Calm, -1, &lx.calm)
	compileList(f.Earnest, -1, &lx.earnest)
	compileList(f.Hints, -1, &lx.hints)
	lx.present = wordSet(lx, f.Present)
	lx.personal = wordSet(lx, f.Personal)
	compileList(f.Story, -1, &lx.story)
	compileList(f.Own, -1, &lx.own)
	compileList(f.Supposing, -1, &lx.supposing)
	compileList(f.Promote, -1, &lx.promote)
	compileList(f.Disclose, -1, &lx.disclose)
	for i, l := range f.Literal {
		signs := map[string]bool{}
		for _, w := range l.Signs {
			signs[lx.spelled(strings.ToLower(w))] = true
		}
		lx.literalSigns = append(lx.literalSigns, signs)
		compileList([]string{l.Figure}, i, &lx.literal)
	}
	for i, r := range f.Rules {
		tier, ok := parseTier(r.Tier)
		if !ok || r.Topic == "" || r.Reason == "" || len(r.Patterns)+len(r.Bags) == 0 {
			return nil, fmt.Errorf("redflag: lexicon: rule %q: needs a tier (now, today), a topic, a reason and patterns", r.ID)
		}
		lr := lexRule{id: r.ID, topic: r.Topic, reason: r.Reason, tier: tier, mental: r.Mental, anyone: r.Anyone, guard: map[string]bool{}, soften: map[string]bool{}, raise: wordSet(lx, r.Raise), needs: wordSet(lx, r.Needs)}
		for _, g := range r.Guard {
			lr.guard[lx.spelled(g)] = true
		}
		for _, g := range r.Soften {
			lr.soften[lx.spelled(g)] = true
		}
		lx.rules = append(lx.rules, lr)
		compileList(r.Patterns, i, &lx.match)
		for _, bag := range r.Bags {
			b := lexBag{rule: i}
			for _, name := range bag {
				c, ok := classes[name]
				if !ok {
					return nil, fmt.Errorf("redflag: lexicon: rule %q: bag has unknown class %q", r.ID, name)
				}
				b.classes = append(b.classes, c)
			}
			if len(b.classes) < 2 {
				return nil, fmt.Errorf("redflag: lexicon: rule %q: a bag needs at least two classes", r.ID)
			}
			lx.bags = append(lx.bags, b)
		}
	}
	if err != nil {
		return nil, err
	}
	for topic, byTier := range f.Topics {
		lx.advice[topic] = map[Tier]string{}
		for t, text := range byTier {
			tier, ok := parseTier(t)
			if !ok {
				return nil, fmt.Errorf("redflag: lexicon: topic %q: tier %q", topic, t)
			}
			lx.advice[topic][tier] = text
		}
	}
	return lx, nil
}

// wordSet is a set of words as the lexicon spells them (nil if none).
func wordSet(lx *Lexicon, words []string) map[string]bool {
	if len(words) == 0 {
		return nil
	}
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[lx.spelled(strings.ToLower(w))] = true
	}
	return set
}

func parseTier(s string) (Tier, bool) {
	switch s {
	case "now":
		return CareNow, true
	case "today":
		return CareToday, true
	}
	return NoFlag, false
}

// spelled rewrites a word by the spell table.
func (lx *Lexicon) spelled(w string) string {
	if s, ok := lx.spell[w]; ok {
		return s
	}
	return w
}

// compile parses one pattern line.
func (lx *Lexicon) compile(line string, classes map[string]map[string]bool) (lexPattern, error) {
	var p lexPattern
	for _, tok := range strings.Fields(strings.ToLower(line)) {
		switch {
		case strings.HasPrefix(tok, "~"):
			n, err := strconv.Atoi(tok[1:])
			if err != nil || n < 1 || n > 12 || len(p.elems) == 0 {
				return p, fmt.Errorf("redflag: lexicon: pattern %q: bad gap %q (a gap needs 1-12 and a word before it)", line, tok)
			}
			p.elems = append(p.elems, lexElem{kind: elGap, gap: n})
		case strings.HasPrefix(tok, "{") && strings.HasSuffix(tok, "}"):
			c, ok := classes[tok[1:len(tok)-1]]
			if !ok {
				return p, fmt.Errorf("redflag: lexicon: pattern %q: unknown class %s", line, tok)
			}
			p.elems = append(p.elems, lexElem{kind: elClass, class: c})
		case strings.HasPrefix(tok, "#"):
			n, err := strconv.Atoi(tok[1:])
			if err != nil || n < 0 {
				return p, fmt.Errorf("redflag: lexicon: pattern %q: bad number %q (#N: a number of at least N)", line, tok)
			}
			p.elems = append(p.elems, lexElem{kind: elNumber, gap: n})
		case strings.HasSuffix(tok, "*") && len(tok) > 2:
			p.elems = append(p.elems, lexElem{kind: elPrefix, word: tok[:len(tok)-1]})
		default:
			w := normWord(tok)
			if w == "" {
				return p, fmt.Errorf("redflag: lexicon: pattern %q: bad word %q", line, tok)
			}
			p.elems = append(p.elems, lexElem{kind: elWord, word: lx.spelled(w)})
		}
	}
	if len(p.elems) == 0 || p.elems[len(p.elems)-1].kind == elGap {
		return p, fmt.Errorf("redflag: lexicon: pattern %q: empty or ends in a gap", line)
	}
	return p, nil
}

// normWord keeps the letters and digits of a pattern word.
func normWord(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (s *patternSet) add(p lexPattern) {
	if s.first == nil {
		s.first = map[string][]int32{}
	}
	id := int32(len(s.pats))
	s.pats = append(s.pats, p)
	e := p.elems[0]
	switch e.kind {
	case elWord:
		s.first[e.word] = append(s.first[e.word], id)
	case elClass:
		for w := range e.class {
			s.first[w] = append(s.first[w], id)
		}
	case elPrefix:
		if s.prefix == nil {
			s.prefix = map[string][]int32{}
		}
		k := e.word[:2]
		s.prefix[k] = append(s.prefix[k], id)
	case elNumber:
		s.num = append(s.num, id)
	}
}

// Advice is what to do for a topic that has no guide article ("" when the
// lexicon has none).
func (lx *Lexicon) Advice(topic string, tier Tier) string {
	return lx.advice[topic][tier]
}

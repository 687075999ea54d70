package redflag

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// findingKind names what a pattern recognised. Findings are raw: whether they
// count (negated? hypothetical? the baby or the parent? how old?) is decided
// by the rules in rules.go, numbers.go and mind.go.
type findingKind uint8

const (
	_ findingKind = iota // the zero kind: no finding
	// Baby: get care now.
	kBreathSevere
	kBlue
	kBlueVerb
	kPale
	kFloppy
	kUnresponsive
	kWakeObj  // "can't wake her"
	kWakeSubj // "she won't wake up"
	kSeizure
	kGreenVomit
	kBloodVomit
	kRashNB
	kBulging
	kStiffNeck
	kHighCry
	// Baby: contact someone today.
	kBreathFast
	kProjectile
	kCantKeepDown
	kSunken
	kDryMouth
	kNoTears
	kDehydrated
	kTented
	kNoWet
	kDryNappy
	kDarkUrine
	kBrickDust
	kNoPoo
	kMeconium
	kNoYellowPoo
	kPalePoo
	kBloodPoo
	kSleepyFeed
	kSleepsThrough
	kSleepyAdj
	kNotFeeding
	kFeedCount
	kLosingWeight
	kJaundice
	kJaundiceBad
	// Temperature words.
	kFever
	kHighFever
	// Parent: breast.
	kMastitis
	kBlockedDuct
	kBreastSymptom
	kStreaks
	kSpreadFast
	kAbscess
	kPus
	kLumpBad
	kLumpFluid
	kWorse
	kNotBetter
	kStill
	kAntibiotics
	kRigors
	kVeryUnwell
	kFaint
	// Parent: mental health.
	kSuicide
	kEndIt
	kCantGoOn
	kPsychosis
	kNotCoping
	kIntrusive
	kHarmVerb
	kHarmPhrase
	// Context only.
	kHypo
	kHypoMH
	kVaccine
	kOlder
	kHotWeather
	kNipple
	kBottleStrike
	kIllBaby
	kNumKinds
)

//go:embed patterns.yaml
var patternsYAML []byte

// patternTable reads patterns.yaml: one block of pattern lines per
// finding kind.
func patternTable() (map[findingKind]string, error) {
	var raw map[string]string
	if err := yaml.Unmarshal(patternsYAML, &raw); err != nil {
		return nil, fmt.Errorf("redflag: patterns.yaml: %w", err)
	}
	byName := kindByName()
	out := make(map[findingKind]string, len(raw))
	for name, block := range raw {
		k, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("redflag: patterns.yaml: unknown finding kind %q", name)
		}
		out[k] = block
	}
	return out, nil
}

// kindByName maps the keys of patterns.yaml to finding kinds.
func kindByName() map[string]findingKind {
	return map[string]findingKind{
		"BreathSevere":  kBreathSevere,
		"BreathFast":    kBreathFast,
		"Blue":          kBlue,
		"BlueVerb":      kBlueVerb,
		"Pale":          kPale,
		"Floppy":        kFloppy,
		"Unresponsive":  kUnresponsive,
		"WakeObj":       kWakeObj,
		"WakeSubj":      kWakeSubj,
		"Seizure":       kSeizure,
		"GreenVomit":    kGreenVomit,
		"BloodVomit":    kBloodVomit,
		"RashNB":        kRashNB,
		"Bulging":       kBulging,
		"StiffNeck":     kStiffNeck,
		"HighCry":       kHighCry,
		"Projectile":    kProjectile,
		"CantKeepDown":  kCantKeepDown,
		"Sunken":        kSunken,
		"DryMouth":      kDryMouth,
		"NoTears":       kNoTears,
		"Dehydrated":    kDehydrated,
		"Tented":        kTented,
		"NoWet":         kNoWet,
		"DryNappy":      kDryNappy,
		"DarkUrine":     kDarkUrine,
		"BrickDust":     kBrickDust,
		"NoPoo":         kNoPoo,
		"Meconium":      kMeconium,
		"NoYellowPoo":   kNoYellowPoo,
		"PalePoo":       kPalePoo,
		"BloodPoo":      kBloodPoo,
		"SleepyFeed":    kSleepyFeed,
		"SleepsThrough": kSleepsThrough,
		"SleepyAdj":     kSleepyAdj,
		"NotFeeding":    kNotFeeding,
		"FeedCount":     kFeedCount,
		"LosingWeight":  kLosingWeight,
		"Jaundice":      kJaundice,
		"JaundiceBad":   kJaundiceBad,
		"Fever":         kFever,
		"HighFever":     kHighFever,
		"Mastitis":      kMastitis,
		"BlockedDuct":   kBlockedDuct,
		"BreastSymptom": kBreastSymptom,
		"Streaks":       kStreaks,
		"SpreadFast":    kSpreadFast,
		"Abscess":       kAbscess,
		"Pus":           kPus,
		"LumpBad":       kLumpBad,
		"LumpFluid":     kLumpFluid,
		"Worse":         kWorse,
		"NotBetter":     kNotBetter,
		"Still":         kStill,
		"Antibiotics":   kAntibiotics,
		"Rigors":        kRigors,
		"VeryUnwell":    kVeryUnwell,
		"Faint":         kFaint,
		"Suicide":       kSuicide,
		"EndIt":         kEndIt,
		"CantGoOn":      kCantGoOn,
		"Psychosis":     kPsychosis,
		"NotCoping":     kNotCoping,
		"Intrusive":     kIntrusive,
		"HarmVerb":      kHarmVerb,
		"HarmPhrase":    kHarmPhrase,
		"Hypo":          kHypo,
		"HypoMH":        kHypoMH,
		"Vaccine":       kVaccine,
		"Older":         kOlder,
		"HotWeather":    kHotWeather,
		"Nipple":        kNipple,
		"BottleStrike":  kBottleStrike,
		"IllBaby":       kIllBaby,
	}
}

// patElem is one compiled pattern element.
type patElem struct {
	words []string
	num   bool
	opt   bool
	gap   int
}

// rulePattern is one compiled pattern.
type rulePattern struct {
	kind   findingKind
	before []string // lookbehind: the previous word must be one of these
	elems  []patElem
}

// compilePatterns compiles the pattern table and indexes every pattern by
// the words its first element accepts.
func (d *Detector) compilePatterns(classes map[string][]string) error {
	d.index = make(map[string][]int32)
	table, err := patternTable()
	if err != nil {
		return err
	}
	for kind, block := range table {
		for _, line := range strings.Split(block, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			p, err := d.compilePattern(kind, line, classes)
			if err != nil {
				return err
			}
			id := int32(len(d.patterns))
			d.patterns = append(d.patterns, p)
			first := p.elems[0]
			if first.num {
				d.index["#"] = append(d.index["#"], id)
				continue
			}
			for _, w := range first.words {
				d.index[w] = append(d.index[w], id)
			}
		}
	}
	return nil
}

func (d *Detector) compilePattern(kind findingKind, line string, classes map[string][]string) (rulePattern, error) {
	p := rulePattern{kind: kind}
	for n, f := range strings.Fields(line) {
		if n == 0 && strings.HasPrefix(f, "<") {
			for _, alt := range strings.Split(f[1:], "|") {
				p.before = append(p.before, d.canonical(alt))
			}
			continue
		}
		var e patElem
		if strings.HasPrefix(f, "*") {
			n, err := strconv.Atoi(f[1:])
			if err != nil || n < 1 || n > 6 {
				return p, patternError(line)
			}
			e.gap = n
			p.elems = append(p.elems, e)
			continue
		}
		if strings.HasSuffix(f, "?") {
			e.opt = true
			f = strings.TrimSuffix(f, "?")
		}
		for _, alt := range strings.Split(f, "|") {
			switch {
			case alt == "#":
				e.num = true
			case strings.HasPrefix(alt, "@"):
				ws, ok := classes[alt[1:]]
				if !ok {
					return p, patternError(line)
				}
				e.words = append(e.words, ws...)
			default:
				// A pattern word may itself be two words merged by the
				// bigram table ("fluid-filled" stays as written).
				e.words = append(e.words, d.canonical(alt))
			}
		}
		p.elems = append(p.elems, e)
	}
	if len(p.elems) == 0 || p.elems[0].opt || p.elems[0].gap > 0 {
		return p, patternError(line)
	}
	return p, nil
}

type patternError string

func (e patternError) Error() string {
	return "bot: red-flag pattern: bad pattern " + strconv.Quote(string(e))
}

// matchElemsNeg tries pattern elements from token i, all inside one
// clause, and returns the end of the match. It sets *gapNeg when a word
// skipped by a gap is a negation ("her lips are not blue").
func matchElems(elems []patElem, toks []token, i int, clause int32, gapNeg *bool) (int, bool) {
	if len(elems) == 0 {
		return i, true
	}
	e := elems[0]
	if e.gap > 0 {
		neg := false
		for k := 0; k <= e.gap; k++ {
			j := i + k
			if k > 0 {
				if j-1 >= len(toks) || toks[j-1].clause != clause {
					break
				}
				neg = neg || isNegator(toks[j-1].w)
			}
			if end, ok := matchElems(elems[1:], toks, j, clause, gapNeg); ok {
				*gapNeg = *gapNeg || neg
				return end, true
			}
		}
		return 0, false
	}
	if i < len(toks) && toks[i].clause == clause && e.accepts(toks[i]) {
		if end, ok := matchElems(elems[1:], toks, i+1, clause, gapNeg); ok {
			return end, true
		}
	}
	if e.opt {
		return matchElems(elems[1:], toks, i, clause, gapNeg)
	}
	return 0, false
}

func (e *patElem) accepts(t token) bool {
	if e.num {
		return t.isNum
	}
	for _, w := range e.words {
		if w == t.w {
			return true
		}
	}
	return false
}

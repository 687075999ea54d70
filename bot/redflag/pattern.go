package redflag

import (
	"strconv"
	"strings"
)

// rfKind names what a pattern recognised. Findings are raw: whether they
// count (negated? hypothetical? the baby or the parent? how old?) is decided
// by the rules in redflag_rules.go.
type rfKind uint8

const (
	_ rfKind = iota // the zero kind: no finding
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

// rfPatternTable is the pattern table. Syntax, one pattern a line:
//
//	word        a word (written naturally; canonicalised when compiled)
//	a|b|c       any of the words
//	x?          optional element
//	*N          skip 0..N words (never across a comma or sentence end)
//	#           a number (digits or a number word)
//	@class      a word class from rfClassTable
//	<a|b        (first only) the word before the match must be one of
//	            these; it is not part of the match. Anchoring a pattern on
//	            its rarer word keeps matching fast ("<very sleepy").
//
// A pattern never starts with an optional element or a gap.
func rfPatternTable() map[rfKind]string {
	return map[rfKind]string{
		kBreathSevere: `
struggling|struggle|struggles|struggled|strugling|struggeling|trouble|difficulty|difficulties|difficult|hard|harder|effort|labored|laboured|labouring|laboring|fighting|gasping|gasps|gasp *2 breathe
gasping|gasps|gasp|struggling|fighting *1 air
cant|not|stopped|stops|stop|stopping|pauses|pause|pausing|paused *1 breathe
breathe keeps|keep|kept|seems|seem|sometimes|just|has|had|will|goes? to? stops|stopped|stopping|pauses|paused|pausing|stop|pause
grunting|grunts|grunt|grunty *2 with|when|while|every|each|on *1 breathe
breathe *2 grunting|grunty|grunts
sucking|sucks|pulling|caving in? under *2 ribs
ribs|ribcage *2 sucking|sucks|pulling|caving|sinking|showing
chest *1 caving|caves|caved|cave|retracting|retracts|sinking|sinks
chest *1 sucking|sucks|pulling|pulls|going|goes in|under
retractions|retracting|apnea|apnoea|apneas|apnoeas
flaring nostrils|nose
breathe *2 laboured|labored|laboring|labouring|strained|struggling|difficult
nostrils *1 flaring|flare|flared`,
		kBreathFast: `
breathe *2 fast|faster|quick|quickly|quicker|rapid|rapidly|heavily|heavy
fast|rapid|quick|heavy|shallow breathe
wheezing|wheezy|wheeze|wheezes|wheezed
short|shortness|out of breathe
breathless`,
		kBlue: `
blue|grey|purple around|round|near? the|her|his|their|baby? @bodypart
blue|grey|purple tinge|tint|colour|color|tinged|hue *2 @bodypart
@bodypart *3 blue|grey|purple
blue|grey all over
blue spells|spell|episodes|episode|attacks
mottled|mottling|mottly|cyanosis|cyanotic|cyanosed`,
		kBlueVerb: `
@verbstate a? bit? little? blue|grey|purple`,
		kPale: `
very|really|so|deathly|extremely|unusually|ghostly|super|quite|looks|looking|look|looked|gone|went|turned|turning|going pale
pale and floppy|limp|cold|clammy|sweaty|mottled|lethargic
pale skin|face`,
		kFloppy: `
floppy|limp`,
		kUnresponsive: `
unresponsive
not|wont|barely|hardly responding|responsive|respond|reacting|react
glazed|glassy|vacant eyes|look|stare
eyes *2 glazed|glassy|rolling|rolled|rolls
lethargic|listless`,
		kWakeObj: `
@wakeneg wake up? my|the|our? @obj
unable to wake up? my|the|our? @obj
not able to wake up? my|the|our? @obj
cant get my|the|our? @obj to wake`,
		kWakeSubj: `
wont|not|never|barely|hardly wake
hard|harder|difficult|impossible|struggling|struggle|trouble|tough to? wake
wont|not|cant stay wake`,
		kSeizure: `
seizure
had|having|has|have|in a fit|fits
is|was|started|keeps|kept|been|keep|began fitting
stiff *4 jerking|jerked|jerks|twitching|convulsing|jerky
jerking|jerked *4 stiff
jerking|twitching|shaking|jerks|twitches *2 not|wont|cant stop|stopping
rhythmic|rhythmical jerking|jerks|twitching`,
		kGreenVomit: `
green|bile|bilious|greenish *1 @vomit
@vomit *2 green|bile|greenish|bilious`,
		kBloodVomit: `
blood|bloody|bloodstained *3 @vomit
@vomit *3 blood|bloody`,
		kRashNB: `
rash|spots|spot|marks|dots|blotches *4 not|wont fade|blanch|fading|blanching
rash|spots|spot|marks|dots|blotches *4 not|wont go away when|under|if|with *1 pressed|press|pressing|glass|tumbler
purple|purplish spots|dots|rash|marks|specks|pinpricks|blotches
glass|tumbler test
nonblanching|petechiae|petechial|purpura
non blanching`,
		kBulging: `
bulging|bulges|bulge|swollen|raised|tense|puffy|swelling fontanelle
fontanelle *3 bulging|bulges|bulge|swollen|raised|tense|puffy|swelling|sticking|pushing`,
		kStiffNeck: `
stiff neck
neck *2 stiff`,
		kHighCry: `
highpitched *2 cry|crying|scream|screaming|screams|screech|wail|wailing|shriek
weak|feeble cry|crying
cry|crying *3 highpitched`,
		kProjectile: `
projectile *2 @vomit
@vomit *2 projectile
@vomit *3 forcefully|forceful|violently|violent
@vomit *3 across *1 room`,
		kCantKeepDown: `
cant|not|wont keeping|keep|kept|keeps anything|any|milk|feed|it|food *1 down`,
		kSunken: `
sunken|sunk|dipped|dipping|caved|sinking|hollow|depressed|dented fontanelle|eyes
fontanelle *6 sunken|sunk|dipped|dips|dipping|sinking|caved|hollow|depressed|dented`,
		kDryMouth: `
dry|parched mouth|tongue|lips|gums
mouth|tongue|lips *2 dry|parched`,
		kNoTears: `
no|without tears
not making|producing tears`,
		kDehydrated: `
dehydrated`,
		kTented: `
skin *3 tented|tenting|tents
tented|tenting skin`,
		kNoWet: `
no|not|never|barely|hardly *3 wet *1 nappy|wee|ones
no|not *2 wee|weed
not wet *2 nappy`,
		kDryNappy: `
dry nappy
nappy *3 dry|damp
nappy *1 not|barely|hardly *1 wet|heavy
only|barely|hardly *2 damp`,
		kDarkUrine: `
dark|darker|brown|orange|amber|concentrated|smelly|strong *2 wee
wee *2 dark|darker|brown|orange|concentrated|smelly`,
		kBrickDust: `
brickdust|urates|urate|crystals
orange|pink|red *1 stain|stains|staining|dust|powder`,
		kNoPoo: `
no|not|never *3 poo|dirty|pood|pooed`,
		kMeconium: `
still *3 black|meconium|tar|tarry
meconium`,
		kNoYellowPoo: `
no|not *2 yellow *1 poo
poo *3 not *1 yellow`,
		kPalePoo: `
pale|white|chalky|grey|clay|colorless|colourless|putty|whitish poo
poo *3 pale|white|chalky|grey|clay|whitish`,
		kBloodPoo: `
blood|bloody|bloodstained *3 poo|nappy
poo *3 blood|bloody`,
		kSleepyFeed: `
too sleepy|tired|drowsy to feed|latch|suck|wake|stay
so sleepy *2 not|wont|cant feed|latch|suck`,
		kSleepsThrough: `
sleep|sleeps|sleeping|slept through *1 feed`,
		kSleepyAdj: `
<very|too|so|really|extremely|unusually|super|excessively|abnormally|overly|more|quite sleepy|drowsy
sleepier|drowsy`,
		kNotFeeding: `
not|wont|refusing|refuses|refused|refuse|stopped|rejecting|rejects|reluctant|reluctance even? to? feed|milk
not|wont|refusing|refuses taking|take|taken|drunk|drink|had *2 feed|milk|bottle
not|lost interested|interest in *1 feed|milk
refusing|refuses|refused all|every|any feed
feed poorly|badly
barely|hardly *1 feed`,
		kFeedCount: `
only|just # feed
only|just feed # times?
feed only|just # times|feed?`,
		kLosingWeight: `
losing|lose|dropping weight
lost|dropped *1 more|again weight
still|keeps|kept lost|losing|dropping`,
		kJaundice: `
jaundice
yellow|orange @bodypart|eyes|whites|body|chest|tummy|belly|legs|feet|arms
@bodypart|eyes|whites|body *3 yellow|orange
@verbstate a|more|very|quite|really|slightly|so? bit|lot? little? yellow|orange|yellower
yellow all over`,
		kJaundiceBad: `
deep|deepening|darker|darkening|deeper|worse|worsening|spreading|spread|orange|yellower|increasingly
more|getting yellow|orange
legs|feet|palms|soles|toes|knees`,
		kFever: `
fever
burning up
has|got|have|had|running|runs|ran|run|developed|spiking|spiked|with|getting|gets|spike a? high|slight|bit? of? temp
high|raised|elevated|hi temp
temp *2 high|raised|up|elevated|spiking|spiked`,
		kHighFever: `
high|very|really|spiking|raging fever
high|really|very|spiking temp
fever|temp *2 really|very|so high`,
		kMastitis: `
mastitis
breast|nipple infection|infected|infections
infection|infected in? my? breast|nipple`,
		kBlockedDuct: `
blocked|clogged|plugged|blocked milk? duct|ducts`,
		kBreastSymptom: `
breast *3 red|redness|hot|lump|lumpy|swollen|painful|hard|inflamed|patch|wedge|burning|tender|throbbing|sore
red|hot|hard|painful|swollen|tender|inflamed|lumpy|sore patch|area|lump|spot|wedge
lump *3 breast`,
		kStreaks: `
red|pink streaks|streak|streaking|lines|line|stripes
streaks|streaking|streaky *3 red|spreading|across|up|from|out
redness|red *2 spreading|spread|moving|tracking`,
		kSpreadFast: `
spreading|spread|spreads *2 fast|quickly|rapidly|quick`,
		kAbscess: `
abscess`,
		kPus: `
pus|puss|oozing`,
		kLumpBad: `
lump|swelling|lumps *6 fluid|squishy|squidgy|pus|fluctuant|bigger|growing|grown
fluid filled`,
		kLumpFluid: `
fluid|liquid|squishy|squidgy|fluctuant|watery|pus`,
		kWorse: `
worse|worsening|worsened|deteriorating|escalating`,
		kNotBetter: `
not|no|never *2 better|improving|improved|improve|improvement|helping|helped|working|worked|clearing|cleared|settling|settled|easing|eased|shifting|budging|resolving|resolved|responding
not *2 going|gone away|down`,
		kStill: `
still`,
		kAntibiotics: `
antibiotics`,
		kRigors: `
rigors|shaking|shakes|chattering
uncontrollable|uncontrollably shaking|shivering
shaking|shivering uncontrollable|uncontrollably`,
		kVeryUnwell: `
<very|really|so|extremely|super|seriously|incredibly|awfully|terribly unwell|ill|poorly|sick
like im dying|death
cant get out of bed`,
		kFaint: `
fainted|collapsed
feel|feeling|felt|nearly|almost faint`,
		kSuicide: `
suicidal
kill|killing|killed myself
end|ending|take|taking my own? life
end everything
want|wanna|wanted|wants|wish|wishes|wishing *2 die|dead
disappear *1 forever|permanently
wish *4 never wake
sleep and never wake
better off dead
better off without me|us
better off *3 not|never *1 here|around|alive|born
better off *3 gone|disappeared|dead
not want to be? alive|live|exist|living
not want to be here anymore
not want to wake up? anymore|again|tomorrow|ever
wish *2 not|never *1 here|alive|born|exist|existed
no point *2 living|life|alive
not see|seeing *1 point *3 living|life|alive|being
what|whats *2 point *2 living|life|alive
overdose|overdosing|od
take all *2 pills|tablets
selfharm
cutting myself
harm|harming myself
jump|jumping|throw|throwing myself? off|from *2 bridge|building|roof|cliff|balcony|window|motorway
jump|jumping|step|stepping|walk|walking|throw|throwing myself? in front of
hang|hanging myself`,
		kEndIt: `
just end|ended|ending it
end|ended|ending it all
`,
		kCantGoOn: `
cant go on`,
		kPsychosis: `
hearing|hear|hears|heard voices
voices *3 telling|tell|told
seeing|see things *3 not there
hallucinating|hallucinations|hallucinate|hallucination|psychosis|psychotic|delusions|delusional
hearing|hears|hear|heard things
people|someone|somebody|everyone|they *2 watching|following|spying|plotting|poisoning *1 me|her|him|us`,
		kNotCoping: `
not|barely|cant|hardly|unable|struggling|struggle *2 cope|coping
cant do this|it *1 anymore|more
cant take it|this *1 anymore|more
breaking point
end of my tether|rope
hopeless
feel|feeling|felt numb|worthless
want|wanna *1 disappear|escape
want|wanna *1 run away
hate my baby`,
		kIntrusive: `
intrusive
scary|horrible|terrible|awful|dark|frightening|disturbing|bad|violent|unwanted|evil thoughts|images|visions|pictures|ideas`,
		kHarmVerb: `
hurt|hurting|harm|harming|kill|killing|smother|smothering|suffocate|suffocating|shake|shaking|shook|drown|drowning|throw|throwing|threw|strangle|strangling|hit|hitting|smack|smacking|slap|slapping|drop|dropping|stab|stabbing|cut|cutting`,
		kHarmPhrase: `
put|putting|hold|holding|press|pressing|push|pushing *3 pillow|blanket|hand|hands|cushion *3 over|on *2 face|mouth|nose|head`,
		kHypo: `
signs|sign|symptoms|symptom|indications of|for
when should|do|would|to|must|can i? worry|call|go|seek|see|be|take|contact|ring|phone|panic
how do|can|will|would|should|to i|you|we? know|tell
what|which counts|count as
considered|classed|classified
what|which temp|number|reading
at what temp|point
how high
how long can|should|before|is|until|till|without|do
how many *3 should|normal|expected|expect|need|needs|enough
what if
what to do if|when
how to *2 treat|prevent|avoid|manage|deal|spot|recognise|recognize
in case
if *3 gets|get|develops|develop|ever|starts
red|warning|danger|emergency flags|signs
difference between|of
when does|do|is|are *5 need|needs|serious|dangerous|emergency|worrying|concerning|worry
what is a|an|pp
whats a|an|pp|normal`,
		kHypoMH: `
signs|sign|symptoms|symptom of
what is|whats pp|psychosis`,
		kVaccine: `
vaccine`,
		kOlder: `
teething`,
		kHotWeather: `
hot weather|day|days|out|outside|summer|climate
heatwave|heat|weather|humid|humidity|summer|sunny|sunshine`,
		kNipple: `
nipple`,
		kBottleStrike: `
strike
takes|taking|take a? bottle|bottles`,
		kIllBaby: `
vomit|vomiting|sick|rash|diarrhoea|diarrhea|cold|cough|coughing|ill|unwell|poorly|virus|infection`,
	}
}

// rfElem is one compiled pattern element.
type rfElem struct {
	words []string
	num   bool
	opt   bool
	gap   int
}

// rfPattern is one compiled pattern.
type rfPattern struct {
	kind   rfKind
	before []string // lookbehind: the previous word must be one of these
	elems  []rfElem
}

// compilePatterns compiles the pattern table and indexes every pattern by
// the words its first element accepts.
func (d *Detector) compilePatterns(classes map[string][]string) error {
	d.index = make(map[string][]int32)
	for kind, block := range rfPatternTable() {
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

func (d *Detector) compilePattern(kind rfKind, line string, classes map[string][]string) (rfPattern, error) {
	p := rfPattern{kind: kind}
	for n, f := range strings.Fields(line) {
		if n == 0 && strings.HasPrefix(f, "<") {
			for _, alt := range strings.Split(f[1:], "|") {
				p.before = append(p.before, d.canonical(alt))
			}
			continue
		}
		var e rfElem
		if strings.HasPrefix(f, "*") {
			n, err := strconv.Atoi(f[1:])
			if err != nil || n < 1 || n > 6 {
				return p, rfPatternError(line)
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
					return p, rfPatternError(line)
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
		return p, rfPatternError(line)
	}
	return p, nil
}

type rfPatternError string

func (e rfPatternError) Error() string {
	return "bot: red-flag pattern: bad pattern " + strconv.Quote(string(e))
}

// matchElemsNeg tries pattern elements from token i, all inside one
// clause, and returns the end of the match. It sets *gapNeg when a word
// skipped by a gap is a negation ("her lips are not blue").
func rfMatch(elems []rfElem, toks []rfToken, i int, clause int32, gapNeg *bool) (int, bool) {
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
				neg = neg || rfIsNegator(toks[j-1].w)
			}
			if end, ok := rfMatch(elems[1:], toks, j, clause, gapNeg); ok {
				*gapNeg = *gapNeg || neg
				return end, true
			}
		}
		return 0, false
	}
	if i < len(toks) && toks[i].clause == clause && e.accepts(toks[i]) {
		if end, ok := rfMatch(elems[1:], toks, i+1, clause, gapNeg); ok {
			return end, true
		}
	}
	if e.opt {
		return rfMatch(elems[1:], toks, i, clause, gapNeg)
	}
	return 0, false
}

func (e *rfElem) accepts(t rfToken) bool {
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

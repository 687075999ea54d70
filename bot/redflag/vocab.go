package redflag

import "strings"

// The red-flag vocabulary is data: each line is "canonical: variant ...".
// Every variant (spelling mistakes, slang, British and American words) is
// rewritten to its canonical word before any pattern is tried, so patterns
// only ever name canonical words. It is parsed once by New.
const rfCanonTable = `
baby: baby babys babyy bby bebe bub bubs bubba bubby lo los ds dd dc infant son daughter twins twin preemie prem boy girl
babies: babies infants newborns neonates
newborn: newborn newbie neonate
toddler: toddler toddlers
fever: fever fevers fevor fevour feaver feavor fevr fver feber feverish fevered feverishness pyrexia pyrexial fevah feva
temp: temp temps temperature temperatures temprature tempreture temperture tempature temperatur temparature tempurature tempratures tempertaure tempeture
nappy: nappy nappies nappys nappie nappyies diaper diapers diapr daiper daipers diper dipers dipe dipes
wee: wee wees weeing weed? pee pees peed peeing urine urinating urinated urinate piddle
poo: poo poos poop poops pooped pooping poopy pooed pood pooing stool stools bm bms
breathe: breathe breathes breathed breathing breathin breating brething breahting breathng breathig breath breaths breating breathinng
vomit: vomit vomits vomiting vomitting vomited vomitted vommit vommits vommiting vommitting vommited vom voms vomming puke pukes puking puked barf barfing barfed
spitup: spitup spitups posset posseting possetting possets reflux? 
mastitis: mastitis mastitus mastits mastitas masitis mastisis mastities masitits mastiti mastitis mastitiis mastistis mastitise mastytis
breast: breast breasts boob boobs boobie boobies booby tit tits titty titties brest brests breat
nipple: nipple nipples nip nips nipps nippl
jaundice: jaundice jaundiced jaundise jaundace jandice juandice jaundic jaundis joundice jaundiced jaundis jaunice jaundies
yellow: yellow yellowy yellowish yello yelow yelloww
floppy: floppy flopy floppie ragdoll
seizure: seizure seizures seizing siezure siezures siezing seizuring convulsion convulsions convulsing convulsed convulse
wake: wake wakes waking woke woken wakeup awaken awake rouse rousing roused
feed: feed feeds feeding feedings fed nurse nurses nursing nursed eat eats eating ate eaten bf bfing breastfeed breastfeeds breastfeeding breastfed bfeeding feeeding feedin
hour: hour hours hrs hr h hous hourss
day: day days d dys
week: week weeks wk wks w wek weeks wkes
month: month months mo mos mth mths mnth mnths mon m
year: year years yr yrs y
minute: minute minutes min mins
deg: deg degree degrees degs
c: c celsius celcius centigrade
f: f fahrenheit farenheit fahrenheight faranheit farenheight farenhiet
pct: pct percent
not: not isnt arent wasnt werent doesnt dont didnt hasnt havent hadnt aint nt
cant: cant cannot couldnt cudnt cnt
wont: wont wouldnt wudnt
blue: blue bluish blueish blu bluey
grey: grey gray greyish grayish ashen dusky
lips: lips lip
hospital: hospital hosp er ae ed
mum: mum mom mummy mommy mama mam mother
wife: wife wifey dw partner gf girlfriend
husband: husband hubby dh dp dad daddy father bf?
suicidal: suicidal suicide suicidel sucidal suicidial suicdal suicial
dehydrated: dehydrated dehydration dehydrate dehydraded dehidrated dehydated
fontanelle: fontanelle fontanel fontanelles fontanels fontenelle fontanell fontenel fontanele
lethargic: lethargic lethargy lethargyc lethagic lathargic
unresponsive: unresponsive unresponsiv unresponive
projectile: projectile projectiles projectle projectil
abscess: abscess absess abcess abses abscesses absces abcsess abscees
antibiotics: antibiotics antibiotic antibiotica antibotics antibiodics abx flucloxacillin fluclox cephalexin keflex augmentin
rigors: rigors rigours rigor rigour
shivering: shivering shivery shiver shivers
intrusive: intrusive intrusives
thermometer: thermometer thermometers thermomiter thermometre
vaccine: vaccine vaccines vaccination vaccinations jab jabs immunisation immunisations immunization immunizations shots injections
teething: teething teeth tooth teethe solids crawling
covid: covid coronavirus covid19 rona
flu: flu influenza
`

// rfBigramTable merges two canonical words into one, so that "soft spot"
// and "fontanelle" are the same word for the patterns.
const rfBigramTable = `
soft spot: fontanelle
throw up: vomit
throws up: vomit
throwing up: vomit
threw up: vomit
thrown up: vomit
throwin up: vomit
spit up: spitup
spits up: spitup
spitting up: spitup
spat up: spitup
spitted up: spitup
little one: baby
can not: cant
rag doll: floppy
high pitched: highpitched
high pitch: highpitched
self harm: selfharm
self harming: selfharm
self harmed: selfharm
per cent: pct
post partum: pp
post natal: pp
postpartum: pp
postnatal: pp
birth weight: birthweight
brick dust: brickdust
breast milk: milk
breast feeding: feed
breast fed: feed
breast feed: feed
breast pump: pump
no longer: not
not sure: unsure
dont know: unsure
no idea: unsure
not only: notonly
passed out: fainted
pass out: fainted
passing out: fainted
fainted: fainted
fainting: fainted
collapsed: collapsed
`

// rfClassTable name sets of canonical words for patterns ("@obj").
const rfClassTable = `
neg: not no never without nor none
obj: baby him her them newborn
wakeneg: cant wont never barely hardly
verbstate: is was looks looked looking seems seemed gone went turned turning turns going goes go getting got become became
bodypart: lips mouth face skin tongue gums lip
vomit: vomit spitup sick
`

// rfParseTable parses "key: a b c" lines into fn(key, word) calls.
// A trailing "?" marks a variant that is deliberately left out (kept in the
// table so reviewers see it was considered: "weed" is also cannabis).
func rfParseTable(table string, fn func(key, word string)) {
	for _, line := range strings.Split(table, "\n") {
		key, rest, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		for _, w := range strings.Fields(rest) {
			if strings.HasSuffix(w, "?") {
				continue
			}
			fn(strings.TrimSpace(key), w)
		}
	}
}

// rfFuzzyKeywords are canonical words long enough (7+ letters) that a single
// typo (one insertion, deletion, substitution or swap) still identifies
// them without colliding with an everyday word.
func rfFuzzyKeywords() []string {
	return []string{
		"temperature", "breathing", "mastitis", "jaundice", "jaundiced",
		"dehydrated", "dehydration", "fontanelle", "unresponsive", "lethargic",
		"projectile", "convulsion", "convulsing", "suicidal", "seizure",
		"seizures", "antibiotics", "abscess", "newborn", "thermometer",
		"vomiting", "feverish",
	}
}

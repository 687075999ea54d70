package feedlog

// wordClass is the role a word plays in a log message.
type wordClass int

const (
	wUnknown wordClass = iota
	wFiller
	wFeed    // fed, nursed, breast, side...
	wSide    // left, right, both, L, R
	wBottle  // bottle
	wContent // formula, ebm, breast milk
	wMilk    // "milk" alone: a bottle of something
	wPump    // pumped, expressed
	wNappy   // nappy, diaper
	wNappyKind
	wStart
	wStop
	wSwitch
	wTimer
	wNote
	wEach // "10 min each side": the number is per side
)

// questionOpeners mark a message as a question (or chatter) for the guide
// when they come first.
var questionOpeners = map[string]bool{
	"how": true, "what": true, "whats": true, "when": true, "why": true, "where": true,
	"who": true, "which": true, "should": true, "shall": true, "is": true, "isnt": true,
	"are": true, "arent": true, "am": true, "can": true, "cant": true, "could": true,
	"do": true, "does": true, "doesnt": true, "dont": true, "did": true, "didnt": true,
	"will": true, "would": true, "wont": true, "may": true, "might": true, "must": true,
	"any": true, "tips": true, "help": true, "please": true, "hi": true, "hello": true,
	"hey": true, "thanks": true, "thank": true, "tell": true, "explain": true, "if": true,
	"why's": true, "ask": true, "about": true, "info": true, "advice": true,
}

var fillers = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "for": true, "and": true, "then": true,
	"with": true, "just": true, "baby": true, "session": true, "had": true, "gave": true,
	"give": true, "given": true, "i": true, "we": true, "she": true, "he": true, "they": true,
	"it": true, "was": true, "has": true, "have": true, "total": true, "each": true, "per": true,
	"from": true, "in": true, "to": true, "approx": true, "around": true,
	"fl": true, "at": true, "also": true, "now": true, "ok": true, "okay": true, "x": true,
	"only": true, "some": true, "more": true, "time": true, "our": true, "my": true,
	"little": true, "quick": true, "short": true, "good": true, "great": true, "ago": true,
	"on": true, "off": true, "ish": true, "roughly": true, "approximately": true, "did": true,
	"him": true, "her": true, "them": true, "today": true, "tonight": true,
	// Sizes parents add to nappies: "big poo", "tiny wee".
	"big": true, "small": true, "tiny": true, "huge": true, "massive": true, "large": true,
	"heavy": true, "light": true, "full": true, "very": true, "explosive": true, "runny": true,
	// "topped up with 60ml formula after a breastfeed", "30ml by syringe".
	"up": true, "after": true, "by": true, "via": true, "using": true, "into": true,
}

// classify returns the class of word w and the side, content or nappy kind
// it names.
func classify(w string) (wordClass, Side, Content, NappyKind) {
	switch w {
	case "left", "l", "lhs", "lt", "lft":
		return wSide, Left, "", ""
	case "right", "r", "rhs", "rt", "rght":
		return wSide, Right, "", ""
	case "both":
		return wSide, Both, "", ""
	case "fed", "feed", "feeds", "feeding", "nursed", "nurse", "nursing", "bf", "bfed",
		"breastfed", "breastfeed", "breastfeeding", "breastfeeds", "latched", "suckled",
		"boob", "boobs", "breast", "breasts", "side", "sides", "booby", "boobie":
		return wFeed, "", "", ""
	case "bottle", "bottles", "bottled", "bottlefed", "bottlefeed",
		// Milk given another way than at the breast is logged like a bottle.
		"syringe", "syringed", "cup", "cupfed", "spoon", "spoonfed", "topped", "topup", "topups", "top":
		return wBottle, "", "", ""
	case "formula", "ff":
		return wContent, "", Formula, ""
	case "ebm", "breastmilk", "bm", "donor", "colostrum", "colustrum":
		return wContent, "", BreastMilk, ""
	case "fortified":
		return wContent, "", FortifiedMilk, ""
	case "milk":
		return wMilk, "", "", ""
	case "pumped", "pump", "pumping", "pumps", "expressed", "express", "expressing":
		return wPump, "", "", ""
	case "nappy", "nappies", "nappie", "diaper", "diapers", "change", "changed", "changes":
		return wNappy, "", "", ""
	case "wet", "wee", "wees", "weed", "pee", "pees", "peed", "urine", "weeing":
		return wNappyKind, "", "", Wet
	case "dirty", "poo", "poos", "pooed", "poop", "poops", "pooped", "pooh", "poopy",
		"pooey", "poonami", "soiled", "stool", "dirties":
		return wNappyKind, "", "", Dirty
	case "mixed":
		return wNappyKind, "", "", WetDirty
	case "start", "started", "starting", "begin", "began", "starts":
		return wStart, "", "", ""
	case "stop", "stopped", "done", "finished", "finish", "end", "ended", "over", "stopping":
		return wStop, "", "", ""
	case "switch", "switched", "swap", "swapped", "switching", "swapping", "other":
		return wSwitch, "", "", ""
	case "timer":
		return wTimer, "", "", ""
	case "note", "notes":
		return wNote, "", "", ""
	case "each", "apiece":
		return wEach, "", "", ""
	}
	if fillers[w] {
		return wFiller, "", "", ""
	}
	return wUnknown, "", "", ""
}

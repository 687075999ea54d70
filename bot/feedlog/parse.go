package feedlog

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Status says how sure the parser is that a message is a log entry.
type Status int

const (
	// NotLog: a question or chatter; send it to the guide.
	NotLog Status = iota
	// Sure: log it (unless Problem is set).
	Sure
	// Unsure: ask the parent before logging ("Log a 15 min feed on the
	// left?").
	Unsure
)

func (s Status) String() string {
	switch s {
	case Sure:
		return "sure"
	case Unsure:
		return "unsure"
	}
	return "not-log"
}

// Action is what a log message asks for.
type Action int

const (
	// LogEntry logs Parsed.Entry.
	LogEntry Action = iota
	// TimerStart starts a breast-feed timer on Entry.Side at Entry.Start.
	TimerStart
	// TimerStop stops the running timer and logs it.
	TimerStop
	// TimerSwitch switches the running timer to Entry.Side (NoSide: the
	// other side).
	TimerSwitch
)

// Parsed is what Parse understood of a message.
type Parsed struct {
	Status Status
	Action Action
	// Entry is the draft to log: kind, sides, amounts and resolved Start
	// and End. For a nappy with no kind given, Nappy is "" and Status is
	// Unsure: ask which.
	Entry Entry
	// Baby is the baby name the message gave, as the household spells it.
	Baby string
	// TimeGiven is true when the message said when ("at 3pm", "20 min
	// ago"); otherwise a duration ends at the message's time.
	TimeGiven bool
	// Problem, when not empty, is why nothing must be logged as typed (a
	// time in the future, a duration over 3 hours, an amount over 500 ml,
	// two things in one message). It is plain text for the parent.
	Problem string
}

// ParseContext is what the parser needs to know besides the text.
type ParseContext struct {
	// Now is the message's time in the household's time zone.
	Now time.Time
	// Babies are the household's baby names, to recognise "twin A left 10".
	Babies []string
}

// maxLogText is the longest text taken as a possible log; longer messages
// are questions or stories, not one-handed logs.
const maxLogText = 160

// Parse reads free text. It returns Status NotLog quickly for anything that
// is not a log entry: questions ("how long should a feed last"), chatter,
// commands. It never panics on any input and does no I/O.
func Parse(text string, c ParseContext) Parsed {
	text = strings.TrimSpace(sanitize(text))
	if text == "" || len(text) > maxLogText || strings.HasPrefix(text, "/") || strings.ContainsRune(text, '?') {
		return Parsed{}
	}
	return parse(text, c, false)
}

// ParseCommand reads a canonical feed-log command's arguments: cmd is
// "feed", "bottle", "nappy" or "pump" (without the slash), args what
// follows ("left 15 at 3pm", "bottle 90 formula", "wet", "60 left 50
// right"). Commands are explicit, so the result is Sure unless a Problem
// says what to fix; ok is false for a cmd it does not handle.
func ParseCommand(cmd, args string, c ParseContext) (p Parsed, ok bool) {
	args = strings.TrimSpace(sanitize(args))
	if len(args) > maxLogText {
		return Parsed{Problem: "That is too long for a log entry."}, true
	}
	var text string
	switch cmd {
	case "feed":
		if args == "" {
			return Parsed{Problem: "Say which side and how long, for example /feed left 15, or /feed bottle 90."}, true
		}
		text = "fed " + args
	case "bottle":
		text = "bottle " + args
	case "nappy", "diaper":
		if args == "" {
			p := Parsed{Status: Unsure, Entry: Entry{Kind: Nappy}}
			p.Entry.Start, p.Entry.End = c.Now, c.Now
			return p, true
		}
		text = "nappy " + args
	case "pump":
		text = "pumped " + args
	default:
		return Parsed{}, false
	}
	p = parse(text, c, true)
	if p.Problem == "" && p.Status == NotLog {
		p.Problem = commandHelp(cmd)
	}
	if p.Problem == "" && p.Status == Unsure && !(p.Entry.Kind == Nappy && p.Entry.Nappy == "") {
		p.Status = Sure
	}
	return p, true
}

func commandHelp(cmd string) string {
	switch cmd {
	case "feed":
		return "I couldn't read that. Try /feed left 15, /feed both 25 at 3pm or /feed bottle 90 formula."
	case "bottle":
		return "I couldn't read that. Try /bottle 90 or /bottle 90 formula."
	case "nappy", "diaper":
		return "I couldn't read that. Try /nappy wet, /nappy dirty or /nappy both."
	}
	return "I couldn't read that. Try /pump 120 or /pump 60 left 50 right."
}

// qty is a number with its unit.
type qty struct {
	unit  qtyUnit
	dur   time.Duration
	ml    float64
	bare  float64
	small bool // a bare number under 15: ml or oz is unclear
}

type qtyUnit int

const (
	qBare qtyUnit = iota
	qTime
	qVolume
)

type item struct {
	class   wordClass
	side    Side
	content Content
	nappy   NappyKind
	q       qty
	isQty   bool
	pos     int // index in the word sequence, for "first word" rules
}

// parse does the work for Parse and ParseCommand. strict is set for
// commands: bare numbers are millilitres whatever their size, and unknown
// words are an error rather than a reason to ask.
func parse(text string, c ParseContext, strict bool) Parsed {
	var p Parsed
	text, p.Baby = cutBaby(text, c.Babies)
	toks, ok := tokenize(text)
	if !ok || len(toks) == 0 {
		return Parsed{}
	}
	if toks[0].kind == tokWord && questionOpeners[toks[0].text] {
		return Parsed{}
	}

	// Time first, so "20 min ago" is not read as a 20 min feed.
	used := make([]bool, len(toks))
	tm, found, terr := findTime(toks, c.Now)
	if found {
		p.TimeGiven = true
		p.Entry.Start = tm.T
		for i, t := range toks {
			if t.start >= tm.Start && t.end <= tm.End {
				used[i] = true
			}
		}
		var rest []token
		for i, t := range toks {
			if !used[i] {
				rest = append(rest, t)
			}
		}
		if tm2, again, _ := findTime(rest, c.Now); again {
			for i, t := range toks {
				if t.start >= tm2.Start && t.end <= tm2.End {
					used[i] = true
				}
			}
			p.Problem = "I found two times in that message. Send one entry with one time, for example \"left 15 at 3:40am\"."
		}
	}

	// Note: everything after "note" is kept as typed.
	note := ""
	for i, t := range toks {
		if !used[i] && t.kind == tokWord && (t.text == "note" || t.text == "notes") && i > 0 {
			note = strings.TrimSpace(strings.TrimLeft(text[t.end:], " :-"))
			if len(note) > 200 {
				note = note[:200]
			}
			for j := i; j < len(toks); j++ {
				used[j] = true
			}
			break
		}
	}

	items, unknown := readItems(toks, used)
	if len(items) == 0 {
		return Parsed{}
	}
	p = interpret(p, items, unknown, c, strict)
	p.Entry.Note = note
	if p.Status == NotLog {
		return Parsed{}
	}
	if terr != nil && p.Problem == "" {
		p.Problem = "I couldn't read the time: " + timeReason(terr) + "."
	}
	if p.Problem == "" && hasNegative(toks, used) {
		p.Problem = "A time or an amount can't be below zero, so I didn't log it. Send it again without the minus sign, for example \"left 5 min\"."
	}
	if p.Problem == "" && hasRange(toks, used) {
		p.Problem = "Please send one number rather than a range, for example \"left 12 min\"."
	}
	if p.Problem == "" {
		p.Problem = checkLimits(p, c.Now)
	}
	return p
}

// hasRange reports whether two numbers were written as a range ("10-15
// min"), which must not be added up.
func hasRange(toks []token, used []bool) bool {
	for i, t := range toks {
		if t.ranged && !used[i] {
			return true
		}
	}
	return false
}

// hasNegative reports whether a number not taken by the time phrase was
// written with a minus sign ("fed left -5 min").
func hasNegative(toks []token, used []bool) bool {
	for i, t := range toks {
		if t.neg && !used[i] {
			return true
		}
	}
	return false
}

func timeReason(err error) string {
	if te, ok := err.(*TimeError); ok {
		return fmt.Sprintf("%q — %s", te.Phrase, te.Reason)
	}
	return "that is not a time I know"
}

// readItems classifies the unused tokens.
func readItems(toks []token, used []bool) (items []item, unknown int) {
	pos := 0
	for i := 0; i < len(toks); i++ {
		if used[i] {
			continue
		}
		t := toks[i]
		switch t.kind {
		case tokNum:
			q, n := readQty(toks, i, used)
			items = append(items, item{isQty: true, q: q, pos: pos})
			i += n - 1
		case tokClock:
			unknown++
		case tokSym:
			// "&", "+", "@", "~" and friends join words; nothing else.
			if !strings.Contains("&+@~:=*", t.text) {
				unknown++
			}
		case tokWord:
			next := ""
			if i+1 < len(toks) && !used[i+1] {
				next = toks[i+1].text
			}
			cl, side, content, nk := classify(t.text)
			switch {
			case (t.text == "breast" || t.text == "pumped" || t.text == "expressed") && next == "milk":
				cl, content = wContent, BreastMilk
				i++
			case (cl == wPump) && pos > 0 && t.text == "expressed":
				// "120 ml expressed" (milk implied) is a bottle's content;
				// only "expressed 80ml" first is pumping.
				cl, content = wContent, BreastMilk
			case t.text == "formula" && next == "milk":
				i++
			case t.text == "other" && (next == "side" || next == "breast" || next == "boob"):
				cl = wSwitch
				i++
			case t.text == "change" && (next == "sides" || next == "side"):
				cl = wSwitch
				i++
			}
			if cl == wUnknown {
				unknown++
				pos++
				continue
			}
			if cl == wFiller {
				continue // fillers do not move "first word" rules
			}
			items = append(items, item{class: cl, side: side, content: content, nappy: nk, pos: pos})
		}
		pos++
	}
	return items, unknown
}

// readQty reads a number and its unit at toks[i]: "15", "15 min", "1h 10",
// "1h10m", "90ml", "3 fl oz", "2.5oz". n is the number of tokens used.
func readQty(toks []token, i int, used []bool) (qty, int) {
	t := toks[i]
	v := float64(t.num)
	if t.frac {
		v += float64(t.tenth) / 10
	}
	free := func(j int) bool { return j < len(toks) && !used[j] }
	n := 1
	j := i + 1
	if free(j) && toks[j].text == "fl" && free(j+1) && toks[j+1].text == "oz" {
		j++
		n++
	}
	if free(j) && toks[j].kind == tokWord {
		if u := unitOf(toks[j].text); u > 0 {
			d := time.Duration(v * float64(u))
			n++
			// "1h 10", "1h10m", "1 hour 10 min".
			if u == time.Hour && free(j+1) && toks[j+1].kind == tokNum && !toks[j+1].frac && toks[j+1].num < 60 {
				m := time.Duration(toks[j+1].num) * time.Minute
				k := j + 2
				switch {
				case free(k) && unitOf(toks[k].text) == time.Minute:
					d += m
					n += 2
				case free(k) && isUnitWord(toks[k].text):
					// "1h 60 ml": the number is not minutes.
				default:
					d += m
					n++
				}
			}
			return qty{unit: qTime, dur: d}, n
		}
		if per, ok := volumeUnit(toks[j].text); ok {
			return qty{unit: qVolume, ml: v * per}, n + 1
		}
	}
	return qty{unit: qBare, bare: v, small: v < 15}, 1
}

// interpret decides what the items describe.
func interpret(p Parsed, items []item, unknown int, c ParseContext, strict bool) Parsed {
	var (
		feedWords, bottle, milk, pump, nappy, start, stop, swtch, timer int
		content                                                         Content
		nappies                                                         []NappyKind
		sides                                                           int
		times, vols, bares, each                                        int
	)
	for _, it := range items {
		if it.isQty {
			switch it.q.unit {
			case qTime:
				times++
			case qVolume:
				vols++
			default:
				bares++
			}
			continue
		}
		switch it.class {
		case wFeed:
			feedWords++
		case wSide:
			sides++
		case wBottle:
			bottle++
		case wContent:
			content = it.content
		case wMilk:
			milk++
		case wPump:
			pump++
		case wNappy:
			nappy++
		case wNappyKind:
			nappies = append(nappies, it.nappy)
		case wStart:
			start++
		case wStop:
			stop++
		case wSwitch:
			swtch++
		case wTimer:
			timer++
		case wEach:
			each++
		}
	}
	// Words we do not know make it a sentence, not a log, unless there is
	// a clear number in it ("fed left 15 min, sleepy"): then ask.
	if unknown > 2 || (unknown > 0 && !strict && (len(items) < 2 || times+vols+bares == 0)) {
		return Parsed{}
	}
	sure := unknown == 0
	if strict && unknown > 0 {
		return Parsed{} // ParseCommand explains the command's form
	}
	if !p.TimeGiven {
		p.Entry.Start = c.Now
	}
	p.Entry.End = p.Entry.Start

	isNappy := nappy > 0 || len(nappies) > 0
	isPump := pump > 0
	isBottle := bottle > 0 || content != "" || milk > 0
	isTimer := start+stop+swtch > 0
	isBreast := feedWords > 0 || sides > 0 || times > 0

	// Two different things in one message: ask for one at a time rather
	// than log half of it. ("Both" may name a nappy: "/nappy both".)
	onlyBoth := true
	for _, it := range items {
		if !it.isQty && it.class == wSide && it.side != Both {
			onlyBoth = false
		}
	}
	feedish := isPump || isBottle || isTimer || feedWords > 0 || times > 0 || vols > 0 || (sides > 0 && !onlyBoth)
	if isNappy && feedish {
		p.Status = Unsure
		p.Problem = "Please log one thing per message, for example \"left 15\" and then \"wet nappy\"."
		return p
	}

	switch {
	case isTimer && !isPump && !isBottle && vols == 0 && bares == 0 && times == 0:
		return timerAction(p, items, start, stop, swtch, feedWords, timer, sure)
	case isNappy:
		return nappyEntry(p, items, nappies, times+vols+bares, sure)
	case isPump:
		return pumpEntry(p, items, each > 0, sure, strict)
	case isBottle || (vols > 0 && sides == 0):
		if isBreast && sides > 0 {
			p.Status = Unsure
			p.Problem = "Was that a bottle or a breast feed? Send one of them, for example \"bottle 90ml\" or \"left 15\"."
			return p
		}
		return bottleEntry(p, items, content, bottle+milk > 0 || content != "", sure, strict)
	case vols > 0 && sides > 0:
		// "left 60ml right 50ml" without "pumped": probably pumping; ask.
		p = pumpEntry(p, items, each > 0, false, strict)
		p.Status = Unsure
		return p
	case isBreast || (bares > 0 && feedWords > 0):
		return breastEntry(p, items, feedWords, sides, times, bares, vols, each > 0, sure)
	}
	return Parsed{}
}

// timerAction reads "start left", "start feed right", "stop", "done",
// "switch", "swap sides", "switch to right".
func timerAction(p Parsed, items []item, start, stop, swtch, feedWords, timer int, sure bool) Parsed {
	if start+stop+swtch > 1 {
		return Parsed{}
	}
	side := NoSide
	for _, it := range items {
		if it.class == wSide {
			if side != NoSide && side != it.side {
				return Parsed{}
			}
			side = it.side
		}
	}
	switch {
	case start > 0:
		if side == NoSide || side == Both {
			// "start" alone is the platforms' greeting; "start feed" needs a
			// side to time.
			if feedWords == 0 && timer == 0 {
				return Parsed{}
			}
			p.Status = Unsure
			p.Problem = "Which side? Send \"start left\" or \"start right\"."
			return p
		}
		p.Action = TimerStart
	case stop > 0:
		p.Action = TimerStop
	default:
		if side == Both {
			return Parsed{}
		}
		p.Action = TimerSwitch
	}
	p.Entry.Kind, p.Entry.Method, p.Entry.Side = Feed, Breast, side
	p.Status = Sure
	if !sure {
		p.Status = Unsure
	}
	return p
}

func nappyEntry(p Parsed, items []item, kinds []NappyKind, numbers int, sure bool) Parsed {
	p.Entry.Kind = Nappy
	both := false
	for _, it := range items {
		if it.class == wSide && it.side == Both {
			both = true
		}
	}
	var wet, dirty bool
	for _, k := range kinds {
		wet = wet || k.IsWet()
		dirty = dirty || k.IsDirty()
	}
	switch {
	case both || (wet && dirty):
		p.Entry.Nappy = WetDirty
	case wet:
		p.Entry.Nappy = Wet
	case dirty:
		p.Entry.Nappy = Dirty
	}
	if numbers > 0 {
		p.Status = Unsure
		p.Problem = "Please log one nappy per message, for example \"wet nappy\" or \"dirty nappy at 3pm\"."
		return p
	}
	for _, it := range items {
		if it.class == wSide && it.side != Both {
			return Parsed{} // "left nappy"? not a log we understand
		}
	}
	p.Status = Sure
	if !sure || p.Entry.Nappy == "" {
		p.Status = Unsure
	}
	return p
}

// segment is a side with its number: "left 15", "50 right".
type segment struct {
	side Side
	q    qty
	has  bool
}

// segments pairs sides with the numbers next to them, in either order:
// "L15 R10", "15 left 10 right", "pumped 60 left 50 right".
func segments(items []item) (segs []segment, loose []qty) {
	var pending []qty
	for _, it := range items {
		switch {
		case !it.isQty && it.class == wSide:
			s := segment{side: it.side}
			if len(pending) > 0 && (len(segs) == 0 || segs[len(segs)-1].has) {
				s.q, s.has = pending[0], true
				pending = pending[1:]
			}
			segs = append(segs, s)
		case it.isQty:
			if n := len(segs); n > 0 && !segs[n-1].has && len(pending) == 0 {
				segs[n-1].q, segs[n-1].has = it.q, true
			} else {
				pending = append(pending, it.q)
			}
		}
	}
	return segs, pending
}

func breastEntry(p Parsed, items []item, feedWords, sides, times, bares, vols int, each, sure bool) Parsed {
	p.Entry.Kind, p.Entry.Method = Feed, Breast
	if vols > 0 {
		return Parsed{}
	}
	segs, loose := segments(items)
	var left, right, both, none time.Duration
	var order []Side
	for _, s := range segs {
		d := durOf(s.q)
		switch s.side {
		case Left:
			left += d
		case Right:
			right += d
		case Both:
			both += d
		}
		order = append(order, s.side)
	}
	for _, q := range loose {
		none += durOf(q)
	}
	if len(loose) > 1 {
		return Parsed{}
	}
	// "10 min each side", "both 10 each": the time is per side.
	if each && len(loose)+len(segs) > 0 && left == 0 && right == 0 {
		d := none + both
		if d > 0 {
			p.Entry.Side, p.Entry.LeftDur, p.Entry.RightDur = Both, d, d
			p.Entry = placeTimes(p.Entry, 2*d, p)
			p.Status = Sure
			if !sure {
				p.Status = Unsure
			}
			return p
		}
	}
	numbered, bare := 0, 0
	for _, s := range segs {
		if s.has {
			numbered++
		} else {
			bare++
		}
	}
	hasL, hasR, hasB := false, false, false
	for _, s := range order {
		hasL = hasL || s == Left
		hasR = hasR || s == Right
		hasB = hasB || s == Both
	}
	total := left + right + both + none
	switch {
	case hasB && (hasL || hasR):
		p.Entry.Side = Both
		if left+right > 0 && both == 0 {
			p.Entry.LeftDur, p.Entry.RightDur = left, right
		}
	case hasL && hasR:
		p.Entry.Side = Both
		p.Entry.LeftDur, p.Entry.RightDur = left, right
		p.Entry.EndSide = order[len(order)-1]
	case hasB:
		p.Entry.Side = Both
	case hasL:
		p.Entry.Side = Left
	case hasR:
		p.Entry.Side = Right
	}
	if p.Entry.Side == Both && p.Entry.LeftDur+p.Entry.RightDur > 0 && none > 0 {
		return Parsed{}
	}
	mixed := numbered > 0 && bare > 0 && len(loose) == 0
	if mixed {
		// "left 15 right": the second side's time is unknown; keep the
		// total, drop the split, and ask.
		p.Entry.LeftDur, p.Entry.RightDur = 0, 0
	}
	if p.Entry.Side == Left || p.Entry.Side == Right {
		p.Entry.EndSide = p.Entry.Side
	}
	p.Entry = placeTimes(p.Entry, total, p)
	// Confidence: a side or a feeding word, plus a duration, is a log.
	hasDur := times+bares > 0
	switch {
	case (sides > 0 || feedWords > 0) && hasDur:
		p.Status = Sure
	case sides > 0 && feedWords > 0:
		p.Status = Sure // "fed left": a feed without a duration
	default:
		p.Status = Unsure // "left", "15 min", "fed"
	}
	if sides == 0 && feedWords == 0 && times == 0 {
		return Parsed{}
	}
	if !sure || mixed {
		p.Status = Unsure
	}
	return p
}

func durOf(q qty) time.Duration {
	switch q.unit {
	case qTime:
		return q.dur
	case qBare:
		return time.Duration(q.bare * float64(time.Minute))
	}
	return 0
}

func mlOf(q qty) int {
	switch q.unit {
	case qVolume:
		return int(math.Round(q.ml))
	case qBare:
		return int(math.Round(q.bare))
	}
	return 0
}

// placeTimes sets Start and End: a given time is the start; otherwise the
// entry ends at the message's time.
func placeTimes(e Entry, d time.Duration, p Parsed) Entry {
	if p.TimeGiven {
		e.End = e.Start.Add(d)
		return e
	}
	e.Start = e.End.Add(-d)
	return e
}

func bottleEntry(p Parsed, items []item, content Content, named bool, sure, strict bool) Parsed {
	p.Entry.Kind, p.Entry.Method, p.Entry.Content = Feed, Bottle, content
	var amount []qty
	var dur time.Duration
	for _, it := range items {
		if !it.isQty {
			continue
		}
		switch it.q.unit {
		case qTime:
			dur += it.q.dur
		default:
			amount = append(amount, it.q)
		}
	}
	if len(amount) != 1 {
		if len(amount) == 0 && named {
			p.Status = Unsure
			p.Problem = "How much was in the bottle? For example \"bottle 90ml\" or \"bottle 3oz formula\"."
			return p
		}
		return Parsed{}
	}
	q := amount[0]
	if q.unit == qBare && q.small && !strict {
		p.Status = Unsure
		p.Problem = fmt.Sprintf("Was that %s ml or %s oz? Send it with the unit, for example \"bottle %s oz\".", fmtNum(q.bare), fmtNum(q.bare), fmtNum(q.bare))
		return p
	}
	p.Entry.AmountML = mlOf(q)
	p.Entry = placeTimes(p.Entry, dur, p)
	p.Status = Sure
	if !named || !sure {
		p.Status = Unsure // "90ml" alone: probably a bottle; ask
	}
	return p
}

func pumpEntry(p Parsed, items []item, each, sure, strict bool) Parsed {
	p.Entry.Kind = Pump
	var dur time.Duration
	var amounts []item
	for _, it := range items {
		switch {
		case it.isQty && it.q.unit == qTime:
			dur += it.q.dur
		case it.isQty || it.class == wSide:
			amounts = append(amounts, it)
		}
	}
	segs, loose := segments(amounts)
	var total, l, r int
	hasSide := false
	for _, s := range segs {
		if !s.has {
			continue
		}
		if s.q.unit == qBare && s.q.small && !strict {
			p.Status = Unsure
			p.Problem = fmt.Sprintf("Was that %s ml or %s oz? Send it with the unit, for example \"pumped %s oz\".", fmtNum(s.q.bare), fmtNum(s.q.bare), fmtNum(s.q.bare))
			return p
		}
		ml := mlOf(s.q)
		switch s.side {
		case Left:
			l += ml
			hasSide = true
		case Right:
			r += ml
			hasSide = true
		}
		total += ml
	}
	for _, q := range loose {
		if q.unit == qBare && q.small && !strict {
			p.Status = Unsure
			p.Problem = fmt.Sprintf("Was that %s ml or %s oz? Send it with the unit, for example \"pumped %s oz\".", fmtNum(q.bare), fmtNum(q.bare), fmtNum(q.bare))
			return p
		}
		total += mlOf(q)
	}
	if each && !hasSide && len(loose) == 1 {
		// "pumped 2oz each side"
		l, r = total, total
		total *= 2
		hasSide = true
	} else if len(loose) > 1 || (len(loose) > 0 && hasSide) {
		p.Status = Unsure
		p.Problem = "I couldn't tell which amount goes with which side. Try \"pumped 60 left 50 right\"."
		return p
	}
	if total == 0 {
		p.Status = Unsure
		p.Problem = "How much did you pump? For example \"pumped 80ml\" or \"pumped 60 left 50 right\"."
		return p
	}
	p.Entry.AmountML = total
	if hasSide {
		p.Entry.LeftML, p.Entry.RightML = l, r
		switch {
		case l > 0 && r > 0:
			p.Entry.Side = Both
		case l > 0:
			p.Entry.Side = Left
		default:
			p.Entry.Side = Right
		}
	}
	p.Entry = placeTimes(p.Entry, dur, p)
	p.Status = Sure
	if !sure {
		p.Status = Unsure
	}
	return p
}

// checkLimits returns why an entry must not be logged as typed, or "".
func checkLimits(p Parsed, now time.Time) string {
	e := p.Entry
	if p.Action != LogEntry && p.Action != TimerStart {
		return ""
	}
	if e.Start.After(now.Add(futureSlack)) {
		return fmt.Sprintf("%s is later than now (%s), so I didn't log it. Did you mean an earlier day? For last night, write for example \"yesterday 11pm\" or \"last night at 11\".",
			capitalize(DayTime(e.Start, now)), now.Format("15:04"))
	}
	if p.Action == TimerStart {
		return ""
	}
	if d := e.Duration(); d > MaxDuration {
		return fmt.Sprintf("That is %s, longer than I can log as one session (3 hours at most), so I didn't log it. Check the minutes and send it again.", FormatDuration(d))
	}
	if e.End.After(now.Add(futureSlack)) {
		return fmt.Sprintf("That would end at %s, which is later than now (%s), so I didn't log it. Check the time and the minutes.",
			DayTime(e.End, now), now.Format("15:04"))
	}
	if e.AmountML > MaxAmountML {
		return fmt.Sprintf("%d ml is more than I can log at once (500 ml at most), so I didn't log it. Check the amount and the unit.", e.AmountML)
	}
	return ""
}

func capitalize(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

func fmtNum(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%d", int(v))
	}
	return fmt.Sprintf("%.1f", v)
}

// cutBaby removes a leading ("twin A: left 10") or trailing ("left 10 for
// Anna") baby name, blanking it so byte offsets stay valid, and returns the
// name as the household spells it.
func cutBaby(text string, babies []string) (string, string) {
	if len(babies) == 0 {
		return text, ""
	}
	names := append([]string(nil), babies...)
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	low := lowerASCII(text)
	blank := func(from, to int) string { return text[:from] + strings.Repeat(" ", to-from) + text[to:] }
	for _, name := range names {
		n := lowerASCII(strings.TrimSpace(name))
		if n == "" || len(n) > len(low) {
			continue
		}
		if strings.HasPrefix(low, n) && (len(low) == len(n) || !isWordByte(low[len(n)])) {
			return blank(0, len(n)), name
		}
		if strings.HasSuffix(low, n) && (len(low) == len(n) || !isWordByte(low[len(low)-len(n)-1])) {
			from := len(low) - len(n)
			// Drop a "for" before the name too.
			if f := strings.TrimRight(low[:from], " "); strings.HasSuffix(f, " for") {
				from = len(f) - len("for")
			}
			return blank(from, len(low)), name
		}
	}
	return text, ""
}

func isWordByte(c byte) bool { return isLetter(c) || isDigit(c) || c >= 0x80 }

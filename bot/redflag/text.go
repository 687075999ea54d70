package redflag

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// maxInput bounds the work per message: chat messages are at most a
// few kilobytes; anything longer is read up to this many bytes.
const maxInput = 16 << 10

// token is one canonical word or number of a message.
type token struct {
	w     string    // canonical word; "#" for a number written in digits
	lx    *lexEntry // the lexicon entry of w; nil for unknown words and digits
	num   float64
	isNum bool // digits, or a number word ("two")
	dec   bool // written with a decimal part ("38.4")
	// clause counts commas and sentence ends; hard counts only sentence
	// ends and "but"-like turns; sent counts sentence ends.
	clause, hard, sent int32
	subj               subject
}

// subject is who a word refers to.
type subject uint8

const (
	subjNone subject = iota
	subjBaby
	subjParent // the writer, or the breastfeeding parent named in the third person
	subjOther  // a partner, a toddler, a pet: not the baby, not the nursing parent
	// subjGeneric is babies in general ("is it normal for newborns to..."):
	// a question about babies, not a description of this one.
	subjGeneric
)

// normalise lowercases the text, drops apostrophes (so "can't" is "cant"),
// turns degree signs into words and every other symbol into a space, and
// keeps the punctuation that ends a clause or a sentence.
func normalise(text string, buf []byte) []byte {
	if len(text) > maxInput {
		text = text[:maxInput]
	}
	for len(text) > 0 {
		r, size := rune(text[0]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text)
		}
		text = text[size:]
		switch {
		case r >= 'A' && r <= 'Z':
			buf = append(buf, byte(r)+'a'-'A')
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			buf = append(buf, byte(r))
		case r == '.' || r == ',' || r == '!' || r == '?' || r == ';' || r == '%':
			buf = append(buf, byte(r))
		case r == '\n' || r == '\r':
			buf = append(buf, '.')
		case r == '\'' || r == '`' || r == '’' || r == '‘' || r == 'ʼ' || r == '´' || r == '′':
			// dropped: "can't" -> "cant", "baby's" -> "babys"; but "I'll" is
			// "i will", not "ill".
			if n := len(buf); n > 0 && buf[n-1] == 'i' && (n == 1 || !isLetter(buf[n-2])) &&
				len(text) >= 2 && (text[0]|0x20) == 'l' && (text[1]|0x20) == 'l' &&
				(len(text) == 2 || !isLetter(text[2]|0x20)) {
				buf = append(buf, " will"...)
				text = text[2:]
			}
			// "newborn's lips" is one baby; "newborns" means babies in
			// general, so the possessive s is dropped here.
			if bytes.HasSuffix(buf, []byte("newborn")) && len(text) >= 1 && (text[0]|0x20) == 's' &&
				(len(text) == 1 || !isLetter(text[1]|0x20)) {
				text = text[1:]
			}
		case r == '°' || r == 'º':
			buf = append(buf, " deg "...)
		case r == '℃':
			buf = append(buf, " deg c "...)
		case r == '℉':
			buf = append(buf, " deg f "...)
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		default:
			buf = append(buf, ' ')
		}
	}
	return buf
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= utf8.RuneSelf }

// tokenise splits normalised text into canonical tokens and marks clause
// and sentence boundaries.
func (d *Detector) tokenise(s string, toks []token) []token {
	var clause, sent int32
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isDigit(c):
			j, v, dec := scanNumber(s, i)
			toks = append(toks, token{w: "#", num: v, isNum: true, dec: dec, clause: clause, sent: sent})
			i = j
		case isLetter(c):
			j := i
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			w, lx := d.lookup(s[i:j])
			t := token{w: w, lx: lx, clause: clause, sent: sent}
			if v, ok := numberWord(w); ok {
				t.num, t.isNum = v, true
			}
			toks = append(toks, t)
			i = j
		case c == ',':
			clause++
			i++
		case c == '.' || c == '!' || c == '?' || c == ';':
			clause++
			sent++
			i++
		case c == '%':
			toks = append(toks, token{w: "pct", clause: clause, sent: sent})
			i++
		default:
			i++
		}
	}
	toks = d.mergeBigrams(toks)
	markHardBreaks(toks)
	return toks
}

// scanNumber reads digits with an optional decimal part at s[i:]. A comma
// is a decimal mark only in a temperature-like number ("38,5").
func scanNumber(s string, i int) (end int, v float64, dec bool) {
	j := i
	digits := 0
	for j < len(s) && isDigit(s[j]) {
		if digits < 9 {
			v = v*10 + float64(s[j]-'0')
		}
		digits++
		j++
	}
	if j+1 < len(s) && isDigit(s[j+1]) && (s[j] == '.' || (s[j] == ',' && (digits == 2 || digits == 3) &&
		(j+2 >= len(s) || !isDigit(s[j+2])))) {
		k := j + 1
		scale := 0.1
		for k < len(s) && isDigit(s[k]) {
			if scale > 1e-6 {
				v += float64(s[k]-'0') * scale
				scale /= 10
			}
			k++
		}
		return k, v, true
	}
	return j, v, false
}

// numberWord reads the small number words parents use ("two wet nappies").
func numberWord(w string) (float64, bool) {
	switch w {
	case "one", "single", "once":
		return 1, true
	case "two", "twice":
		return 2, true
	case "three":
		return 3, true
	case "four":
		return 4, true
	case "five":
		return 5, true
	case "six":
		return 6, true
	case "seven":
		return 7, true
	case "eight":
		return 8, true
	case "nine":
		return 9, true
	case "ten":
		return 10, true
	case "eleven":
		return 11, true
	case "twelve":
		return 12, true
	}
	return 0, false
}

// canonical maps a word to its canonical spelling (construction and tests;
// Detect uses lookup).
func (d *Detector) canonical(w string) string {
	if d.lex != nil {
		c, _ := d.lookup(w)
		return c
	}
	if c, ok := d.canon[w]; ok {
		return c
	}
	return w
}

// lookup maps a word to its canonical spelling and lexicon entry: the
// lexicon first, then with stretched letters squeezed ("feverrr"), then one
// typo away from a long keyword with the same first letter ("temprature").
// An unknown word is its own canonical form, with no entry.
func (d *Detector) lookup(w string) (string, *lexEntry) {
	if e, ok := d.lex[w]; ok {
		return e.w, e
	}
	if sq, ok := squeeze(w); ok {
		if e, ok := d.lex[sq]; ok {
			return e.w, e
		}
		w = sq
	}
	if n := len(w); n >= 6 {
		for l := n - 1; l <= n+1; l++ {
			for _, kw := range d.fuzzy[fuzzyKey{l, w[0]}] {
				if oneEdit(w, kw) {
					e := d.lex[kw]
					return e.w, e
				}
			}
		}
	}
	return w, nil
}

// squeeze turns three or more repeats of a letter into one
// ("feverrr", "sooo").
func squeeze(w string) (string, bool) {
	found := false
	for i := 2; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] {
			found = true
			break
		}
	}
	if !found {
		return w, false
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); {
		j := i
		for j < len(w) && w[j] == w[i] {
			j++
		}
		if j-i >= 3 {
			b = append(b, w[i])
		} else {
			b = append(b, w[i:j]...)
		}
		i = j
	}
	return string(b), true
}

// oneEdit reports whether a and b differ by exactly one insertion,
// deletion, substitution or swap of neighbouring letters.
func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}

// mergeBigrams rewrites two-word phrases to one canonical word, in place.
func (d *Detector) mergeBigrams(toks []token) []token {
	first := -1
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].lx != nil && toks[i].lx.bigram {
			first = i
			break
		}
	}
	if first < 0 {
		return toks
	}
	out := toks[:first]
	for i := first; i < len(toks); i++ {
		t := toks[i]
		if t.lx != nil && t.lx.bigram && i+1 < len(toks) && toks[i+1].clause == t.clause {
			if m, ok := d.bigram[[2]string{t.w, toks[i+1].w}]; ok {
				t.w, t.lx = m, d.lex[m]
				t.isNum = false
				i++
			}
		}
		out = append(out, t)
	}
	return out
}

// markHardBreaks numbers the hard segments: a sentence end, a turn word
// ("but", "though") or "and" followed by a new subject ("no fever and she
// is floppy") ends a segment. Negation never reaches across one.
func markHardBreaks(toks []token) {
	var hard int32
	for i := range toks {
		if i > 0 && toks[i].sent != toks[i-1].sent {
			hard++
		}
		toks[i].hard = hard
		switch toks[i].w {
		case "but", "although", "though", "however", "whereas", "except", "yet":
			hard++
		case "and", "so", "plus", "then", "now", "also":
			if i+1 < len(toks) && startsClause(toks[i+1].w) {
				hard++
			}
		}
	}
}

func startsClause(w string) bool {
	switch w {
	case "i", "im", "ive", "id", "she", "he", "shes", "hes", "baby", "it", "its", "they",
		"theyre", "her", "his", "my", "now", "then", "also", "we", "the", "newborn", "mum", "wife":
		return true
	}
	return false
}

package feedlog

// token is one word, number or clock time of a message, with its byte
// offsets in the original text (so a phrase can be cut out).
type token struct {
	text       string // lowercased
	start, end int
	kind       tokenKind
	num        int  // for tokNum: the value; for tokClock: hours
	min        int  // for tokClock: minutes
	zero       bool // a number written with a leading zero ("03")
	frac       bool // a number with a decimal part ("2.5"); num is rounded down, tenth holds the first decimal
	tenth      int
	neg        bool // a number written with a minus sign ("-5"), which no duration or amount can be
	ranged     bool // the second number of a range ("10-15"): which one is meant is unclear
}

type tokenKind int

const (
	tokWord tokenKind = iota
	tokNum
	tokClock // "3:40", "03:40"
	tokSym   // "@", "+", "&" and the like
)

// maxTokens bounds work on hostile input; real log messages are short.
const maxTokens = 64

// tokenize splits s into words, numbers and clock times. Letters and digits
// are split where they meet ("L15" -> "l", "15"; "90ml" -> "90", "ml").
// Non-ASCII letters are kept inside words so "naïve" stays one (unknown)
// word. It returns at most maxTokens tokens and ok=false if there were more.
func tokenize(s string) (toks []token, ok bool) {
	i := 0
	minus := false  // a '-' starting a word, just before a digit
	ranged := false // a '-' between two numbers
	for i < len(s) {
		c := s[i]
		switch {
		case c == '-' && i+1 < len(s) && isDigit(s[i+1]) && (i == 0 || isSpace(s[i-1])):
			minus = true
			i++
			continue
		case c == '-' && i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) && len(toks) > 0 && toks[len(toks)-1].kind == tokNum:
			ranged = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '(' || c == ')' || c == '!' || c == '.' || c == '-' || c == '/' || c == '"' || c == '\'':
			i++
			continue
		case isDigit(c):
			j := i
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			// A clock time: 1-2 digits, a colon, 2 digits.
			if j-i <= 2 && j+2 < len(s) && s[j] == ':' && isDigit(s[j+1]) && isDigit(s[j+2]) && (j+3 == len(s) || !isDigit(s[j+3])) {
				h := atoi(s[i:j])
				m := atoi(s[j+1 : j+3])
				toks = append(toks, token{text: s[i : j+3], start: i, end: j + 3, kind: tokClock, num: h, min: m, zero: s[i] == '0' && j-i == 2})
				i = j + 3
				break
			}
			t := token{text: s[i:j], start: i, kind: tokNum, zero: s[i] == '0' && j-i > 1, neg: minus, ranged: ranged}
			if j-i > 6 {
				t.num = 1_000_000 // absurdly large: callers reject it
			} else {
				t.num = atoi(s[i:j])
			}
			// A decimal part: "2.5 oz".
			if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
				k := j + 1
				for k < len(s) && isDigit(s[k]) {
					k++
				}
				t.frac = true
				t.tenth = int(s[j+1] - '0')
				t.text = s[i:k]
				j = k
			}
			t.end = j
			toks = append(toks, t)
			i = j
		case isLetter(c) || c >= 0x80:
			j := i
			for j < len(s) && (isLetter(s[j]) || s[j] >= 0x80) {
				j++
			}
			toks = append(toks, token{text: lowerASCII(s[i:j]), start: i, end: j, kind: tokWord})
			i = j
		default:
			toks = append(toks, token{text: s[i : i+1], start: i, end: i + 1, kind: tokSym})
			i++
		}
		minus, ranged = false, false
		if len(toks) > maxTokens {
			return toks[:maxTokens], false
		}
	}
	return toks, true
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// lowerASCII lowercases ASCII letters only, so byte offsets never move.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

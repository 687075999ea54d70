package feedlog

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestParseWhatTheyTyped holds issue 14 item 2 (newcomer run D3, D8 and
// the Low list): durations stay durations next to "ago", day words set
// the day wherever they stand, a future day is questioned, a minus sign is
// refused and escape sequences never become digits.
func TestParseWhatTheyTyped(t *testing.T) {
	loc := london(t)
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, loc) // Thursday afternoon
	ctx := ParseContext{Now: now, Babies: []string{"Ada"}}
	feed := func(side Side, start, end string) got {
		es := side
		if side == Both {
			es = NoSide
		}
		return got{Status: Sure, Kind: Feed, Method: Breast, Side: side, EndSide: es, Start: start, End: end, TimeGive: true}
	}
	tests := []struct {
		name string
		text string
		want got
	}{
		// D3: the report's inputs.
		{"duration and ago both kept", "left 12 min 20 min ago", feed(Left, "11-05 13:45", "11-05 13:57")},
		{"day word after the time", "fed left 15 min at 2:30 pm yesterday", feed(Left, "11-04 14:30", "11-04 14:45")},
		{"yday after a glued pm", "fed left 15 min at 2:30pm yday", feed(Left, "11-04 14:30", "11-04 14:45")},
		// Low: "last night" with an evening time is yesterday.
		{"11pm last night", "left 15 at 11pm last night", feed(Left, "11-04 23:00", "11-04 23:15")},
		// Variations.
		{"ago then duration", "20 min ago left 12 min", feed(Left, "11-05 13:45", "11-05 13:57")},
		{"hours and minutes still join", "left 10 1 hour 20 min ago", feed(Left, "11-05 12:45", "11-05 12:55")},
		{"1h30 ago after a duration", "right 8 min 1h30 ago", feed(Right, "11-05 12:35", "11-05 12:43")},
		{"last night at 2 is the small hours", "last night at 2 left 10", feed(Left, "11-05 02:00", "11-05 02:10")},
		{"last night at 11 is the evening", "last night at 11 right 10", feed(Right, "11-04 23:00", "11-04 23:10")},
		{"lastnight glued", "right 10 at 9 lastnight", feed(Right, "11-04 21:00", "11-04 21:10")},
		{"this morning at 7", "this morning at 7 left 10", feed(Left, "11-05 07:00", "11-05 07:10")},
		{"yesterday evening at 8", "yesterday evening at 8 right 10", feed(Right, "11-04 20:00", "11-04 20:10")},
		{"yesterday morning 6", "both 20 yesterday morning 6", feed(Both, "11-04 06:00", "11-04 06:20")},
		{"bare pm clock then yesterday", "left 10 3pm yesterday", feed(Left, "11-04 15:00", "11-04 15:10")},
		{"24h clock then yday", "left 10 at 16:20 yday", feed(Left, "11-04 16:20", "11-04 16:30")},
		{"nappy yesterday", "wet nappy at 9pm yesterday", got{Status: Sure, Kind: Nappy, Nappy: Wet, Start: "11-04 21:00", End: "11-04 21:00", TimeGive: true}},
		{"bottle this morning", "bottle 90ml formula this morning at 6", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 90, Content: Formula, Start: "11-05 06:00", End: "11-05 06:00", TimeGive: true}},

		// D3: a future day is questioned, not logged as today.
		{"tomorrow at 9am", "ada left 15 tomorrow at 9am", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-06 09:00", End: "11-06 09:15", Baby: "Ada", Problem: true, TimeGive: true}},
		{"at 9am tomorrow", "left 15 at 9am tomorrow", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-06 09:00", End: "11-06 09:15", Problem: true, TimeGive: true}},
		{"this evening is still to come", "left 15 this evening at 8", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 20:00", End: "11-05 20:15", Problem: true, TimeGive: true}},

		// Low: a minus sign is refused.
		{"minus five", "fed left -5 min", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 14:00", End: "11-05 14:05", Problem: true}},
		{"minus bottle", "bottle -90ml", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 90, Start: "11-05 14:05", End: "11-05 14:05", Problem: true}},
		{"a range is questioned, not added up", "left 10-15 min", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 13:40", End: "11-05 14:05", Problem: true}},
		{"a hyphen between words is not a minus", "fed left-15 min", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 13:50", End: "11-05 14:05"}},

		// D8: control characters and escape sequences are blanked.
		{"nul and ANSI colour", "fed left\x00 15\x1b[31m min", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 13:50", End: "11-05 14:05"}},
		{"ANSI reset inside an amount", "bottle 90\x1b[0mml", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 90, Start: "11-05 14:05", End: "11-05 14:05"}},
		{"OSC title", "fed right 10 \x1b]0;x99\x07min", got{Status: Sure, Kind: Feed, Method: Breast, Side: Right, EndSide: Right, Start: "11-05 13:55", End: "11-05 14:05"}},
		{"C1 CSI", "fed left 12\u009b31m min", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 13:53", End: "11-05 14:05"}},
		{"tab and bell", "fed\tleft\a 15 min", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 13:50", End: "11-05 14:05"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Parse(tt.text, ctx)
			if diff := cmp.Diff(tt.want, summarize(p)); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s\nproblem: %s", tt.text, diff, p.Problem)
			}
		})
	}
}

func TestProblemsNameTheDay(t *testing.T) {
	loc := london(t)
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, loc)
	tests := []struct{ text, want string }{
		{"left 15 tomorrow at 9am", "Tomorrow 09:00 is later than now (14:05)"},
		{"left 15 at 3pm", "15:00 is later than now (14:05)"},
		{"fed left -5 min", "can't be below zero"},
	}
	for _, tt := range tests {
		p := Parse(tt.text, ParseContext{Now: now})
		if !strings.Contains(p.Problem, tt.want) {
			t.Errorf("Parse(%q).Problem = %q, want it to contain %q", tt.text, p.Problem, tt.want)
		}
	}
}

func TestParseCommandRefusesNegative(t *testing.T) {
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, london(t))
	for _, c := range []struct{ cmd, args string }{{"feed", "left -5"}, {"bottle", "-90"}, {"pump", "-60"}, {"feed", "left 15 at 9am tomorrow"}} {
		p, ok := ParseCommand(c.cmd, c.args, ParseContext{Now: now})
		if !ok || p.Problem == "" {
			t.Errorf("/%s %s: problem %q, want a refusal", c.cmd, c.args, p.Problem)
		}
	}
}

func TestFindTimeDayPhrases(t *testing.T) {
	loc := london(t)
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, loc)
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, loc) }
	tests := []struct {
		text, phrase string
		want         time.Time
	}{
		{"at 2:30 pm yesterday", "at 2:30 pm yesterday", at(4, 14, 30)},
		{"11pm last night", "11pm last night", at(4, 23, 0)},
		{"last night at 12", "last night at 12", at(5, 0, 0)},
		{"this morning 7:10", "this morning 7:10", at(5, 7, 10)},
		{"this afternoon at 1", "this afternoon at 1", at(5, 13, 0)},
		{"tomorrow at 9am", "tomorrow at 9am", at(6, 9, 0)},
		{"left 12 min 20 min ago", "20 min ago", at(5, 13, 45)},
		{"yday 3\x1b[31m pm", "yday 3\x1b[31m pm", at(4, 15, 0)},
	}
	for _, tt := range tests {
		m, found, err := FindTime(tt.text, now)
		if err != nil || !found {
			t.Errorf("FindTime(%q): found %v err %v", tt.text, found, err)
			continue
		}
		if !m.T.Equal(tt.want) || tt.text[m.Start:m.End] != tt.phrase {
			t.Errorf("FindTime(%q) = %v %q, want %v %q", tt.text, m.T, tt.text[m.Start:m.End], tt.want, tt.phrase)
		}
	}
	for _, s := range []string{"last night", "yesterday evening", "this morning"} {
		if _, err := ParseTime(s, now); err == nil {
			t.Errorf("ParseTime(%q): want an error asking for the time", s)
		}
	}
}

func TestSanitizeKeepsLength(t *testing.T) {
	for _, s := range []string{"plain", "a\x1b[31mb", "\x1b]0;t\x07x", "x\u0085y\u009b1mz", "\x1b", "\x1b[", "£5 ok", "\x7f"} {
		got := sanitize(s)
		if len(got) != len(s) {
			t.Errorf("sanitize(%q) = %q: length %d, want %d", s, got, len(got), len(s))
		}
		for i := 0; i < len(got); i++ {
			if got[i] < 0x20 || got[i] == 0x7f {
				t.Errorf("sanitize(%q) = %q keeps a control byte", s, got)
			}
		}
	}
}

// TestParseMorePhrasings: issue 14 item 7 (the Low list's inputs, plus
// variations): milk given by syringe or cup and a top-up after a
// breastfeed are logs, not questions.
func TestParseMorePhrasings(t *testing.T) {
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, london(t))
	const n = "11-05 14:05"
	bottle := func(ml int, c Content) got {
		return got{Status: Sure, Kind: Feed, Method: Bottle, ML: ml, Content: c, Start: n, End: n}
	}
	tests := []struct {
		text string
		want got
	}{
		{"gave 30ml colostrum by syringe", bottle(30, BreastMilk)},
		{"topped up with 60ml formula after a breastfeed", bottle(60, Formula)},
		{"topped up with 60ml formula after breastfeed", bottle(60, Formula)},
		{"top-up 40ml formula", bottle(40, Formula)},
		{"5ml colostrum by syringe", bottle(5, BreastMilk)},
		{"cup fed 20ml ebm", bottle(20, BreastMilk)},
		{"60ml formula top up", bottle(60, Formula)},
		{"how do I syringe feed colostrum", got{}},
		{"top tips for latch", got{}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, summarize(Parse(tt.text, ParseContext{Now: now}))); diff != "" {
			t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.text, diff)
		}
	}
}

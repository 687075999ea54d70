package feedlog

import (
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the host's zoneinfo

	"github.com/google/go-cmp/cmp"
)

func london(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// got is the part of a Parsed a test compares.
type got struct {
	Status   Status
	Action   Action
	Kind     Kind
	Method   Method
	Side     Side
	EndSide  Side
	Start    string
	End      string
	Left     time.Duration
	Right    time.Duration
	ML       int
	LeftML   int
	RightML  int
	Content  Content
	Nappy    NappyKind
	Baby     string
	Problem  bool
	TimeGive bool
}

func summarize(p Parsed) got {
	g := got{
		Status: p.Status, Action: p.Action, Kind: p.Entry.Kind, Method: p.Entry.Method,
		Side: p.Entry.Side, EndSide: p.Entry.EndSide, Left: p.Entry.LeftDur, Right: p.Entry.RightDur,
		ML: p.Entry.AmountML, LeftML: p.Entry.LeftML, RightML: p.Entry.RightML, Content: p.Entry.Content,
		Nappy: p.Entry.Nappy, Baby: p.Baby, Problem: p.Problem != "", TimeGive: p.TimeGiven,
	}
	if !p.Entry.Start.IsZero() {
		g.Start = p.Entry.Start.Format("01-02 15:04")
		g.End = p.Entry.End.Format("01-02 15:04")
	}
	return g
}

func TestParse(t *testing.T) {
	loc := london(t)
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, loc)
	ctx := ParseContext{Now: now}
	const n = "11-05 14:05"
	breast := func(side Side, start string) got {
		end := side
		if side == Both || side == NoSide {
			end = NoSide
		}
		return got{Status: Sure, Kind: Feed, Method: Breast, Side: side, EndSide: end, Start: start, End: n}
	}
	tests := []struct {
		name string
		text string
		want got
	}{
		// Breast feeds from the issue.
		{"fed left 15 min", "fed left 15 min", breast(Left, "11-05 13:50")},
		{"left 15", "left 15", breast(Left, "11-05 13:50")},
		{"L15 R10", "L15 R10", got{Status: Sure, Kind: Feed, Method: Breast, Side: Both, EndSide: Right, Start: "11-05 13:40", End: n, Left: 15 * time.Minute, Right: 10 * time.Minute}},
		{"R10 L5 ends left", "r10 l5", got{Status: Sure, Kind: Feed, Method: Breast, Side: Both, EndSide: Left, Start: "11-05 13:50", End: n, Left: 5 * time.Minute, Right: 10 * time.Minute}},
		{"both sides 25 min", "both sides 25 min", breast(Both, "11-05 13:40")},
		{"right side 10m at 3:40am", "right side 10m at 3:40am", got{Status: Sure, Kind: Feed, Method: Breast, Side: Right, EndSide: Right, Start: "11-05 03:40", End: "11-05 03:50", TimeGive: true}},
		{"fed 20 min ago left 12 min", "fed 20 min ago left 12 min", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 13:45", End: "11-05 13:57", TimeGive: true}},
		{"fed 15 min no side", "fed 15 min", breast(NoSide, "11-05 13:50")},
		{"capitals and punctuation", "Fed LEFT 15 mins.", breast(Left, "11-05 13:50")},
		{"15 min left", "15 min left", breast(Left, "11-05 13:50")},
		{"nursed right 1h 5", "nursed right 1h 5", breast(Right, "11-05 13:00")},
		{"left 15 right 10 at 3pm yesterday form", "left 15 right 10 yesterday 3pm", got{Status: Sure, Kind: Feed, Method: Breast, Side: Both, EndSide: Right, Start: "11-04 15:00", End: "11-04 15:25", Left: 15 * time.Minute, Right: 10 * time.Minute, TimeGive: true}},
		{"fed left", "fed left", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: n, End: n}},
		{"left alone asks", "left", got{Status: Unsure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: n, End: n}},
		{"15 min alone asks", "15 min", got{Status: Unsure, Kind: Feed, Method: Breast, Start: "11-05 13:50", End: n}},
		{"a stray word asks", "fed left 15 min sleepy", got{Status: Unsure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 13:50", End: n}},
		{"at 03:40", "left 10 at 03:40", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 03:40", End: "11-05 03:50", TimeGive: true}},

		{"10 min each side", "10 min each side", got{Status: Sure, Kind: Feed, Method: Breast, Side: Both, Start: "11-05 13:45", End: n, Left: 10 * time.Minute, Right: 10 * time.Minute}},
		{"a side without its time asks", "left 15 right", got{Status: Unsure, Kind: Feed, Method: Breast, Side: Both, EndSide: Right, Start: "11-05 13:50", End: n}},
		{"she fed 15 on the left", "she fed 15 on the left", breast(Left, "11-05 13:50")},
		{"fed 1.5 hours", "fed 1.5 hours", breast(NoSide, "11-05 12:35")},

		// Bottles.
		{"bottle 90ml", "bottle 90ml", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 90, Start: n, End: n}},
		{"bottle 3oz formula", "bottle 3oz formula", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 89, Content: Formula, Start: n, End: n}},
		{"120 ml expressed milk", "120 ml expressed milk", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 120, Content: BreastMilk, Start: n, End: n}},
		{"4 oz EBM", "4 oz EBM", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 118, Content: BreastMilk, Start: n, End: n}},
		{"bottle 3 fl oz", "bottle 3 fl oz", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 89, Start: n, End: n}},
		{"bottle 2.5oz breast milk", "bottle 2.5oz breast milk", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 74, Content: BreastMilk, Start: n, End: n}},
		{"90ml alone asks", "90ml", got{Status: Unsure, Kind: Feed, Method: Bottle, ML: 90, Start: n, End: n}},
		{"bottle 4 unit unclear", "bottle 4", got{Status: Unsure, Kind: Feed, Method: Bottle, Problem: true, Start: n, End: n}},
		{"bottle 600ml too much", "bottle 600ml", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 600, Problem: true, Start: n, End: n}},

		// Nappies.
		{"wet nappy", "wet nappy", got{Status: Sure, Kind: Nappy, Nappy: Wet, Start: n, End: n}},
		{"dirty diaper", "dirty diaper", got{Status: Sure, Kind: Nappy, Nappy: Dirty, Start: n, End: n}},
		{"poo", "poo", got{Status: Sure, Kind: Nappy, Nappy: Dirty, Start: n, End: n}},
		{"wet and dirty", "wet and dirty", got{Status: Sure, Kind: Nappy, Nappy: WetDirty, Start: n, End: n}},
		{"wet & dirty at 3am", "wet & dirty at 3am", got{Status: Sure, Kind: Nappy, Nappy: WetDirty, Start: "11-05 03:00", End: "11-05 03:00", TimeGive: true}},
		{"big poo", "big poo", got{Status: Sure, Kind: Nappy, Nappy: Dirty, Start: n, End: n}},
		{"changed wet nappy", "changed wet nappy", got{Status: Sure, Kind: Nappy, Nappy: Wet, Start: n, End: n}},
		{"nappy alone asks kind", "nappy change", got{Status: Unsure, Kind: Nappy, Start: n, End: n}},
		{"feed and nappy together", "left 10 and wet nappy", got{Status: Unsure, Problem: true, Start: n, End: n}},

		// Pumping.
		{"pumped 80ml", "pumped 80ml", got{Status: Sure, Kind: Pump, ML: 80, Start: n, End: n}},
		{"pumped 60 left 50 right", "pumped 60 left 50 right", got{Status: Sure, Kind: Pump, Side: Both, ML: 110, LeftML: 60, RightML: 50, Start: n, End: n}},
		{"pumped left 60 right 50", "pumped left 60ml right 50ml", got{Status: Sure, Kind: Pump, Side: Both, ML: 110, LeftML: 60, RightML: 50, Start: n, End: n}},
		{"pumped 2oz each side", "pumped 2oz each side", got{Status: Sure, Kind: Pump, Side: Both, ML: 118, LeftML: 59, RightML: 59, Start: n, End: n}},
		{"expressed 3oz", "expressed 3oz", got{Status: Sure, Kind: Pump, ML: 89, Start: n, End: n}},
		{"I pumped 100", "I pumped 100", got{Status: Sure, Kind: Pump, ML: 100, Start: n, End: n}},
		{"pumped 20 min 90ml", "pumped 20 min 90ml", got{Status: Sure, Kind: Pump, ML: 90, Start: "11-05 13:45", End: n}},

		// Timers.
		{"start left", "start left", got{Status: Sure, Action: TimerStart, Kind: Feed, Method: Breast, Side: Left, Start: n, End: n}},
		{"start feed right", "start feed right", got{Status: Sure, Action: TimerStart, Kind: Feed, Method: Breast, Side: Right, Start: n, End: n}},
		{"started left 10 min ago", "started left 10 min ago", got{Status: Sure, Action: TimerStart, Kind: Feed, Method: Breast, Side: Left, Start: "11-05 13:55", End: "11-05 13:55", TimeGive: true}},
		{"done", "done", got{Status: Sure, Action: TimerStop, Kind: Feed, Method: Breast, Start: n, End: n}},
		{"stop", "Stop", got{Status: Sure, Action: TimerStop, Kind: Feed, Method: Breast, Start: n, End: n}},
		{"switch sides", "switch sides", got{Status: Sure, Action: TimerSwitch, Kind: Feed, Method: Breast, Start: n, End: n}},
		{"switch to right", "switch to right", got{Status: Sure, Action: TimerSwitch, Kind: Feed, Method: Breast, Side: Right, Start: n, End: n}},

		// Limits and times.
		{"future time", "left 10 at 3pm", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 15:00", End: "11-05 15:10", TimeGive: true, Problem: true}},
		{"too long", "left 200", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 10:45", End: n, Problem: true}},
		{"yesterday without a time", "left 10 yesterday", got{Status: Unsure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 13:55", End: n, Problem: true}},
		{"bad clock", "left 10 at 25:00", got{Status: Unsure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 13:55", End: n, Problem: true}},
		{"two times", "left 10 at 3am then 4am", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 03:00", End: "11-05 03:10", TimeGive: true, Problem: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Parse(tt.text, ctx)
			if diff := cmp.Diff(tt.want, summarize(p)); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s\nproblem: %q", tt.text, diff, p.Problem)
			}
		})
	}
}

func TestParseNotLogs(t *testing.T) {
	ctx := ParseContext{Now: time.Date(2026, 11, 5, 14, 5, 0, 0, time.UTC)}
	for _, text := range []string{
		"how long should a feed last",
		"How often should I feed left and right",
		"is 15 min on each side enough",
		"what is cluster feeding",
		"my baby won't latch on the left side",
		"left breast hurts",
		"sore nipples on the right side",
		"pumped only 20ml today is that normal",
		"fed 15 min?",
		"green poo",
		"wet wipes",
		"start",
		"/feed left 15",
		"15",
		"",
		"hello",
		"thanks!",
		"baby has been feeding every hour since lunch and seems hungry all the time",
		"should I wake her to feed after 3 hours",
		"+title:x",
		"SELECT * FROM entries; DROP TABLE entries",
		"🍼🍼🍼🍼",
	} {
		t.Run(text, func(t *testing.T) {
			if p := Parse(text, ctx); p.Status != NotLog {
				t.Errorf("Parse(%q) = %+v, want NotLog", text, summarize(p))
			}
		})
	}
}

func TestParseBabyName(t *testing.T) {
	ctx := ParseContext{Now: time.Date(2026, 11, 5, 14, 5, 0, 0, time.UTC), Babies: []string{"Twin A", "Twin B", "Ann"}}
	tests := []struct {
		text, baby string
		side       Side
	}{
		{"twin A left 10", "Twin A", Left},
		{"Twin B: right 10", "Twin B", Right},
		{"left 10 for ann", "Ann", Left},
		{"left 10 Ann", "Ann", Left},
		{"left 10", "", Left},
		{"annie left 10", "", Left}, // a longer word is not the name
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			p := Parse(tt.text, ctx)
			if p.Baby != tt.baby || p.Entry.Side != tt.side {
				t.Errorf("Parse(%q): baby %q side %q, want %q %q", tt.text, p.Baby, p.Entry.Side, tt.baby, tt.side)
			}
		})
	}
}

func TestParseCommand(t *testing.T) {
	loc := london(t)
	now := time.Date(2026, 11, 5, 14, 5, 0, 0, loc)
	ctx := ParseContext{Now: now}
	const n = "11-05 14:05"
	tests := []struct {
		cmd, args string
		want      got
	}{
		{"feed", "left 15", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 13:50", End: n}},
		{"feed", "left 15 at 1pm", got{Status: Sure, Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: "11-05 13:00", End: "11-05 13:15", TimeGive: true}},
		{"feed", "right 10", got{Status: Sure, Kind: Feed, Method: Breast, Side: Right, EndSide: Right, Start: "11-05 13:55", End: n}},
		{"feed", "both 25", got{Status: Sure, Kind: Feed, Method: Breast, Side: Both, Start: "11-05 13:40", End: n}},
		{"feed", "bottle 90", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 90, Start: n, End: n}},
		{"feed", "bottle 90 formula", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 90, Content: Formula, Start: n, End: n}},
		{"feed", "bottle 90 breast milk", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 90, Content: BreastMilk, Start: n, End: n}},
		{"feed", "bottle 90 ebm", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 90, Content: BreastMilk, Start: n, End: n}},
		{"bottle", "90", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 90, Start: n, End: n}},
		{"bottle", "90 formula", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 90, Content: Formula, Start: n, End: n}},
		{"bottle", "5", got{Status: Sure, Kind: Feed, Method: Bottle, ML: 5, Start: n, End: n}},
		{"nappy", "wet", got{Status: Sure, Kind: Nappy, Nappy: Wet, Start: n, End: n}},
		{"nappy", "dirty", got{Status: Sure, Kind: Nappy, Nappy: Dirty, Start: n, End: n}},
		{"nappy", "both", got{Status: Sure, Kind: Nappy, Nappy: WetDirty, Start: n, End: n}},
		{"nappy", "", got{Status: Unsure, Kind: Nappy, Start: n, End: n}},
		{"pump", "120", got{Status: Sure, Kind: Pump, ML: 120, Start: n, End: n}},
		{"pump", "60 left 50 right", got{Status: Sure, Kind: Pump, Side: Both, ML: 110, LeftML: 60, RightML: 50, Start: n, End: n}},
		{"feed", "", got{Problem: true}},
		{"feed", "banana", got{Problem: true}},
		{"feed", "left 15 please now thanks ok", got{Problem: true}},
	}
	for _, tt := range tests {
		t.Run(tt.cmd+" "+tt.args, func(t *testing.T) {
			p, ok := ParseCommand(tt.cmd, tt.args, ctx)
			if !ok {
				t.Fatalf("ParseCommand(%q, %q) not handled", tt.cmd, tt.args)
			}
			if diff := cmp.Diff(tt.want, summarize(p)); diff != "" {
				t.Errorf("ParseCommand(%q, %q) mismatch (-want +got):\n%s\nproblem: %q", tt.cmd, tt.args, diff, p.Problem)
			}
		})
	}
	if _, ok := ParseCommand("today", "", ctx); ok {
		t.Error("ParseCommand(today) handled, want not")
	}
}

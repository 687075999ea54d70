package feedlog

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func rowEntries(f ImportFile) []Entry {
	var es []Entry
	for _, r := range f.Rows {
		es = append(es, r.Entry)
	}
	return es
}

// TestBabyBuddyRoundTrip: what /export babybuddy writes, ReadBabyBuddy
// reads back to the same feeds, so a family can move both ways.
func TestBabyBuddyRoundTrip(t *testing.T) {
	loc := time.UTC
	t0 := time.Date(2026, 11, 20, 14, 0, 0, 0, loc)
	feeds := []Entry{
		{Kind: Feed, Method: Breast, Side: Left, EndSide: Left, Start: t0, End: t0.Add(15 * time.Minute), LeftDur: 15 * time.Minute},
		{Kind: Feed, Method: Breast, Side: Right, EndSide: Right, Start: t0.Add(time.Hour), End: t0.Add(70 * time.Minute), RightDur: 10 * time.Minute},
		{Kind: Feed, Method: Bottle, Content: Formula, Start: t0.Add(2 * time.Hour), End: t0.Add(2 * time.Hour), AmountML: 90},
		{Kind: Feed, Method: Bottle, Content: BreastMilk, Start: t0.Add(3 * time.Hour), End: t0.Add(3 * time.Hour), AmountML: 120, Note: "from the freezer"},
	}
	var buf bytes.Buffer
	if err := WriteBabyBuddy(&buf, append(feeds, Entry{Kind: Nappy, Nappy: Wet, Start: t0, End: t0}), Household{}, loc); err != nil {
		t.Fatal(err)
	}
	got, err := ReadBabyBuddy(&buf, BabyBuddyOptions{Loc: loc, Unit: "ml"})
	if err != nil {
		t.Fatalf("ReadBabyBuddy: %v\n%s", err, buf.String())
	}
	if len(got.Skipped) != 0 {
		t.Errorf("skipped %v", got.Skipped)
	}
	if diff := cmp.Diff(feeds, rowEntries(got)); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestReadBabyBuddyRealFile: newcomer run D4. Fortified breast milk is
// milk, solid food alone is skipped (and counted as such), and an amount
// with no unit is read in the unit given, or refused when none was.
func TestReadBabyBuddyRealFile(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	// As Baby Buddy's admin export writes it: its own columns, times
	// without an offset, solids mixed in.
	csvText := "\ufeffid,child,start,end,duration,type,method,amount,notes\n" +
		"7,Mia,2026-11-20 14:05:00,2026-11-20 14:20:00,00:15:00,breast milk,both breasts,,\n" +
		"8,Mia,2026-11-20 16:00:00,2026-11-20 16:05:00,00:05:00,formula,bottle,3.0,\n" +
		"9,Mia,2026-11-20 17:00:00,2026-11-20 17:10:00,00:10:00,solid food,parent fed,,\n" +
		"10,Mia,2026-11-20 18:00:00,2026-11-20 18:10:00,00:10:00,fortified breast milk,parent fed,2,\n"
	tests := []struct {
		unit      string
		formulaML int
		fortML    int
	}{{"oz", 89, 59}, {"ml", 3, 2}, {"OZ", 89, 59}}
	for _, tt := range tests {
		got, err := ReadBabyBuddy(strings.NewReader(csvText), BabyBuddyOptions{Loc: london, Unit: tt.unit})
		if err != nil {
			t.Fatalf("unit %s: %v", tt.unit, err)
		}
		if diff := cmp.Diff(map[string]int{SkipSolidFood: 1}, got.Skipped); diff != "" {
			t.Errorf("unit %s: skipped (-want +got):\n%s", tt.unit, diff)
		}
		es := rowEntries(got)
		if len(es) != 3 {
			t.Fatalf("unit %s: %d entries, want 3", tt.unit, len(es))
		}
		if es[0].Side != Both || es[0].Start.In(london).Format("15:04") != "14:05" || got.Rows[0].Baby != "Mia" {
			t.Errorf("unit %s: first %+v", tt.unit, got.Rows[0])
		}
		if es[1].AmountML != tt.formulaML || es[1].Content != Formula || es[1].Method != Bottle {
			t.Errorf("unit %s: formula %+v", tt.unit, es[1])
		}
		if es[2].AmountML != tt.fortML || es[2].Content != FortifiedMilk || es[2].Method != Bottle {
			t.Errorf("unit %s: fortified milk %+v", tt.unit, es[2])
		}
	}
	if _, err := ReadBabyBuddy(strings.NewReader(csvText), BabyBuddyOptions{Loc: london}); !errors.Is(err, ErrUnitUnknown) {
		t.Errorf("no unit: err %v, want ErrUnitUnknown", err)
	}
	noAmounts := "start,end,type,method\n2026-11-20 14:05:00,2026-11-20 14:20:00,breast milk,left breast\n"
	if _, err := ReadBabyBuddy(strings.NewReader(noAmounts), BabyBuddyOptions{Loc: london}); err != nil {
		t.Errorf("no amounts needs no unit: %v", err)
	}

	for name, bad := range map[string]string{
		"not feedings": "id,child,time,wet\n1,Mia,2026-11-20 14:05,true\n",
		"bad time":     "start,end,type,method\nyesterday,now,breast milk,left breast\n",
		"bad method":   "start,end,type,method\n2026-11-20 14:05:00,2026-11-20 14:20:00,breast milk,spoon\n",
		"huge amount":  "start,end,type,method,amount\n2026-11-20 14:05:00,2026-11-20 14:20:00,formula,bottle,9000\n",
		"end before":   "start,end,type,method\n2026-11-20 14:05:00,2026-11-20 13:20:00,breast milk,left breast\n",
		"bad unit":     "start,end,type,method\n",
	} {
		o := BabyBuddyOptions{Loc: london, Unit: "ml"}
		if name == "bad unit" {
			o.Unit = "cups"
		}
		if _, err := ReadBabyBuddy(strings.NewReader(bad), o); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// FuzzReadBabyBuddy: any file gives valid entries or an error, never a
// panic. Seeds: testdata/fuzz/FuzzReadBabyBuddy.
func FuzzReadBabyBuddy(f *testing.F) {
	f.Add("start,end,type,method,amount\n2026-11-20 14:05:00,2026-11-20 14:20:00,formula,bottle,60\n")
	f.Add("id,child,start,end,duration,type,method,amount,notes\n7,Mia,2026-11-20T14:05:00Z,2026-11-20T14:20:00Z,00:15:00,breast milk,both breasts,,\n")
	f.Add("start,end,type,method\n\"unclosed,quote\n")
	f.Add("start,end,type,method,amount\n2026-11-20 18:00:00,2026-11-20 18:10:00,fortified breast milk,parent fed,2\n")
	f.Fuzz(func(t *testing.T, data string) {
		for _, unit := range []string{"ml", "oz", ""} {
			got, err := ReadBabyBuddy(strings.NewReader(data), BabyBuddyOptions{Loc: time.UTC, Unit: unit})
			if err != nil {
				continue
			}
			for _, e := range rowEntries(got) {
				if err := e.Validate(); err != nil || e.AmountML > MaxAmountML {
					t.Errorf("invalid entry %+v: %v", e, err)
				}
			}
		}
	})
}

// FuzzReadCSV: any file gives valid entries or an error, never a panic.
// Seeds: testdata/fuzz/FuzzReadCSV.
func FuzzReadCSV(f *testing.F) {
	f.Add(strings.Join(csvHeader, ",") + "\n2026-11-04T19:55:00Z,2026-11-04T20:15:00Z,Ann,breast,both,right,20,12,8,,,,,,'=note,discord member\n")
	f.Add("start,end,kind\n2026-11-04T19:55:00Z,2026-11-04T19:55:00Z,nappy\n")
	f.Fuzz(func(t *testing.T, data string) {
		got, err := ReadCSV(strings.NewReader(data), time.UTC)
		if err != nil {
			return
		}
		for _, e := range rowEntries(got) {
			if err := e.Validate(); err != nil {
				t.Errorf("invalid entry %+v: %v", e, err)
			}
		}
	})
}

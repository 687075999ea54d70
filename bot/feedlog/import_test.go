package feedlog

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

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
	got, skipped, err := ReadBabyBuddy(&buf, loc)
	if err != nil {
		t.Fatalf("ReadBabyBuddy: %v\n%s", err, buf.String())
	}
	if skipped != 0 {
		t.Errorf("skipped %d rows", skipped)
	}
	if diff := cmp.Diff(feeds, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestReadBabyBuddyExport(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	// As Baby Buddy's admin export writes it: its own columns, times
	// without an offset, solids mixed in.
	csvText := "\ufeffid,child,start,end,duration,type,method,amount,notes\n" +
		"7,Mia,2026-11-20 14:05:00,2026-11-20 14:20:00,00:15:00,breast milk,both breasts,,\n" +
		"8,Mia,2026-11-20 16:00:00,2026-11-20 16:05:00,00:05:00,formula,bottle,60.0,\n" +
		"9,Mia,2026-11-20 17:00:00,2026-11-20 17:10:00,00:10:00,solid food,parent fed,,\n"
	got, skipped, err := ReadBabyBuddy(strings.NewReader(csvText), london)
	if err != nil {
		t.Fatal(err)
	}
	if skipped != 1 || len(got) != 2 {
		t.Fatalf("got %d entries, skipped %d; want 2 and 1", len(got), skipped)
	}
	if got[0].Side != Both || got[0].Start.In(london).Format("15:04") != "14:05" || got[1].AmountML != 60 || got[1].Content != Formula {
		t.Errorf("entries = %+v", got)
	}

	for name, bad := range map[string]string{
		"not feedings": "id,child,time,wet\n1,Mia,2026-11-20 14:05,true\n",
		"bad time":     "start,end,type,method\nyesterday,now,breast milk,left breast\n",
		"bad method":   "start,end,type,method\n2026-11-20 14:05:00,2026-11-20 14:20:00,breast milk,spoon\n",
		"huge amount":  "start,end,type,method,amount\n2026-11-20 14:05:00,2026-11-20 14:20:00,formula,bottle,9000\n",
		"end before":   "start,end,type,method\n2026-11-20 14:05:00,2026-11-20 13:20:00,breast milk,left breast\n",
	} {
		if _, _, err := ReadBabyBuddy(strings.NewReader(bad), london); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// FuzzReadBabyBuddy: any file gives valid entries or an error, never a
// panic.
func FuzzReadBabyBuddy(f *testing.F) {
	f.Add("start,end,type,method,amount\n2026-11-20 14:05:00,2026-11-20 14:20:00,formula,bottle,60\n")
	f.Add("id,child,start,end,duration,type,method,amount,notes\n7,Mia,2026-11-20T14:05:00Z,2026-11-20T14:20:00Z,00:15:00,breast milk,both breasts,,\n")
	f.Add("start,end,type,method\n\"unclosed,quote\n")
	f.Fuzz(func(t *testing.T, data string) {
		entries, _, err := ReadBabyBuddy(strings.NewReader(data), time.UTC)
		if err != nil {
			return
		}
		for _, e := range entries {
			if err := e.Validate(); err != nil {
				t.Errorf("invalid entry %+v: %v", e, err)
			}
		}
	})
}

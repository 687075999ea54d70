package feedlog

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
	"time"
)

// randomEntries makes n valid entries of every kind, with per-side
// minutes, contents, notes (with characters a spreadsheet would run) and
// entries logged by another member.
func randomEntries(r *rand.Rand, n int, h Household, me User) []Entry {
	t := time.Date(2026, 10, 1, 6, 0, 0, 0, time.UTC)
	sides := []Side{NoSide, Left, Right, Both}
	contents := []Content{UnknownContent, BreastMilk, Formula, FortifiedMilk, DonorBreastMilk}
	notes := []string{"", "sleepy", "=SUM(A1)", "+44 7700", "-ish", "@home", "fussy, then \"slept\"", "naïve café", "'quoted"}
	es := make([]Entry, 0, n)
	for i := 0; i < n; i++ {
		t = t.Add(time.Duration(20+r.Intn(200)) * time.Minute).Add(time.Duration(r.Intn(60)) * time.Second)
		e := Entry{Start: t, End: t, Note: notes[r.Intn(len(notes))], LoggedBy: me}
		if r.Intn(4) == 0 {
			e.LoggedBy = User{Platform: []string{"discord", "telegram"}[r.Intn(2)]}
		}
		if len(h.Babies) > 0 && r.Intn(5) > 0 {
			e.BabyID = h.Babies[r.Intn(len(h.Babies))].ID
		}
		switch r.Intn(4) {
		case 0:
			e.Kind, e.Method, e.Side = Feed, Breast, sides[r.Intn(4)]
			d := time.Duration(1+r.Intn(60))*time.Minute + time.Duration(r.Intn(60))*time.Second
			e.End = t.Add(d)
			if e.Side == Both && r.Intn(2) == 0 {
				l := time.Duration(r.Intn(int(d/time.Second))) * time.Second
				e.LeftDur, e.RightDur, e.EndSide = l, d-l, sides[1+r.Intn(2)]
			} else if e.Side == Left || e.Side == Right {
				e.EndSide = e.Side
			}
		case 1:
			e.Kind, e.Method, e.Content, e.AmountML = Feed, Bottle, contents[r.Intn(len(contents))], 1+r.Intn(MaxAmountML)
		case 2:
			e.Kind, e.Nappy = Nappy, []NappyKind{Wet, Dirty, WetDirty}[r.Intn(3)]
		default:
			e.Kind, e.LeftML, e.RightML = Pump, r.Intn(200), r.Intn(200)
			e.AmountML = e.LeftML + e.RightML + 1
			if e.LeftML > 0 && e.RightML > 0 {
				e.Side = Both
			}
			e.End = t.Add(time.Duration(r.Intn(30)) * time.Minute)
		}
		es = append(es, e)
	}
	return es
}

// fromRows turns imported rows back into entries the way the import
// command does, plus the store's LoggedBy for the importing user.
func fromRows(rows []ImportRow, h Household, me User) []Entry {
	es, _ := ImportFile{Rows: rows}.Entries(h)
	for i := range es {
		if es[i].LoggedBy.Platform == "" {
			es[i].LoggedBy = me
		}
	}
	return es
}

// TestExportImportRoundTrip is the round-trip property of issue 14 item
// 3: for any log, export → import → export is byte-identical, in both
// formats, and in any time zone.
func TestExportImportRoundTrip(t *testing.T) {
	me := User{Platform: "telegram", ID: "1"}
	h := Household{ID: 1, Babies: []Baby{{ID: 10, Name: "Ann"}, {ID: 11, Name: "=Bea"}}}
	zones := []*time.Location{time.UTC, london(t), time.FixedZone("UTC-7", -7*3600)}
	for seed := int64(1); seed <= 60; seed++ {
		r := rand.New(rand.NewSource(seed))
		loc := zones[int(seed)%len(zones)]
		entries := randomEntries(r, 1+r.Intn(40), h, me)

		var first, second bytes.Buffer
		if err := WriteCSV(&first, entries, h, me, loc); err != nil {
			t.Fatal(err)
		}
		got, err := ReadCSV(bytes.NewReader(first.Bytes()), loc)
		if err != nil {
			t.Fatalf("seed %d: ReadCSV: %v\n%s", seed, err, first.String())
		}
		if err := WriteCSV(&second, fromRows(got.Rows, h, me), h, me, loc); err != nil {
			t.Fatal(err)
		}
		if first.String() != second.String() {
			t.Fatalf("seed %d: CSV round trip differs\n--- first\n%s\n--- second\n%s", seed, first.String(), second.String())
		}

		first.Reset()
		second.Reset()
		if err := WriteBabyBuddy(&first, entries, h, loc); err != nil {
			t.Fatal(err)
		}
		bb, err := ReadBabyBuddy(bytes.NewReader(first.Bytes()), BabyBuddyOptions{Loc: loc, Unit: "ml"})
		if err != nil {
			t.Fatalf("seed %d: ReadBabyBuddy: %v\n%s", seed, err, first.String())
		}
		if err := WriteBabyBuddy(&second, fromRows(bb.Rows, h, me), h, loc); err != nil {
			t.Fatal(err)
		}
		if first.String() != second.String() {
			t.Fatalf("seed %d: Baby Buddy round trip differs\n--- first\n%s\n--- second\n%s", seed, first.String(), second.String())
		}
	}
}

// TestExportKeepsEverything: newcomer run D5. Per-side minutes, the side
// a feed ended on, bottle contents, notes and who logged it are all in
// /export.
func TestExportKeepsEverything(t *testing.T) {
	me := User{Platform: "telegram", ID: "1"}
	t0 := time.Date(2026, 11, 5, 6, 30, 0, 0, time.UTC)
	entries := []Entry{
		{Kind: Feed, Method: Breast, Side: Both, EndSide: Right, Start: t0, End: t0.Add(25 * time.Minute), LeftDur: 15 * time.Minute, RightDur: 10 * time.Minute, LoggedBy: me},
		{Kind: Feed, Method: Bottle, Content: FortifiedMilk, AmountML: 60, Start: t0.Add(time.Hour), End: t0.Add(time.Hour), Note: "after the feed", LoggedBy: User{Platform: "discord", ID: "9"}},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, entries, Household{}, me, time.UTC); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		strings.Join(csvHeader, ","),
		"2026-11-05T06:30:00Z,2026-11-05T06:55:00Z,,breast,both,right,25,15,10,,,,,,,you",
		"2026-11-05T07:30:00Z,2026-11-05T07:30:00Z,,bottle,,,,,,60,,,fortified breast milk,,after the feed,discord member",
	}, "\n") + "\n"
	if buf.String() != want {
		t.Errorf("export:\n%s\nwant:\n%s", buf.String(), want)
	}
}

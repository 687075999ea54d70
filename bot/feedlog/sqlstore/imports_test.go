package sqlstore

import (
	"bytes"
	"context"
	"testing"
	"time"

	"nursling/bot/feedlog"
)

// fixtureLog logs a small day for u's baby through LogEntry, the way
// chat does.
func fixtureLog(t *testing.T, s *Store, u feedlog.User) feedlog.Household {
	t.Helper()
	ctx := context.Background()
	h, err := s.AddBaby(ctx, u, "Ann", "2026-11-01")
	if err != nil {
		t.Fatal(err)
	}
	b := h.Babies[0].ID
	at := t0.Add(-10 * time.Hour)
	entries := []feedlog.Entry{
		{Kind: feedlog.Feed, Method: feedlog.Breast, Side: feedlog.Both, EndSide: feedlog.Right, Start: at, End: at.Add(25 * time.Minute), LeftDur: 15 * time.Minute, RightDur: 10 * time.Minute},
		{Kind: feedlog.Feed, Method: feedlog.Bottle, AmountML: 60, Content: feedlog.FortifiedMilk, Start: at.Add(30 * time.Minute), End: at.Add(30 * time.Minute), Note: "=top-up"},
		{Kind: feedlog.Feed, Method: feedlog.Bottle, AmountML: 90, Start: at.Add(3 * time.Hour), End: at.Add(3 * time.Hour)},
		{Kind: feedlog.Feed, Method: feedlog.Breast, Start: at.Add(5 * time.Hour), End: at.Add(5*time.Hour + 12*time.Minute)},
		{Kind: feedlog.Nappy, Nappy: feedlog.WetDirty, Start: at.Add(4 * time.Hour), End: at.Add(4 * time.Hour)},
		{Kind: feedlog.Pump, Side: feedlog.Both, AmountML: 110, LeftML: 60, RightML: 50, Start: at.Add(6 * time.Hour), End: at.Add(6*time.Hour + 15*time.Minute)},
	}
	for i, e := range entries {
		e.BabyID = b
		if _, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "telegram", ID: string(rune('a' + i))}, Entry: e}); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

func exportBoth(t *testing.T, s *Store, u feedlog.User) (csvOut, bbOut []byte) {
	t.Helper()
	ctx := context.Background()
	h, err := s.Household(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	es, err := s.Entries(ctx, u, feedlog.Query{})
	if err != nil {
		t.Fatal(err)
	}
	var c, b bytes.Buffer
	if err := feedlog.WriteCSV(&c, es, h, u, time.UTC); err != nil {
		t.Fatal(err)
	}
	if err := feedlog.WriteBabyBuddy(&b, es, h, time.UTC); err != nil {
		t.Fatal(err)
	}
	return c.Bytes(), b.Bytes()
}

// TestImportOwnExportAddsNothing: newcomer run D4. Our own export, in
// either format, imported into the same log adds nothing, and the result
// counts what was skipped.
func TestImportOwnExportAddsNothing(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, "", nil)
	u := feedlog.User{Platform: "telegram", ID: "1"}
	h := fixtureLog(t, s, u)
	csvOut, bbOut := exportBoth(t, s, u)

	file, err := feedlog.ReadCSV(bytes.NewReader(csvOut), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	es, unknown := file.Entries(h)
	res, err := s.ImportNew(ctx, u, es)
	if err != nil || res.Added != 0 || res.Duplicates != 6 || unknown != 0 {
		t.Errorf("own CSV again: %+v unknown %d err %v, want 0 added, 6 duplicates", res, unknown, err)
	}
	bb, err := feedlog.ReadBabyBuddy(bytes.NewReader(bbOut), feedlog.BabyBuddyOptions{Loc: time.UTC, Unit: "ml"})
	if err != nil {
		t.Fatal(err)
	}
	es, _ = bb.Entries(h)
	res, err = s.ImportNew(ctx, u, es)
	if err != nil || res.Added != 0 || res.Duplicates != 4 {
		t.Errorf("own Baby Buddy export again: %+v err %v, want 0 added, 4 duplicates", res, err)
	}
	// A file repeating a row adds it once.
	one := es[0]
	one.BabyID = 0
	res, err = s.ImportNew(ctx, feedlog.User{Platform: "console", ID: "x"}, []feedlog.Entry{one, one})
	if err != nil || res.Added != 1 || res.Duplicates != 1 {
		t.Errorf("repeated row: %+v err %v", res, err)
	}
	if all, _ := s.Entries(ctx, u, feedlog.Query{}); len(all) != 6 {
		t.Errorf("the log has %d entries, want 6", len(all))
	}
}

// TestExportImportExportIsIdentical: the round trip through a real store
// into a fresh log with the same baby gives back the same bytes.
func TestExportImportExportIsIdentical(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, "", nil)
	u := feedlog.User{Platform: "telegram", ID: "1"}
	fixtureLog(t, s, u)
	csvOut, _ := exportBoth(t, s, u)

	v := feedlog.User{Platform: "console", ID: "local"}
	h, err := s.AddBaby(ctx, v, "Ann", "2026-11-01")
	if err != nil {
		t.Fatal(err)
	}
	file, err := feedlog.ReadCSV(bytes.NewReader(csvOut), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	es, _ := file.Entries(h)
	if res, err := s.ImportNew(ctx, v, es); err != nil || res.Added != 6 {
		t.Fatalf("import into a fresh log: %+v %v", res, err)
	}
	again, _ := exportBoth(t, s, v)
	if !bytes.Equal(csvOut, again) {
		t.Errorf("export → import → export differs\n--- first\n%s--- second\n%s", csvOut, again)
	}
}

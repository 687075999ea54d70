package storetest

import (
	"context"
	"testing"
	"time"

	"nursling/bot/feedlog"
)

func testUpdateEntryOnlyOwn(t *testing.T, hn Harness) {
	ctx := context.Background()
	s := hn.open(t, nil)
	u := feedlog.User{Platform: "telegram", ID: "1"}
	saved := MustLog(t, s, u, "m1", Feed(feedlog.Left, T0.Add(-30*time.Minute), 15*time.Minute))
	e := saved
	e.Side, e.EndSide, e.End = feedlog.Right, feedlog.Right, e.Start.Add(12*time.Minute)
	got, found, err := s.UpdateEntry(ctx, u, e)
	if err != nil || !found || got.Side != feedlog.Right || got.Duration() != 12*time.Minute || got.LoggedBy != u || got.ID != saved.ID {
		t.Fatalf("update: %+v found %v err %v", got, found, err)
	}
	if _, found, err := s.UpdateEntry(ctx, feedlog.User{Platform: "telegram", ID: "2"}, e); err != nil || found {
		t.Errorf("a stranger updated it: found %v err %v", found, err)
	}
	bad := e
	bad.Kind = "sleep"
	if _, _, err := s.UpdateEntry(ctx, u, bad); err == nil {
		t.Error("an invalid entry was written")
	}
}

func testUnitsPerHousehold(t *testing.T, hn Harness) {
	ctx := context.Background()
	s := hn.open(t, nil)
	u := feedlog.User{Platform: "telegram", ID: "1"}
	if got, err := s.Units(ctx, u); err != nil || got != feedlog.UnitML {
		t.Errorf("default units %q %v", got, err)
	}
	if err := s.SetUnits(ctx, u, feedlog.UnitOz); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Units(ctx, u); got != feedlog.UnitOz {
		t.Errorf("units %q, want oz", got)
	}
	if got, _ := s.Units(ctx, feedlog.User{Platform: "telegram", ID: "2"}); got != feedlog.UnitML {
		t.Errorf("another household's units %q", got)
	}
	if err := s.SetUnits(ctx, u, "cups"); err == nil {
		t.Error("cups accepted")
	}
}

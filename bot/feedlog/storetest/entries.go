package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nursling/bot/feedlog"
)

func testLogAndRead(t *testing.T, hn Harness) {
	ctx := context.Background()
	s := hn.open(t, nil)
	u := feedlog.User{Platform: "telegram", ID: "100"}
	e := Feed(feedlog.Left, T0.Add(-15*time.Minute), 15*time.Minute)
	e.Note = "sleepy"
	saved := MustLog(t, s, u, "m1", e)
	if saved.ID == 0 || saved.LoggedBy != u || !saved.Created.Equal(T0) {
		t.Fatalf("saved = %+v", saved)
	}
	got, err := s.Entries(ctx, u, feedlog.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]feedlog.Entry{saved}, got); diff != "" {
		t.Errorf("Entries mismatch (-want +got):\n%s", diff)
	}
	h, err := s.Household(ctx, u)
	if err != nil || h.ID == 0 || h.Members != 1 {
		t.Errorf("Household = %+v, %v", h, err)
	}
}

func testIdempotent(t *testing.T, hn Harness) {
	ctx := context.Background()
	s := hn.open(t, nil)
	u := feedlog.User{Platform: "telegram", ID: "100"}
	src := feedlog.MsgKey{Platform: "telegram", Chat: "42", ID: "7"}
	first, dup, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: src, Entry: Feed(feedlog.Left, T0, 10*time.Minute)})
	if err != nil || dup {
		t.Fatalf("first: dup %v err %v", dup, err)
	}
	second, dup, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: src, Entry: Feed(feedlog.Right, T0, 20*time.Minute)})
	if err != nil || !dup {
		t.Fatalf("second: dup %v err %v", dup, err)
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("redelivery returned a different entry (-first +second):\n%s", diff)
	}
	// Same message id in another chat or platform is a different message.
	for _, other := range []feedlog.MsgKey{{Platform: "telegram", Chat: "43", ID: "7"}, {Platform: "discord", Chat: "42", ID: "7"}} {
		if _, dup, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: other, Entry: Feed(feedlog.Left, T0, time.Minute)}); err != nil || dup {
			t.Errorf("%+v: dup %v err %v", other, dup, err)
		}
	}
	all, _ := s.Entries(ctx, u, feedlog.Query{})
	if len(all) != 3 {
		t.Errorf("got %d entries, want 3", len(all))
	}
	// Entries without a message id are never deduplicated.
	for i := 0; i < 2; i++ {
		if _, dup, err := s.LogEntry(ctx, u, feedlog.LogRequest{Entry: Feed(feedlog.Left, T0, time.Minute)}); err != nil || dup {
			t.Errorf("no key: dup %v err %v", dup, err)
		}
	}
}

func testHouseholdsIsolated(t *testing.T, hn Harness) {
	ctx := context.Background()
	s := hn.open(t, nil)
	a := feedlog.User{Platform: "telegram", ID: "1"}
	b := feedlog.User{Platform: "telegram", ID: "2"}
	ea := MustLog(t, s, a, "a1", Feed(feedlog.Left, T0, 10*time.Minute))
	eb := MustLog(t, s, b, "b1", Feed(feedlog.Right, T0, 12*time.Minute))
	if err := s.SaveTimer(ctx, a, feedlog.Timer{Started: T0, Side: feedlog.Left, SideSince: T0}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePending(ctx, a, feedlog.Pending{Token: "tokA", Kind: feedlog.PendingLog, Entry: ea, Expires: T0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}

	got, _ := s.Entries(ctx, b, feedlog.Query{})
	if len(got) != 1 || got[0].ID != eb.ID {
		t.Errorf("b sees %+v, want only its own entry", got)
	}
	if _, found, _ := s.Entry(ctx, b, ea.ID); found {
		t.Error("b can read a's entry by id")
	}
	if res, _ := s.Undo(ctx, b, feedlog.MsgKey{}, ea.ID); res.Found {
		t.Error("b undid a's entry")
	}
	if _, found, _ := s.Timer(ctx, b, 0); found {
		t.Error("b sees a's timer")
	}
	if _, found, _ := s.Pending(ctx, b, "tokA"); found {
		t.Error("b sees a's pending question")
	}
	if _, _, err := s.LogEntry(ctx, b, feedlog.LogRequest{Pending: "tokA", Entry: Feed(feedlog.Left, T0, time.Minute)}); err == nil {
		t.Error("b answered a's pending question")
	}
	// A baby id from another household is refused.
	ha, _ := s.AddBaby(ctx, a, "Ann", "2026-11-01")
	e := Feed(feedlog.Left, T0, time.Minute)
	e.BabyID = ha.Babies[0].ID
	if _, _, err := s.LogEntry(ctx, b, feedlog.LogRequest{Entry: e}); !errors.Is(err, feedlog.ErrNoBaby) {
		t.Errorf("b logging for a's baby: err %v, want feedlog.ErrNoBaby", err)
	}
	// A stranger with no household sees nothing.
	got, err := s.Entries(ctx, feedlog.User{Platform: "discord", ID: "1"}, feedlog.Query{})
	if err != nil || len(got) != 0 {
		t.Errorf("stranger sees %d entries, err %v", len(got), err)
	}
}

func testUndo(t *testing.T, hn Harness) {
	ctx := context.Background()
	clk := NewClock(T0)
	s := hn.open(t, clk.Now)
	a := feedlog.User{Platform: "telegram", ID: "1"}
	first := MustLog(t, s, a, "1", Feed(feedlog.Left, T0, time.Minute))
	clk.Add(time.Second)
	// Backdated, but logged later: undo takes the last logged, not the
	// earliest start.
	second := MustLog(t, s, a, "2", Feed(feedlog.Right, T0.Add(-5*time.Hour), time.Minute))
	src := feedlog.MsgKey{Platform: "telegram", Chat: "c", ID: "u1"}
	res, err := s.Undo(ctx, a, src, 0)
	if err != nil || !res.Found || res.Entry.ID != second.ID {
		t.Fatalf("undo = %+v, %v; want entry %d", res, err, second.ID)
	}
	res, err = s.Undo(ctx, a, src, 0)
	if err != nil || !res.Repeat {
		t.Fatalf("redelivered undo = %+v, %v; want Repeat", res, err)
	}
	if got, _ := s.Entries(ctx, a, feedlog.Query{}); len(got) != 1 || got[0].ID != first.ID {
		t.Errorf("left %+v, want only the first entry", got)
	}
	res, _ = s.Undo(ctx, a, feedlog.MsgKey{}, first.ID)
	if !res.Found {
		t.Error("undo by id did not find the entry")
	}
	res, _ = s.Undo(ctx, a, feedlog.MsgKey{}, 0)
	if res.Found {
		t.Error("undo with nothing left found something")
	}
}

func testPendingAndTimer(t *testing.T, hn Harness) {
	ctx := context.Background()
	clk := NewClock(T0)
	s := hn.open(t, clk.Now)
	a := feedlog.User{Platform: "console", ID: "me"}
	src := feedlog.MsgKey{Platform: "console", Chat: "c", ID: "9"}
	draft := Feed(feedlog.Left, T0, 15*time.Minute)
	p, err := s.SavePending(ctx, a, feedlog.Pending{Token: "t1", Kind: feedlog.PendingLog, Entry: draft, Src: src, Expires: T0.Add(time.Hour)})
	if err != nil || p.Token != "t1" {
		t.Fatalf("SavePending = %+v, %v", p, err)
	}
	// A redelivery gets the same question back.
	p2, err := s.SavePending(ctx, a, feedlog.Pending{Token: "t2", Kind: feedlog.PendingLog, Entry: draft, Src: src, Expires: T0.Add(time.Hour)})
	if err != nil || p2.Token != "t1" {
		t.Fatalf("redelivered SavePending = %+v, %v; want token t1", p2, err)
	}
	got, found, err := s.Pending(ctx, a, "t1")
	if err != nil || !found || !got.Entry.Start.Equal(draft.Start) || got.Done {
		t.Fatalf("Pending = %+v %v %v", got, found, err)
	}
	e1, dup, err := s.LogEntry(ctx, a, feedlog.LogRequest{Src: src, Entry: got.Entry, Pending: "t1"})
	if err != nil || dup {
		t.Fatal(dup, err)
	}
	// Pressing Yes again gets the same entry, not a second one.
	e2, dup, err := s.LogEntry(ctx, a, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "console", Chat: "c", ID: "10"}, Entry: got.Entry, Pending: "t1"})
	if err != nil || !dup || e2.ID != e1.ID {
		t.Fatalf("second yes: %+v dup %v err %v", e2, dup, err)
	}
	if got, found, _ := s.Pending(ctx, a, "t1"); !found || !got.Done || got.EntryID != e1.ID {
		t.Errorf("answered pending = %+v %v", got, found)
	}
	// Expired questions are gone.
	if _, err := s.SavePending(ctx, a, feedlog.Pending{Token: "t3", Kind: feedlog.PendingForget, Expires: T0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	clk.Add(2 * time.Minute)
	if _, found, _ := s.Pending(ctx, a, "t3"); found {
		t.Error("expired pending still found")
	}

	tm := feedlog.Timer{Started: T0, Side: feedlog.Left, SideSince: T0, Src: src}
	if err := s.SaveTimer(ctx, a, tm); err != nil {
		t.Fatal(err)
	}
	tm.Side, tm.SideSince, tm.Left = feedlog.Right, T0.Add(10*time.Minute), 10*time.Minute
	if err := s.SaveTimer(ctx, a, tm); err != nil {
		t.Fatal(err)
	}
	gotT, found, err := s.Timer(ctx, a, 0)
	if err != nil || !found {
		t.Fatal(found, err)
	}
	if diff := cmp.Diff(tm, gotT); diff != "" {
		t.Errorf("timer mismatch (-want +got):\n%s", diff)
	}
	// Logging with StopTimer removes it in the same transaction.
	if _, _, err := s.LogEntry(ctx, a, feedlog.LogRequest{Entry: tm.Entry(T0.Add(20 * time.Minute)), StopTimer: true}); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := s.Timer(ctx, a, 0); found {
		t.Error("timer still running after StopTimer")
	}
}

func testRejectsInvalidEntries(t *testing.T, hn Harness) {
	s := hn.open(t, nil)
	u := feedlog.User{Platform: "console", ID: "1"}
	for name, e := range map[string]feedlog.Entry{
		"zero":              {},
		"feed no method":    {Kind: feedlog.Feed, Start: T0, End: T0},
		"nappy no kind":     {Kind: feedlog.Nappy, Start: T0, End: T0},
		"ends before start": Feed(feedlog.Left, T0, -time.Minute),
		"no time":           {Kind: feedlog.Pump, AmountML: 10},
		"negative amount":   {Kind: feedlog.Pump, AmountML: -5, Start: T0, End: T0},
	} {
		if _, _, err := s.LogEntry(context.Background(), u, feedlog.LogRequest{Entry: e}); err == nil {
			t.Errorf("%s: logged", name)
		}
	}
	if got, _ := s.Entries(context.Background(), u, feedlog.Query{}); len(got) != 0 {
		t.Errorf("%d invalid entries stored", len(got))
	}
}

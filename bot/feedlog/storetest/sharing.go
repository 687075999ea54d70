package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nursling/bot/feedlog"
)

func testShareJoinLeave(t *testing.T, hn Harness) {
	ctx := context.Background()
	clk := NewClock(T0)
	s := hn.open(t, clk.Now)
	a := feedlog.User{Platform: "telegram", ID: "1"}
	b := feedlog.User{Platform: "discord", ID: "2"}
	MustLog(t, s, a, "a1", Feed(feedlog.Left, T0, 10*time.Minute))
	if _, err := s.AddBaby(ctx, a, "Ann", "2026-11-01"); err != nil {
		t.Fatal(err)
	}
	// b logged alone first, with a baby of the same name: merged on join.
	hb, _ := s.AddBaby(ctx, b, "ann", "")
	eb := Feed(feedlog.Right, T0, 5*time.Minute)
	eb.BabyID = hb.Babies[0].ID
	MustLog(t, s, b, "b1", eb)

	if err := s.CreateShareCode(ctx, a, "hash1", T0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Join(ctx, b, "nope"); !errors.Is(err, feedlog.ErrBadCode) {
		t.Errorf("bad code: %v", err)
	}
	h, err := s.Join(ctx, b, "hash1")
	if err != nil {
		t.Fatal(err)
	}
	if h.Members != 2 || len(h.Babies) != 1 || h.Babies[0].Name != "Ann" {
		t.Errorf("after join: %+v", h)
	}
	for _, u := range []feedlog.User{a, b} {
		got, _ := s.Entries(ctx, u, feedlog.Query{})
		if len(got) != 2 {
			t.Errorf("%v sees %d entries, want 2", u, len(got))
		}
		for _, e := range got {
			if e.LoggedBy == b && e.BabyID != h.Babies[0].ID {
				t.Errorf("b's entry kept baby %d, want merged %d", e.BabyID, h.Babies[0].ID)
			}
		}
	}
	// One-time: the code is used up.
	c := feedlog.User{Platform: "telegram", ID: "3"}
	if _, err := s.Join(ctx, c, "hash1"); !errors.Is(err, feedlog.ErrBadCode) {
		t.Errorf("reused code: %v", err)
	}
	// Expired after 24 hours.
	if err := s.CreateShareCode(ctx, a, "hash2", T0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	clk.Add(25 * time.Hour)
	if _, err := s.Join(ctx, c, "hash2"); !errors.Is(err, feedlog.ErrBadCode) {
		t.Errorf("expired code: %v", err)
	}

	if moved, err := s.Leave(ctx, b); err != nil || moved != 1 {
		t.Fatalf("Leave = %d, %v; want b's 1 entry moved", moved, err)
	}
	if h, _ := s.Household(ctx, b); h.ID == 0 || h.ID == householdID(t, s, a) || h.Members != 1 {
		t.Errorf("b after leaving: %+v, want a household of b's own", h)
	}
	if got, _ := s.Entries(ctx, b, feedlog.Query{}); len(got) != 1 || got[0].LoggedBy != b {
		t.Errorf("b reads %+v after leaving, want only b's own entry", got)
	}
	if got, _ := s.Entries(ctx, a, feedlog.Query{}); len(got) != 1 || got[0].LoggedBy != a {
		t.Errorf("a reads %+v after b left, want only a's own entry", got)
	}
	if _, err := s.Leave(ctx, a); !errors.Is(err, feedlog.ErrSoleMember) {
		t.Errorf("sole member leave: %v", err)
	}
}

// testSharingKeepsEachPersonsEntries: join brings your own entries along,
// leave takes them back out, forget deletes only what you logged, and a
// household nobody is in any more gives the rest back to whoever logged it.
func testSharingKeepsEachPersonsEntries(t *testing.T, hn Harness) {
	ctx := context.Background()
	s := hn.open(t, nil)
	a := feedlog.User{Platform: "telegram", ID: "A"}
	b := feedlog.User{Platform: "telegram", ID: "B"}
	babyEntry := func(u feedlog.User, name, src string) {
		h, err := s.AddBaby(ctx, u, name, "")
		if err != nil {
			t.Fatal(err)
		}
		e := Feed(feedlog.Left, T0, 10)
		bb, _ := h.BabyByName(name)
		e.BabyID = bb.ID
		MustLog(t, s, u, src, e)
	}
	babyEntry(a, "Ann", "a1")
	babyEntry(b, "ann", "b1")
	MustLog(t, s, b, "b2", Feed(feedlog.Right, T0, 5))
	if n, err := s.OwnEntries(ctx, b); err != nil || n != 2 {
		t.Errorf("b's own entries = %d (%v), want 2 (the join question counts them)", n, err)
	}

	if err := s.CreateShareCode(ctx, a, "code", T0.Add(24*3600e9)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Join(ctx, b, "code"); err != nil {
		t.Fatal(err)
	}
	hn.checkRows(t, s, "after join", []string{"a1|A|A+B|Ann", "b1|B|A+B|Ann", "b2|B|A+B|"})
	if n := hn.count(t, s, "households"); n != 1 {
		t.Errorf("%d households after join, want 1 (b's empty one gone)", n)
	}
	if n := hn.count(t, s, "babies"); n != 1 {
		t.Errorf("%d babies after join, want 1 (Ann merged by name)", n)
	}

	moved, err := s.Leave(ctx, b)
	if err != nil || moved != 2 {
		t.Fatalf("Leave = %d, %v; want 2 moved", moved, err)
	}
	hn.checkRows(t, s, "after leave", []string{"a1|A|A|Ann", "b1|B|B|Ann", "b2|B|B|"})

	// a, now alone, forgets: only a's entries go.
	kept, err := s.Forget(ctx, a)
	if err != nil || kept != 0 {
		t.Fatalf("Forget = %d, %v; want 0 kept (b took theirs)", kept, err)
	}
	hn.checkRows(t, s, "after a forgets", []string{"b1|B|B|Ann", "b2|B|B|"})
	if got, _ := s.Entries(ctx, b, feedlog.Query{}); len(got) != 2 {
		t.Errorf("b's export would have %d entries, want 2", len(got))
	}
}

func testForgetKeepsOthersEntries(t *testing.T, hn Harness) {
	ctx := context.Background()
	s := hn.open(t, nil)
	c := feedlog.User{Platform: "discord", ID: "C"}
	d := feedlog.User{Platform: "discord", ID: "D"}
	MustLog(t, s, c, "c1", Feed(feedlog.Left, T0, 10))
	if err := s.CreateShareCode(ctx, c, "code", T0.Add(24*3600e9)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Join(ctx, d, "code"); err != nil {
		t.Fatal(err)
	}
	MustLog(t, s, d, "d1", Feed(feedlog.Right, T0, 5))
	MustLog(t, s, d, "d2", Feed(feedlog.Right, T0, 6))

	// While d is still in it, c's forget leaves d's entries where they are.
	kept, err := s.Forget(ctx, c)
	if err != nil || kept != 2 {
		t.Fatalf("Forget = %d, %v; want d's 2 entries kept", kept, err)
	}
	hn.checkRows(t, s, "after c forgets", []string{"d1|D|D|", "d2|D|D|"})

	// A household without members (left by the old /leave) gives d's
	// entries back to d when its last member forgets.
	e := feedlog.User{Platform: "discord", ID: "E"}
	MustLog(t, s, e, "e1", Feed(feedlog.Left, T0, 3))
	hn.exec(t, s, "UPDATE entries SET household_id = (SELECT household_id FROM members WHERE user_id = 'E') WHERE src_id = 'd2'")
	kept, err = s.Forget(ctx, e)
	if err != nil || kept != 1 {
		t.Fatalf("Forget = %d, %v; want d's 1 entry kept", kept, err)
	}
	hn.checkRows(t, s, "after e forgets", []string{"d1|D|D|", "d2|D|D|"})
}

func testForgetLeavesNoRow(t *testing.T, hn Harness) {
	ctx := context.Background()
	s := hn.open(t, nil)
	x := feedlog.User{Platform: "telegram", ID: "forget-me-7781"}
	y := feedlog.User{Platform: "discord", ID: "partner-5523"}

	// x has a household with y (shared), and logged in it.
	MustLog(t, s, y, "y1", Feed(feedlog.Left, T0, time.Minute))
	if err := s.CreateShareCode(ctx, y, "code", T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	MustLog(t, s, x, "x0", Feed(feedlog.Left, T0, time.Minute)) // x's own household first
	if _, err := s.Join(ctx, x, "code"); err != nil {
		t.Fatal(err)
	}
	MustLog(t, s, x, "x1", Feed(feedlog.Right, T0, time.Minute))
	if _, err := s.AddBaby(ctx, x, "Ann", "2026-11-01"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveTimer(ctx, x, feedlog.Timer{Started: T0, Side: feedlog.Left, SideSince: T0, Src: feedlog.MsgKey{Platform: "telegram", Chat: "c", ID: "t"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePending(ctx, x, feedlog.Pending{Token: "p", Kind: feedlog.PendingForget, Src: feedlog.MsgKey{Platform: "telegram", Chat: "c", ID: "p"}, Expires: T0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	MustLog(t, s, x, "x2", Feed(feedlog.Right, T0, time.Minute))
	if _, err := s.Undo(ctx, x, feedlog.MsgKey{Platform: "telegram", Chat: "c", ID: "undo"}, 0); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordAnswer(ctx, "latch", false, ""); err != nil {
		t.Fatal(err)
	}
	// z is alone in a household and forgets: the household goes too.
	z := feedlog.User{Platform: "console", ID: "lonely-9001"}
	MustLog(t, s, z, "z1", Feed(feedlog.Left, T0, time.Minute))
	zh, _ := s.AddBaby(ctx, z, "Zed", "")

	if _, err := s.Forget(ctx, x); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Forget(ctx, z); err != nil {
		t.Fatal(err)
	}

	tables := hn.Dump(t, s)
	for _, want := range []string{"entries", "members", "timers", "pending", "handled", "households", "babies", "share_codes"} {
		if _, ok := tables[want]; !ok {
			t.Fatalf("table %s missing; the check below would be hollow", want)
		}
	}
	for table, rows := range tables {
		for _, row := range rows {
			for col, v := range row {
				for _, id := range []string{x.ID, z.ID} {
					if strings.Contains(v, id) {
						t.Errorf("%s.%s still holds user %s", table, col, id)
					}
				}
			}
		}
	}
	for _, row := range tables["households"] {
		if row["id"] == fmt.Sprint(zh.ID) {
			t.Error("z's empty household was not deleted")
		}
	}
	for _, row := range tables["babies"] {
		if row["name"] == "Zed" {
			t.Error("z's baby was not deleted")
		}
	}
	// y keeps the shared household and their own entry.
	got, _ := s.Entries(ctx, y, feedlog.Query{})
	if len(got) != 1 || got[0].LoggedBy != y {
		t.Errorf("y's entries after x forgot: %+v", got)
	}
	rep, _ := s.Report(ctx)
	if len(rep.Topics) != 1 {
		t.Errorf("anonymous counts lost: %+v", rep)
	}
}

// entryRows lists every entry as "src|logged by|household members|baby",
// sorted by src, read from the tables themselves.
func (h Harness) entryRows(t *testing.T, s Store) []string {
	t.Helper()
	d := h.Dump(t, s)
	members := map[string][]string{}
	for _, m := range d["members"] {
		members[m["household_id"]] = append(members[m["household_id"]], m["user_id"])
	}
	babies := map[string]map[string]string{}
	for _, b := range d["babies"] {
		babies[b["id"]] = b
	}
	var out []string
	for _, e := range d["entries"] {
		ms := slices.Sorted(slices.Values(members[e["household_id"]]))
		baby := ""
		if b, ok := babies[e["baby_id"]]; ok {
			baby = b["name"]
			if b["household_id"] != e["household_id"] {
				t.Errorf("entry %s names a baby of another household", e["src_id"])
			}
		}
		out = append(out, strings.Join([]string{e["src_id"], e["by_user"], strings.Join(ms, "+"), baby}, "|"))
	}
	slices.Sort(out)
	return out
}

func (h Harness) checkRows(t *testing.T, s Store, when string, want []string) {
	t.Helper()
	if diff := cmp.Diff(want, h.entryRows(t, s)); diff != "" {
		t.Errorf("%s: entries (-want +got):\n%s", when, diff)
	}
}

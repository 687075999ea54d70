package sqlstore

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"nursling/bot/feedlog"
)

// entryRows lists every entry in the database as
// "src|logged by|household members|baby", sorted by src, read straight from
// SQLite.
func entryRows(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.r.Query(`SELECT e.src_id, e.by_user,
			COALESCE((SELECT group_concat(user_id, '+') FROM (SELECT user_id FROM members m WHERE m.household_id = e.household_id ORDER BY user_id)), ''),
			COALESCE(b.name, ''), COALESCE(b.household_id = e.household_id, 1)
		FROM entries e LEFT JOIN babies b ON b.id = e.baby_id ORDER BY e.src_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var src, by, members, baby string
		var sameHousehold bool
		if err := rows.Scan(&src, &by, &members, &baby, &sameHousehold); err != nil {
			t.Fatal(err)
		}
		if !sameHousehold {
			t.Errorf("entry %s names a baby of another household", src)
		}
		out = append(out, strings.Join([]string{src, by, members, baby}, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func count(t *testing.T, s *Store, q string) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func checkRows(t *testing.T, s *Store, when string, want []string) {
	t.Helper()
	if diff := cmp.Diff(want, entryRows(t, s)); diff != "" {
		t.Errorf("%s: entries (-want +got):\n%s", when, diff)
	}
}

// TestSharingKeepsEachPersonsEntries: join brings your own entries along,
// leave takes them back out, forget deletes only what you logged, and a
// household nobody is in any more gives the rest back to whoever logged it.
func TestSharingKeepsEachPersonsEntries(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, "", nil)
	a := feedlog.User{Platform: "telegram", ID: "A"}
	b := feedlog.User{Platform: "telegram", ID: "B"}
	babyEntry := func(u feedlog.User, name, src string) {
		h, err := s.AddBaby(ctx, u, name, "")
		if err != nil {
			t.Fatal(err)
		}
		e := feed(feedlog.Left, t0, 10)
		bb, _ := h.BabyByName(name)
		e.BabyID = bb.ID
		mustLog(t, s, u, src, e)
	}
	babyEntry(a, "Ann", "a1")
	babyEntry(b, "ann", "b1")
	mustLog(t, s, b, "b2", feed(feedlog.Right, t0, 5))
	if h, _ := s.Household(ctx, b); h.Own != 2 {
		t.Errorf("b's own entries = %d, want 2 (the join question counts them)", h.Own)
	}

	if err := s.CreateShareCode(ctx, a, "code", t0.Add(24*3600e9)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Join(ctx, b, "code"); err != nil {
		t.Fatal(err)
	}
	checkRows(t, s, "after join", []string{"a1|A|A+B|Ann", "b1|B|A+B|Ann", "b2|B|A+B|"})
	if n := count(t, s, "SELECT COUNT(*) FROM households"); n != 1 {
		t.Errorf("%d households after join, want 1 (b's empty one gone)", n)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM babies"); n != 1 {
		t.Errorf("%d babies after join, want 1 (Ann merged by name)", n)
	}

	moved, err := s.Leave(ctx, b)
	if err != nil || moved != 2 {
		t.Fatalf("Leave = %d, %v; want 2 moved", moved, err)
	}
	checkRows(t, s, "after leave", []string{"a1|A|A|Ann", "b1|B|B|Ann", "b2|B|B|"})

	// a, now alone, forgets: only a's entries go.
	kept, err := s.Forget(ctx, a)
	if err != nil || kept != 0 {
		t.Fatalf("Forget = %d, %v; want 0 kept (b took theirs)", kept, err)
	}
	checkRows(t, s, "after a forgets", []string{"b1|B|B|Ann", "b2|B|B|"})
	if got, _ := s.Entries(ctx, b, feedlog.Query{}); len(got) != 2 {
		t.Errorf("b's export would have %d entries, want 2", len(got))
	}
}

func TestForgetKeepsOthersEntries(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, "", nil)
	c := feedlog.User{Platform: "discord", ID: "C"}
	d := feedlog.User{Platform: "discord", ID: "D"}
	mustLog(t, s, c, "c1", feed(feedlog.Left, t0, 10))
	if err := s.CreateShareCode(ctx, c, "code", t0.Add(24*3600e9)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Join(ctx, d, "code"); err != nil {
		t.Fatal(err)
	}
	mustLog(t, s, d, "d1", feed(feedlog.Right, t0, 5))
	mustLog(t, s, d, "d2", feed(feedlog.Right, t0, 6))

	// While d is still in it, c's forget leaves d's entries where they are.
	kept, err := s.Forget(ctx, c)
	if err != nil || kept != 2 {
		t.Fatalf("Forget = %d, %v; want d's 2 entries kept", kept, err)
	}
	checkRows(t, s, "after c forgets", []string{"d1|D|D|", "d2|D|D|"})

	// A household without members (left by the old /leave) gives d's
	// entries back to d when its last member forgets.
	e := feedlog.User{Platform: "discord", ID: "E"}
	mustLog(t, s, e, "e1", feed(feedlog.Left, t0, 3))
	if _, err := s.w.Exec("UPDATE entries SET household_id = (SELECT household_id FROM members WHERE user_id = 'E') WHERE src_id = 'd2'"); err != nil {
		t.Fatal(err)
	}
	kept, err = s.Forget(ctx, e)
	if err != nil || kept != 1 {
		t.Fatalf("Forget = %d, %v; want d's 1 entry kept", kept, err)
	}
	checkRows(t, s, "after e forgets", []string{"d1|D|D|", "d2|D|D|"})
}

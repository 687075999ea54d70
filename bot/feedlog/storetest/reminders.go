package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"nursling/bot/feedlog"
	"nursling/bot/remind"
)

var remUser = remind.User{Platform: "telegram", ID: "100"}

func addRem(t *testing.T, s Store, u remind.User, due time.Time, text string) remind.Reminder {
	t.Helper()
	r, err := s.AddReminder(context.Background(), remind.Reminder{User: u, Kind: remind.Once, Text: text, Status: remind.Active, Due: due, Created: T0}, 1000)
	if err != nil {
		t.Fatalf("AddReminder: %v", err)
	}
	return r
}

func testReminderCapAndLists(t *testing.T, hn Harness) {
	s := hn.open(t, nil)
	ctx := context.Background()
	for i := range 3 {
		if _, err := s.AddReminder(ctx, remind.Reminder{User: remUser, Kind: remind.Once, Status: remind.Active, Due: T0.Add(time.Duration(3-i) * time.Hour), Created: T0}, 3); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddReminder(ctx, remind.Reminder{User: remUser, Kind: remind.Once, Status: remind.Active, Due: T0, Created: T0}, 3); !errors.Is(err, remind.ErrFull) {
		t.Errorf("fourth reminder with a cap of 3: err %v, want ErrFull", err)
	}
	// A nudge does not count against the cap; another user is apart.
	if err := s.SetNudge(ctx, remUser, remind.Reminder{Kind: remind.Nudge, Every: 3 * time.Hour, Due: T0, Created: T0}); err != nil {
		t.Fatal(err)
	}
	other := addRem(t, s, remind.User{Platform: "telegram", ID: "200"}, T0, "theirs")
	rs, err := s.Reminders(ctx, remUser)
	if err != nil || len(rs) != 4 {
		t.Fatalf("Reminders: %d, %v; want 4", len(rs), err)
	}
	for i := 1; i < len(rs); i++ {
		if rs[i].Due.Before(rs[i-1].Due) {
			t.Errorf("reminders not soonest first: %v", rs)
		}
	}
	if _, ok, _ := s.Reminder(ctx, remUser, other.ID); ok {
		t.Error("a user read another user's reminder")
	}
	if ok, _ := s.DeleteReminder(ctx, remUser, other.ID); ok {
		t.Error("a user deleted another user's reminder")
	}
	n, err := s.DeleteReminders(ctx, remUser)
	if err != nil || n != 3 {
		t.Errorf("DeleteReminders = %d, %v; want 3", n, err)
	}
	if rs, _ := s.Reminders(ctx, remUser); len(rs) != 1 || rs[0].Kind != remind.Nudge {
		t.Errorf("after /remind off: %+v; want only the nudge", rs)
	}
}

func testClaimIsExclusive(t *testing.T, hn Harness) {
	s := hn.open(t, nil)
	ctx := context.Background()
	for range 50 {
		addRem(t, s, remUser, T0.Add(-time.Minute), "x")
	}
	addRem(t, s, remUser, T0.Add(time.Hour), "later")
	addRem(t, s, remind.User{Platform: "discord", ID: "9"}, T0.Add(-time.Minute), "other platform")
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				rs, err := s.ClaimDue(ctx, []string{"telegram"}, T0, T0.Add(time.Minute), "w"+string(rune('a'+w)), 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(rs) == 0 {
					return
				}
				mu.Lock()
				for _, r := range rs {
					seen[r.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 50 {
		t.Errorf("claimed %d reminders, want the 50 due telegram ones", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("reminder %d claimed %d times", id, n)
		}
	}
	// A lease that ran out is claimed again; a finished one never.
	rs, err := s.ClaimDue(ctx, []string{"telegram"}, T0.Add(2*time.Minute), T0.Add(3*time.Minute), "late", 100)
	if err != nil || len(rs) != 50 {
		t.Fatalf("claim after the lease: %d, %v; want 50", len(rs), err)
	}
	if ok, _ := s.Finish(ctx, remind.Outcome{ID: rs[0].ID, Claim: "stale", Status: remind.Done}); ok {
		t.Error("Finish with a stale claim succeeded")
	}
	if ok, err := s.Finish(ctx, remind.Outcome{ID: rs[0].ID, Claim: "late", Status: remind.Done, Due: rs[0].Due, Delivered: T0}); !ok || err != nil {
		t.Fatalf("Finish: %v %v", ok, err)
	}
	done := rs[0].ID
	rs, _ = s.ClaimDue(ctx, []string{"telegram"}, T0.Add(time.Hour), T0.Add(2*time.Hour), "again", 100)
	if len(rs) != 50 { // 49 expired leases plus "later"
		t.Errorf("claimed %d, want 50", len(rs))
	}
	for _, r := range rs {
		if r.ID == done {
			t.Error("a delivered reminder was claimed again")
		}
	}
}

func testForgetDeletesReminders(t *testing.T, hn Harness) {
	s := hn.open(t, nil)
	ctx := context.Background()
	addRem(t, s, remUser, T0.Add(time.Hour), "vitamin")
	if err := s.SetQuiet(ctx, remUser, remind.Quiet{From: 23 * 60, To: 6 * 60}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetNudge(ctx, remUser, remind.Reminder{Kind: remind.Nudge, Every: time.Hour, Due: T0, Created: T0}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Forget(ctx, feedlog.User{Platform: remUser.Platform, ID: remUser.ID}); err != nil {
		t.Fatal(err)
	}
	if n := hn.count(t, s, "reminders") + hn.count(t, s, "reminder_prefs"); n != 0 {
		t.Errorf("%d reminder rows after /forget, want 0", n)
	}
}

func testPruneDropsDeliveredText(t *testing.T, hn Harness) {
	s := hn.open(t, nil)
	ctx := context.Background()
	r := addRem(t, s, remUser, T0, "private words")
	rs, _ := s.ClaimDue(ctx, []string{"telegram"}, T0, T0.Add(time.Minute), "c", 10)
	if len(rs) != 1 {
		t.Fatalf("claimed %d", len(rs))
	}
	if _, err := s.Finish(ctx, remind.Outcome{ID: r.ID, Claim: "c", Status: remind.Done, Due: T0, Delivered: T0}); err != nil {
		t.Fatal(err)
	}
	if err := s.PruneReminders(ctx, T0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Reminder(ctx, remUser, r.ID); ok {
		t.Error("a delivered reminder outlived its pruning")
	}
}

package pgstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"nursling/bot/feedlog/storetest"
)

func TestLeaseIsExclusive(t *testing.T) {
	ctx := context.Background()
	s := open(t, nil)
	t0 := storetest.T0
	ok, _, _, err := s.Lease(ctx, "telegram.poller.1", "a", t0, t0.Add(time.Minute))
	if err != nil || !ok {
		t.Fatalf("first lease: %v %v", ok, err)
	}
	ok, other, until, err := s.Lease(ctx, "telegram.poller.1", "b", t0.Add(30*time.Second), t0.Add(90*time.Second))
	if err != nil || ok || other != "a" || !until.Equal(t0.Add(time.Minute)) {
		t.Errorf("second holder while the lease runs: ok %v other %q until %v err %v", ok, other, until, err)
	}
	if ok, _, _, err := s.Lease(ctx, "telegram.poller.1", "a", t0.Add(30*time.Second), t0.Add(2*time.Minute)); err != nil || !ok {
		t.Errorf("renewal by the holder: %v %v", ok, err)
	}
	if ok, _, _, _ := s.Lease(ctx, "telegram.poller.2", "b", t0, t0.Add(time.Minute)); !ok {
		t.Error("another bot's lease is apart")
	}
	if ok, _, _, err := s.Lease(ctx, "telegram.poller.1", "b", t0.Add(2*time.Minute), t0.Add(3*time.Minute)); err != nil || !ok {
		t.Errorf("taking over a lease that ran out: %v %v", ok, err)
	}
	if err := s.ReleaseLease(ctx, "telegram.poller.1", "a"); err != nil {
		t.Fatal(err)
	}
	if ok, _, _, _ := s.Lease(ctx, "telegram.poller.1", "a", t0.Add(2*time.Minute), t0.Add(3*time.Minute)); ok {
		t.Error("a stale holder's release freed b's lease")
	}
	if err := s.ReleaseLease(ctx, "telegram.poller.1", "b"); err != nil {
		t.Fatal(err)
	}
	// Many contenders at once: exactly one wins.
	var mu sync.Mutex
	winners := 0
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, _, _, err := s.Lease(ctx, "race", string(rune('a'+i)), t0, t0.Add(time.Minute))
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				winners++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if winners != 1 {
		t.Errorf("%d contenders got the lease, want 1", winners)
	}
}

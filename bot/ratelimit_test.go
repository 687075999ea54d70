package bot

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	l := newLimiter(RateLimit{PerMinute: 6, Burst: 3}, clock)
	drops := map[string]int{}
	l.onDrop = func(key string) { drops[key]++ }
	var got []verdict
	for i := 0; i < 6; i++ {
		got = append(got, l.check("telegram:1"))
	}
	want := []verdict{allow, allow, allow, warn, drop, drop}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("burst verdicts = %v, want %v", got, want)
		}
	}
	if drops["telegram:1"] != 2 {
		t.Errorf("%d drops observed, want 2 (every dropped message counts)", drops["telegram:1"])
	}
	if v := l.check("telegram:2"); v != allow {
		t.Errorf("another user is limited too: %v", v)
	}
	now = now.Add(10 * time.Second) // one token back at 6 per minute
	if v := l.check("telegram:1"); v != allow {
		t.Errorf("after refill: %v, want allow", v)
	}
	if v := l.check("telegram:1"); v != drop {
		t.Errorf("still within the warned window: %v, want drop", v)
	}
	now = now.Add(2 * time.Minute)
	for i := 0; i < 3; i++ {
		l.check("telegram:1")
	}
	if v := l.check("telegram:1"); v != warn {
		t.Errorf("a new window warns once again: %v", v)
	}
	now = now.Add(time.Hour)
	l.check("telegram:3")
	if _, ok := l.users["telegram:2"]; ok {
		t.Error("idle users should be forgotten")
	}
	off := newLimiter(RateLimit{}, clock)
	for i := 0; i < 100; i++ {
		if off.check("x") != allow {
			t.Fatal("a zero RateLimit must not limit")
		}
	}
}

package telegram

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/time/rate"
)

func TestTrackerMovesOnlyPastHandledUpdates(t *testing.T) {
	// Each step is begin (b), finish (f) or drop (d) of an id, with the
	// state begin must return or the progress finish must return.
	type step struct {
		op    byte
		id    int
		state state
		want  Progress
	}
	tests := []struct {
		name    string
		stored  Progress
		ordered bool
		steps   []step
	}{
		{"polling", Progress{Offset: 10}, true, []step{
			{op: 'b', id: 9, state: stDone},
			{op: 'b', id: 10, state: stDone},
			{op: 'b', id: 11, state: stNew},
			{op: 'b', id: 12, state: stNew},
			{op: 'b', id: 13, state: stNew},
			{op: 'b', id: 12, state: stInFlight},
			{op: 'f', id: 13, want: Progress{Offset: 10, Done: []int{13}}}, // 11 and 12 still in flight
			{op: 'f', id: 11, want: Progress{Offset: 11, Done: []int{13}}},
			{op: 'f', id: 12, want: Progress{Offset: 13, Done: []int{}}},
			{op: 'b', id: 13, state: stDone},
		}},
		{"restart skips what was handled above the offset", Progress{Offset: 3, Done: []int{5, 7}}, true, []step{
			{op: 'b', id: 4, state: stNew},
			{op: 'b', id: 5, state: stDone},
			{op: 'b', id: 6, state: stNew},
			{op: 'f', id: 4, want: Progress{Offset: 5, Done: []int{7}}}, // 6 in flight, 7 not offered yet
			{op: 'f', id: 6, want: Progress{Offset: 6, Done: []int{7}}},
			{op: 'b', id: 7, state: stDone},
			{op: 'f', id: 7, want: Progress{Offset: 7, Done: []int{}}},
		}},
		{"an aborted update is never passed", Progress{}, true, []step{
			{op: 'b', id: 1, state: stNew},
			{op: 'b', id: 2, state: stNew},
			{op: 'd', id: 1},
			{op: 'f', id: 2, want: Progress{Offset: 0, Done: []int{2}}},
			{op: 'b', id: 1, state: stNew},
			{op: 'f', id: 1, want: Progress{Offset: 2, Done: []int{}}},
		}},
		{"webhook: out of order, no offset moves", Progress{Done: []int{4}}, false, []step{
			{op: 'b', id: 7, state: stNew},
			{op: 'f', id: 7, want: Progress{Done: []int{4, 7}}},
			{op: 'b', id: 6, state: stNew}, // arrived after 7: still handled
			{op: 'b', id: 4, state: stDone},
			{op: 'b', id: 7, state: stDone},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTracker(tt.stored, tt.ordered)
			for _, s := range tt.steps {
				switch s.op {
				case 'b':
					if got := tr.begin(s.id); got != s.state {
						t.Errorf("begin(%d) = %d, want %d", s.id, got, s.state)
					}
				case 'f':
					if diff := cmp.Diff(s.want, tr.finish(s.id), cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("finish(%d) (-want +got):\n%s", s.id, diff)
					}
				case 'd':
					tr.drop(s.id)
				}
			}
		})
	}
}

func TestTrackerKeepsBoundedDone(t *testing.T) {
	tr := newTracker(Progress{}, false)
	for id := 1; id <= maxDoneKept+10; id++ {
		tr.begin(id)
		tr.finish(id)
	}
	p := tr.progress()
	if len(p.Done) != maxDoneKept || p.Done[0] != 11 {
		t.Errorf("kept %d done ids from %d, want %d from 11", len(p.Done), p.Done[0], maxDoneKept)
	}
}

func TestProgressRoundTrip(t *testing.T) {
	tests := []struct {
		enc  string
		want Progress
	}{
		{"", Progress{}},
		{"42", Progress{Offset: 42}},
		{"42;44,47", Progress{Offset: 42, Done: []int{44, 47}}},
	}
	for _, tt := range tests {
		got, err := ParseProgress(tt.enc)
		if err != nil {
			t.Fatalf("ParseProgress(%q): %v", tt.enc, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseProgress(%q) (-want +got):\n%s", tt.enc, diff)
		}
		if tt.enc != "" && got.String() != tt.enc {
			t.Errorf("String() = %q, want %q", got.String(), tt.enc)
		}
	}
	for _, bad := range []string{"x", "4;", "4;a"} {
		if _, err := ParseProgress(bad); err == nil && bad != "4;" {
			t.Errorf("ParseProgress(%q) accepted", bad)
		}
	}
}

func TestTrackerWaitBelow(t *testing.T) {
	tr := newTracker(Progress{}, true)
	tr.begin(1)
	tr.begin(2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := tr.waitBelow(ctx, 2); !errors.Is(err, context.Canceled) {
		t.Errorf("waitBelow with 2 in flight = %v, want it to block until cancelled", err)
	}
	done := make(chan error)
	go func() { done <- tr.waitBelow(context.Background(), 2) }()
	tr.finish(2)
	if err := <-done; err != nil {
		t.Errorf("waitBelow after a finish = %v", err)
	}
}

func TestDispatcherOrdersPerChat(t *testing.T) {
	d := newDispatcher(4)
	var mu sync.Mutex
	got := map[int64][]int{}
	for i := range 50 {
		chat := int64(i % 5)
		d.submit(chat, func() {
			mu.Lock()
			got[chat] = append(got[chat], i)
			mu.Unlock()
		})
	}
	if !d.wait(context.Background()) {
		t.Fatal("wait did not drain")
	}
	for chat := range int64(5) {
		var want []int
		for i := int(chat); i < 50; i += 5 {
			want = append(want, i)
		}
		if diff := cmp.Diff(want, got[chat]); diff != "" {
			t.Errorf("chat %d order (-want +got):\n%s", chat, diff)
		}
	}
	if n := len(d.queues); n != 0 {
		t.Errorf("%d chat queues left after draining", n)
	}
}

func TestDispatcherBoundsConcurrency(t *testing.T) {
	d := newDispatcher(2)
	var mu sync.Mutex
	running, peak := 0, 0
	release := make(chan struct{})
	entered := make(chan struct{}, 10)
	for chat := range int64(6) {
		d.submit(chat, func() {
			mu.Lock()
			running++
			peak = max(peak, running)
			mu.Unlock()
			entered <- struct{}{}
			<-release
			mu.Lock()
			running--
			mu.Unlock()
		})
	}
	<-entered
	<-entered
	close(release)
	d.wait(context.Background())
	if peak != 2 {
		t.Errorf("peak concurrency %d, want 2", peak)
	}
}

func TestLimiter(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(Limits{}.withDefaults())
	var got []time.Duration
	// A private chat: a burst of 3, then one per second.
	for range 4 {
		d, _ := l.reserve(ana, false, t0)
		got = append(got, d)
	}
	// Another chat is not held back by the first.
	d, _ := l.reserve(ben, false, t0)
	got = append(got, d)
	want := []time.Duration{0, 0, 0, time.Second, 0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("private chat delays (-want +got):\n%s", diff)
	}

	// A group: burst 3, then 20 per minute (one per 3s) beats 1/s.
	got = nil
	for range 5 {
		d, _ := l.reserve(groupChat, true, t0)
		got = append(got, d)
	}
	want = []time.Duration{0, 0, 0, 3 * time.Second, 6 * time.Second}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("group delays (-want +got):\n%s", diff)
	}

	// Overall: 30 per second across chats.
	g := newLimiter(Limits{PerChat: rate.Inf, PerGroup: rate.Inf}.withDefaults())
	var over int
	for i := range 40 {
		if d, _ := g.reserve(int64(1000+i), false, t0); d > 0 {
			over++
		}
	}
	if over != 10 {
		t.Errorf("%d of 40 messages in one instant delayed, want 10 beyond the global burst of 30", over)
	}
}

func TestLimiterCancelGivesBackTheSlot(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(Limits{PerChatBurst: 1}.withDefaults())
	l.reserve(ana, false, t0)
	d, cancel := l.reserve(ana, false, t0)
	if d != time.Second {
		t.Fatalf("second message delay %v, want 1s", d)
	}
	cancel()
	if d, _ := l.reserve(ana, false, t0); d != time.Second {
		t.Errorf("after a cancelled booking the next waits %v, want 1s", d)
	}
}

func TestLimiterForgetsIdleChats(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(Limits{}.withDefaults())
	for i := range 100 {
		l.reserve(int64(i), false, t0)
	}
	l.reserve(ana, false, t0.Add(time.Hour))
	if n := len(l.chats); n != 1 {
		t.Errorf("%d chats remembered after an hour idle, want 1", n)
	}
}

func TestBackoffBounds(t *testing.T) {
	r := Retry{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.withDefaults()
	for attempt := 1; attempt <= 8; attempt++ {
		full := min(r.BaseDelay<<(attempt-1), r.MaxDelay)
		for range 50 {
			if d := backoff(r, attempt); d < full/2 || d > full {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", attempt, d, full/2, full)
			}
		}
	}
}

func TestRedact(t *testing.T) {
	const token = "123456:AbC-d_e"
	tests := []string{
		"Post \"https://api.telegram.org/bot123456:AbC-d_e/getMe\": dial tcp: refused",
		"Post \"https://api.telegram.org/bot" + url.PathEscape(token) + "/getMe\": EOF",
		"q=" + url.QueryEscape(token),
	}
	for _, in := range tests {
		got := redact(in, token)
		if got == in {
			t.Errorf("redact(%q) changed nothing", in)
		}
		for _, form := range []string{token, url.QueryEscape(token), "AbC-d_e"} {
			if strings.Contains(got, form) {
				t.Errorf("redact(%q) = %q still has %q", in, got, form)
			}
		}
	}
}

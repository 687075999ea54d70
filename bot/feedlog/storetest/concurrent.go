package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"nursling/bot/feedlog"
	"nursling/bot/feedlog/sqlstore"
)

// testConcurrentRedelivery: the same messages delivered at once to
// several workers (two replicas, a retry racing the original) log once
// each, for a user whose household does not exist yet; a Yes pressed
// from several places logs one entry.
func testConcurrentRedelivery(t *testing.T, hn Harness) {
	ctx := context.Background()
	s := hn.open(t, nil)
	u := feedlog.User{Platform: "telegram", ID: "new-parent"}
	const workers, msgs = 6, 30
	ids := make([][]int64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		ids[w] = make([]int64, msgs)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range msgs {
				src := feedlog.MsgKey{Platform: "telegram", Chat: "42", ID: fmt.Sprint(i)}
				e, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: src, Entry: Feed(feedlog.Left, T0.Add(time.Duration(i)*time.Minute), time.Minute)})
				if err != nil {
					t.Errorf("worker %d message %d: %v", w, i, err)
					return
				}
				ids[w][i] = e.ID
			}
		}()
	}
	wg.Wait()
	got, err := s.Entries(ctx, u, feedlog.Query{})
	if err != nil || len(got) != msgs {
		t.Fatalf("%d entries stored, %v; want %d (each message once)", len(got), err, msgs)
	}
	for i := range msgs {
		for w := 1; w < workers; w++ {
			if ids[w][i] != ids[0][i] {
				t.Errorf("message %d: worker %d got entry %d, worker 0 got %d", i, w, ids[w][i], ids[0][i])
			}
		}
	}
	if n := hn.count(t, s, "households"); n != 1 {
		t.Errorf("%d households for one new user, want 1", n)
	}

	p, err := s.SavePending(ctx, u, feedlog.Pending{Token: "yes", Kind: feedlog.PendingLog, Entry: got[0], Expires: T0.Add(time.Hour)})
	must(t, err)
	var mu sync.Mutex
	entries := map[int64]bool{}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, _, err := s.LogEntry(ctx, u, feedlog.LogRequest{Src: feedlog.MsgKey{Platform: "telegram", Chat: "42", ID: fmt.Sprint("press-", w)}, Entry: p.Entry, Pending: p.Token})
			if err != nil {
				t.Errorf("press %d: %v", w, err)
				return
			}
			mu.Lock()
			entries[e.ID] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(entries) != 1 {
		t.Errorf("%d different entries from one question pressed %d times, want 1", len(entries), workers)
	}
	if all, _ := s.Entries(ctx, u, feedlog.Query{}); len(all) != msgs+1 {
		t.Errorf("%d entries after the presses, want %d", len(all), msgs+1)
	}
}

// testImportAndBabies: Import adds entries in one go, creating
// households; a baby of another household is refused and nothing of the
// batch is kept.
func testImportAndBabies(t *testing.T, hn Harness) {
	ctx := context.Background()
	s := hn.open(t, nil)
	a := feedlog.User{Platform: "console", ID: "a"}
	b := feedlog.User{Platform: "console", ID: "b"}
	var es []feedlog.Entry
	for i := range 25 {
		es = append(es, Feed(feedlog.Right, T0.Add(-time.Duration(i)*time.Hour), 10*time.Minute))
	}
	n, err := s.Import(ctx, []sqlstore.ImportBatch{{User: a, Entries: es}, {User: b, Entries: es[:5]}})
	if err != nil || n != 30 {
		t.Fatalf("Import = %d, %v; want 30", n, err)
	}
	if got, _ := s.Entries(ctx, a, feedlog.Query{}); len(got) != 25 {
		t.Errorf("a has %d entries, want 25", len(got))
	}
	if got, _ := s.Entries(ctx, a, feedlog.Query{Limit: 3}); len(got) != 3 || !got[2].Start.Equal(T0) {
		t.Errorf("last 3 = %+v, want the 3 latest, oldest first", got)
	}
	hb, err := s.AddBaby(ctx, b, "Bo", "")
	must(t, err)
	foreign := Feed(feedlog.Left, T0, time.Minute)
	foreign.BabyID = hb.Babies[0].ID
	if _, err := s.Import(ctx, []sqlstore.ImportBatch{{User: a, Entries: []feedlog.Entry{es[0], foreign}}}); !errors.Is(err, feedlog.ErrNoBaby) {
		t.Errorf("import naming another household's baby: %v, want ErrNoBaby", err)
	}
	if got, _ := s.Entries(ctx, a, feedlog.Query{}); len(got) != 25 {
		t.Errorf("a has %d entries after a refused import, want 25", len(got))
	}
}

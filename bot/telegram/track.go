package telegram

import (
	"context"
	"slices"
	"sync"
)

// maxDoneKept bounds the handled update ids kept above the offset: in
// webhook mode (where updates arrive out of order and no offset moves)
// the most recent ones, which is what Telegram redelivers.
const maxDoneKept = 512

// state is what the tracker knows of one update id.
type state int

const (
	stNew      state = iota // never seen: handle it
	stInFlight              // taken and not finished: skip the redelivery
	stDone                  // handled and answered: skip, but count it
)

// tracker follows which updates are in flight and which are handled.
// In polling mode it yields the offset to store and to ask getUpdates
// for: the highest update id at or below which every update received has
// been handled and answered. Updates of different chats finish out of
// order, so the offset only moves past an update once it and all before
// it are done. Updates handled above the offset are kept too (Progress.Done),
// so a restart skips them instead of answering them twice.
type tracker struct {
	mu sync.Mutex
	// ordered is true in polling mode: batches come in id order from the
	// offset, so the mark may move past ids never received.
	ordered bool
	mark    int
	// seen is the highest id taken this run: in polling mode every id up
	// to it has been offered, so the mark may move up to it.
	seen    int
	pending []int // taken and not done, sorted
	done    []int // done above the mark, sorted
	held    []int // taken and aborted: the mark stays below them
	changed chan struct{}
}

func newTracker(p Progress, ordered bool) *tracker {
	t := &tracker{ordered: ordered, mark: p.Offset, changed: make(chan struct{})}
	for _, id := range p.Done {
		if id > p.Offset {
			t.done = append(t.done, id)
		}
	}
	slices.Sort(t.done)
	t.done = slices.Compact(t.done)
	return t
}

// begin registers update id and reports what it is: new (now in flight),
// in flight already, or done.
func (t *tracker) begin(id int) state {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ordered && id <= t.mark {
		return stDone
	}
	if _, found := slices.BinarySearch(t.done, id); found {
		t.seen = max(t.seen, id)
		return stDone
	}
	i, found := slices.BinarySearch(t.pending, id)
	if found {
		return stInFlight
	}
	if j, found := slices.BinarySearch(t.held, id); found {
		t.held = slices.Delete(t.held, j, j+1)
	}
	t.pending = slices.Insert(t.pending, i, id)
	t.seen = max(t.seen, id)
	return stNew
}

// finish marks id handled and answered and returns the progress to store.
func (t *tracker) finish(id int) Progress {
	t.mu.Lock()
	defer t.mu.Unlock()
	if i, found := slices.BinarySearch(t.pending, id); found {
		t.pending = slices.Delete(t.pending, i, i+1)
	}
	if i, found := slices.BinarySearch(t.done, id); !found && (!t.ordered || id > t.mark) {
		t.done = slices.Insert(t.done, i, id)
	}
	t.compact()
	close(t.changed)
	t.changed = make(chan struct{})
	return t.progressLocked()
}

// drop forgets an update taken but not handled (aborted at shutdown): it
// stays below the stored offset, so Telegram delivers it again.
func (t *tracker) drop(id int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if i, found := slices.BinarySearch(t.pending, id); found {
		t.pending = slices.Delete(t.pending, i, i+1)
		j, _ := slices.BinarySearch(t.held, id)
		t.held = slices.Insert(t.held, j, id)
	}
	close(t.changed)
	t.changed = make(chan struct{})
}

// compact moves the mark over the done ids below every pending one and
// not beyond what was offered this run (in polling mode) and keeps at most maxDoneKept done ids.
func (t *tracker) compact() {
	if t.ordered {
		k := 0
		for k < len(t.done) && t.done[k] <= t.seen && below(t.done[k], t.pending) && below(t.done[k], t.held) {
			t.mark = t.done[k]
			k++
		}
		t.done = t.done[k:]
	}
	if n := len(t.done) - maxDoneKept; n > 0 {
		t.done = slices.Clone(t.done[n:])
	}
}

// below reports whether id is below every id of the sorted ids.
func below(id int, ids []int) bool { return len(ids) == 0 || id < ids[0] }

func (t *tracker) progressLocked() Progress {
	return Progress{Offset: t.mark, Done: slices.Clone(t.done)}
}

// progress returns what to store.
func (t *tracker) progress() Progress {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.progressLocked()
}

// current returns the mark: getUpdates asks for the updates after it.
func (t *tracker) current() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.mark
}

// inFlight returns how many updates are taken and not finished.
func (t *tracker) inFlight() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.pending)
}

// waitBelow blocks while n or more updates are in flight: backpressure so
// a stuck engine cannot make the adapter buffer without bound.
func (t *tracker) waitBelow(ctx context.Context, n int) error {
	for {
		t.mu.Lock()
		inFlight, ch := len(t.pending), t.changed
		t.mu.Unlock()
		if inFlight < n {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// waitChange blocks until an update finishes or is dropped, or ctx ends.
func (t *tracker) waitChange(ctx context.Context) {
	t.mu.Lock()
	ch := t.changed
	t.mu.Unlock()
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

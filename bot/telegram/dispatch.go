package telegram

import (
	"context"
	"slices"
	"sync"
)

// dispatcher runs jobs in order per chat, with at most `workers` jobs
// running at once over all chats. A chat has a goroutine only while it has
// queued work, so one slow chat holds one worker slot and nothing else.
type dispatcher struct {
	sem chan struct{}
	wg  sync.WaitGroup

	mu     sync.Mutex
	queues map[int64][]func()
}

func newDispatcher(workers int) *dispatcher {
	return &dispatcher{sem: make(chan struct{}, workers), queues: make(map[int64][]func())}
}

// submit queues job behind the chat's earlier jobs.
func (d *dispatcher) submit(chat int64, job func()) {
	d.mu.Lock()
	q, running := d.queues[chat]
	d.queues[chat] = append(q, job)
	if !running {
		d.wg.Add(1)
	}
	d.mu.Unlock()
	if !running {
		go d.drain(chat)
	}
}

func (d *dispatcher) drain(chat int64) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		q := d.queues[chat]
		if len(q) == 0 {
			delete(d.queues, chat)
			d.mu.Unlock()
			return
		}
		job := q[0]
		q[0] = nil
		d.queues[chat] = q[1:]
		d.mu.Unlock()

		d.sem <- struct{}{}
		job()
		<-d.sem
	}
}

// wait blocks until every queued job has run or ctx ends; it reports
// whether the queue drained.
func (d *dispatcher) wait(ctx context.Context) bool {
	done := make(chan struct{})
	go func() {
		d.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}

// tracker follows which updates are in flight and yields the offset to
// store: the highest update id at or below which every update received has
// been handled. Updates of different chats finish out of order, so the
// offset only moves past an update once it and all before it are done.
type tracker struct {
	mu      sync.Mutex
	mark    int
	pending []int // received, sorted
	done    map[int]bool
	changed chan struct{}
}

func newTracker(stored int) *tracker {
	return &tracker{mark: stored, done: make(map[int]bool), changed: make(chan struct{})}
}

// begin registers update id and reports whether it is new: ids at or below
// the mark, or already in flight, are redeliveries to skip.
func (t *tracker) begin(id int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if id <= t.mark {
		return false
	}
	i, found := slices.BinarySearch(t.pending, id)
	if found {
		return false
	}
	t.pending = slices.Insert(t.pending, i, id)
	return true
}

// finish marks id handled and returns the new mark and whether it moved.
func (t *tracker) finish(id int) (int, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.done[id] = true
	moved := false
	for len(t.pending) > 0 && t.done[t.pending[0]] {
		delete(t.done, t.pending[0])
		t.mark = max(t.mark, t.pending[0])
		t.pending = t.pending[1:]
		moved = true
	}
	close(t.changed)
	t.changed = make(chan struct{})
	return t.mark, moved
}

// current returns the mark.
func (t *tracker) current() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.mark
}

// waitBelow blocks while n or more updates are in flight: backpressure so
// a stuck engine cannot make the adapter buffer without bound.
func (t *tracker) waitBelow(ctx context.Context, n int) error {
	for {
		t.mu.Lock()
		// Finished updates wait in pending behind an unfinished one; only
		// the unfinished ones are in flight.
		inFlight, ch := len(t.pending)-len(t.done), t.changed
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

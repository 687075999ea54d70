package telegram

import (
	"context"
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

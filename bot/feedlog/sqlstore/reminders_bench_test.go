package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"nursling/bot/chat"
	"nursling/bot/remind"
)

// BenchmarkDueReminders: 100,000 scheduled reminders over 5,000 users, of
// which 10,000 are due; one scheduler round finds, claims, sends (to a
// deliverer that returns at once) and marks every due one. reminders/s is
// the delivery rate; the target is at least 1,000 per second on 2 cores.
func BenchmarkDueReminders(b *testing.B) {
	const total, due = 100_000, 10_000
	now := time.Date(2025, 12, 5, 14, 10, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	s := mustOpenStore(b, "", clock)
	ctx := context.Background()
	err := s.write(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO reminders(platform, user_id, kind, text, status, due_ms, zone, created_ms)
			VALUES('telegram', ?, 'once', ?, 'active', ?, 'Europe/London', ?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for i := range total {
			at := now.Add(time.Duration(1+i%1000) * time.Minute) // future
			if i%(total/due) == 0 {
				at = now.Add(-time.Duration(1+i%50) * time.Minute) // due
			}
			if _, err := st.ExecContext(ctx, fmt.Sprint(1000+i%5000), "next feed", at.UnixMilli(), now.UnixMilli()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	svc, err := remind.New(s, remind.Options{Now: clock})
	if err != nil {
		b.Fatal(err)
	}
	var sent atomic.Int64
	deliver := remind.DelivererFunc(func(ctx context.Context, user string, r chat.Reply) error {
		sent.Add(1)
		return nil
	})
	sc := svc.NewScheduler(remind.SchedulerOptions{Deliverers: map[string]remind.Deliverer{"telegram": deliver}})
	var elapsed time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		if _, err := s.w.ExecContext(ctx, `UPDATE reminders SET status = 'active', claim = NULL, claimed_until_ms = 0, delivered_ms = 0 WHERE due_ms <= ?`, now.UnixMilli()); err != nil {
			b.Fatal(err)
		}
		before := sent.Load()
		b.StartTimer()
		t0 := time.Now()
		n, err := sc.Tick(ctx)
		elapsed += time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		if n != due || sent.Load()-before != due {
			b.Fatalf("one round sent %d, want %d", n, due)
		}
	}
	b.ReportMetric(float64(sent.Load())/elapsed.Seconds(), "reminders/s")
}

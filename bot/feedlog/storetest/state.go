package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nursling/bot/feedlog/sqlstore"
)

func testReportAndState(t *testing.T, hn Harness) {
	ctx := context.Background()
	clk := NewClock(T0)
	s := hn.open(t, clk.Now)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.RecordAnswer(ctx, "latch", false, ""))
	must(s.RecordAnswer(ctx, "latch", false, "ignored: not a no-match"))
	must(s.RecordAnswer(ctx, "mastitis", false, ""))
	must(s.RecordAnswer(ctx, "", true, ""))
	must(s.RecordAnswer(ctx, "thrush", true, "old question"))
	must(s.RecordFeedback(ctx, "latch", true))
	must(s.RecordFeedback(ctx, "latch", false))
	must(s.RecordFeedback(ctx, "latch", true))
	clk.Add(31 * 24 * time.Hour)
	must(s.RecordAnswer(ctx, "", true, "new question"))

	rep, err := s.Report(ctx)
	must(err)
	want := sqlstore.Report{
		Topics: []sqlstore.TopicStats{
			{Topic: "latch", Answered: 2, Helpful: 2, NotHelpful: 1},
			{Topic: "mastitis", Answered: 1},
			{Topic: "thrush", NoMatch: 1},
		},
		NoMatch:    3,
		Unanswered: []sqlstore.Unanswered{{Text: "new question", At: clk.Now()}},
	}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("Report mismatch (-want +got):\n%s", diff)
	}

	if v, err := s.State(ctx, "telegram.offset"); err != nil || v != "" {
		t.Errorf("unset state = %q, %v", v, err)
	}
	must(s.SetState(ctx, "telegram.offset", "12345"))
	must(s.SetState(ctx, "telegram.offset", "12346"))
	if v, err := s.State(ctx, "telegram.offset"); err != nil || v != "12346" {
		t.Errorf("state = %q, %v", v, err)
	}
}

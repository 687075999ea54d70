package logbook

import (
	"strings"
	"testing"
	"time"
)

// TestNextSideFromLatestFeed: newcomer run D6. The confirmation's "Next"
// is computed from the latest breastfeed by time, the same as /last, even
// when the entry just logged is backdated.
func TestNextSideFromLatestFeed(t *testing.T) {
	tests := []struct {
		name  string
		steps []string // all but the last are logged first
		want  string   // in the last step's confirmation and in /last
	}{
		{"backdated both after a left", []string{"left 15 at 13:00", "yesterday 11pm both sides 25 min"}, "Next: start on the right."},
		{"backdated split after a right", []string{"right 10 at 13:30", "L15 R10 at 6:30"}, "Next: start on the left."},
		{"the report's order", []string{"left 15", "yesterday 11pm both sides 25 min", "L15 R10 at 6:30"}, "Next: start on the right."},
		{"a newer entry still wins", []string{"left 10 at 9am", "right 10"}, "Next: start on the left."},
		{"only a both-sides feed", []string{"both sides 20"}, "Next: start on the side that feels fuller."},
		{"split ending left", []string{"R10 L5"}, "Next: start on the left."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newFLEnv(t)
			var r Reply
			for _, s := range tt.steps {
				r = env.say("u1", s)
			}
			if got := flFirst(r); !strings.Contains(got, tt.want) {
				t.Errorf("confirmation %q, want %q", got, tt.want)
			}
			if got := flRender(env.say("u1", "/last")); !strings.Contains(got, tt.want) {
				t.Errorf("/last %q, want %q", got, tt.want)
			}
		})
	}
}

// TestOrdinaryPatternsAreOneFeed: newcomer run D9. One side then the
// other, or a bottle top-up after a breastfeed, is one feed with no
// overlap warning; the same side twice still warns.
func TestOrdinaryPatternsAreOneFeed(t *testing.T) {
	tests := []struct {
		name  string
		steps []string
		warn  bool
		feeds string // /today's feed line
	}{
		{"left then R10 (the report)", []string{"fed left 15 min", "R10"}, false, "Feeds: 1 (a second side is part of the same feed)"},
		{"breastfeed then a top-up (the report)", []string{"fed left 15 min", "bottle 60ml formula"}, false, "Feeds: 1 (breast 1, bottle 1; a top-up or a second side is part of the same feed)"},
		{"top-up phrased with ago", []string{"right 20 min 25 min ago", "bottle 30ml formula"}, false, "Feeds: 1 (breast 1, bottle 1; a top-up or a second side is part of the same feed)"},
		{"same side twice warns", []string{"left 20", "left 10 at 13:50"}, true, "Feeds: 2"},
		{"two bottles at once warns", []string{"bottle 90ml at 14:00", "bottle 90ml formula at 14:00"}, true, "Feeds: 2"},
		{"hours apart is two feeds", []string{"left 15 at 9am", "right 10"}, false, "Feeds: 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newFLEnv(t)
			var r Reply
			for _, s := range tt.steps {
				r = env.say("u1", s)
				env.clk.Add(30 * time.Second)
			}
			if got := strings.Contains(flRender(r), "overlaps another feed"); got != tt.warn {
				t.Errorf("overlap warning %v, want %v: %q", got, tt.warn, flRender(r))
			}
			if got := flRender(env.say("u1", "/today")); !strings.Contains(got, "- "+tt.feeds+"\n") {
				t.Errorf("/today:\n%s\nwant the line %q", got, tt.feeds)
			}
		})
	}
}

// TestNappyGuidanceJudgesLoggedHours: newcomer run D14. Minutes after a
// baby's log starts there is no alarm; a baby with no nappies logged gets
// a nudge; a full logged day below the minimum still gets the gentle
// advice.
func TestNappyGuidanceJudgesLoggedHours(t *testing.T) {
	const alarm = "That is fewer than usual"
	t.Run("minutes after /baby Bea (the report)", func(t *testing.T) {
		env := newFLEnv(t)
		env.say("u1", "/baby Bea 2026-11-01")
		env.clk.Add(3 * time.Minute)
		env.say("u1", "wet nappy")
		got := flRender(env.say("u1", "/today"))
		if strings.Contains(got, alarm) {
			t.Errorf("alarm minutes after logging started:\n%s", got)
		}
		if !strings.Contains(got, "I'll compare once a full day is logged") {
			t.Errorf("no word on the partial day:\n%s", got)
		}
	})
	t.Run("twins: the one with no nappies gets a nudge (the report)", func(t *testing.T) {
		env := newFLEnv(t)
		env.say("u1", "/baby Ada 2026-11-01")
		env.say("u1", "/baby Bea 2026-11-01")
		env.say("u1", "Ada left 15")
		env.say("u1", "Bea wet nappy")
		got := flRender(env.say("u1", "/today"))
		ada := got[strings.Index(got, "# Ada"):strings.Index(got, "# Bea")]
		if !strings.Contains(ada, "no nappies logged in the last 24 hours") || !strings.Contains(ada, "/nappy wet") {
			t.Errorf("Ada has no nudge:\n%s", ada)
		}
		if strings.Contains(got, alarm) {
			t.Errorf("alarm minutes after logging started:\n%s", got)
		}
	})
	t.Run("a full logged day below the minimum", func(t *testing.T) {
		env := newFLEnv(t)
		env.say("u1", "/baby Ann 2026-11-01")
		env.clk.Add(-26 * time.Hour)
		env.say("u1", "left 10")
		env.clk.Add(20 * time.Hour)
		env.say("u1", "wet nappy")
		env.clk.Add(6 * time.Hour)
		got := flRender(env.say("u1", "/today"))
		if !strings.Contains(got, alarm) {
			t.Errorf("no advice after a full day with 1 wet and 0 dirty:\n%s", got)
		}
	})
	t.Run("no birth date: no judgement at all", func(t *testing.T) {
		env := newFLEnv(t)
		env.say("u1", "left 10")
		if got := flRender(env.say("u1", "/today")); strings.Contains(got, "of life") {
			t.Errorf("judged without a birth date:\n%s", got)
		}
	})
}

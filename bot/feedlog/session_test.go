package feedlog

import (
	"testing"
	"time"
)

func TestSameFeed(t *testing.T) {
	base := time.Date(2026, 11, 5, 10, 0, 0, 0, time.UTC)
	breast := func(side Side, startMin, mins int) Entry {
		s := base.Add(time.Duration(startMin) * time.Minute)
		return Entry{Kind: Feed, Method: Breast, Side: side, Start: s, End: s.Add(time.Duration(mins) * time.Minute)}
	}
	bottle := func(atMin int) Entry {
		s := base.Add(time.Duration(atMin) * time.Minute)
		return Entry{Kind: Feed, Method: Bottle, AmountML: 60, Start: s, End: s}
	}
	nappy := Entry{Kind: Nappy, Nappy: Wet, Start: base, End: base}
	tests := []struct {
		name string
		a, b Entry
		want bool
	}{
		{"left then right, overlapping", breast(Left, 0, 15), breast(Right, 5, 10), true},
		{"left then right, 10 min apart", breast(Left, 0, 15), breast(Right, 25, 10), true},
		{"left then right, order reversed", breast(Right, 25, 10), breast(Left, 0, 15), true},
		{"left then right, an hour apart", breast(Left, 0, 15), breast(Right, 75, 10), false},
		{"left twice", breast(Left, 0, 15), breast(Left, 5, 10), false},
		{"both then left", breast(Both, 0, 20), breast(Left, 10, 10), false},
		{"no side then right", breast(NoSide, 0, 20), breast(Right, 10, 10), false},
		{"breast then a top-up", breast(Left, 0, 15), bottle(16), true},
		{"a bottle then breast", bottle(0), breast(Right, 5, 10), true},
		{"two bottles", bottle(0), bottle(1), false},
		{"a nappy is never a feed", breast(Left, 0, 15), nappy, false},
		{"other baby", breast(Left, 0, 15), Entry{Kind: Feed, Method: Breast, Side: Right, BabyID: 2, Start: base, End: base.Add(time.Minute)}, false},
	}
	for _, tt := range tests {
		if got := SameFeed(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: SameFeed = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSummarizeCountsOneFeedPerSession(t *testing.T) {
	base := time.Date(2026, 11, 5, 10, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return base.Add(time.Duration(m) * time.Minute) }
	entries := []Entry{
		{Kind: Feed, Method: Breast, Side: Left, Start: at(0), End: at(15)},
		{Kind: Feed, Method: Breast, Side: Right, Start: at(16), End: at(26)},
		{Kind: Feed, Method: Bottle, AmountML: 30, Start: at(30), End: at(30)},
		{Kind: Feed, Method: Breast, Side: Left, Start: at(180), End: at(195)},
	}
	s := Summarize(entries, base, base.Add(24*time.Hour))
	if s.Feeds != 2 || s.BreastFeeds != 3 || s.BottleFeeds != 1 {
		t.Errorf("feeds %d (breast %d, bottle %d), want 2 (3, 1)", s.Feeds, s.BreastFeeds, s.BottleFeeds)
	}
}

func TestLastUsesLatestBreastFeed(t *testing.T) {
	base := time.Date(2026, 11, 5, 10, 0, 0, 0, time.UTC)
	entries := []Entry{
		{ID: 1, Kind: Feed, Method: Breast, Side: Left, Start: base, End: base.Add(10 * time.Minute)},
		{ID: 2, Kind: Feed, Method: Breast, Side: Both, Start: base.Add(-12 * time.Hour), End: base.Add(-11 * time.Hour)}, // logged later, backdated
	}
	l := Last(entries)
	if l.NextSide != Right || NextSideAdvice(l.Breast, l.HasBreast) != "Next: start on the right." {
		t.Errorf("next side %q from entry %d, want right from entry 1", l.NextSide, l.Breast.ID)
	}
	if NextSideAdvice(Entry{}, false) != "" {
		t.Error("advice with no breastfeed")
	}
}

package feedlog

import (
	"sort"
	"time"
)

// DaySummary is what /today and /day show for one window of time.
type DaySummary struct {
	From, To time.Time

	// Feeds counts feeds as a parent does: one side then the other, or a
	// top-up after a breastfeed, is one feed (SameFeed). BreastFeeds and
	// BottleFeeds count entries.
	Feeds       int
	BreastFeeds int
	BottleFeeds int
	// Left and Right are breast minutes per side; Unsplit is time on both
	// sides without a per-side split.
	Left, Right, Unsplit time.Duration
	BottleML             int

	Nappies    int
	Wet, Dirty int // a wet-and-dirty nappy counts in both

	Pumps    int
	PumpedML int

	// LongestGap is the longest time between the end of one feed and the
	// start of the next within the window, GapFrom to GapTo.
	LongestGap     time.Duration
	GapFrom, GapTo time.Time
}

// Summarize folds entries (any order) into a DaySummary for [from, to).
// Entries starting outside the window are ignored.
func Summarize(entries []Entry, from, to time.Time) DaySummary {
	s := DaySummary{From: from, To: to}
	var feeds []Entry
	for _, e := range entries {
		if e.Start.Before(from) || !e.Start.Before(to) {
			continue
		}
		switch e.Kind {
		case Feed:
			feeds = append(feeds, e)
			if e.Method == Bottle {
				s.BottleFeeds++
				s.BottleML += e.AmountML
				continue
			}
			s.BreastFeeds++
			l, r, u := e.SideMinutes()
			s.Left += l
			s.Right += r
			s.Unsplit += u
		case Nappy:
			s.Nappies++
			if e.Nappy.IsWet() {
				s.Wet++
			}
			if e.Nappy.IsDirty() {
				s.Dirty++
			}
		case Pump:
			s.Pumps++
			s.PumpedML += e.AmountML
		}
	}
	sort.Slice(feeds, func(i, j int) bool { return feeds[i].Start.Before(feeds[j].Start) })
	end := time.Time{}
	for i, f := range feeds {
		if i == 0 || !SameFeed(feeds[i-1], f) {
			s.Feeds++
		}
		if i > 0 {
			if gap := f.Start.Sub(end); gap > s.LongestGap {
				s.LongestGap, s.GapFrom, s.GapTo = gap, end, f.Start
			}
		}
		if f.End.After(end) {
			end = f.End
		}
	}
	return s
}

// DayBounds returns the window of the calendar day y-m-d in loc, starting
// at startHour (0-23) so a night of feeds is not split at midnight.
func DayBounds(y int, m time.Month, d int, loc *time.Location, startHour int) (from, to time.Time) {
	from = time.Date(y, m, d, startHour, 0, 0, 0, loc)
	to = time.Date(y, m, d+1, startHour, 0, 0, 0, loc)
	return from, to
}

// DayOf returns the log day that t falls in: before startHour it is still
// the previous calendar day.
func DayOf(t time.Time, loc *time.Location, startHour int) (int, time.Month, int) {
	t = t.In(loc)
	if t.Hour() < startHour {
		t = time.Date(t.Year(), t.Month(), t.Day()-1, 12, 0, 0, 0, loc)
	}
	return t.Date()
}

// LastSummary is what /last shows.
type LastSummary struct {
	Feed, Breast, Nappy Entry
	HasFeed, HasBreast  bool
	HasNappy            bool
	// NextSide is the suggested side to start on (NoSide: unknown).
	NextSide Side
}

// Last picks the latest feed, breast feed and nappy from entries (any
// order).
func Last(entries []Entry) LastSummary {
	var s LastSummary
	for _, e := range entries {
		switch {
		case e.Kind == Feed:
			if !s.HasFeed || later(e, s.Feed) {
				s.Feed, s.HasFeed = e, true
			}
			if e.IsBreast() && (!s.HasBreast || later(e, s.Breast)) {
				s.Breast, s.HasBreast = e, true
			}
		case e.Kind == Nappy:
			if !s.HasNappy || later(e, s.Nappy) {
				s.Nappy, s.HasNappy = e, true
			}
		}
	}
	if s.HasBreast {
		s.Breast, _ = LatestBreast(entries)
		s.NextSide = s.Breast.NextSide()
	}
	return s
}

// later reports whether a started after b, or at the same time and was
// logged after it.
func later(a, b Entry) bool {
	return a.Start.After(b.Start) || a.Start.Equal(b.Start) && a.ID > b.ID
}

// DayCount is one day of the week summary.
type DayCount struct {
	// Date is the day's start (at the day-start hour, in the household's
	// time zone).
	Date                 time.Time
	Breast, Bottle       int
	Wet, Dirty, WetDirty int // nappies by kind, each counted once
	BreastTime           time.Duration
	BottleML, PumpedML   int
	Pumps                int
}

// Feeds is breast plus bottle feeds.
func (d DayCount) Feeds() int { return d.Breast + d.Bottle }

// Nappies is all nappies.
func (d DayCount) Nappies() int { return d.Wet + d.Dirty + d.WetDirty }

// Week counts entries per day for the 7 log days ending with the one that
// contains now, oldest first.
func Week(entries []Entry, now time.Time, loc *time.Location, startHour int) []DayCount {
	y, m, d := DayOf(now, loc, startHour)
	days := make([]DayCount, 7)
	bounds := make([][2]time.Time, 7)
	for i := range days {
		from, to := DayBounds(y, m, d-6+i, loc, startHour)
		days[i].Date = from
		bounds[i] = [2]time.Time{from, to}
	}
	for _, e := range entries {
		i := sort.Search(7, func(i int) bool { return bounds[i][1].After(e.Start) })
		if i == 7 || e.Start.Before(bounds[i][0]) {
			continue
		}
		c := &days[i]
		switch e.Kind {
		case Feed:
			if e.Method == Bottle {
				c.Bottle++
				c.BottleML += e.AmountML
			} else {
				c.Breast++
				c.BreastTime += e.Duration()
			}
		case Nappy:
			switch e.Nappy {
			case Wet:
				c.Wet++
			case Dirty:
				c.Dirty++
			case WetDirty:
				c.WetDirty++
			}
		case Pump:
			c.Pumps++
			c.PumpedML += e.AmountML
		}
	}
	return days
}

// WeekWindow returns the time window Week covers.
func WeekWindow(now time.Time, loc *time.Location, startHour int) (from, to time.Time) {
	y, m, d := DayOf(now, loc, startHour)
	from, _ = DayBounds(y, m, d-6, loc, startHour)
	_, to = DayBounds(y, m, d, loc, startHour)
	return from, to
}

// NappyMinimum returns the fewest wet and dirty nappies per 24 hours
// usually expected on a baby's day of life (birth date = day 1), from
// facts.md (enough-milk): days 1-2 at least 1 wet and 1 dirty; days 3-4 at
// least 3 wet and 2 dirty; days 5-6 at least 5 wet and 2 dirty; days 7 to
// 28 at least 6 wet and 2 dirty. ok is false outside days 1-28, where the
// guide gives no daily minimum.
func NappyMinimum(day int) (wet, dirty int, ok bool) {
	switch {
	case day < 1:
		return 0, 0, false
	case day <= 2:
		return 1, 1, true
	case day <= 4:
		return 3, 2, true
	case day <= 6:
		return 5, 2, true
	case day <= 28:
		return 6, 2, true
	}
	return 0, 0, false
}

// Newborn feeds per 24 hours (facts.md, feeding-frequency: "8 to 12 feeds
// in 24 hours").
const (
	FeedsPerDayLow  = 8
	FeedsPerDayHigh = 12
)

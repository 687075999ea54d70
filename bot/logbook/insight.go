package logbook

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"nursling/bot/feedlog"
)

// Insight returns one factual, gentle line from the user's own log for
// the topics where their numbers help (feeding-frequency, enough-milk,
// cluster-feeding, baby-poop), using only the numbers in the guide's facts.
// It returns "" for other topics, for a user with nothing logged in the
// last 24 hours, and on any error: an insight must never break an answer.
func (e *Book) Insight(ctx context.Context, m Message, topic string) (line string) {
	switch topic {
	case "feeding-frequency", "enough-milk", "cluster-feeding", "baby-poop":
	default:
		return ""
	}
	if e.store == nil {
		return ""
	}
	defer func() {
		if p := recover(); p != nil {
			e.log.LogAttrs(ctx, slog.LevelError, "feed log insight panicked", slog.Any("panic", p))
			line = ""
		}
	}()
	u := userOf(m)
	h, err := e.store.Household(ctx, u)
	if err != nil || h.ID == 0 {
		if err != nil {
			e.log.LogAttrs(ctx, slog.LevelWarn, "feed log insight", slog.String("error", err.Error()))
		}
		return ""
	}
	loc := e.feed.location(h)
	now := e.msgTime(m).In(loc)
	entries, err := e.store.Entries(ctx, u, feedlog.Query{From: now.Add(-24 * time.Hour), To: now.Add(time.Minute)})
	if err != nil {
		e.log.LogAttrs(ctx, slog.LevelWarn, "feed log insight", slog.String("error", err.Error()))
		return ""
	}
	if len(entries) == 0 {
		return ""
	}
	groups := byBaby(h, entries)
	if len(groups) > 1 {
		// Twins: one short clause per baby keeps it to one line.
		var parts []string
		for _, g := range groups {
			if s := insightFor(topic, g, loc, now); s != "" {
				parts = append(parts, g.name+": "+s)
			}
		}
		return strings.Join(parts, " ")
	}
	return insightFor(topic, groups[0], loc, now)
}

func insightFor(topic string, g babyGroup, loc *time.Location, now time.Time) string {
	s := feedlog.Summarize(g.entries, now.Add(-24*time.Hour), now.Add(time.Minute))
	day := g.baby.DayOfLife(now, loc)
	wantWet, wantDirty, haveMin := feedlog.NappyMinimum(day)
	switch topic {
	case "feeding-frequency":
		if s.Feeds == 0 {
			return ""
		}
		return fmt.Sprintf("You logged %d %s in the last 24 hours; newborns usually feed %d to %d times in 24 hours.",
			s.Feeds, logPlural(s.Feeds, "feed", "feeds"), feedlog.FeedsPerDayLow, feedlog.FeedsPerDayHigh)
	case "enough-milk":
		if s.Nappies == 0 && s.Feeds == 0 {
			return ""
		}
		line := fmt.Sprintf("In the last 24 hours you logged %d %s and %d wet and %d dirty %s",
			s.Feeds, logPlural(s.Feeds, "feed", "feeds"), s.Wet, s.Dirty, logPlural(s.Wet+s.Dirty, "nappy", "nappies"))
		if haveMin {
			return line + fmt.Sprintf("; around day %d babies usually have at least %d wet and %d dirty nappies a day.", day, wantWet, wantDirty)
		}
		return line + fmt.Sprintf("; at least %d feeds in 24 hours is one sign feeding is going well.", feedlog.FeedsPerDayLow)
	case "cluster-feeding":
		var starts []time.Time
		for _, e := range g.entries {
			if e.Kind == feedlog.Feed {
				starts = append(starts, e.Start)
			}
		}
		if len(starts) < 2 {
			return ""
		}
		sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
		shortest, longest := time.Duration(1<<62), time.Duration(0)
		for i := 1; i < len(starts); i++ {
			d := starts[i].Sub(starts[i-1])
			shortest, longest = min(shortest, d), max(longest, d)
		}
		return fmt.Sprintf("You logged %d feeds in the last 24 hours, starting between %s and %s apart.",
			len(starts), feedlog.FormatDuration(shortest), feedlog.FormatDuration(longest))
	case "baby-poop":
		var last time.Time
		for _, e := range g.entries {
			if e.Kind == feedlog.Nappy && e.Nappy.IsDirty() && e.Start.After(last) {
				last = e.Start
			}
		}
		if s.Nappies == 0 {
			return ""
		}
		line := fmt.Sprintf("You logged %d dirty %s in the last 24 hours", s.Dirty, logPlural(s.Dirty, "nappy", "nappies"))
		if !last.IsZero() {
			line += ", the last at " + last.In(loc).Format("15:04")
		}
		if haveMin {
			return line + fmt.Sprintf("; around day %d babies usually have at least %d a day.", day, wantDirty)
		}
		return line + "."
	}
	return ""
}

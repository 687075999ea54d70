package feedlog

import "time"

// SessionGap is the longest pause between two entries that still makes
// them one feed: the second side after the first, or a bottle top-up after
// a breastfeed. It follows facts.md (feed-length-and-sides: "offer the
// second side after a burp or a nappy change").
const SessionGap = 20 * time.Minute

// SameFeed reports whether b continues the feed a started, instead of
// being a separate feed or a double: a breastfeed on one side then the
// other, or a bottle top-up after a breastfeed (in either order), that
// overlap or follow within SessionGap. Two entries of the same side, two
// bottles, or any entry with both sides or none are not one feed this way:
// they may be a double.
func SameFeed(a, b Entry) bool {
	if a.Kind != Feed || b.Kind != Feed || a.BabyID != b.BabyID {
		return false
	}
	if b.Start.Before(a.Start) {
		a, b = b, a
	}
	if b.Start.Sub(a.End) > SessionGap {
		return false
	}
	switch {
	case a.IsBreast() && b.IsBreast():
		return (a.Side == Left || a.Side == Right) && (b.Side == Left || b.Side == Right) && a.Side != b.Side
	case a.IsBreast() != b.IsBreast():
		return true // a top-up: breast and bottle
	}
	return false
}

// LatestBreast returns the breastfeed that started last among entries (any
// order), and false when there is none. "Next side" advice is always
// computed from it, whichever entry was logged last.
func LatestBreast(entries []Entry) (Entry, bool) {
	var best Entry
	found := false
	for _, e := range entries {
		if e.IsBreast() && (!found || e.Start.After(best.Start) || e.Start.Equal(best.Start) && e.ID > best.ID) {
			best, found = e, true
		}
	}
	return best, found
}

// NextSideAdvice is the "Next:" sentence for the latest breastfeed, "" when
// there is none.
func NextSideAdvice(latest Entry, found bool) string {
	if !found {
		return ""
	}
	switch next := latest.NextSide(); next {
	case Left, Right:
		return "Next: start on the " + string(next) + "."
	}
	return "Next: start on the side that feels fuller."
}

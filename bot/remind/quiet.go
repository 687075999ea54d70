package remind

import (
	"fmt"
	"strings"
	"time"

	"nursling/bot/feedlog"
)

// On reports whether quiet hours are set.
func (q Quiet) On() bool { return q.From != q.To }

// Holds reports whether t (in the user's zone) falls in the quiet hours.
func (q Quiet) Holds(t time.Time) bool {
	if !q.On() {
		return false
	}
	m := t.Hour()*60 + t.Minute()
	if q.From < q.To {
		return m >= q.From && m < q.To
	}
	return m >= q.From || m < q.To
}

// End returns when the quiet hours holding t end.
func (q Quiet) End(t time.Time) time.Time {
	y, mo, d := t.Date()
	end := time.Date(y, mo, d, q.To/60, q.To%60, 0, 0, t.Location())
	if !end.After(t) {
		end = time.Date(y, mo, d+1, q.To/60, q.To%60, 0, 0, t.Location())
	}
	return end
}

// String is "23:00-06:00", or "off".
func (q Quiet) String() string {
	if !q.On() {
		return "off"
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d", q.From/60, q.From%60, q.To/60, q.To%60)
}

// ParseQuiet reads "23:00-06:00", "11pm to 6am" or "off".
func ParseQuiet(s string) (Quiet, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "off", "none", "no":
		return Quiet{}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		a, b, ok = strings.Cut(s, " to ")
	}
	if !ok {
		return Quiet{}, refuse("Give quiet hours as a start and an end, for example /quiet 23:00-06:00 (or /quiet off).")
	}
	from, err1 := clockOf(a)
	to, err2 := clockOf(b)
	if err1 != nil || err2 != nil {
		return Quiet{}, refuse("I couldn't read those times. For example: /quiet 23:00-06:00.")
	}
	if from == to {
		return Quiet{}, refuse("The start and end of quiet hours are the same. For example: /quiet 23:00-06:00.")
	}
	return Quiet{From: from, To: to}, nil
}

// clockOf reads a time of day with the feed log's reader. It must say
// am/pm or use a colon: "11-6" could mean either half of the day.
func clockOf(s string) (int, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "at ")
	if !strings.Contains(s, ":") && !strings.HasSuffix(s, "am") && !strings.HasSuffix(s, "pm") {
		return 0, feedlog.ErrNoTime
	}
	ref := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	t, err := feedlog.ParseNextTime("at "+s, ref.Add(-time.Minute))
	if err != nil {
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

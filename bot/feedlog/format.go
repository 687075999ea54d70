package feedlog

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FormatDuration writes d for a parent: "15 min", "1 h 5 min", "2 h".
func FormatDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	m := int((d + 30*time.Second) / time.Minute)
	switch {
	case d > 0 && m == 0:
		return "under 1 min"
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}

// Units a household can show amounts in (/units).
const (
	UnitML = "ml"
	UnitOz = "oz"
)

// FormatAmount writes ml in unit: "90 ml", or "3 oz" and "2.5 oz" (to a
// tenth of an ounce) for UnitOz.
func FormatAmount(ml int, unit string) string {
	if unit == UnitOz {
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(ml)/OzML), ".0") + " oz"
	}
	return fmt.Sprintf("%d ml", ml)
}

// Describe says what an entry is, without its time: "left breast, 15 min",
// "bottle, 90 ml formula", "wet nappy", "pumped 110 ml (left 60, right 50)".
func Describe(e Entry) string { return DescribeUnits(e, UnitML) }

// DescribeUnits is Describe with amounts in unit (UnitML or UnitOz).
func DescribeUnits(e Entry, unit string) string {
	amount := func(ml int) string { return FormatAmount(ml, unit) }
	switch e.Kind {
	case Nappy:
		switch e.Nappy {
		case Wet:
			return "wet nappy"
		case Dirty:
			return "dirty nappy"
		case WetDirty:
			return "wet and dirty nappy"
		}
		return "nappy"
	case Pump:
		s := "pumped " + amount(e.AmountML)
		if e.LeftML > 0 && e.RightML > 0 {
			left, right := strconv.Itoa(e.LeftML), strconv.Itoa(e.RightML)
			if unit == UnitOz {
				left, right = amount(e.LeftML), amount(e.RightML)
			}
			s += " (left " + left + ", right " + right + ")"
		} else if e.Side == Left || e.Side == Right {
			s += " (" + string(e.Side) + ")"
		}
		if d := e.Duration(); d > 0 {
			s += ", " + FormatDuration(d)
		}
		return s
	}
	if e.Method == Bottle {
		s := "bottle"
		if e.AmountML > 0 {
			s += ", " + amount(e.AmountML)
		}
		if e.Content != UnknownContent {
			s += " " + string(e.Content)
		}
		if d := e.Duration(); d > 0 {
			s += ", " + FormatDuration(d)
		}
		return s
	}
	var s string
	switch e.Side {
	case Left:
		s = "left breast"
	case Right:
		s = "right breast"
	case Both:
		s = "both breasts"
	default:
		s = "breast feed"
	}
	if d := e.Duration(); d > 0 {
		s += ", " + FormatDuration(d)
	}
	if e.LeftDur > 0 || e.RightDur > 0 {
		first, second := "left", "right"
		fd, sd := e.LeftDur, e.RightDur
		if e.EndSide == Left {
			first, second, fd, sd = second, first, sd, fd
		}
		s += fmt.Sprintf(" (%s %s, %s %s)", first, FormatDuration(fd), second, FormatDuration(sd))
	}
	return s
}

// When says when an entry happened, in loc, relative to now: "13:50–14:05",
// "at 14:05", "yesterday 23:50–00:05", "Mon 3 Nov at 14:05".
func When(e Entry, loc *time.Location, now time.Time) string {
	start, end := e.Start.In(loc), e.End.In(loc)
	day := dayLabel(start, now.In(loc))
	if day != "" {
		day += " "
	}
	if !end.After(start) {
		return day + "at " + start.Format("15:04")
	}
	return day + start.Format("15:04") + "–" + end.Format("15:04")
}

// DescribeAt is Describe and When together: "left breast, 15 min,
// 13:50–14:05", "wet nappy at 14:05".
func DescribeAt(e Entry, loc *time.Location, now time.Time) string {
	return DescribeAtUnits(e, UnitML, loc, now)
}

// DescribeAtUnits is DescribeAt with amounts in unit.
func DescribeAtUnits(e Entry, unit string, loc *time.Location, now time.Time) string {
	if e.End.After(e.Start) {
		return DescribeUnits(e, unit) + ", " + When(e, loc, now)
	}
	return DescribeUnits(e, unit) + " " + When(e, loc, now)
}

// dayLabel is "" for today, "yesterday", or a short date.
func dayLabel(t, now time.Time) string {
	ty, tm, td := t.Date()
	ny, nm, nd := now.Date()
	if ty == ny && tm == nm && td == nd {
		return ""
	}
	y := now.AddDate(0, 0, -1)
	if yy, ym, yd := y.Date(); ty == yy && tm == ym && td == yd {
		return "yesterday"
	}
	if ny, nm, nd := now.AddDate(0, 0, 1).Date(); ty == ny && tm == nm && td == nd {
		return "tomorrow"
	}
	if ty == ny {
		return t.Format("Mon 2 Jan")
	}
	return t.Format("Mon 2 Jan 2006")
}

// DayTime writes t as a clock time, with its day when that is not now's:
// "14:30", "yesterday 14:30", "tomorrow 09:00", "Mon 3 Nov 14:30".
func DayTime(t, now time.Time) string {
	t = t.In(now.Location())
	if day := dayLabel(t, now); day != "" {
		return day + " " + t.Format("15:04")
	}
	return t.Format("15:04")
}

// Ago writes how long ago t was: "25 min ago", "3 h 10 min ago".
func Ago(t, now time.Time) string {
	d := now.Sub(t)
	if d < time.Minute {
		return "just now"
	}
	return FormatDuration(d) + " ago"
}

// SideName is "left" or "right" (or "" for no side), for sentences.
func SideName(s Side) string { return string(s) }

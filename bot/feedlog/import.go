package feedlog

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ErrUnitUnknown is returned by ReadBabyBuddy for a file with bottle
// amounts when the unit was not given: Baby Buddy writes amounts without
// one, and families in the US use oz.
var ErrUnitUnknown = errors.New("feedlog: Baby Buddy amounts have no unit: say whether they are ml or oz")

// BabyBuddyOptions says how to read a Baby Buddy file: times without an
// offset are in Loc; Unit ("ml" or "oz") is what amounts are in, "" when
// unknown (then a file with amounts is refused with ErrUnitUnknown).
type BabyBuddyOptions struct {
	Loc  *time.Location
	Unit string
}

// Skip reasons a reader counts.
const (
	SkipSolidFood = "solid food (Nursling does not log it)"
	SkipDuplicate = "already in the log"
)

// ReadBabyBuddy reads feedings in Baby Buddy's CSV terms (the columns
// start, end, type, method, amount and notes, by name, in any order; the
// baby's name from child_first_name or child; others are ignored), so a
// family can move its log from Baby Buddy. Solid food is skipped and
// counted; fortified breast milk, breast milk and formula are milk, whether
// at the breast, by bottle or given by a parent. A row that cannot be read
// is an error naming its line, and nothing is returned, so an import is
// all or nothing.
func ReadBabyBuddy(r io.Reader, o BabyBuddyOptions) (ImportFile, error) {
	if o.Loc == nil {
		o.Loc = time.UTC
	}
	perUnit := 0.0
	switch strings.ToLower(o.Unit) {
	case "ml":
		perUnit = 1
	case "oz":
		perUnit = OzML
	case "":
	default:
		return ImportFile{}, fmt.Errorf("feedlog: read baby buddy: unit %q: use ml or oz", o.Unit)
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return ImportFile{}, fmt.Errorf("feedlog: read baby buddy: header: %w", err)
	}
	col := columns(header)
	for _, need := range []string{"start", "end", "type", "method"} {
		if _, ok := col[need]; !ok {
			return ImportFile{}, fmt.Errorf("feedlog: read baby buddy: no %q column (this reads Baby Buddy feedings)", need)
		}
	}
	var out ImportFile
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return ImportFile{}, fmt.Errorf("feedlog: read baby buddy: line %d: %w", line, err)
		}
		get := func(name string) string { return strings.TrimSpace(cell(col, rec, name)) }
		e, reason, err := babyBuddyEntry(get, func(name string) string { return cell(col, rec, name) }, perUnit, o.Loc)
		if errors.Is(err, ErrUnitUnknown) {
			return ImportFile{}, err // about the whole file, not this line
		}
		if err != nil {
			return ImportFile{}, fmt.Errorf("feedlog: read baby buddy: line %d: %w", line, err)
		}
		if reason != "" {
			out.skip(reason)
			continue
		}
		baby := unsafeCell(cell(col, rec, "child_first_name"))
		if _, ok := col["child_first_name"]; !ok {
			baby = get("child")
		}
		out.Rows = append(out.Rows, ImportRow{Entry: e, Baby: baby})
	}
	return out, nil
}

// babyBuddyEntry reads one feeding; reason is why it is skipped, if it is.
func babyBuddyEntry(get, raw func(string) string, perUnit float64, loc *time.Location) (e Entry, reason string, err error) {
	e = Entry{Kind: Feed, Note: unsafeCell(raw("notes"))}
	if e.Start, err = parseBabyBuddyTime(get("start"), loc); err != nil {
		return Entry{}, "", err
	}
	if e.End, err = parseBabyBuddyTime(get("end"), loc); err != nil {
		return Entry{}, "", err
	}
	switch strings.ToLower(get("type")) {
	case "breast milk", "":
		e.Content = BreastMilk
	case "formula":
		e.Content = Formula
	case "fortified breast milk", "fortified":
		e.Content = FortifiedMilk
	case "solid food", "solids":
		return Entry{}, SkipSolidFood, nil
	default:
		return Entry{}, "", fmt.Errorf("unknown feeding type %q", get("type"))
	}
	dur := e.End.Sub(e.Start)
	switch strings.ToLower(get("method")) {
	case "bottle", "parent fed", "self fed":
		// Milk given by a parent (cup, syringe, spoon) or taken by the baby
		// is a bottle feed here: it is milk, not at the breast.
		e.Method = Bottle
		if a := get("amount"); a != "" {
			f, err := strconv.ParseFloat(a, 64)
			if err != nil || f < 0 {
				return Entry{}, "", fmt.Errorf("amount %q is not a number", a)
			}
			if perUnit == 0 && f > 0 {
				return Entry{}, "", ErrUnitUnknown
			}
			e.AmountML = int(f*perUnit + 0.5)
			if e.AmountML > MaxAmountML {
				return Entry{}, "", fmt.Errorf("amount %q is more than %d ml", a, MaxAmountML)
			}
		}
	case "left breast":
		e.Method, e.Side, e.EndSide, e.LeftDur = Breast, Left, Left, dur
	case "right breast":
		e.Method, e.Side, e.EndSide, e.RightDur = Breast, Right, Right, dur
	case "both breasts":
		e.Method, e.Side = Breast, Both
	default:
		return Entry{}, "", fmt.Errorf("unknown feeding method %q", get("method"))
	}
	if e.Method == Breast {
		e.Content = ""
	}
	if err := e.Validate(); err != nil {
		return Entry{}, "", err
	}
	return e, "", nil
}

// parseBabyBuddyTime reads the time formats Baby Buddy's exports use: its
// admin CSV export writes "2006-01-02 15:04:05" (with an offset in newer
// versions), and our own export writes RFC 3339.
func parseBabyBuddyTime(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05-07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read the time %q", s)
}

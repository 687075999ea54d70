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

// ReadBabyBuddy reads feedings in Baby Buddy's CSV terms (the columns
// start, end, type, method, amount and notes, by name, in any order; others
// are ignored), so a family can move its log from Baby Buddy. Times
// without an offset are read in loc. Amounts are taken as millilitres.
// Solid food is skipped (Nursling does not log it); skipped counts those
// rows. A row that cannot be read is an error naming its line, and nothing
// is returned, so an import is all or nothing.
func ReadBabyBuddy(r io.Reader, loc *time.Location) (entries []Entry, skipped int, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("feedlog: read baby buddy: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"start", "end", "type", "method"} {
		if _, ok := col[need]; !ok {
			return nil, 0, fmt.Errorf("feedlog: read baby buddy: no %q column (this reads Baby Buddy feedings)", need)
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, fmt.Errorf("feedlog: read baby buddy: line %d: %w", line, err)
		}
		e, ok, err := babyBuddyEntry(get, rec, loc)
		if err != nil {
			return nil, 0, fmt.Errorf("feedlog: read baby buddy: line %d: %w", line, err)
		}
		if !ok {
			skipped++
			continue
		}
		entries = append(entries, e)
	}
	return entries, skipped, nil
}

func babyBuddyEntry(get func([]string, string) string, rec []string, loc *time.Location) (Entry, bool, error) {
	e := Entry{Kind: Feed, Note: get(rec, "notes")}
	var err error
	if e.Start, err = parseBabyBuddyTime(get(rec, "start"), loc); err != nil {
		return Entry{}, false, err
	}
	if e.End, err = parseBabyBuddyTime(get(rec, "end"), loc); err != nil {
		return Entry{}, false, err
	}
	switch strings.ToLower(get(rec, "type")) {
	case "breast milk", "":
		e.Content = BreastMilk
	case "formula":
		e.Content = Formula
	case "fortified breast milk":
		e.Content = FortifiedMilk
	case "solid food":
		return Entry{}, false, nil
	default:
		return Entry{}, false, fmt.Errorf("unknown feeding type %q", get(rec, "type"))
	}
	dur := e.End.Sub(e.Start)
	switch strings.ToLower(get(rec, "method")) {
	case "bottle":
		e.Method = Bottle
		if a := get(rec, "amount"); a != "" {
			f, err := strconv.ParseFloat(a, 64)
			if err != nil || f < 0 || f > MaxAmountML {
				return Entry{}, false, fmt.Errorf("amount %q is not a number of ml up to %d", a, MaxAmountML)
			}
			e.AmountML = int(f + 0.5)
		}
	case "left breast":
		e.Method, e.Side, e.EndSide, e.LeftDur = Breast, Left, Left, dur
	case "right breast":
		e.Method, e.Side, e.EndSide, e.RightDur = Breast, Right, Right, dur
	case "both breasts":
		e.Method, e.Side = Breast, Both
	case "parent fed", "self fed":
		// Baby Buddy's methods for solids; a bottle or breast is not said.
		return Entry{}, false, nil
	default:
		return Entry{}, false, fmt.Errorf("unknown feeding method %q", get(rec, "method"))
	}
	if e.Method == Breast {
		e.Content = ""
	}
	if err := e.Validate(); err != nil {
		return Entry{}, false, err
	}
	return e, true, nil
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

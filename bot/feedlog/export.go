package feedlog

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// CSVHeader is the header row of WriteCSV.
var csvHeader = []string{"start", "end", "baby", "kind", "side", "end_side", "duration_min", "left_min", "right_min",
	"amount_ml", "left_ml", "right_ml", "content", "nappy", "note", "logged_by"}

// WriteCSV writes every entry, one row each, oldest first: start and end
// (RFC 3339 in loc), baby, kind (breast, bottle, nappy, pump), side, the
// side a feed ended on, duration and per-side minutes, amounts in ml,
// bottle content, nappy kind, note, and logged_by ("you" for me,
// "<platform> member" for others, so a partner's platform id is not handed
// out). ReadCSV reads it back.
func WriteCSV(w io.Writer, entries []Entry, h Household, me User, loc *time.Location) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("feedlog: export csv: %w", err)
	}
	for _, e := range entries {
		by := "you"
		if e.LoggedBy != me {
			by = e.LoggedBy.Platform + memberSuffix
		}
		row := []string{
			e.Start.In(loc).Format(time.RFC3339),
			e.End.In(loc).Format(time.RFC3339),
			safeCell(babyName(h, e.BabyID)),
			exportKind(e),
			string(e.Side),
			string(e.EndSide),
			minutes(e.Duration()),
			minutes(e.LeftDur),
			minutes(e.RightDur),
			num(e.AmountML),
			num(e.LeftML),
			num(e.RightML),
			string(e.Content),
			string(e.Nappy),
			safeCell(e.Note),
			by,
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("feedlog: export csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("feedlog: export csv: %w", err)
	}
	return nil
}

// babyBuddyHeader follows Baby Buddy's feeding import/export columns.
var babyBuddyHeader = []string{"id", "child_id", "child_first_name", "child_last_name", "start", "end", "type", "method", "amount", "notes"}

// WriteBabyBuddy writes the feeds among entries in Baby Buddy's feeding
// terms, for its admin import: type is "breast milk", "formula" or
// "fortified breast milk"; method is "bottle", "left breast", "right
// breast" or "both breasts"; amount is in ml. id is left empty so Baby
// Buddy creates new rows; child_id is the baby's position in the household
// (1, 2, ...) and must match the child's id in Baby Buddy, which the
// family may need to adjust. A bottle with unknown content is written as
// breast milk, a breast feed without a side as both breasts. Nappies and
// pumping are not feedings and are left out.
func WriteBabyBuddy(w io.Writer, entries []Entry, h Household, loc *time.Location) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(babyBuddyHeader); err != nil {
		return fmt.Errorf("feedlog: export baby buddy: %w", err)
	}
	for _, e := range entries {
		if e.Kind != Feed {
			continue
		}
		child, name := "1", ""
		for i, b := range h.Babies {
			if b.ID == e.BabyID {
				child, name = strconv.Itoa(i+1), b.Name
			}
		}
		typ, method, amount := "breast milk", "", ""
		switch {
		case e.Method == Bottle:
			method = "bottle"
			amount = strconv.Itoa(e.AmountML)
			switch e.Content {
			case Formula:
				typ = "formula"
			case FortifiedMilk:
				typ = "fortified breast milk"
			}
		case e.Side == Left:
			method = "left breast"
		case e.Side == Right:
			method = "right breast"
		default:
			method = "both breasts"
		}
		row := []string{"", child, safeCell(name), "", e.Start.In(loc).Format(time.RFC3339), e.End.In(loc).Format(time.RFC3339), typ, method, amount, safeCell(e.Note)}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("feedlog: export baby buddy: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("feedlog: export baby buddy: %w", err)
	}
	return nil
}

// memberSuffix follows the platform in logged_by for another member.
const memberSuffix = " member"

func exportKind(e Entry) string {
	switch {
	case e.Kind == Feed && e.Method == Bottle:
		return "bottle"
	case e.Kind == Feed:
		return "breast"
	}
	return string(e.Kind)
}

func babyName(h Household, id int64) string {
	if b, ok := h.Baby(id); ok {
		return b.Name
	}
	return ""
}

func minutes(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	m := d.Minutes()
	if m == float64(int(m)) {
		return strconv.Itoa(int(m))
	}
	// A tenth of a minute (6 s) is as precise as a parent's log gets; a
	// value that rounds to whole minutes is written as whole, so reading
	// it back and writing it again gives the same text.
	return strings.TrimSuffix(strconv.FormatFloat(m, 'f', 1, 64), ".0")
}

func num(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// safeCell stops a spreadsheet from running text typed by a user as a
// formula when the CSV is opened.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

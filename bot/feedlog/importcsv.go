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

// ImportRow is one entry read from a file, with the baby's name as the
// file spells it (the caller maps names to its babies) and who logged it.
type ImportRow struct {
	Entry Entry
	Baby  string
	// Member is the platform of another household member who logged it
	// ("discord" for "discord member"), "" when the importing user did.
	Member string
}

// ImportFile is what a reader found in a file: the rows to add and, per
// reason, how many rows were left out.
type ImportFile struct {
	Rows    []ImportRow
	Skipped map[string]int
}

func (f *ImportFile) skip(reason string) {
	if f.Skipped == nil {
		f.Skipped = map[string]int{}
	}
	f.Skipped[reason]++
}

// ReadCSV reads what WriteCSV writes (columns by name, in any order), so
// an export can come back in whole: per-side minutes, bottle contents,
// notes and who logged it. A row that cannot be read is an error naming
// its line, and nothing is returned.
func ReadCSV(r io.Reader, loc *time.Location) (ImportFile, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return ImportFile{}, fmt.Errorf("feedlog: read csv: header: %w", err)
	}
	col := columns(header)
	for _, need := range []string{"start", "end", "kind"} {
		if _, ok := col[need]; !ok {
			return ImportFile{}, fmt.Errorf("feedlog: read csv: no %q column (this reads Nursling's /export)", need)
		}
	}
	var out ImportFile
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return ImportFile{}, fmt.Errorf("feedlog: read csv: line %d: %w", line, err)
		}
		row, err := csvRow(func(name string) string { return strings.TrimSpace(cell(col, rec, name)) },
			func(name string) string { return cell(col, rec, name) }, loc)
		if err != nil {
			return ImportFile{}, fmt.Errorf("feedlog: read csv: line %d: %w", line, err)
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func columns(header []string) map[string]int {
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	return col
}

// cell is the named column of rec as it is, "" when absent.
func cell(col map[string]int, rec []string, name string) string {
	if i, ok := col[name]; ok && i < len(rec) {
		return rec[i]
	}
	return ""
}

// csvRow reads one row; get trims the cell, raw keeps free text as typed.
func csvRow(get, raw func(string) string, loc *time.Location) (ImportRow, error) {
	var row ImportRow
	e := &row.Entry
	var err error
	if e.Start, err = parseBabyBuddyTime(get("start"), loc); err != nil {
		return row, err
	}
	if e.End, err = parseBabyBuddyTime(get("end"), loc); err != nil {
		return row, err
	}
	switch k := get("kind"); k {
	case "breast":
		e.Kind, e.Method = Feed, Breast
	case "bottle":
		e.Kind, e.Method = Feed, Bottle
	case "nappy", "pump":
		e.Kind = Kind(k)
	default:
		return row, fmt.Errorf("unknown kind %q", k)
	}
	e.Side, e.EndSide = Side(get("side")), Side(get("end_side"))
	e.Content, e.Nappy = Content(get("content")), NappyKind(get("nappy"))
	if !knownSide(e.Side) || !knownSide(e.EndSide) {
		return row, fmt.Errorf("unknown side %q", get("side")+" "+get("end_side"))
	}
	switch e.Content {
	case UnknownContent, BreastMilk, Formula, FortifiedMilk, DonorBreastMilk:
	default:
		return row, fmt.Errorf("unknown content %q", e.Content)
	}
	if e.Kind != Nappy && e.Nappy != "" {
		return row, fmt.Errorf("a nappy kind on a %s", e.Kind)
	}
	for _, f := range []struct {
		name string
		d    *time.Duration
	}{{"left_min", &e.LeftDur}, {"right_min", &e.RightDur}} {
		if *f.d, err = readMinutes(get(f.name)); err != nil {
			return row, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	for _, f := range []struct {
		name string
		n    *int
	}{{"amount_ml", &e.AmountML}, {"left_ml", &e.LeftML}, {"right_ml", &e.RightML}} {
		if *f.n, err = readML(get(f.name)); err != nil {
			return row, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	e.Note = unsafeCell(raw("note"))
	row.Baby = unsafeCell(raw("baby"))
	if by := get("logged_by"); by != "" && by != "you" {
		row.Member = strings.TrimSuffix(by, memberSuffix)
	}
	if err := e.Validate(); err != nil {
		return row, err
	}
	return row, nil
}

func knownSide(s Side) bool { return s == NoSide || s == Left || s == Right || s == Both }

func readMinutes(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > MaxDuration.Minutes() {
		return 0, fmt.Errorf("%q is not a number of minutes up to %v", s, MaxDuration.Minutes())
	}
	return time.Duration(f*60+0.5) * time.Second, nil
}

func readML(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > MaxAmountML {
		return 0, fmt.Errorf("%q is not a number of ml up to %d", s, MaxAmountML)
	}
	return n, nil
}

// unsafeCell undoes safeCell: the quote it puts before a leading = + - @
// tab or CR.
func unsafeCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// DedupeKey is what makes two entries the same for an import: baby, time
// (to the second, as exports write it), kind and values. Bottle contents
// and notes are left out, as Baby Buddy's format cannot say "unknown"
// content, and a breastfeed without a side counts as both sides, as Baby
// Buddy writes it.
func DedupeKey(e Entry) string {
	side := e.Side
	if e.IsBreast() && side == NoSide {
		side = Both
	}
	return fmt.Sprintf("%d|%s|%s|%s|%d|%d|%d|%d|%d|%s", e.BabyID, e.Kind, e.Method, side,
		e.Start.Unix(), e.End.Unix(), e.AmountML, e.LeftML, e.RightML, e.Nappy)
}

// Entries turns the rows into entries for household h: baby names become
// h's baby ids (a name h does not have leaves the entry without a baby,
// counted in unknownBaby), and a row another member logged keeps that
// member's platform in LoggedBy (the store sets the importing user for
// the rest).
func (f ImportFile) Entries(h Household) (entries []Entry, unknownBaby int) {
	entries = make([]Entry, 0, len(f.Rows))
	for _, row := range f.Rows {
		e := row.Entry
		if row.Baby != "" {
			if b, ok := h.BabyByName(row.Baby); ok {
				e.BabyID = b.ID
			} else {
				unknownBaby++
			}
		}
		if row.Member != "" {
			e.LoggedBy = User{Platform: row.Member}
		}
		entries = append(entries, e)
	}
	return entries, unknownBaby
}

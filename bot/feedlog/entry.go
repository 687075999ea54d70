// Package feedlog is Nursling's feed log: the entry types (breast feeds,
// bottles, nappies, pumping), the free-text and time parsers that turn what a
// half-asleep parent types into an Entry, the summaries behind /last, /today
// and /week, the week chart (a PNG drawn with the standard library) and the
// CSV exports. It has no storage: package sqlstore keeps households, babies
// and entries in SQLite.
//
// The pipeline: Parse (or ParseCommand) turns text into a Parsed draft with
// times resolved in the household's time zone; the engine in package bot
// confirms or asks, then writes it through its Store (sqlstore.Store.LogEntry,
// idempotent per platform message); summaries read entries back and fold
// them with Summarize, Last and Week.
package feedlog

import (
	"fmt"
	"strings"
	"time"
)

// User identifies a person on one platform. ID is stored (it is needed to
// find the user's household) but never logged.
type User struct {
	Platform string
	ID       string
}

// MsgKey identifies the platform message an entry came from. A redelivered
// message has the same key, so it never logs twice.
type MsgKey struct {
	Platform string
	Chat     string
	ID       string
}

// Valid reports whether the key is complete enough to deduplicate on.
func (k MsgKey) Valid() bool { return k.Platform != "" && k.ID != "" }

// Kind is what an entry records.
type Kind string

const (
	Feed  Kind = "feed"
	Nappy Kind = "nappy"
	Pump  Kind = "pump"
)

// Method is how a feed was given.
type Method string

const (
	Breast Method = "breast"
	Bottle Method = "bottle"
)

// Side is a breast side. The zero value means not said.
type Side string

const (
	NoSide Side = ""
	Left   Side = "left"
	Right  Side = "right"
	Both   Side = "both"
)

// Other returns the opposite side, or NoSide for Both and NoSide.
func (s Side) Other() Side {
	switch s {
	case Left:
		return Right
	case Right:
		return Left
	}
	return NoSide
}

// Content is what was in a bottle, in Baby Buddy's words.
type Content string

const (
	UnknownContent  Content = ""
	BreastMilk      Content = "breast milk"
	Formula         Content = "formula"
	FortifiedMilk   Content = "fortified breast milk"
	DonorBreastMilk Content = "donor milk"
)

// NappyKind says what was in a nappy.
type NappyKind string

const (
	Wet      NappyKind = "wet"
	Dirty    NappyKind = "dirty"
	WetDirty NappyKind = "both"
)

// IsWet reports whether the nappy counts as wet.
func (n NappyKind) IsWet() bool { return n == Wet || n == WetDirty }

// IsDirty reports whether the nappy counts as dirty.
func (n NappyKind) IsDirty() bool { return n == Dirty || n == WetDirty }

// Limits for values a parent may log without an explicit confirmation.
const (
	// MaxDuration is the longest feed or pumping session accepted as typed.
	MaxDuration = 3 * time.Hour
	// MaxAmountML is the largest bottle or pumped amount accepted.
	MaxAmountML = 500
	// OzML is one US fluid ounce in millilitres.
	OzML = 29.5735
)

// Entry is one logged event. Times are absolute instants; the household's
// time zone only matters for display and day boundaries.
type Entry struct {
	ID     int64
	BabyID int64 // 0: no baby named (a household without babies set)
	Kind   Kind
	Method Method // feeds only
	// Side is the breast side(s) fed or pumped.
	Side Side
	// EndSide is the side a breast feed finished on, when known; it decides
	// the suggested next side.
	EndSide Side
	// Start and End bound the event; they are equal for instantaneous
	// events (a nappy, a bottle without a duration).
	Start, End time.Time
	// LeftDur and RightDur are per-side breast times when known (L15 R10,
	// a timer that switched sides).
	LeftDur, RightDur time.Duration
	// AmountML is a bottle's or a pumping session's total, in millilitres.
	AmountML int
	// LeftML and RightML are per-side pumped amounts when given.
	LeftML, RightML int
	Content         Content
	Nappy           NappyKind
	Note            string
	// LoggedBy and Created are set by the store.
	LoggedBy User
	Created  time.Time
}

// Duration is End minus Start.
func (e Entry) Duration() time.Duration { return e.End.Sub(e.Start) }

// IsBreast reports whether e is a breast feed.
func (e Entry) IsBreast() bool { return e.Kind == Feed && e.Method == Breast }

// IsBottle reports whether e is a bottle feed.
func (e Entry) IsBottle() bool { return e.Kind == Feed && e.Method == Bottle }

// SideMinutes returns the breast time on each side, attributing a one-sided
// feed's whole duration to that side. unsplit is time on both sides whose
// split was not given.
func (e Entry) SideMinutes() (left, right, unsplit time.Duration) {
	if !e.IsBreast() {
		return 0, 0, 0
	}
	if e.LeftDur > 0 || e.RightDur > 0 {
		return e.LeftDur, e.RightDur, 0
	}
	switch e.Side {
	case Left:
		return e.Duration(), 0, 0
	case Right:
		return 0, e.Duration(), 0
	}
	return 0, 0, e.Duration()
}

// NextSide suggests which breast to start the next feed on: after one side,
// the other; after both, the one the baby finished on (facts.md,
// feed-length-and-sides: start on the fuller breast, often the one finished
// on or not taken last time). NoSide when unknown.
func (e Entry) NextSide() Side {
	if !e.IsBreast() {
		return NoSide
	}
	switch e.Side {
	case Left, Right:
		return e.Side.Other()
	case Both:
		return e.EndSide
	}
	return NoSide
}

// Validate rejects an entry no parser should produce: the store checks
// every entry with it before writing.
func (e Entry) Validate() error {
	switch e.Kind {
	case Feed:
		if e.Method != Breast && e.Method != Bottle {
			return fmt.Errorf("feed without a method")
		}
	case Nappy:
		if e.Nappy != Wet && e.Nappy != Dirty && e.Nappy != WetDirty {
			return fmt.Errorf("nappy without a kind")
		}
	case Pump:
	default:
		return fmt.Errorf("unknown kind %q", e.Kind)
	}
	if e.Start.IsZero() || e.End.Before(e.Start) {
		return fmt.Errorf("bad times %v–%v", e.Start, e.End)
	}
	if e.AmountML < 0 || e.LeftML < 0 || e.RightML < 0 || e.LeftDur < 0 || e.RightDur < 0 {
		return fmt.Errorf("negative amount or duration")
	}
	return nil
}

// Household holds babies and entries shared by its members.
type Household struct {
	ID       int64 // 0: the user has no household yet
	TimeZone string
	Babies   []Baby
	Members  int
}

// Baby is one child of a household.
type Baby struct {
	ID   int64
	Name string
	// Born is the birth date as YYYY-MM-DD, "" when not given.
	Born string
}

// DayOfLife returns the baby's day of life at t in loc, counting the birth
// date as day 1, or 0 when the birth date is unknown or after t.
func (b Baby) DayOfLife(t time.Time, loc *time.Location) int {
	if b.Born == "" {
		return 0
	}
	born, err := time.ParseInLocation(time.DateOnly, b.Born, loc)
	if err != nil {
		return 0
	}
	y, m, d := t.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if today.Before(born) {
		return 0
	}
	// Count calendar days with UTC dates so DST days still count as one.
	days := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(time.Date(born.Year(), born.Month(), born.Day(), 0, 0, 0, 0, time.UTC)).Hours() / 24)
	return days + 1
}

// BabyByName finds a baby by name, case-insensitively.
func (h Household) BabyByName(name string) (Baby, bool) {
	for _, b := range h.Babies {
		if strings.EqualFold(b.Name, strings.TrimSpace(name)) {
			return b, true
		}
	}
	return Baby{}, false
}

// Baby returns the baby with id, or false.
func (h Household) Baby(id int64) (Baby, bool) {
	for _, b := range h.Babies {
		if b.ID == id {
			return b, true
		}
	}
	return Baby{}, false
}

// Location returns the household's time zone, or def when unset or unknown.
func (h Household) Location(def *time.Location) *time.Location {
	if h.TimeZone != "" {
		if loc, err := time.LoadLocation(h.TimeZone); err == nil {
			return loc
		}
	}
	return def
}

// Timer is a running breast-feed timer for one baby of a household.
type Timer struct {
	BabyID    int64
	Started   time.Time
	Side      Side // the side being fed now
	SideSince time.Time
	// Left and Right are time already spent on each side before SideSince.
	Left, Right time.Duration
	// Src is the message that started the timer, so a redelivery is
	// recognised.
	Src MsgKey
}

// Totals returns the per-side durations if the timer stopped at now.
func (t Timer) Totals(now time.Time) (left, right time.Duration) {
	left, right = t.Left, t.Right
	d := now.Sub(t.SideSince)
	if d < 0 {
		d = 0
	}
	switch t.Side {
	case Left:
		left += d
	case Right:
		right += d
	}
	return left, right
}

// Entry returns the breast-feed entry the timer records if stopped at now.
func (t Timer) Entry(now time.Time) Entry {
	l, r := t.Totals(now)
	side := t.Side
	if l > 0 && r > 0 {
		side = Both
	}
	e := Entry{
		BabyID: t.BabyID, Kind: Feed, Method: Breast, Side: side, EndSide: t.Side,
		Start: t.Started, End: now,
	}
	if side == Both {
		e.LeftDur, e.RightDur = l, r
	}
	return e
}

// PendingKind says what a pending confirmation will do when answered.
type PendingKind string

const (
	// PendingLog logs Entry on Yes (an unsure parse, or a baby to choose).
	PendingLog PendingKind = "log"
	// PendingTimer logs a long timer's Entry on Yes and drops it on No.
	PendingTimer PendingKind = "timer"
	// PendingForget deletes everything the user logged on Yes.
	PendingForget PendingKind = "forget"
)

// Pending is a question waiting for the parent's button press. It lives in
// the store so a restart does not lose it.
type Pending struct {
	Token   string
	Kind    PendingKind
	Entry   Entry
	Src     MsgKey // the message that asked; the logged entry's idempotency key
	Expires time.Time
	// Done is set once answered; EntryID is the entry a Yes logged.
	Done    bool
	EntryID int64
}

// Query selects entries of the user's household. Zero fields do not filter.
type Query struct {
	From, To time.Time // Start in [From, To)
	// EndAfter keeps entries ending at or after it (overlap checks).
	EndAfter time.Time
	Kind     Kind
	BabyID   int64
	// Limit keeps the newest Limit entries (still returned oldest first).
	Limit int
}

// LogRequest is one atomic feed-log write.
type LogRequest struct {
	// Src is the idempotency key: a second request with the same Src returns
	// the first entry and Dup.
	Src   MsgKey
	Entry Entry
	// StopTimer deletes the timer of Entry.BabyID in the same transaction.
	StopTimer bool
	// Pending marks this pending question answered in the same transaction.
	Pending string
}

// UndoResult is what an undo removed.
type UndoResult struct {
	Entry Entry
	Found bool
	// Repeat is true when this message was already handled (a redelivery).
	Repeat bool
}

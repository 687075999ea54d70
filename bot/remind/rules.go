package remind

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

//go:embed rules.json
var rulesJSON []byte

// Rules are the limits and words reminders use, read from rules.json.
type Rules struct {
	MinAhead  time.Duration // sooner than this is refused
	AskOver   time.Duration // further ahead than this asks first
	MaxAhead  time.Duration // further ahead than this is refused
	MaxText   int           // characters of reminder text
	MaxActive int           // active reminders per user
	PerHour   int           // reminders set per user per hour
	LateAfter time.Duration // a delivery this late says so
	Snooze    time.Duration
	NudgeMin  time.Duration
	NudgeMax  time.Duration

	leads, joiners, daily []string
	dayUnits, weekUnits   map[string]bool
	repeat                map[string]bool
	zones                 sync.Map // zone name -> *time.Location
}

type rulesFile struct {
	MinAhead     string   `json:"min_ahead"`
	AskOver      string   `json:"ask_over"`
	MaxAhead     string   `json:"max_ahead"`
	MaxText      int      `json:"max_text"`
	MaxActive    int      `json:"max_active"`
	PerHour      int      `json:"per_hour"`
	LateAfter    string   `json:"late_after"`
	Snooze       string   `json:"snooze"`
	NudgeMin     string   `json:"nudge_min"`
	NudgeMax     string   `json:"nudge_max"`
	LeadPhrases  []string `json:"lead_phrases"`
	Joiners      []string `json:"joiners"`
	DailyPhrases []string `json:"daily_phrases"`
	DayUnits     []string `json:"day_units"`
	WeekUnits    []string `json:"week_units"`
	RepeatWords  []string `json:"repeat_words"`
}

// DefaultRules returns the embedded rules.
func DefaultRules() (*Rules, error) { return ParseRules(rulesJSON) }

// ParseRules reads rules in the rules.json format.
func ParseRules(b []byte) (*Rules, error) {
	var f rulesFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("remind: rules: %w", err)
	}
	r := &Rules{MaxText: f.MaxText, MaxActive: f.MaxActive, PerHour: f.PerHour,
		leads: lowerAll(f.LeadPhrases), joiners: lowerAll(f.Joiners), daily: lowerAll(f.DailyPhrases),
		dayUnits: set(f.DayUnits), weekUnits: set(f.WeekUnits), repeat: set(f.RepeatWords)}
	for _, d := range []struct {
		name string
		s    string
		to   *time.Duration
	}{
		{"min_ahead", f.MinAhead, &r.MinAhead}, {"ask_over", f.AskOver, &r.AskOver}, {"max_ahead", f.MaxAhead, &r.MaxAhead},
		{"late_after", f.LateAfter, &r.LateAfter}, {"snooze", f.Snooze, &r.Snooze},
		{"nudge_min", f.NudgeMin, &r.NudgeMin}, {"nudge_max", f.NudgeMax, &r.NudgeMax},
	} {
		v, err := time.ParseDuration(d.s)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("remind: rules: %s: %q is not a positive duration", d.name, d.s)
		}
		*d.to = v
	}
	switch {
	case r.MaxText <= 0 || r.MaxActive <= 0 || r.PerHour <= 0:
		return nil, fmt.Errorf("remind: rules: max_text, max_active and per_hour must be positive")
	case !(r.MinAhead < r.AskOver && r.AskOver <= r.MaxAhead):
		return nil, fmt.Errorf("remind: rules: want min_ahead < ask_over <= max_ahead")
	case r.NudgeMin > r.NudgeMax:
		return nil, fmt.Errorf("remind: rules: nudge_min is above nudge_max")
	}
	return r, nil
}

func lowerAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func set(ss []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range lowerAll(ss) {
		m[s] = true
	}
	return m
}

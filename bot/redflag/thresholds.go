package redflag

import (
	"fmt"

	"nursling/knowledge"
)

// Thresholds are the values of the agreed Threshold table
// (knowledge/thresholds.yaml) the rules read.
type Thresholds struct {
	FeverUnder3MonthsC  float64 // row 1, now
	Fever3To6MonthsC    float64 // row 2, today
	FeverOver6MonthsC   float64 // row 3, today
	LowTempC            float64 // row 4, now
	ParentMastitisFever float64 // row 9, today
	JaundiceFirstDay    Tier    // row 7
}

// LoadThresholds reads the embedded Threshold table.
func LoadThresholds() (*Thresholds, error) {
	kt, err := knowledge.LoadThresholds()
	if err != nil {
		return nil, fmt.Errorf("redflag: %w", err)
	}
	t := &Thresholds{}
	for _, v := range []struct {
		id  string
		dst *float64
	}{
		{"fever-under-3-months", &t.FeverUnder3MonthsC},
		{"fever-3-to-6-months", &t.Fever3To6MonthsC},
		{"fever-over-6-months", &t.FeverOver6MonthsC},
		{"low-temperature", &t.LowTempC},
		{"parent-mastitis-fever", &t.ParentMastitisFever},
	} {
		val, ok := kt.Value(v.id)
		if !ok {
			return nil, fmt.Errorf("redflag: threshold %s is missing", v.id)
		}
		*v.dst = val
	}
	j, ok := kt["jaundice-first-24-hours"]
	if !ok {
		return nil, fmt.Errorf("redflag: threshold jaundice-first-24-hours is missing")
	}
	t.JaundiceFirstDay, _ = parseTier(j.Tier)
	return t, nil
}

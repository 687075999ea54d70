package knowledge

import (
	_ "embed"
	"fmt"

	"go.yaml.in/yaml/v3"
)

//go:embed thresholds.yaml
var thresholdsYAML []byte

// Threshold is one row of the agreed Threshold table (thresholds.yaml).
type Threshold struct {
	ID    string         `yaml:"id"`
	Row   int            `yaml:"row"`
	Value float64        `yaml:"value"`
	Unit  string         `yaml:"unit"`
	Tier  string         `yaml:"tier"` // now, today or none
	Check ThresholdCheck `yaml:"check"`
}

// ThresholdCheck says how an article sentence about a threshold must read.
type ThresholdCheck struct {
	When    []string  `yaml:"when"`
	Unit    []string  `yaml:"unit"`
	Allowed []float64 `yaml:"allowed"`
	Must    []string  `yaml:"must"`
	MustNot []string  `yaml:"mustnot"`
}

// Thresholds is the whole table, by id.
type Thresholds map[string]Threshold

// LoadThresholds parses the embedded Threshold table.
func LoadThresholds() (Thresholds, error) {
	return ParseThresholds(thresholdsYAML)
}

// ParseThresholds parses a Threshold table.
func ParseThresholds(data []byte) (Thresholds, error) {
	var f struct {
		Thresholds []Threshold `yaml:"thresholds"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("knowledge: thresholds: %w", err)
	}
	out := Thresholds{}
	for _, t := range f.Thresholds {
		switch {
		case t.ID == "":
			return nil, fmt.Errorf("knowledge: thresholds: row %d has no id", t.Row)
		case t.Tier != "now" && t.Tier != "today" && t.Tier != "none":
			return nil, fmt.Errorf("knowledge: thresholds: %s: tier %q, want now, today or none", t.ID, t.Tier)
		}
		if _, dup := out[t.ID]; dup {
			return nil, fmt.Errorf("knowledge: thresholds: %s twice", t.ID)
		}
		out[t.ID] = t
	}
	return out, nil
}

// Value returns a threshold's value; ok is false when it is not in the table.
func (ts Thresholds) Value(id string) (float64, bool) {
	t, ok := ts[id]
	return t.Value, ok
}

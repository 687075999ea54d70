package semantic

import (
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// exemplarFile is the schema of data/crisis.yaml (and of the calibration
// set, which has the same shape).
type exemplarFile struct {
	Thresholds Thresholds      `yaml:"thresholds"`
	Crisis     []exemplarGroup `yaml:"crisis"`
	Negatives  []negGroup      `yaml:"negatives"`
}

// Thresholds decide when a message counts (see CrisisModel).
type Thresholds struct {
	// Today: the least margin (similarity to the nearest crisis exemplars
	// minus similarity to the nearest hard negatives) that flags at all.
	Today float32 `yaml:"today"`
	// Now: the least margin at which the nearest exemplar's tier "now" is
	// kept; between Today and Now a "now" exemplar gives "today".
	Now float32 `yaml:"now"`
	// Floor: the least similarity to the nearest crisis exemplars that
	// flags at all, whatever the margin.
	Floor float32 `yaml:"floor"`
	// Cautious: the least margin that flags at all in JudgeCautious, the
	// reading the red-flag detector asks for when the message frames its
	// alarming words (a figure of speech, a hypothetical, a general
	// question, another person's story, a reassurance) or has none of the
	// lexicon's hint words. Zero means Today.
	Cautious float32 `yaml:"cautious"`
}

type exemplarGroup struct {
	Topic    string     `yaml:"topic"`
	Reason   string     `yaml:"reason"`
	Tier     string     `yaml:"tier"`
	Examples []exemplar `yaml:"examples"`
}

type negGroup struct {
	Note     string     `yaml:"note"`
	Examples []exemplar `yaml:"examples"`
}

// exemplar is one statement: a plain string, or {text, tier} to override
// the group's tier.
type exemplar struct {
	Text string `yaml:"text"`
	Tier string `yaml:"tier"`
}

func (e *exemplar) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		e.Text = n.Value
		return nil
	}
	type plain exemplar
	return n.Decode((*plain)(e))
}

// statement is one flattened exemplar.
type statement struct {
	text, tier, topic, reason string
}

var topics = map[string]bool{
	"urgent-parent-mental-health": true,
	"urgent-baby-illness":         true,
	"urgent-baby-feeding":         true,
	"urgent-parent-breast":        true,
}

// parseExemplars reads and checks an exemplar file: crisis statements and
// negatives (tier "none").
func parseExemplars(b []byte) (Thresholds, []statement, error) {
	var f exemplarFile
	if err := yaml.Unmarshal(b, &f); err != nil {
		return Thresholds{}, nil, err
	}
	var out []statement
	for _, g := range f.Crisis {
		if !topics[g.Topic] {
			return Thresholds{}, nil, fmt.Errorf("unknown topic %q", g.Topic)
		}
		if g.Reason == "" {
			return Thresholds{}, nil, fmt.Errorf("topic %s: a group without a reason", g.Topic)
		}
		for _, e := range g.Examples {
			tier := e.Tier
			if tier == "" {
				tier = g.Tier
			}
			if tier != "now" && tier != "today" {
				return Thresholds{}, nil, fmt.Errorf("%q: tier %q, want now or today", e.Text, tier)
			}
			out = append(out, statement{text: e.Text, tier: tier, topic: g.Topic, reason: g.Reason})
		}
	}
	for _, g := range f.Negatives {
		for _, e := range g.Examples {
			out = append(out, statement{text: e.Text, tier: "none"})
		}
	}
	for _, s := range out {
		if s.text == "" {
			return Thresholds{}, nil, errors.New("an empty example")
		}
	}
	return f.Thresholds, out, nil
}

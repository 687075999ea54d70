package evaluate

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SafetyMessage is one case of a safety (red-flag) message set.
type SafetyMessage struct {
	Text string `yaml:"text"`
	// Tier is what a clinician expects: now, today or none.
	Tier string `yaml:"tier"`
	Kind string `yaml:"kind"`
	// Topics lists every urgent topic whose block must show (optional).
	Topics []string `yaml:"topics"`
}

// Urgent reports whether the message needs a red-flag block.
func (m SafetyMessage) Urgent() bool { return m.Tier == "now" || m.Tier == "today" }

// MentalHealthKinds are the kinds reported together as "mental health".
var mentalHealthKinds = []string{"suicidal", "self-harm", "harm-baby", "euphemism", "buried"}

var urgentKinds = append(slices.Clone(mentalHealthKinds), "parent-emergency", "infant")

var calmKinds = []string{"figure-of-speech", "hypothetical", "other-person", "negation", "tempting", "general-question"}

// LoadSafetyMessages reads a safety message file.
func LoadSafetyMessages(path string) ([]SafetyMessage, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("evaluate: read messages: %w", err)
	}
	return ParseSafetyMessages(data)
}

// ParseSafetyMessages parses safety message YAML (messages: [{text, tier,
// kind, topics}]).
func ParseSafetyMessages(data []byte) ([]SafetyMessage, error) {
	var f struct {
		Messages []SafetyMessage `yaml:"messages"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("evaluate: parse messages: %w", err)
	}
	for i, m := range f.Messages {
		switch {
		case strings.TrimSpace(m.Text) == "":
			return nil, fmt.Errorf("evaluate: message %d has no text", i+1)
		case m.Tier != "now" && m.Tier != "today" && m.Tier != "none":
			return nil, fmt.Errorf("evaluate: message %d: tier %q, want now, today or none", i+1, m.Tier)
		case !slices.Contains(urgentKinds, m.Kind) && !slices.Contains(calmKinds, m.Kind):
			return nil, fmt.Errorf("evaluate: message %d: unknown kind %q", i+1, m.Kind)
		}
	}
	return f.Messages, nil
}

// Judgement is what the engine did with a message: the tier of its reply
// ("now", "today" or "none") and the urgent topics whose blocks it showed.
type Judgement struct {
	Tier   string
	Topics []string
}

// Judge is the engine path a chat message takes.
type Judge func(ctx context.Context, text string) (Judgement, error)

// SafetyOutcome is one message's result.
type SafetyOutcome struct {
	Message SafetyMessage
	Got     Judgement
}

// Flagged reports any urgent tier.
func (o SafetyOutcome) Flagged() bool { return o.Got.Tier == "now" || o.Got.Tier == "today" }

// AllTopics reports whether every expected topic showed. The parent's
// physical emergencies count as one: a set may label heavy bleeding or a
// swollen calf urgent-parent-breast (the guide's only urgent article on the
// parent's body) where the detector shows urgent-parent-health.
func (o SafetyOutcome) AllTopics() bool {
	for _, t := range o.Message.Topics {
		if !slices.ContainsFunc(o.Got.Topics, func(g string) bool { return sameUrgentTopic(t, g) }) {
			return false
		}
	}
	return true
}

func sameUrgentTopic(want, got string) bool {
	return want == got || parentBody(want) && parentBody(got)
}

// parentBody reports an urgent topic for the parent's own physical health.
func parentBody(topic string) bool {
	return topic == "urgent-parent-breast" || topic == "urgent-parent-health"
}

// SafetyReport is the outcome of one safety run.
type SafetyReport struct {
	Outcomes []SafetyOutcome
}

// RunSafety judges every message.
func RunSafety(ctx context.Context, judge Judge, msgs []SafetyMessage) (SafetyReport, error) {
	var r SafetyReport
	for i, m := range msgs {
		j, err := judge(ctx, m.Text)
		if err != nil {
			return SafetyReport{}, fmt.Errorf("evaluate: safety: message %d: %w", i+1, err)
		}
		r.Outcomes = append(r.Outcomes, SafetyOutcome{Message: m, Got: j})
	}
	return r, nil
}

// Proportion is k of n with a 95 % Wilson interval.
type Proportion struct{ K, N int }

// Rate is k/n (0 when n is 0).
func (p Proportion) Rate() float64 {
	if p.N == 0 {
		return 0
	}
	return float64(p.K) / float64(p.N)
}

// Wilson is the 95 % Wilson score interval.
func (p Proportion) Wilson() (lo, hi float64) {
	if p.N == 0 {
		return 0, 1
	}
	const z = 1.959964
	n, ph := float64(p.N), p.Rate()
	den := 1 + z*z/n
	mid := (ph + z*z/(2*n)) / den
	half := z * math.Sqrt(ph*(1-ph)/n+z*z/(4*n*n)) / den
	return math.Max(0, mid-half), math.Min(1, mid+half)
}

func (p Proportion) String() string {
	if p.N == 0 {
		return "   -"
	}
	lo, hi := p.Wilson()
	return fmt.Sprintf("%3d/%-3d %.3f [%.3f, %.3f]", p.K, p.N, p.Rate(), lo, hi)
}

// count counts outcomes that pass sel, and of those, hit.
func (r SafetyReport) count(sel, hit func(SafetyOutcome) bool) Proportion {
	var p Proportion
	for _, o := range r.Outcomes {
		if sel(o) {
			p.N++
			if hit(o) {
				p.K++
			}
		}
	}
	return p
}

func kindIs(kinds ...string) func(SafetyOutcome) bool {
	return func(o SafetyOutcome) bool { return slices.Contains(kinds, o.Message.Kind) }
}

// Flagged is the urgent messages flagged at any tier.
func (r SafetyReport) Flagged(kinds ...string) Proportion {
	return r.count(func(o SafetyOutcome) bool { return o.Message.Urgent() && (len(kinds) == 0 || kindIs(kinds...)(o)) }, SafetyOutcome.Flagged)
}

// NowRecall is the messages that need "now" and got it.
func (r SafetyReport) NowRecall(kinds ...string) Proportion {
	return r.count(func(o SafetyOutcome) bool { return o.Message.Tier == "now" && (len(kinds) == 0 || kindIs(kinds...)(o)) },
		func(o SafetyOutcome) bool { return o.Got.Tier == "now" })
}

// FalseFlagged is the non-urgent messages flagged.
func (r SafetyReport) FalseFlagged(kinds ...string) Proportion {
	return r.count(func(o SafetyOutcome) bool { return !o.Message.Urgent() && (len(kinds) == 0 || kindIs(kinds...)(o)) }, SafetyOutcome.Flagged)
}

// TwoFlags is the messages expecting two or more topics that showed all.
func (r SafetyReport) TwoFlags() Proportion {
	return r.count(func(o SafetyOutcome) bool { return len(o.Message.Topics) >= 2 }, SafetyOutcome.AllTopics)
}

// PrintSafety writes the figures per kind and overall.
func PrintSafety(w io.Writer, r SafetyReport) {
	fmt.Fprintf(w, "%-20s %-32s %-32s\n", "urgent kind", "flagged (any tier)", "needs now -> got now")
	for _, k := range urgentKinds {
		fmt.Fprintf(w, "%-20s %-32s %-32s\n", k, r.Flagged(k), r.NowRecall(k))
	}
	fmt.Fprintf(w, "%-20s %-32s %-32s\n", "mental health", r.Flagged(mentalHealthKinds...), r.NowRecall(mentalHealthKinds...))
	fmt.Fprintf(w, "%-20s %-32s %-32s\n", "all urgent", r.Flagged(), r.NowRecall())
	fmt.Fprintf(w, "\n%-20s %-32s\n", "non-urgent kind", "flagged (false alarms)")
	for _, k := range calmKinds {
		fmt.Fprintf(w, "%-20s %-32s\n", k, r.FalseFlagged(k))
	}
	fmt.Fprintf(w, "%-20s %-32s\n", "all non-urgent", r.FalseFlagged())
	fmt.Fprintf(w, "\n%-20s %-32s\n", "two or more flags", r.TwoFlags().String()+" showed every expected topic")
}

// PrintSafetyMisses lists every urgent message not flagged, every "now"
// that got less, every false alarm and every missing topic.
func PrintSafetyMisses(w io.Writer, r SafetyReport) {
	for _, o := range r.Outcomes {
		m := o.Message
		var why string
		switch {
		case m.Urgent() && !o.Flagged():
			why = "MISSED"
		case m.Tier == "now" && o.Got.Tier != "now":
			why = "UNDER "
		case !m.Urgent() && o.Flagged():
			why = "FALSE "
		case !o.AllTopics():
			why = "TOPIC "
		default:
			continue
		}
		fmt.Fprintf(w, "%s %-16s want %-5s got %-5s %v %q\n", why, m.Kind, m.Tier, o.Got.Tier, o.Got.Topics, m.Text)
	}
}

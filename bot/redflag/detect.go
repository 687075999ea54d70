package redflag

import (
	"slices"
	"strings"
)

// Model is a second, independent judgement (the semantic exemplar model).
type Model interface {
	// Judge returns tier "now" or "today", an urgent topic id and a short reason; ok is false when nothing was recognised.
	Judge(text string) (tier, topic, reason string, ok bool)
}

// TopicUrgentParentHealth is the parent's own physical emergencies
// (bleeding, sepsis, headache and vision, chest pain, a swollen leg). It may
// have no guide article: the reply still leads with what to do.
const TopicUrgentParentHealth = "urgent-parent-health"

// Options configure a Detector.
type Options struct {
	// Model is the optional second signal; nil means rules only.
	Model Model
	// Thresholds override the embedded Threshold table (nil: embedded).
	Thresholds *Thresholds
}

// NewWith returns a Detector with options: the rules, the lexicon and, when
// given, the model. It fails only when an embedded table is malformed.
func NewWith(o Options) (*Detector, error) {
	d, err := newRedFlagDetector()
	if err != nil {
		return nil, err
	}
	if d.lexicon, err = loadLexicon(); err != nil {
		return nil, err
	}
	d.th = o.Thresholds
	if d.th == nil {
		if d.th, err = LoadThresholds(); err != nil {
			return nil, err
		}
	}
	d.model = o.Model
	return d, nil
}

// DetectAll returns every red flag in a message, one per urgent topic, the
// most urgent first (ties: mental health, the baby's illness, the parent's
// health, feeding, the breast). The rules, the lexicon and the model each
// judge independently; per topic the highest tier wins. Nil means nothing
// urgent. Safe for concurrent use.
func (d *Detector) DetectAll(text string) []Flag {
	return d.detect(text, true)
}

// DetectPlainLog is DetectAll for a message the feed log reads as a plain
// entry and nothing more ("wet nappy 3 min ago"): the rules and the lexicon
// still judge it, but not the model, which weighs descriptions and would
// take the bare words of a log ("wet nappy") for a worry about them.
func (d *Detector) DetectPlainLog(text string) []Flag {
	return d.detect(text, false)
}

func (d *Detector) detect(text string, useModel bool) []Flag {
	flags := d.rules(text)
	if d.lexicon != nil {
		lf, dismissed := d.lexicon.scan(text)
		if len(dismissed) > 0 {
			// "read about a mum who died by suicide": another person's
			// story, for the rules too.
			flags = slices.DeleteFunc(flags, func(f Flag) bool { return f.Topic == TopicUrgentMentalHealth && dismissed[f.Topic] })
		}
		for _, f := range lf {
			flags = mergeFlag(flags, f)
		}
	}
	if useModel && d.model != nil {
		if tier, topic, reason, ok := d.model.Judge(text); ok {
			if t, valid := parseTier(strings.ToLower(tier)); valid && topic != "" {
				flags = mergeFlag(flags, Flag{Tier: t, Topic: topic, Reason: reason})
			}
		}
	}
	slices.SortStableFunc(flags, func(a, b Flag) int {
		if a.Tier != b.Tier {
			return int(b.Tier) - int(a.Tier)
		}
		return topicPriority(b.Topic) - topicPriority(a.Topic)
	})
	return flags
}

// Advice is what to do for an urgent topic that has no guide article ("" if
// none is written).
func (d *Detector) Advice(topic string, tier Tier) string {
	if d.lexicon == nil {
		return ""
	}
	return d.lexicon.Advice(topic, tier)
}

// rules runs the rule-based reading (numbers, ages, negation, whose) and
// returns its flags, one per topic.
func (d *Detector) rules(text string) []Flag {
	var nb [1024]byte
	norm := string(normalise(text, nb[:0]))
	e := evaluation{toks: d.tokenise(norm, make([]token, 0, len(norm)/5+8)), finds: make([]finding, 0, 8), th: d.th}
	markSubjects(e.toks)
	e.findAll(d)
	e.parseAge()
	e.evaluate()
	return e.all
}

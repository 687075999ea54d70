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

// CautiousModel is a Model that can also judge with a stricter margin, for
// messages whose alarming words the lexicon reads as framed or that have
// none of its hint words.
type CautiousModel interface {
	Model
	JudgeCautious(text string) (tier, topic, reason string, ok bool)
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
// judge independently; per topic the highest tier wins. The model reads
// cautiously (a stricter margin) the sentences the lexicon finds framed (a
// figure of speech, a hypothetical, a general question, another person's
// story, a reassurance) or without any word of its soft net (see
// weighModel). Nil means nothing urgent. Safe for concurrent use.
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
	var lr lexResult
	if d.lexicon != nil {
		lr = d.lexicon.scan(text)
	}
	var flags []Flag
	if lr.hasOwn {
		// "a woman in my group said her baby went blue": the rules read
		// only the sentences that are not another person's story.
		flags = d.rules(lr.own)
	} else {
		flags = d.rules(text)
	}
	if d.lexicon != nil {
		if len(lr.dismissed) > 0 {
			// "read about a mum who died by suicide", "a reddit post about
			// a baby with a bulging soft spot": another person's story,
			// for the rules too.
			flags = slices.DeleteFunc(flags, func(f Flag) bool { return lr.dismissed[f.Topic] })
		}
		if lr.capped {
			flags = capTopic(flags, TopicUrgentMentalHealth, lr.mentalCap)
		}
		for _, f := range lr.flags {
			flags = mergeFlag(flags, f)
		}
	}
	if useModel && d.model != nil {
		flags = d.weighModel(text, flags, lr)
	}
	flags = promote(flags, lr)
	slices.SortStableFunc(flags, func(a, b Flag) int {
		if a.Tier != b.Tier {
			return int(b.Tier) - int(a.Tier)
		}
		return topicPriority(b.Topic) - topicPriority(a.Topic)
	})
	return flags
}

// capTopic holds the flag of topic to at most tier (NoFlag removes it):
// the lexicon read the rules' mental-health words as framed ("my
// husband's ex said she wanted to die, years ago").
func capTopic(flags []Flag, topic string, tier Tier) []Flag {
	out := flags[:0]
	for _, f := range flags {
		if f.Topic == topic && f.Tier > tier {
			if tier == NoFlag {
				continue
			}
			f.Tier = tier
		}
		out = append(out, f)
	}
	return out
}

// weighModel adds the second signal's judgement: the model may add a flag
// or raise the rules' tier, never lower it. Sentences whose alarming words
// the lexicon reads as framed (a figure of speech, a hypothetical, a
// general question, another person's story, a reassurance) or that have
// none of its hint words are judged cautiously (the model's stricter
// margin), the others as they are. A model without a cautious reading
// judges the whole message.
func (d *Detector) weighModel(text string, flags []Flag, lr lexResult) []Flag {
	add := func(tier, topic, reason string, ok bool) {
		if t, valid := parseTier(strings.ToLower(tier)); ok && valid && topic != "" {
			flags = mergeFlag(flags, Flag{Tier: t, Topic: topic, Reason: reason})
		}
	}
	c, cautious := d.model.(CautiousModel)
	if d.lexicon == nil || !cautious {
		add(d.model.Judge(text))
		return flags
	}
	if lr.plain != "" {
		add(d.model.Judge(lr.plain))
	}
	if lr.framed != "" {
		// Cautiously, only the parent's mental health: the body's signs
		// are the rules' to read ("wet nappy 5 min ago" is a log line,
		// not "no wet nappy").
		// Not when the lexicon set every mental-health word aside as a
		// general question or another person's story ("what are the red
		// flags for postpartum psychosis? want to know for my wife").
		if tier, topic, reason, ok := c.JudgeCautious(lr.framed); topic == TopicUrgentMentalHealth && !lr.dismissed[topic] {
			add(tier, topic, reason, ok)
		}
	}
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

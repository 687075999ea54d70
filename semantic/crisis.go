package semantic

import (
	_ "embed"
	"fmt"
	"math"

	"nursling/knowledge"
)

//go:embed data/crisis.yaml
var crisisYAML []byte

// CrisisModel judges whether a message reads like one of the crisis
// exemplars of data/crisis.yaml rather than one of its hard negatives.
//
// Each sentence of a message (and the whole message, when it has several)
// becomes a sentence vector with the common component of the exemplars
// removed. Its margin is the mean cosine similarity to its 3 nearest crisis
// exemplars minus that to its 3 nearest hard negatives; it counts when the
// margin is at least Thresholds.Today (and the crisis similarity at least
// Thresholds.Floor). The tier is the nearest exemplar's, except that a
// "now" exemplar with a margin under Thresholds.Now gives only "today": the
// soft tier absorbs doubt. The first "now" sentence ends the reading;
// otherwise the highest tier, then the widest margin, names the topic and
// reason. The thresholds live in data/crisis.yaml and are calibrated on
// testdata/calibration.yaml (see calibrate_test.go).
//
// Cost: every sentence is compared with every crisis exemplar; the
// negatives are ranked cheaply first and the comparison stops as soon as
// the sentence cannot count, so an ordinary sentence compares about half
// of the ~1,080 rows and a crisis sentence all of them.
//
// A CrisisModel is immutable and safe for concurrent use.
type CrisisModel struct {
	t      *Table
	th     Thresholds
	common Vec       // the exemplars' first principal direction, removed
	mat    []float32 // crisis exemplars then hard negatives, rows x dims, unit length
	npos   int       // how many rows are crisis exemplars
	rows   int
	info   []statement // the crisis exemplars
}

// NewCrisisModel builds the model from the embedded exemplars, with the
// built-in guide's non-urgent articles (title, summary, tips) as further
// hard negatives: ordinary breastfeeding text.
func NewCrisisModel(t *Table, lib *knowledge.Library) (*CrisisModel, error) {
	th, sts, err := parseExemplars(crisisYAML)
	if err != nil {
		return nil, fmt.Errorf("semantic: crisis.yaml: %w", err)
	}
	m, err := newModel(t, th, append(sts, guideNegatives(lib, nil)...))
	if err != nil {
		return nil, fmt.Errorf("semantic: crisis.yaml: %w", err)
	}
	return m, nil
}

// guideNegatives is the text of the guide's non-urgent articles (those
// keep(i) accepts, i counting articles; nil keeps all) as hard negatives.
func guideNegatives(lib *knowledge.Library, keep func(i int) bool) []statement {
	var out []statement
	for i, a := range lib.Articles {
		if a.Urgent || (keep != nil && !keep(i)) {
			continue
		}
		for _, s := range append([]string{a.Title, a.Summary}, a.Tips...) {
			out = append(out, statement{text: s, tier: "none"})
		}
	}
	return out
}

func newModel(t *Table, th Thresholds, sts []statement) (*CrisisModel, error) {
	m := &CrisisModel{t: t, th: th}
	raw := make([]Vec, 0, len(sts))
	kept := sts[:0:0]
	for _, s := range sts {
		v := t.Sentence(s.text)
		if v == nil && s.tier != "none" {
			return nil, fmt.Errorf("%q: no known word", s.text)
		}
		if v != nil {
			raw, kept = append(raw, v), append(kept, s)
		}
	}
	sts = kept
	m.common = principal(raw, t.dims)
	var neg []float32
	for i, s := range sts {
		v := m.project(raw[i])
		if s.tier == "none" {
			neg = append(neg, v...)
			continue
		}
		m.mat = append(m.mat, v...)
		m.info = append(m.info, s)
	}
	m.npos = len(m.info)
	m.mat = append(m.mat, neg...)
	m.rows = len(m.mat) / t.dims
	if m.npos < knn || m.rows-m.npos < knn {
		return nil, fmt.Errorf("need at least %d crisis exemplars and negatives, have %d and %d", knn, m.npos, m.rows-m.npos)
	}
	return m, nil
}

// project removes the common component from a unit vector and normalises
// it again.
func (m *CrisisModel) project(v Vec) Vec {
	out := append(Vec(nil), v...)
	m.removeCommon(out)
	if normalize(out) == nil {
		return make(Vec, len(v))
	}
	return out
}

// removeCommon removes the common component from v in place.
func (m *CrisisModel) removeCommon(v Vec) {
	c := dot(v, m.common)
	for i := range v {
		v[i] -= c * m.common[i]
	}
}

// principal is the first principal direction (uncentred) of vs, by power
// iteration.
func principal(vs []Vec, dims int) Vec {
	u := make(Vec, dims)
	for _, v := range vs {
		for i := range v {
			u[i] += v[i]
		}
	}
	if normalize(u) == nil {
		return make(Vec, dims)
	}
	for range 30 {
		next := make(Vec, dims)
		for _, v := range vs {
			c := dot(v, u)
			for i := range v {
				next[i] += c * v[i]
			}
		}
		if normalize(next) == nil {
			break
		}
		u = next
	}
	return u
}

// match is how one unit compares with the exemplars.
type match struct {
	pos  int     // the nearest crisis exemplar, index into info
	sim  float32 // mean similarity to the k nearest crisis exemplars
	nsim float32 // mean similarity to the k nearest hard negatives
	rows int     // how many rows were compared (for benchmarks)
}

// knn is how many nearest exemplars (of each kind) a similarity averages.
const knn = 3

// skip names one crisis exemplar (pos) and one hard negative (neg) to
// leave out; -1 for none. Only leave-one-out tests skip.
type skip struct{ pos, neg int }

var noSkip = skip{-1, -1}

// topK keeps the k largest similarities seen.
type topK [knn]float32

func newTopK() topK {
	var t topK
	for i := range t {
		t[i] = -2
	}
	return t
}

// add inserts s and reports whether it is the new largest.
func (t *topK) add(s float32) bool {
	if s <= t[knn-1] {
		return false
	}
	i := knn - 1
	for ; i > 0 && t[i-1] < s; i-- {
		t[i] = t[i-1]
	}
	t[i] = s
	return i == 0
}

func (t *topK) mean() float32 {
	var s float32
	for _, x := range t {
		s += x
	}
	return s / knn
}

// nearest compares a unit vector with every exemplar but the skipped ones.
// Unless exact, it stops early once the unit cannot count: when the crisis
// similarity is under the floor, or when the hard negatives seen so far
// already leave less than the least margin (the mean of the k best can
// only grow as more are seen). Then sim or nsim may be partial.
func (m *CrisisModel) nearest(v Vec, sk skip, exact bool) match {
	d := m.t.dims
	best := match{pos: -1}
	p, n := newTopK(), newTopK()
	for i := range m.npos {
		if i != sk.pos && p.add(dot(v, m.mat[i*d:(i+1)*d])) {
			best.pos = i
		}
	}
	best.sim, best.rows = p.mean(), m.npos
	if !exact && best.sim < m.th.Floor {
		return best
	}
	limit := best.sim - m.th.Today
	if !exact && m.coarseReject(v, sk, limit, &best) {
		return best
	}
	// Last first: the guide's text, nearest to most ordinary messages.
	for i := m.rows - 1; i >= m.npos; i-- {
		if i-m.npos != sk.neg {
			best.rows++
			n.add(dot(v, m.mat[i*d:(i+1)*d]))
			if !exact && n[knn-1] > -2 && n.mean() > limit {
				break
			}
		}
	}
	best.nsim = n.mean()
	return best
}

// coarseDims and coarseTop tune coarseReject: the table's dimensions are
// principal directions, largest first, so the first coarseDims of them
// rank the negatives well enough to find the nearest few cheaply.
const (
	coarseDims = 32
	coarseTop  = 12
)

// coarseReject looks for hard negatives that already rule the unit out:
// it ranks every negative by the first coarseDims dimensions, compares the
// coarseTop best in full and reports whether the mean of the k nearest of
// them exceeds limit (then the unit cannot count whatever the others
// are, and best.nsim is set). It is only a shortcut: when it reports
// false, the caller compares every negative.
func (m *CrisisModel) coarseReject(v Vec, sk skip, limit float32, best *match) bool {
	d := m.t.dims
	var top [coarseTop]int
	var sims [coarseTop]float32
	for i := range sims {
		sims[i], top[i] = -9, -1
	}
	vc := v[:coarseDims]
	for i := m.npos; i < m.rows; i++ {
		if i-m.npos == sk.neg {
			continue
		}
		s := dot(vc, m.mat[i*d:i*d+coarseDims])
		if s <= sims[coarseTop-1] {
			continue
		}
		j := coarseTop - 1
		for ; j > 0 && sims[j-1] < s; j-- {
			sims[j], top[j] = sims[j-1], top[j-1]
		}
		sims[j], top[j] = s, i
	}
	best.rows += (m.rows - m.npos) * coarseDims / d
	n := newTopK()
	for _, i := range top {
		if i >= 0 {
			n.add(dot(v, m.mat[i*d:(i+1)*d]))
			best.rows++
		}
	}
	if n[knn-1] > -2 && n.mean() > limit {
		best.nsim = n.mean()
		return true
	}
	return false
}

// Judge compares each sentence and the whole message with the exemplars
// and negatives. tier is "now" or "today"; ok is false when nothing was
// recognised. reason is a short plain phrase for the parent.
func (m *CrisisModel) Judge(text string) (tier, topic, reason string, ok bool) {
	return m.judge(text, noSkip, false, nil)
}

// JudgeCautious is Judge with the stricter least margin Thresholds.Cautious:
// for a message whose alarming words the rules read as framed (a figure of
// speech, a hypothetical, another person's story) or that has no hint word
// at all, only a sentence that reads clearly like a crisis counts.
func (m *CrisisModel) JudgeCautious(text string) (tier, topic, reason string, ok bool) {
	if m.th.Cautious <= m.th.Today {
		return m.Judge(text)
	}
	c := *m
	c.th.Today = m.th.Cautious
	c.th.Now = max(m.th.Now, m.th.Cautious)
	return c.judge(text, noSkip, false, nil)
}

// judge matches every sentence, then the whole message (the sum of the
// sentences' vectors), stopping at the first "now". exact compares every
// unit with every row; each, when not nil, sees every unit's match (for
// the calibration tests and benchmarks).
func (m *CrisisModel) judge(text string, sk skip, exact bool, each func(match)) (tier, topic, reason string, ok bool) {
	d := m.t.dims
	var (
		bestTier   string
		bestMargin = float32(math.Inf(-1))
		acc        = make(Vec, d)
		sum        = make(Vec, d)
		n          int
	)
	consider := func(v Vec) {
		mt := m.nearest(v, sk, exact)
		if each != nil {
			each(mt)
		}
		tr := m.decide(mt)
		if tr == "" {
			return
		}
		if rankTier(tr) > rankTier(bestTier) || (tr == bestTier && mt.sim-mt.nsim > bestMargin) {
			s := m.info[mt.pos]
			bestTier, bestMargin, topic, reason = tr, mt.sim-mt.nsim, s.topic, s.reason
		}
	}
	for _, u := range units(text) {
		if bestTier == "now" && !exact {
			break // nothing can rank higher; the first "now" sentence names the topic
		}
		clear(acc)
		if !m.t.accumulate(acc, u) {
			continue
		}
		m.removeCommon(acc)
		norm := length(acc)
		if norm == 0 {
			continue
		}
		for i := range acc {
			sum[i] += acc[i]
			acc[i] /= norm
		}
		consider(acc)
		n++
	}
	if ns := length(sum); n > 1 && ns > 0 && (bestTier != "now" || exact) {
		for i := range sum {
			sum[i] /= ns
		}
		consider(sum)
	}
	return bestTier, topic, reason, bestTier != ""
}

func length(v Vec) float32 {
	return float32(math.Sqrt(float64(dot(v, v))))
}

// decide turns one unit's match into a tier ("" for none).
func (m *CrisisModel) decide(mt match) string {
	margin := mt.sim - mt.nsim
	if mt.pos < 0 || mt.sim < m.th.Floor || margin < m.th.Today {
		return ""
	}
	if m.info[mt.pos].tier == "today" || margin < m.th.Now {
		return "today"
	}
	return "now"
}

func rankTier(t string) int {
	switch t {
	case "now":
		return 2
	case "today":
		return 1
	}
	return 0
}

// units are the sentences of text (split at sentence ends and line
// breaks), at most maxUnits. (Splitting sentences further at
// commas and conjunctions was tried: on the calibration set it caught no
// more at the same false-alarm rate.)
func units(text string) []string {
	if len(text) > maxText {
		text = text[:maxText]
	}
	var out []string
	from := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '.' && i > 0 && i+1 < len(text) && isDigit(text[i-1]) && isDigit(text[i+1]) {
			continue // a decimal point ("temp 40.2 tonight")
		}
		if c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' {
			if i > from {
				out = append(out, text[from:i])
			}
			from = i + 1
		}
	}
	if from < len(text) {
		out = append(out, text[from:])
	}
	if len(out) > maxUnits {
		out = out[:maxUnits]
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// maxUnits bounds the work for a long message.
const maxUnits = 24

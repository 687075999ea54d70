package index

import (
	"math"
	"math/rand/v2"
)

// linearModel is a multinomial logistic regression over hashed features
// (features.go): the learned part of ranking and of the no-match
// judgement. It is trained once at Build from the guide's example
// questions, deterministically (fixed seed, fixed order), and is read-only
// afterwards.
type linearModel struct {
	k    int              // classes
	rows map[uint64]int32 // feature hash -> row of w
	w    []float32        // len(rows) x k
	b    []float32        // k
}

// sample is one training text: its features, its class and how much it
// counts.
type sample struct {
	feats  []feature
	class  int
	weight float32
}

// trainOptions are the few settings of training, chosen with the
// calibration table (NURSLING_CALIBRATE=1 NURSLING_LEARN=1).
type trainOptions struct {
	epochs int
	rate   float32 // initial learning rate
	l2     float32 // weight decay per update of a row
	seed   uint64
	// skip: a class whose gradient is smaller than this is not updated.
	skip float32
}

var defaultTrain = trainOptions{epochs: 3, rate: 2, l2: 1e-3, seed: 12, skip: 1e-2}

// train fits a model with k classes to samples by stochastic gradient
// descent on the cross-entropy, skipping the classes whose gradient is
// negligible (most of them once the model has learned), so it takes a few
// milliseconds for the guide's few thousand examples.
func train(samples []sample, k int, opt trainOptions) *linearModel {
	m := &linearModel{k: k, rows: map[uint64]int32{}, b: make([]float32, k)}
	rowsOf := make([][]int32, len(samples))
	for i, s := range samples {
		rowsOf[i] = make([]int32, len(s.feats))
		for j, f := range s.feats {
			r, ok := m.rows[f.hash]
			if !ok {
				r = int32(len(m.rows))
				m.rows[f.hash] = r
			}
			rowsOf[i][j] = r
		}
	}
	m.w = make([]float32, len(m.rows)*k)
	order := make([]int, len(samples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.seed, opt.seed^0x9e3779b97f4a7c15))
	probs := make([]float32, k)
	active := make([]int, 0, k)
	step := 0
	total := float32(opt.epochs * len(samples))
	for range opt.epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			s := samples[i]
			rate := opt.rate * (1 - 0.9*float32(step)/total) * s.weight
			step++
			m.scoreRows(rowsOf[i], s.feats, probs)
			softmax(probs)
			probs[s.class] -= 1
			active = active[:0]
			for c, g := range probs {
				if g <= -opt.skip || g >= opt.skip {
					active = append(active, c)
					m.b[c] -= rate * g
				}
			}
			for j, r := range rowsOf[i] {
				v := s.feats[j].value
				row := m.w[int(r)*k : int(r+1)*k]
				for _, c := range active {
					row[c] -= rate * (probs[c]*v + opt.l2*row[c])
				}
			}
		}
	}
	return m
}

// scoreRows writes the raw class scores of a featurised text to out.
func (m *linearModel) scoreRows(rows []int32, feats []feature, out []float32) {
	k := m.k
	out = out[:k]
	copy(out, m.b)
	feats = feats[:len(rows)]
	for j, r := range rows {
		if r < 0 {
			continue
		}
		v := feats[j].value
		axpy(out, v, m.w[int(r)*k:int(r)*k+k:int(r)*k+k])
	}
}

// predict returns the class probabilities of a featurised text. Features
// the training never saw count for nothing.
func (m *linearModel) predict(feats []feature) []float32 {
	rows := make([]int32, len(feats))
	for j, f := range feats {
		r, ok := m.rows[f.hash]
		if !ok {
			r = -1
		}
		rows[j] = r
	}
	out := make([]float32, m.k)
	m.scoreRows(rows, feats, out)
	softmax(out)
	return out
}

// contributions returns, for class c, each known feature's share of its
// raw score, for Explain.
func (m *linearModel) contributions(feats []feature, c int) []float32 {
	out := make([]float32, len(feats))
	for j, f := range feats {
		if r, ok := m.rows[f.hash]; ok {
			out[j] = f.value * m.w[int(r)*m.k+c]
		}
	}
	return out
}

func softmax(x []float32) {
	mx := float32(math.Inf(-1))
	for _, v := range x {
		mx = max(mx, v)
	}
	var sum float32
	for i, v := range x {
		e := float32(math.Exp(float64(v - mx)))
		x[i] = e
		sum += e
	}
	for i := range x {
		x[i] /= sum
	}
}

// axpy adds v x row to out (len(out) >= len(row)), four classes at a time:
// the inner loop of training. Each out[c] sums in the same order as a
// plain loop, so the result is bit for bit the same.
func axpy(out []float32, v float32, row []float32) {
	out = out[:len(row)]
	c := 0
	for ; c+4 <= len(row); c += 4 {
		o, w := out[c:c+4:c+4], row[c:c+4:c+4]
		o[0] += v * w[0]
		o[1] += v * w[1]
		o[2] += v * w[2]
		o[3] += v * w[3]
	}
	for ; c < len(row); c++ {
		out[c] += v * row[c]
	}
}

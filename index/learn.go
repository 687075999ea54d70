package index

import (
	"nursling/knowledge"
)

// How much each kind of training text counts for the ranker: a parent's
// example question most; the article's own title, summary and keywords
// (what it says it is about) less, so an article with few examples is
// still learned; its tips least.
const (
	weightExample  = 1.0
	weightTitle    = 0.6
	weightKeyword  = 0.4
	weightTip      = 0
	weightScopeOut = 1.0
)

// learn trains the ranker over the library's articles and, when the guide
// has out-of-scope examples, the in-scope judgement (class 0 in scope,
// class 1 not: out-of-scope and small-talk examples).
func (ix *Index) learn(lib *knowledge.Library, opt trainOptions) {
	// The examples' words join the stem cache (Build is single-threaded;
	// the cache is read-only once it returns), so featurising them and
	// the parents' questions that use them skips the analyzer.
	for _, a := range lib.Articles {
		for _, ex := range a.Examples {
			ix.cacheStems(ex)
		}
	}
	var ranked, scope []sample
	for c, a := range lib.Articles {
		add := func(text string, w float32) {
			if f := ix.features(text); len(f) > 0 {
				ranked = append(ranked, sample{feats: f, class: c, weight: w})
			}
		}
		for _, ex := range a.Examples {
			if f := ix.features(ex); len(f) > 0 {
				ranked = append(ranked, sample{feats: f, class: c, weight: weightExample})
				scope = append(scope, sample{feats: f, class: 0, weight: 1})
			}
		}
		add(a.Title, weightTitle)
		add(a.Summary, weightTitle)
		for _, k := range a.Keywords {
			add(k, weightKeyword)
		}
		if weightTip > 0 {
			for _, t := range a.Tips {
				add(t, weightTip)
			}
		}
	}
	ix.topics = make([]string, len(lib.Articles))
	for c, a := range lib.Articles {
		ix.topics[c] = a.Topic
	}
	// The two models are independent: train the ranker beside the
	// in-scope model (each is deterministic on its own).
	done := make(chan *linearModel, 1)
	go func() { done <- train(ranked, len(lib.Articles), opt) }()
	defer func() { ix.ranker = <-done }()
	nIn := len(scope)
	var out []sample
	for _, ex := range append(append([]knowledge.Example{}, lib.OutOfScope...), lib.SmallTalk...) {
		if f := ix.features(ex.Text); len(f) > 0 {
			out = append(out, sample{feats: f, class: 1})
		}
	}
	if len(out) == 0 || nIn == 0 {
		return
	}
	// Balance the two classes: each side counts as much in all.
	for i := range out {
		out[i].weight = weightScopeOut * float32(nIn) / float32(len(out))
	}
	ix.scope = train(append(scope, out...), 2, opt)
}

func (ix *Index) cacheStems(text string) {
	for _, w := range words(truncateUTF8(text, maxQuestionBytes)) {
		if _, ok := ix.stemCache[w]; !ok {
			ix.stemCache[w] = ix.stems(w)
		}
	}
}

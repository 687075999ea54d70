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

// learn trains the ranker over the library's articles (class i is
// lib.Articles[i]) and, when the guide has out-of-scope or small-talk
// examples, one more class for them (ix.none); and the example-question
// neighbours.
func (ix *Index) learn(lib *knowledge.Library, opt trainOptions) {
	// The examples' words join the stem cache (Build is single-threaded;
	// the cache is read-only once it returns), so featurising them and
	// the parents' questions that use them skips the analyzer.
	for _, a := range lib.Articles {
		for _, ex := range a.Examples {
			ix.cacheStems(ex)
		}
	}
	var ranked, asked []sample
	for c, a := range lib.Articles {
		add := func(text string, w float32) {
			if f := ix.features(text); len(f) > 0 {
				ranked = append(ranked, sample{feats: f, class: c, weight: w})
			}
		}
		for _, ex := range a.Examples {
			if f := ix.features(ex); len(f) > 0 {
				ranked = append(ranked, sample{feats: f, class: c, weight: weightExample})
				asked = append(asked, sample{feats: f, class: c})
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
	ix.near = newNeighbours(asked, len(lib.Articles))
	ix.topics = make([]string, len(lib.Articles))
	for c, a := range lib.Articles {
		ix.topics[c] = a.Topic
	}
	// Questions that are not for the guide (out of scope, small talk)
	// are one more class, "none": it competes with the articles, so
	// "how to treat mastitis at home" is the mastitis article's however
	// many adult-illness questions there are, and "wean kittens" is none.
	k := len(lib.Articles)
	ix.none = -1
	for _, ex := range append(append([]knowledge.Example{}, lib.OutOfScope...), lib.SmallTalk...) {
		if f := ix.features(ex.Text); len(f) > 0 {
			ranked = append(ranked, sample{feats: f, class: len(lib.Articles), weight: weightScopeOut})
			ix.none = len(lib.Articles)
			k = len(lib.Articles) + 1
		}
	}
	ix.ranker = train(ranked, k, opt)
}

func (ix *Index) cacheStems(text string) {
	for _, w := range words(truncateUTF8(text, maxQuestionBytes)) {
		if _, ok := ix.stemCache[w]; !ok {
			ix.stemCache[w] = ix.stems(w)
		}
	}
}

package index

import (
	"sync"

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
// examples, one more class for them (ix.none): questions that are not for
// the guide compete with the articles, so "how to treat mastitis at home"
// is the mastitis article's however many adult-illness questions there
// are, and "wean kittens" is none. It also builds the example-question
// neighbours.
func (ix *Index) learn(lib *knowledge.Library, opt trainOptions) {
	type text struct {
		s      string
		class  int
		weight float32
		asked  bool // an example question: a neighbour too
	}
	var texts []text
	for c, a := range lib.Articles {
		for _, ex := range a.Examples {
			texts = append(texts, text{ex, c, weightExample, true})
		}
		texts = append(texts, text{a.Title, c, weightTitle, false}, text{a.Summary, c, weightTitle, false})
		for _, k := range a.Keywords {
			texts = append(texts, text{k, c, weightKeyword, false})
		}
		if weightTip > 0 {
			for _, t := range a.Tips {
				texts = append(texts, text{t, c, weightTip, false})
			}
		}
	}
	none := len(lib.Articles)
	for _, ex := range append(append([]knowledge.Example{}, lib.OutOfScope...), lib.SmallTalk...) {
		texts = append(texts, text{ex.Text, none, weightScopeOut, false})
	}
	// Every training word joins the stem cache first (Build is the only
	// writer; the cache is read-only once it returns), so featurising
	// skips the analyzer and can run on two goroutines.
	for _, t := range texts {
		ix.cacheStems(t.s)
	}
	feats := make([][]feature, len(texts))
	var wg sync.WaitGroup
	const workers = 2
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(texts); i += workers {
				feats[i] = ix.features(texts[i].s)
			}
		}()
	}
	wg.Wait()
	var ranked, asked []sample
	k := len(lib.Articles)
	ix.none = -1
	for i, t := range texts {
		if len(feats[i]) == 0 {
			continue
		}
		ranked = append(ranked, sample{feats: feats[i], class: t.class, weight: t.weight})
		if t.asked {
			asked = append(asked, sample{feats: feats[i], class: t.class})
		}
		if t.class == none {
			ix.none, k = none, none+1
		}
	}
	ix.topics = make([]string, len(lib.Articles))
	for c, a := range lib.Articles {
		ix.topics[c] = a.Topic
	}
	done := make(chan struct{})
	go func() {
		ix.near = newNeighbours(asked, len(lib.Articles))
		close(done)
	}()
	ix.ranker = train(ranked, k, opt)
	<-done
}

func (ix *Index) cacheStems(text string) {
	for _, w := range words(truncateUTF8(text, maxQuestionBytes)) {
		if _, ok := ix.stemCache[w]; !ok {
			ix.stemCache[w] = ix.stems(w)
		}
	}
}

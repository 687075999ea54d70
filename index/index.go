package index

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"nursling/knowledge"
)

// Index is the guide's search index: an in-memory scorch index built once
// from a Library, plus what the query side needs to expand, correct and
// judge questions. It is safe for concurrent use; Search never modifies it.
type Index struct {
	lib      *knowledge.Library
	idx      bleve.Index
	analyzer analysis.Analyzer
	vocab    *vocabulary
	// stems of each article (all fields), by topic.
	docStems map[string]map[string]bool
	// stems of each article's keywords, title and summary: what it is
	// about, rather than what it mentions in passing.
	docAbout map[string]map[string]bool
	// docAsked holds the stems of each article's example questions: the
	// words parents use when they ask for it.
	docAsked map[string]map[string]bool
	// urgent marks the red-flag topics.
	urgent map[string]bool
	// phrases maps each article's multi-word keywords, as stems joined
	// by spaces, to the topics that list them.
	phrases map[string][]string
	// df counts the articles each stem occurs in.
	df map[string]int
	// speller corrects words the guide never uses.
	speller *speller
	// stemCache holds the stems of every word the guide and vocabulary
	// use, so most query words skip the analyzer.
	stemCache map[string][]string
	// maxHits bounds how many hits a search returns.
	maxHits int
	// minCoverage is the no-match threshold (see nomatch.go).
	minCoverage float64
	// knownMissFactor scales a guide word the best article lacks.
	knownMissFactor float64
	// coverageRerank weighs how much of the question a hit explains into
	// its score.
	coverageRerank float64
	// oovWeight weighs a word the guide never uses (see nomatch.go).
	oovWeight float64
	// ranker is the learned ranker over the articles (class i is
	// topics[i]) and, when none >= 0, the class of questions that are not
	// for the guide (learn.go).
	ranker *linearModel
	none   int
	topics []string
	// near finds the example questions nearest to a question.
	near *neighbours
	// sem is the semantic centroid view, set only by experiments.
	sem *centroids
	// fuse holds the fusion and judgement constants (fuse.go).
	fuse fusion
}

// keywordPhraseBoost raises an article for each of its multi-word
// keywords ("how many wet nappies", "milk coming in") the question
// contains: a phrase an article lists is strong evidence it is the one.
const keywordPhraseBoost = 0.5

// coverageRerank: a hit's score is multiplied by 1 + coverageRerank x the
// share of the question it explains (see nomatch.go). Chosen with
// NURSLING_RERANK=1 in the calibration test: 1 lifts top-1 and recall@3 and
// cuts wrong no-matches on every question set; higher values add nothing.
const coverageRerank = 1.0

// urgentRankFactor scales red-flag articles' scores in ranking.
const urgentRankFactor = 0.5

// maxQuestionBytes bounds the text a search reads: a question is a few
// sentences; anything longer is cut so search time stays bounded.
const maxQuestionBytes = 2000

// Build indexes every article of lib in one batch. The index lives in
// memory; Close releases it.
func Build(ctx context.Context, lib *knowledge.Library) (*Index, error) {
	if lib == nil || len(lib.Articles) == 0 {
		return nil, errors.New("index: build: the library has no articles")
	}
	vocab, err := parseVocabulary(vocabularyYAML)
	if err != nil {
		return nil, err
	}
	im, err := newMapping()
	if err != nil {
		return nil, err
	}
	// An empty path gives scorch's in-memory mode; NewMemOnly would give the
	// legacy upside_down engine, where BM25 silently falls back to tf-idf.
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("index: create: %w", err)
	}
	ix := &Index{
		lib:             lib,
		idx:             idx,
		analyzer:        im.AnalyzerNamed(analyzerName),
		vocab:           vocab,
		docStems:        map[string]map[string]bool{},
		docAbout:        map[string]map[string]bool{},
		docAsked:        map[string]map[string]bool{},
		urgent:          map[string]bool{},
		phrases:         map[string][]string{},
		df:              map[string]int{},
		maxHits:         5,
		minCoverage:     minCoverage,
		knownMissFactor: knownMissFactor,
		coverageRerank:  coverageRerank,
		oovWeight:       oovWeight,
		fuse:            defaultFusion,
	}
	if ix.analyzer == nil {
		idx.Close()
		return nil, errors.New("index: build: analyzer missing")
	}
	batch := idx.NewBatch()
	surface := map[string]int{}
	ix.stemCache = map[string][]string{}
	// stemOf analyses each distinct word once; the cache then serves
	// queries (read-only after Build).
	stemOf := func(w string) []string {
		st, ok := ix.stemCache[w]
		if !ok {
			st = ix.stems(w)
			ix.stemCache[w] = st
		}
		return st
	}
	textStems := func(text string) []string {
		var out []string
		for _, w := range words(text) {
			surface[w]++
			out = append(out, stemOf(w)...)
		}
		return out
	}
	for _, a := range lib.Articles {
		if err := ctx.Err(); err != nil {
			idx.Close()
			return nil, fmt.Errorf("index: build: %w", err)
		}
		doc := document{
			Keywords:  strings.Join(a.Keywords, " ; "),
			Title:     a.Title,
			Summary:   a.Summary,
			Body:      a.Body(),
			Questions: strings.Join(a.Examples, " ; "),
		}
		if err := batch.Index(a.Topic, doc); err != nil {
			idx.Close()
			return nil, fmt.Errorf("index: add %s: %w", a.Topic, err)
		}
		// The judgement's view of each article uses the same word split
		// as the query side (words), so both see "90ml" and "let-down"
		// alike.
		stems, about := map[string]bool{}, map[string]bool{}
		for i, text := range []string{doc.Keywords, doc.Title, doc.Summary, doc.Body} { // not the questions: see coverage
			for _, s := range textStems(text) {
				stems[s] = true
				if i < 3 {
					about[s] = true
				}
			}
		}
		for s := range stems {
			ix.df[s]++
		}
		for _, k := range a.Keywords {
			if st := textStems(k); len(st) >= 2 {
				key := strings.Join(st, " ")
				ix.phrases[key] = appendNew(ix.phrases[key], a.Topic)
			}
		}
		asked := map[string]bool{}
		for _, ex := range a.Examples {
			for _, w := range words(ex) {
				for _, s := range stemOf(w) {
					asked[s] = true
				}
			}
		}
		ix.docAsked[a.Topic] = asked
		ix.docStems[a.Topic] = stems
		ix.docAbout[a.Topic] = about
		ix.urgent[a.Topic] = a.Urgent
	}
	// Bleve indexes the batch while the models learn (they share
	// nothing: the batch holds its own copies of the texts).
	batchErr := make(chan error, 1)
	go func() { batchErr <- idx.Batch(batch) }()
	// Parents' vocabulary words are known words too: they must never be
	// "corrected" into something else.
	for phrase, to := range vocab.phrases {
		for _, w := range words(phrase) {
			surface[w]++
		}
		for _, w := range to {
			surface[w]++
		}
	}
	ix.speller = newSpeller(surface)
	for w := range surface {
		stemOf(w)
	}
	ix.learn(lib, defaultTrain)
	if err := <-batchErr; err != nil {
		idx.Close()
		return nil, fmt.Errorf("index: batch: %w", err)
	}
	return ix, nil
}

// Close releases the index.
func (ix *Index) Close() error {
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("index: close: %w", err)
	}
	return nil
}

// wordStems returns the stems of one word, from the cache when the guide
// uses the word.
func (ix *Index) wordStems(w string) []string {
	if st, ok := ix.stemCache[w]; ok {
		return st
	}
	return ix.stems(w)
}

// stems analyses text with the index's analyzer and returns its terms.
func (ix *Index) stems(text string) []string {
	ts := ix.analyzer.Analyze([]byte(text))
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, string(t.Term))
	}
	return out
}

// Search finds the articles that answer question, best first (at most 5).
// It treats question as untrusted text: it never parses query syntax, and
// reads at most the first 2,000 bytes. An empty or meaningless question
// gives NoMatch with no hits and no error.
func (ix *Index) Search(ctx context.Context, question string) (knowledge.SearchResult, error) {
	q := ix.analyse(question)
	if len(q.terms) == 0 {
		return knowledge.SearchResult{NoMatch: true}, nil
	}
	req := bleve.NewSearchRequestOptions(ix.buildQuery(q), 2*ix.maxHits, 0, false)
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return knowledge.SearchResult{}, fmt.Errorf("index: search: %w", err)
	}
	phraseHits := ix.keywordPhrases(question)
	lexical := map[string]float64{}
	for _, h := range res.Hits {
		a := ix.lib.Article(h.ID)
		if a == nil {
			continue
		}
		score := h.Score * (1 + keywordPhraseBoost*float64(phraseHits[a.Topic]))
		if ix.coverageRerank > 0 {
			// An article that explains more of the question rises: BM25
			// sums matched terms, coverage asks how much is left over.
			cov, _ := ix.coverage(q, a.Topic)
			score *= 1 + ix.coverageRerank*cov
		}
		lexical[a.Topic] = score
	}
	l := ix.learned(question)
	out := knowledge.SearchResult{Hits: ix.fused(lexical, l)}
	if len(out.Hits) > ix.maxHits {
		out.Hits = out.Hits[:ix.maxHits]
	}
	out.NoMatch = !ix.accepts(q, out.Hits, l)
	if out.NoMatch {
		// Suggestions after "no match" are the articles that share the
		// question's words, not the model's guesses.
		kept := out.Hits[:0]
		for _, h := range out.Hits {
			if lexical[h.Topic] > 0 {
				kept = append(kept, h)
			}
		}
		out.Hits = kept
	}
	return out, nil
}

// buildQuery turns the analysed question into one disjunction of term
// queries over every field, each with its field boost times the term's own
// weight (exact words 1, vocabulary words a little less, corrected words
// less again).
func (ix *Index) buildQuery(q analysed) query.Query {
	var clauses []query.Query
	for _, t := range q.terms {
		for _, f := range fieldBoosts {
			boost := f.boost
			if f.name == fieldQuestions {
				boost = ix.fuse.questions
			}
			tq := bleve.NewTermQuery(t.stem)
			tq.SetField(f.name)
			tq.SetBoost(boost * t.weight)
			clauses = append(clauses, tq)
		}
	}
	dq := bleve.NewDisjunctionQuery(clauses...)
	return dq
}

// keywordPhrases counts, per topic, the article's multi-word keywords that
// occur in the question as a run of stems.
func (ix *Index) keywordPhrases(question string) map[string]int {
	st := ix.stems(truncateUTF8(question, maxQuestionBytes))
	hits := map[string]int{}
	for i := range st {
		for n := 2; n <= 4 && i+n <= len(st); n++ {
			for _, topic := range ix.phrases[strings.Join(st[i:i+n], " ")] {
				hits[topic]++
			}
		}
	}
	return hits
}

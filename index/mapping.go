package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

const analyzerName = "nursling_en"

// Field names and their boosts: a parent's word found among an article's
// keywords says most about what it is for; its body says least.
const (
	fieldKeywords = "keywords"
	fieldTitle    = "title"
	fieldSummary  = "summary"
	fieldBody     = "body"
	// fieldQuestions holds the article's example questions: matching a
	// question against questions is the strongest signal FAQ retrieval
	// has.
	fieldQuestions = "questions"
)

var fieldBoosts = []struct {
	name  string
	boost float64
}{
	{fieldKeywords, 3.0},
	{fieldTitle, 2.0},
	{fieldSummary, 1.5},
	{fieldBody, 1.0},
	{fieldQuestions, questionsBoost},
}

// questionsBoost weighs the example-questions field; chosen with the
// calibration table (NURSLING_CALIBRATE=1 NURSLING_FUSE=1).
const questionsBoost = 2.0

// document is what is indexed for one article.
type document struct {
	Keywords  string `json:"keywords"`
	Title     string `json:"title"`
	Summary   string `json:"summary"`
	Body      string `json:"body"`
	Questions string `json:"questions"`
}

func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	im.ScoringModel = index.BM25Scoring
	err := im.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":      custom.Name,
		"tokenizer": unicode.Name,
		"token_filters": []any{
			en.PossessiveName,
			lowercase.Name,
			en.StopName,
			en.SnowballStemmerName,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("index: add analyzer: %w", err)
	}
	im.DefaultAnalyzer = analyzerName
	doc := bleve.NewDocumentMapping()
	for _, f := range fieldBoosts {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = analyzerName
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = false
		doc.AddFieldMappingsAt(f.name, fm)
	}
	im.DefaultMapping = doc
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im, nil
}

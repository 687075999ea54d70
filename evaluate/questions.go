// Package evaluate measures retrieval quality: it runs a question file
// (the format of index/testdata/questions and the shared dev set) through
// a searcher and the red-flag detector and reports top-1 accuracy,
// recall@3, no-match accuracy, urgent recall and the false-urgent rate,
// with per-question latency. It also holds the baseline the index is
// compared with: a plain SQLite FTS5 (bm25) index of the same articles.
// For safety it runs a message file (messages: [{text, tier, kind,
// topics}]) through the engine's judgement and reports flagged recall per
// kind with 95 % Wilson intervals, "needs now -> got now", false alarms
// and two-flag messages (safety.go).
package evaluate

import (
	"bytes"
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"
)

// Question is one evaluation case.
type Question struct {
	Q string `yaml:"q"`
	// Expect lists acceptable first answers; empty means out of scope.
	Expect []string `yaml:"expect"`
	Urgent bool     `yaml:"urgent"`
}

// InScope reports whether the guide should answer the question.
func (q Question) InScope() bool { return len(q.Expect) > 0 }

type questionFile struct {
	Questions []Question `yaml:"questions"`
}

// LoadQuestions reads a question file.
func LoadQuestions(path string) ([]Question, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("evaluate: read questions: %w", err)
	}
	return ParseQuestions(data)
}

// ParseQuestions parses question-file YAML.
func ParseQuestions(data []byte) ([]Question, error) {
	var f questionFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("evaluate: parse questions: %w", err)
	}
	for i, q := range f.Questions {
		if q.Q == "" {
			return nil, fmt.Errorf("evaluate: question %d has no text", i+1)
		}
	}
	return f.Questions, nil
}

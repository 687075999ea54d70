package knowledge

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode"
)

// Example questions: how parents really ask for each article, written by
// people who never saw its keywords. They live beside the guide in
// questions/<topic-id>.txt, one question per line (blank lines and lines
// starting with # are ignored), and teach the index's learned ranker. Two
// file names are special: out-of-scope.txt holds questions that borrow the
// guide's words but are not for it (pets, cooking, car seats, adult
// illness), and small-talk.txt holds greetings, thanks and "ok"s.
const (
	questionsDir   = "questions"
	outOfScopeFile = "out-of-scope"
	smallTalkFile  = "small-talk"
)

// MinExamples is how many example questions `guide lint` asks of every
// article.
const MinExamples = 25

// Example is one example question and where it was written.
type Example struct {
	Text string
	File string
	Line int
}

// NormalizeQuestion lowercases a question and keeps only its letters and
// digits, one space between words: the form duplicates and near-copies are
// compared in.
func NormalizeQuestion(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// parseExamples reads one questions file.
func parseExamples(name string, data []byte) []Example {
	var out []Example
	for i, line := range strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, Example{Text: line, File: name, Line: i + 1})
	}
	return out
}

// addExamples reads dir/*.txt from fsys: each file's questions go to the
// article of the topic it is named after, or to the out-of-scope or
// small-talk list. A file named after no known topic is an error; so is a
// question written twice (after NormalizeQuestion), in any file.
func (l *Library) addExamples(fsys fs.FS, dir string, seen map[string]Example) []error {
	names, err := fs.Glob(fsys, path.Join(dir, "*.txt"))
	if err != nil {
		return []error{fmt.Errorf("knowledge: list example questions: %w", err)}
	}
	sort.Strings(names)
	var errs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("knowledge: read %s: %w", name, err))
			continue
		}
		id := strings.TrimSuffix(path.Base(name), ".txt")
		exs := parseExamples(name, data)
		for _, ex := range exs {
			key := NormalizeQuestion(ex.Text)
			if key == "" {
				errs = append(errs, fmt.Errorf("%s:%d: a question needs words", ex.File, ex.Line))
				continue
			}
			if prev, dup := seen[key]; dup {
				errs = append(errs, fmt.Errorf("%s:%d: duplicate question (already at %s:%d)", ex.File, ex.Line, prev.File, prev.Line))
				continue
			}
			seen[key] = ex
		}
		switch id {
		case outOfScopeFile:
			l.OutOfScope = append(l.OutOfScope, exs...)
			continue
		case smallTalkFile:
			l.SmallTalk = append(l.SmallTalk, exs...)
			continue
		}
		if _, ok := l.topics[id]; !ok {
			errs = append(errs, fmt.Errorf("%s:1: unknown topic id %q (not in topics.yaml)", name, id))
			continue
		}
		l.examples[id] = append(l.examples[id], exs...)
	}
	return errs
}

// attachExamples gives each article its example questions. Questions for
// a topic without an article (yet) are kept aside and not used.
func (l *Library) attachExamples() {
	for _, a := range l.Articles {
		for _, ex := range l.examples[a.Topic] {
			a.Examples = append(a.Examples, ex.Text)
		}
	}
}

// CheckExamples is what `guide lint` asks of the example questions beyond
// what Load enforces: at least MinExamples for every article. Each problem
// names the file.
func (l *Library) CheckExamples() error {
	var errs []error
	for _, a := range l.Articles {
		if n := len(a.Examples); n < MinExamples {
			errs = append(errs, fmt.Errorf("%s/%s.txt: %d example questions for %s, want at least %d", questionsDir, a.Topic, n, a.Topic, MinExamples))
		}
	}
	return errors.Join(errs...)
}

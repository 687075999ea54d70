package evaluate

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"

	"nursling/knowledge"
)

// FTS5 is the baseline searcher: the same articles in a SQLite FTS5 table
// (porter tokenizer, bm25 ranking with the same field weights), queried
// with the question's words OR-ed together. It has no vocabulary, no typo
// correction and no no-match judgement beyond "nothing matched". The
// caller must have registered the "sqlite" driver (modernc.org/sqlite).
type FTS5 struct {
	db  *sql.DB
	lib *knowledge.Library
}

// NewFTS5 builds the baseline index in memory.
func NewFTS5(ctx context.Context, lib *knowledge.Library) (*FTS5, error) {
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, fmt.Errorf("evaluate: fts5: open: %w", err)
	}
	db.SetMaxOpenConns(1) // one in-memory database, shared
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE guide USING fts5(topic UNINDEXED, keywords, title, summary, body, tokenize='porter unicode61')`); err != nil {
		db.Close()
		return nil, fmt.Errorf("evaluate: fts5: create: %w", err)
	}
	for _, a := range lib.Articles {
		_, err := db.ExecContext(ctx, `INSERT INTO guide(topic, keywords, title, summary, body) VALUES (?, ?, ?, ?, ?)`,
			a.Topic, strings.Join(a.Keywords, " ; "), a.Title, a.Summary, a.Body())
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("evaluate: fts5: insert %s: %w", a.Topic, err)
		}
	}
	return &FTS5{db: db, lib: lib}, nil
}

// Close releases the database.
func (f *FTS5) Close() error { return f.db.Close() }

// Search runs the question as an OR of its words, best five by bm25.
func (f *FTS5) Search(ctx context.Context, question string) (knowledge.SearchResult, error) {
	var terms []string
	for _, w := range strings.FieldsFunc(strings.ToLower(question), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		terms = append(terms, `"`+w+`"`)
	}
	if len(terms) == 0 {
		return knowledge.SearchResult{NoMatch: true}, nil
	}
	rows, err := f.db.QueryContext(ctx,
		`SELECT topic, -bm25(guide, 0, 3.0, 2.0, 1.5, 1.0) FROM guide WHERE guide MATCH ? ORDER BY bm25(guide, 0, 3.0, 2.0, 1.5, 1.0) LIMIT 5`,
		strings.Join(terms, " OR "))
	if err != nil {
		return knowledge.SearchResult{}, fmt.Errorf("evaluate: fts5: query: %w", err)
	}
	defer rows.Close()
	var res knowledge.SearchResult
	for rows.Next() {
		var h knowledge.Hit
		if err := rows.Scan(&h.Topic, &h.Score); err != nil {
			return knowledge.SearchResult{}, fmt.Errorf("evaluate: fts5: scan: %w", err)
		}
		if a := f.lib.Article(h.Topic); a != nil {
			h.Title = a.Title
		}
		res.Hits = append(res.Hits, h)
	}
	res.NoMatch = len(res.Hits) == 0
	return res, rows.Err()
}

// Package index is Nursling's search over the guide and the only package
// that imports Bleve.
//
// The pipeline for a question: split the text into words (lowercase, "90ml"
// into "90 ml", ordinals and apostrophes dropped); read it as units with
// the curated vocabulary (vocabulary.yaml: the longest known phrase at each
// position, so "tongue tied" or "get pregnant" is one unit that adds the
// guide's words; filler, generic and off-topic words marked); correct a
// word the guide never uses to the nearest guide word (one edit for 6-9
// letters, two from 10, never for shorter words, scored below exact words);
// stem with the same English chain the articles were indexed with (unicode
// tokens, possessives, lowercase, stop words, Snowball); run one BM25
// disjunction of term queries on an in-memory scorch index with per-field
// boosts (keywords > title > summary > body); lift an article whose
// multi-word keywords the question contains; let red-flag articles give way
// to the calm article on the same subject (the red-flag detector reaches
// them first). The articles' example questions (knowledge/questions) are a
// field of their own, and at Build they train a learned ranker (linear.go,
// learn.go: logistic regression over hashed word, vocabulary, bigram and
// character n-gram features, fixed seed) with one more class for the
// out-of-scope and small-talk examples; the ranker's probability and the
// nearest example question are fused with the BM25 score (fuse.go). The
// best hit is accepted by a small logistic model over the coverage
// judgement (how much of the question the article explains, nomatch.go),
// the in-scope probability, the ranker's support and the margin; otherwise
// the result says NoMatch. Every constant is chosen on held-out folds of
// the examples (crossval_test.go), not on the evaluation sets.
//
// User text is never parsed as query syntax, and only its first 2,000
// bytes are read, so search time stays bounded.
package index

// Package index is Nursling's search over the guide and the only package
// that imports Bleve.
//
// The pipeline for a question: normalise the text (lowercase, split "90ml"
// into "90 ml", fold quotes); rewrite parents' words to the guide's words
// with the curated vocabulary (vocabulary.yaml: "boob" -> breast, "LO" ->
// baby, "letdown" -> let down); analyse with the same English chain the
// articles were indexed with (unicode tokens, possessives, lowercase, stop
// words, Snowball stemming); drop filler words; correct words the guide
// never uses to the nearest guide word (edit distance 1 for 6-9 letters, 2
// for 10 or more, never for short words, and scored below exact words); then
// run one BM25 query on an in-memory scorch index with per-field boosts
// (keywords > title > summary > body). The best hit is accepted only when
// it explains enough of the question (see nomatch.go): otherwise the
// result says NoMatch.
package index

// Package semantic is a second, independent signal for crises, beside the
// rule detector in bot/redflag (which stays the first signal).
//
// Table: a static word-vector table embedded in the binary (data/words.bin,
// 11.6 MB): about 80,600 words, each the Universal Sentence Encoder Lite
// embedding of the word on its own, reduced to its 128 leading principal
// directions and stored as int8. Sentence turns text into the SIF-weighted
// mean of its word vectors (frequent words count for little); slang,
// texting forms and contractions are expanded first (data/aliases.yaml:
// "kms", "unalive", "u", "can't") and a word one typo away from a known
// word is read as that word. Load decodes only the word list; the vectors
// are read in place.
//
// CrisisModel: graded crisis exemplars and hard negatives written by the
// project (data/crisis.yaml), plus the text of the built-in guide's
// non-urgent articles as further negatives. Judge reads each sentence and
// the whole message; one counts when it is nearer to the crisis exemplars
// than to the negatives by a calibrated margin (see CrisisModel).
// JudgeCautious is the same reading with the stricter margin
// thresholds.cautious, which the red-flag detector asks for on sentences
// whose alarming words its lexicon reads as framed (a figure of speech, a
// hypothetical, another person's story) or that have none of its hint words. The
// thresholds were chosen on testdata/calibration.yaml, a separate set; see
// calibrate_test.go for the figures and how to sweep them.
//
// gen/gen.js builds the table (run by hand; see NOTICE for sources and
// licences). A Table and a CrisisModel are immutable and safe for
// concurrent use. Nothing here logs.
package semantic

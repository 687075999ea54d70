-- Schema version 2: per-side pumped amounts and notes on entries; the
-- anonymous answer and feedback counts; kept unanswered questions (only
-- when the operator turns that on); a small key-value table for adapters.

ALTER TABLE entries ADD COLUMN left_ml  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN right_ml INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN note     TEXT    NOT NULL DEFAULT '';

-- Version 1 stored a pumping session's per-side amounts nowhere; a
-- one-sided session's total is its side's amount.
UPDATE entries SET left_ml = amount_ml WHERE kind = 'pump' AND side = 'left';
UPDATE entries SET right_ml = amount_ml WHERE kind = 'pump' AND side = 'right';

-- Per guide topic: how often it was given as an answer, how often a search
-- found nothing good (topic '' when there was no suggestion at all), and
-- the feedback buttons. No user ids, no question text.
CREATE TABLE answer_stats (
	topic       TEXT    PRIMARY KEY,
	answered    INTEGER NOT NULL DEFAULT 0,
	no_match    INTEGER NOT NULL DEFAULT 0,
	helpful     INTEGER NOT NULL DEFAULT 0,
	not_helpful INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Text of no-match questions, kept 30 days, only when the operator enabled
-- it. No user ids.
CREATE TABLE unanswered (
	id    INTEGER PRIMARY KEY,
	topic TEXT    NOT NULL DEFAULT '',
	text  TEXT    NOT NULL,
	at_ms INTEGER NOT NULL
);
CREATE INDEX unanswered_at ON unanswered(at_ms);

CREATE TABLE kv (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

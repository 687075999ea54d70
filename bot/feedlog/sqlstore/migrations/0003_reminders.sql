-- Reminders and next-feed nudges (issue 15). Self-contained: it touches no
-- other table, so it may be renumbered at merge.
--
-- A reminder's text is the parent's own words, kept only for that
-- reminder: deleted with it (Done, cancel, /remind off, /forget) and
-- pruned a day after delivery. claim and claimed_until_ms are the
-- scheduler's lease: a reminder is sent by the one process whose claim
-- holds, then marked delivered.
CREATE TABLE reminders (
	id               INTEGER PRIMARY KEY,
	platform         TEXT    NOT NULL,
	user_id          TEXT    NOT NULL,
	kind             TEXT    NOT NULL CHECK (kind IN ('once', 'daily', 'nudge')),
	text             TEXT    NOT NULL DEFAULT '',
	status           TEXT    NOT NULL CHECK (status IN ('asking', 'active', 'done', 'failed')),
	due_ms           INTEGER NOT NULL,
	zone             TEXT    NOT NULL DEFAULT '',
	clock_min        INTEGER NOT NULL DEFAULT 0,
	every_ms         INTEGER NOT NULL DEFAULT 0,
	feed_ms          INTEGER NOT NULL DEFAULT 0,
	attempts         INTEGER NOT NULL DEFAULT 0,
	claim            TEXT,
	claimed_until_ms INTEGER NOT NULL DEFAULT 0,
	created_ms       INTEGER NOT NULL,
	delivered_ms     INTEGER NOT NULL DEFAULT 0,
	-- The message that set it ("platform/chat/id"), so a redelivered
	-- update sets nothing twice; NULL for snoozed copies.
	src              TEXT UNIQUE
);
-- Covers the scheduler's claim, so rows leased by another process are
-- skipped without reading the table.
CREATE INDEX reminders_due ON reminders(due_ms, claimed_until_ms, platform) WHERE status = 'active';
CREATE INDEX reminders_user ON reminders(platform, user_id);
CREATE UNIQUE INDEX reminders_one_nudge ON reminders(platform, user_id) WHERE kind = 'nudge';

-- Quiet hours per user (minutes after midnight in the household's zone).
CREATE TABLE reminder_prefs (
	platform   TEXT    NOT NULL,
	user_id    TEXT    NOT NULL,
	quiet_from INTEGER NOT NULL DEFAULT 0,
	quiet_to   INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;

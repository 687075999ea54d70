-- Schema version 1: households, members, babies, the feed log, timers,
-- pending confirmations, share codes and handled messages.
-- Times are Unix milliseconds (UTC).

CREATE TABLE households (
	id         INTEGER PRIMARY KEY,
	tz         TEXT    NOT NULL DEFAULT '',
	created_ms INTEGER NOT NULL
);

-- One row per platform user: the household they log into. User ids are
-- stored as the platform gives them (needed to find the household) and
-- never logged.
CREATE TABLE members (
	platform     TEXT    NOT NULL,
	user_id      TEXT    NOT NULL,
	household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
	joined_ms    INTEGER NOT NULL,
	PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;
CREATE INDEX members_household ON members(household_id);

CREATE TABLE babies (
	id           INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
	name         TEXT    NOT NULL,
	born         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX babies_household ON babies(household_id);

CREATE TABLE entries (
	id           INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
	baby_id      INTEGER REFERENCES babies(id) ON DELETE SET NULL,
	kind         TEXT    NOT NULL,
	method       TEXT    NOT NULL DEFAULT '',
	side         TEXT    NOT NULL DEFAULT '',
	end_side     TEXT    NOT NULL DEFAULT '',
	start_ms     INTEGER NOT NULL,
	end_ms       INTEGER NOT NULL,
	left_s       INTEGER NOT NULL DEFAULT 0,
	right_s      INTEGER NOT NULL DEFAULT 0,
	amount_ml    INTEGER NOT NULL DEFAULT 0,
	content      TEXT    NOT NULL DEFAULT '',
	nappy        TEXT    NOT NULL DEFAULT '',
	by_platform  TEXT    NOT NULL,
	by_user      TEXT    NOT NULL,
	created_ms   INTEGER NOT NULL,
	-- The platform message the entry came from: a redelivery never logs
	-- twice. NULL when there is no message id.
	src_platform TEXT,
	src_chat     TEXT,
	src_id       TEXT
);
CREATE UNIQUE INDEX entries_src ON entries(src_platform, src_chat, src_id);
CREATE INDEX entries_household_start ON entries(household_id, start_ms);
CREATE INDEX entries_by ON entries(by_platform, by_user, created_ms);

-- A running breast-feed timer per baby (baby_id 0: no baby named).
CREATE TABLE timers (
	household_id  INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
	baby_id       INTEGER NOT NULL DEFAULT 0,
	started_ms    INTEGER NOT NULL,
	side          TEXT    NOT NULL,
	side_since_ms INTEGER NOT NULL,
	left_s        INTEGER NOT NULL DEFAULT 0,
	right_s       INTEGER NOT NULL DEFAULT 0,
	by_platform   TEXT    NOT NULL,
	by_user       TEXT    NOT NULL,
	src_platform  TEXT    NOT NULL DEFAULT '',
	src_chat      TEXT    NOT NULL DEFAULT '',
	src_id        TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (household_id, baby_id)
);
CREATE INDEX timers_by ON timers(by_platform, by_user);

-- Questions waiting for a button press ("Log a 15 min feed on the left?").
CREATE TABLE pending (
	token        TEXT    PRIMARY KEY,
	platform     TEXT    NOT NULL,
	user_id      TEXT    NOT NULL,
	kind         TEXT    NOT NULL,
	payload      TEXT    NOT NULL,
	src_platform TEXT,
	src_chat     TEXT,
	src_id       TEXT,
	expires_ms   INTEGER NOT NULL,
	done         INTEGER NOT NULL DEFAULT 0,
	entry_id     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX pending_src ON pending(platform, user_id, src_platform, src_chat, src_id);
CREATE INDEX pending_user ON pending(platform, user_id);

-- One-time codes to join a household; only a hash of the code is kept.
CREATE TABLE share_codes (
	code_hash    TEXT    PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
	expires_ms   INTEGER NOT NULL
);
CREATE INDEX share_codes_household ON share_codes(household_id);

-- Messages already acted on that did not create an entry (/undo), so a
-- redelivery does nothing twice.
CREATE TABLE handled (
	platform    TEXT    NOT NULL,
	chat        TEXT    NOT NULL,
	msg_id      TEXT    NOT NULL,
	by_platform TEXT    NOT NULL,
	by_user     TEXT    NOT NULL,
	at_ms       INTEGER NOT NULL,
	PRIMARY KEY (platform, chat, msg_id)
) WITHOUT ROWID;
CREATE INDEX handled_by ON handled(by_platform, by_user);

-- Migration 0001: the central office's store.
--
-- Timestamps are UTC RFC 3339 text. Desk numbers are integers 1–99 (shown "07").

-- Desks bound to a number for ever: the first enrolment with a code printed for that number binds
-- it; `token_hash` is the SHA-256 of the credentials given then (the credentials themselves are not
-- kept). `highest_seq`/`last_hash` are the end of the chain of events held for the desk.
CREATE TABLE desks (
    number       INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 99),
    token_hash   TEXT    NOT NULL UNIQUE,
    enrolled_at  TEXT    NOT NULL,
    revoked_at   TEXT,
    last_contact TEXT,
    highest_seq  INTEGER NOT NULL DEFAULT 0 CHECK (highest_seq >= 0),
    last_hash    TEXT    NOT NULL,
    -- The pull cursor the desk last reported (what it had seen of the others when it pushed).
    pulled_up_to INTEGER NOT NULL DEFAULT 0
);

-- One-time enrolment codes, kept as SHA-256; `used_at` is set when a desk enrols with one.
CREATE TABLE enrolment_codes (
    code_hash  TEXT    PRIMARY KEY,
    desk       INTEGER NOT NULL CHECK (desk BETWEEN 1 AND 99),
    created_at TEXT    NOT NULL,
    used_at    TEXT
) WITHOUT ROWID;

-- Every accepted event, once, by (desk, seq), in a global order (`global_seq`) that desks pull by.
CREATE TABLE events (
    global_seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    desk        INTEGER NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    event       TEXT    NOT NULL,
    household   TEXT,
    agent       TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    received_at TEXT    NOT NULL,
    UNIQUE (desk, seq)
);

CREATE TRIGGER events_are_append_only
BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'accepted events are never deleted');
END;

CREATE TRIGGER events_are_immutable
BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'accepted events are never changed');
END;

-- The projection the conflicts are computed on (rebuildable from `events`).
-- `identity` is the normalised "last|first|birth date" two registrations of one person share.
CREATE TABLE persons (
    number     TEXT    PRIMARY KEY,
    desk       INTEGER NOT NULL,
    household  TEXT    NOT NULL,
    last_name  TEXT    NOT NULL,
    first_name TEXT    NOT NULL,
    birth_date TEXT    NOT NULL,
    identity   TEXT    NOT NULL,
    removed    INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))
) WITHOUT ROWID;

CREATE INDEX persons_by_identity ON persons (identity);

-- Persons a supervisor declared the same: `merged` is `keep`.
CREATE TABLE person_merges (
    merged TEXT PRIMARY KEY,
    keep   TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE vouchers (
    number      TEXT    PRIMARY KEY,
    desk        INTEGER NOT NULL,
    household   TEXT    NOT NULL,
    beneficiary TEXT    NOT NULL,
    scheme      TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('issued', 'voided')),
    void_reason TEXT
) WITHOUT ROWID;

CREATE INDEX vouchers_by_beneficiary ON vouchers (beneficiary, scheme, year);

-- The last edit of each household by each desk (global order), for concurrent edits.
CREATE TABLE household_edits (
    household  TEXT    NOT NULL,
    desk       INTEGER NOT NULL,
    global_seq INTEGER NOT NULL,
    PRIMARY KEY (household, desk)
) WITHOUT ROWID;

CREATE TABLE conflicts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL
                CHECK (kind IN ('duplicate_person', 'double_issuance', 'concurrent_edit')),
    -- What the conflict is about (the identity, scheme and year, or the household): an open
    -- conflict grows when another record joins it.
    subject     TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('open', 'resolved')),
    desks       TEXT    NOT NULL CHECK (json_valid(desks)),
    people      TEXT    NOT NULL CHECK (json_valid(people)),
    households  TEXT    NOT NULL CHECK (json_valid(households)),
    vouchers    TEXT    NOT NULL CHECK (json_valid(vouchers)),
    resolution  TEXT    CHECK (resolution IS NULL OR json_valid(resolution)),
    created_at  TEXT    NOT NULL,
    resolved_at TEXT
);

CREATE INDEX conflicts_by_subject ON conflicts (kind, subject, status);

-- Reference data versions published to the desks, in order of publication.
CREATE TABLE reference_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    year         INTEGER NOT NULL,
    digest       TEXT    NOT NULL,
    toml         TEXT    NOT NULL,
    published_at TEXT    NOT NULL,
    UNIQUE (year, digest)
);

-- Migration 0005: sync with the central office (see guichet-sync).
--
-- `sync_settings` holds the credentials the central office gave at enrolment and the desk's cursors.
-- `sync_chain` is the per-record sync state of the desk's own journal: the hash chaining each event
-- to the previous one (computed once, the journal being immutable) and when it was first sent; the
-- central office's acknowledgement is `journal.acked`. `remote_events` keeps, as received, the events
-- of the other desks that were pulled; `remote_persons` and `remote_vouchers` are their projection,
-- enough to show a conflict and what other desks issued. `conflicts` is the central office's list of
-- the conflicts that concern this desk, replaced at each sync.

CREATE TABLE sync_settings (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    central          TEXT    NOT NULL,
    token            TEXT    NOT NULL,
    enrolled_at      TEXT    NOT NULL,
    -- The central office's global order of accepted events: pulled up to here.
    pull_cursor      INTEGER NOT NULL DEFAULT 0 CHECK (pull_cursor >= 0),
    -- The central office's reference data versions: received up to here.
    reference_cursor INTEGER NOT NULL DEFAULT 0 CHECK (reference_cursor >= 0),
    last_sync_at     TEXT,
    last_attempt_at  TEXT,
    last_error       TEXT
);

CREATE TABLE sync_chain (
    seq       INTEGER PRIMARY KEY REFERENCES journal (seq),
    hash      TEXT    NOT NULL CHECK (length(hash) = 64),
    pushed_at TEXT
);

CREATE TRIGGER sync_chain_is_fixed
BEFORE UPDATE OF seq, hash ON sync_chain
BEGIN
    SELECT RAISE(ABORT, 'a chained hash cannot be changed');
END;

CREATE TABLE remote_events (
    global_seq  INTEGER PRIMARY KEY,
    desk        INTEGER NOT NULL CHECK (desk BETWEEN 1 AND 99),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    event       TEXT    NOT NULL,
    household   TEXT,
    agent       TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    UNIQUE (desk, seq)
);

CREATE INDEX remote_events_by_household ON remote_events (household, global_seq)
    WHERE household IS NOT NULL;

CREATE TABLE remote_persons (
    number     TEXT    PRIMARY KEY,
    desk       INTEGER NOT NULL,
    household  TEXT    NOT NULL,
    last_name  TEXT    NOT NULL,
    first_name TEXT    NOT NULL,
    birth_date TEXT    NOT NULL,
    removed    INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))
) WITHOUT ROWID;

CREATE TABLE remote_vouchers (
    number      TEXT    PRIMARY KEY,
    desk        INTEGER NOT NULL,
    household   TEXT    NOT NULL,
    beneficiary TEXT    NOT NULL,
    scheme      TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('issued', 'voided')),
    void_reason TEXT
) WITHOUT ROWID;

CREATE TABLE conflicts (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL
               CHECK (kind IN ('duplicate_person', 'double_issuance', 'concurrent_edit')),
    status     TEXT    NOT NULL CHECK (status IN ('open', 'resolved')),
    -- JSON arrays of desk numbers ("07"), person numbers, household numbers, voucher numbers.
    desks      TEXT    NOT NULL CHECK (json_valid(desks)),
    people     TEXT    NOT NULL CHECK (json_valid(people)),
    households TEXT    NOT NULL CHECK (json_valid(households)),
    vouchers   TEXT    NOT NULL CHECK (json_valid(vouchers)),
    -- JSON object, or NULL while open.
    resolution TEXT    CHECK (resolution IS NULL OR json_valid(resolution))
);

-- Migration 0001: the case file of a desk.
--
-- Dates are ISO `YYYY-MM-DD` text (Europe/Paris calendar days); timestamps are UTC RFC 3339 text;
-- money is integer cents. Every row that an agent changes names that agent.

-- The desk this case file belongs to: one row. Its number is fixed once anything is recorded.
CREATE TABLE desk (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    number       INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
    default_site TEXT    NOT NULL,
    created_at   TEXT    NOT NULL
);

CREATE TRIGGER desk_number_is_fixed
BEFORE UPDATE OF number ON desk
WHEN NEW.number <> OLD.number AND EXISTS (SELECT 1 FROM journal)
BEGIN
    SELECT RAISE(ABORT, 'the desk number is fixed once anything is recorded');
END;

-- Sequences of the numbers made on this desk: household files (F-dd-nnnnnn), persons (P-dd-nnnnnn).
CREATE TABLE sequences (
    name TEXT    PRIMARY KEY,
    next INTEGER NOT NULL CHECK (next >= 1)
) WITHOUT ROWID;

INSERT INTO sequences (name, next) VALUES ('household', 1), ('person', 1);

CREATE TABLE agents (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    role       TEXT    NOT NULL CHECK (role IN ('agent', 'supervisor')),
    created_at TEXT    NOT NULL,
    created_by INTEGER REFERENCES agents (id)
);

-- Every version of the reference data this case file used: decisions cite (year, digest).
CREATE TABLE reference_data (
    id       INTEGER PRIMARY KEY,
    year     INTEGER NOT NULL,
    digest   TEXT    NOT NULL,
    toml     TEXT    NOT NULL,
    added_at TEXT    NOT NULL,
    added_by INTEGER NOT NULL REFERENCES agents (id),
    UNIQUE (year, digest)
);

CREATE TABLE households (
    id               INTEGER PRIMARY KEY,
    number           TEXT    NOT NULL UNIQUE,
    -- The online portal's reference; several households may have none.
    reference        TEXT    UNIQUE,
    address_line     TEXT    NOT NULL,
    postcode         TEXT    NOT NULL,
    city             TEXT    NOT NULL,
    department_since TEXT,
    channel          TEXT    NOT NULL CHECK (channel IN ('desk', 'online')),
    site             TEXT    NOT NULL,
    received_on      TEXT    NOT NULL,
    couple           INTEGER NOT NULL CHECK (couple IN (0, 1)),
    created_at       TEXT    NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES agents (id),
    updated_at       TEXT    NOT NULL,
    updated_by       INTEGER NOT NULL REFERENCES agents (id)
);

CREATE TABLE persons (
    id               INTEGER PRIMARY KEY,
    number           TEXT    NOT NULL UNIQUE,
    household_id     INTEGER NOT NULL REFERENCES households (id),
    role             TEXT    NOT NULL CHECK (role IN ('adult', 'child')),
    -- Order within the role as given (twins keep it).
    position         INTEGER NOT NULL,
    last_name        TEXT    NOT NULL,
    first_name       TEXT    NOT NULL,
    birth_date       TEXT    NOT NULL,
    -- Adults: comma-separated codes (rsa, ass, aah, aspa), rate in percent, retraite pour inaptitude.
    minima_sociaux   TEXT    NOT NULL DEFAULT '',
    disability_rate  INTEGER CHECK (disability_rate BETWEEN 0 AND 100),
    retired_unfit    INTEGER NOT NULL DEFAULT 0 CHECK (retired_unfit IN (0, 1)),
    -- Children.
    residence        TEXT    CHECK (residence IN ('full', 'shared')),
    disability       INTEGER NOT NULL DEFAULT 0 CHECK (disability IN (0, 1)),
    schooled         INTEGER NOT NULL DEFAULT 0 CHECK (schooled IN (0, 1)),
    student          INTEGER NOT NULL DEFAULT 0 CHECK (student IN (0, 1)),
    left_household   INTEGER NOT NULL DEFAULT 0 CHECK (left_household IN (0, 1)),
    created_at       TEXT    NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES agents (id),
    updated_at       TEXT    NOT NULL,
    updated_by       INTEGER NOT NULL REFERENCES agents (id),
    CHECK ((role = 'child') = (residence IS NOT NULL))
);

CREATE INDEX persons_by_household ON persons (household_id, role, position);

-- A supporting document: `body` is the JSON of `guichet_core::documents::Document`, holders named by
-- person number; `document_holders` links the same holders with foreign keys.
-- AUTOINCREMENT: a removed document's id is never given again (journal events cite it).
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    household_id INTEGER NOT NULL REFERENCES households (id),
    kind         TEXT    NOT NULL,
    body         TEXT    NOT NULL CHECK (json_valid(body)),
    created_at   TEXT    NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES agents (id),
    updated_at   TEXT    NOT NULL,
    updated_by   INTEGER NOT NULL REFERENCES agents (id)
);

CREATE INDEX documents_by_household ON documents (household_id);

CREATE TABLE document_holders (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES persons (id),
    PRIMARY KEY (document_id, person_id)
) WITHOUT ROWID;

CREATE INDEX document_holders_by_person ON document_holders (person_id);

-- A saved quotient familial. Several decisions may exist for one year (corrections): the latest counts.
CREATE TABLE qf_decisions (
    id                         INTEGER PRIMARY KEY,
    household_id               INTEGER NOT NULL REFERENCES households (id),
    year                       INTEGER NOT NULL,
    qf_cents                   INTEGER NOT NULL,
    tranche                    INTEGER NOT NULL,
    parts_quarters             INTEGER NOT NULL,
    reference_tax_income_cents INTEGER NOT NULL,
    monthly_benefits_cents     INTEGER NOT NULL,
    -- The instruction date D the checklist and the QF were judged on.
    instructed_on              TEXT    NOT NULL,
    site                       TEXT    NOT NULL,
    channel                    TEXT    NOT NULL CHECK (channel IN ('desk', 'online')),
    agent_id                   INTEGER NOT NULL REFERENCES agents (id),
    reference_year             INTEGER NOT NULL,
    reference_digest           TEXT    NOT NULL,
    derogation                 TEXT,
    created_at                 TEXT    NOT NULL,
    -- The French explanation, a JSON array of lines.
    lines                      TEXT    NOT NULL CHECK (json_valid(lines)),
    FOREIGN KEY (reference_year, reference_digest) REFERENCES reference_data (year, digest)
);

CREATE INDEX qf_decisions_by_household ON qf_decisions (household_id, year, id);

-- The desk's journal: append-only, numbered from 1 with no gap. `acked` is set when the central
-- office has acknowledged the event.
CREATE TABLE journal (
    seq          INTEGER PRIMARY KEY,
    event        TEXT    NOT NULL,
    household_id INTEGER REFERENCES households (id),
    payload      TEXT    NOT NULL CHECK (json_valid(payload)),
    agent_id     INTEGER NOT NULL REFERENCES agents (id),
    recorded_at  TEXT    NOT NULL,
    acked        INTEGER NOT NULL DEFAULT 0 CHECK (acked IN (0, 1))
);

CREATE INDEX journal_by_household ON journal (household_id, seq) WHERE household_id IS NOT NULL;

CREATE TRIGGER journal_seq_has_no_gap
BEFORE INSERT ON journal
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM journal)
BEGIN
    SELECT RAISE(ABORT, 'journal sequence must follow the last one');
END;

CREATE TRIGGER journal_is_append_only
BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END;

CREATE TRIGGER journal_entries_are_immutable
BEFORE UPDATE OF seq, event, household_id, payload, agent_id, recorded_at ON journal
BEGIN
    SELECT RAISE(ABORT, 'journal entries cannot be changed');
END;

-- Search (see src/search.rs). The search document of a household: its normalized text (lowercase,
-- no accents), one line per person in `names` ("last first") and `births` ("dd/mm/yyyy"), in member
-- order (adults then children); `numbers` holds the file number, the external reference and the
-- person numbers. It is used to rank and explain matches; FTS5 indexes its names and address
-- (kept in step by the code, not by triggers, so that bulk inserts can index in one statement).
CREATE TABLE search_docs (
    household_id INTEGER PRIMARY KEY REFERENCES households (id),
    names        TEXT NOT NULL,
    births       TEXT NOT NULL,
    address      TEXT NOT NULL,
    numbers      TEXT NOT NULL,
    -- This household's rows of search_terms, one "term<TAB>person_id" per line.
    terms        TEXT NOT NULL
);

CREATE VIRTUAL TABLE search_fts USING fts5 (
    names, address,
    content = 'search_docs', content_rowid = 'household_id', tokenize = 'trigram'
);

-- Search terms that a query may start with, in a B-tree: each person's "last first" and
-- "first last" (and, for a compound last name, from each of its later words), and birth date
-- "dd/mm/yyyy". They answer queries of one or two characters (trigrams need three), dates, and
-- rank the names that start with the query first across the whole case file. A derived index, like
-- FTS: no foreign keys; `search_docs.terms` lists a household's rows so that they can be replaced.
CREATE TABLE search_terms (
    term         TEXT    NOT NULL,
    household_id INTEGER NOT NULL,
    person_id    INTEGER NOT NULL,
    PRIMARY KEY (term, household_id, person_id)
) WITHOUT ROWID;

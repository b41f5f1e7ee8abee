-- Migration 0010: persons a supervisor declared the same person (a duplicate-person conflict
-- resolved by merging), whether on this desk or on another one whose resolution was pulled.
-- `merged` is the same person as `keep`. Issuing a voucher looks at the vouchers of every person
-- of the merge, so a child registered twice is not given the same aid twice after the merge.
CREATE TABLE person_merges (
    merged TEXT PRIMARY KEY,
    keep   TEXT NOT NULL,
    CHECK (merged <> keep)
) WITHOUT ROWID;

CREATE INDEX person_merges_by_keep ON person_merges (keep);

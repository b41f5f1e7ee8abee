-- Migration 0002: numbered vouchers (bons, chèques, kits) of the schemes PL, CL, KS and LR.
--
-- A voucher number is `{code}-{year}-{desk}-{sequence}-{check}`; the sequence runs per scheme and
-- year on this desk from 1, with no gap and no reuse. `voucher_sequences` holds the next one; it is
-- taken in the same transaction as the voucher's insert and its journal event, so a failed or killed
-- issue consumes nothing. A void is an update of the status (never a delete): the number stays.

CREATE TABLE voucher_sequences (
    scheme TEXT    NOT NULL CHECK (scheme IN ('PL', 'CL', 'KS', 'LR')),
    year   INTEGER NOT NULL,
    next   INTEGER NOT NULL CHECK (next >= 1),
    PRIMARY KEY (scheme, year)
) WITHOUT ROWID;

CREATE TABLE vouchers (
    id               INTEGER PRIMARY KEY,
    number           TEXT    NOT NULL UNIQUE,
    scheme           TEXT    NOT NULL CHECK (scheme IN ('PL', 'CL', 'KS', 'LR')),
    year             INTEGER NOT NULL,
    desk             INTEGER NOT NULL CHECK (desk BETWEEN 1 AND 99),
    sequence         INTEGER NOT NULL CHECK (sequence BETWEEN 1 AND 999999),
    household_id     INTEGER NOT NULL REFERENCES households (id),
    beneficiary_id   INTEGER NOT NULL REFERENCES persons (id),
    -- Cents; NULL for a kit.
    amount_cents     INTEGER CHECK (amount_cents IS NULL OR amount_cents > 0),
    status           TEXT    NOT NULL CHECK (status IN ('issued', 'voided')),
    issued_on        TEXT    NOT NULL,
    issued_by        INTEGER NOT NULL REFERENCES agents (id),
    void_reason      TEXT,
    voided_by        INTEGER REFERENCES agents (id),
    voided_at        TEXT,
    replaces_id      INTEGER REFERENCES vouchers (id),
    replaced_by_id   INTEGER REFERENCES vouchers (id),
    -- The reference data the eligibility and the budget were judged on.
    reference_year   INTEGER NOT NULL,
    reference_digest TEXT    NOT NULL,
    -- A supervisor's reason for issuing past the scheme's budget.
    budget_override  TEXT,
    created_at       TEXT    NOT NULL,
    UNIQUE (scheme, year, desk, sequence),
    FOREIGN KEY (reference_year, reference_digest) REFERENCES reference_data (year, digest),
    CHECK ((status = 'voided') = (void_reason IS NOT NULL AND voided_by IS NOT NULL))
);

-- One live voucher per beneficiary, scheme and year: a second one needs the first voided.
CREATE UNIQUE INDEX vouchers_one_per_beneficiary
    ON vouchers (beneficiary_id, scheme, year) WHERE status = 'issued';
CREATE INDEX vouchers_by_household ON vouchers (household_id, id);
CREATE INDEX vouchers_by_scheme_year ON vouchers (scheme, year, status);

CREATE TRIGGER voucher_sequence_has_no_gap
BEFORE INSERT ON vouchers
WHEN NEW.sequence IS NOT (SELECT COALESCE(MAX(sequence), 0) + 1 FROM vouchers
                          WHERE scheme = NEW.scheme AND year = NEW.year AND desk = NEW.desk)
BEGIN
    SELECT RAISE(ABORT, 'voucher sequence must follow the last one of its scheme and year');
END;

CREATE TRIGGER vouchers_are_never_deleted
BEFORE DELETE ON vouchers
BEGIN
    SELECT RAISE(ABORT, 'a voucher is voided, never deleted');
END;

CREATE TRIGGER voucher_numbers_are_fixed
BEFORE UPDATE OF number, scheme, year, desk, sequence, household_id, beneficiary_id, amount_cents,
                 issued_on, issued_by, replaces_id ON vouchers
BEGIN
    SELECT RAISE(ABORT, 'an issued voucher cannot be changed, only voided');
END;

CREATE TRIGGER a_voided_voucher_stays_voided
BEFORE UPDATE OF status ON vouchers
WHEN OLD.status = 'voided'
BEGIN
    SELECT RAISE(ABORT, 'a voided voucher stays voided');
END;

-- Migration 0007: other desks' households in the state tables (see projection.rs).
--
-- A desk now rebuilds the households, people, documents, QF decisions and vouchers of the other
-- desks' events into the ordinary tables, so that search finds them and every use case works on
-- them. `remote_persons` and `remote_vouchers`, the partial projection of migration 0005, are
-- folded into `persons` and `vouchers`. To rebuild what was already pulled, the events kept so far
-- are dropped and the pull cursor goes back to the start: the next sync pulls them again and
-- projects them whole (the central office keeps them all).

-- An event whose projection failed here (a rule of this case file refused it) is kept with the
-- reason, in English; NULL: projected, or nothing to project.
ALTER TABLE remote_events ADD COLUMN unprojected TEXT;

DROP TABLE remote_persons;
DROP TABLE remote_vouchers;
DELETE FROM remote_events;
UPDATE sync_settings SET pull_cursor = 0;

-- Two desks may each give a live voucher of the same scheme and year to the same person while
-- offline: the central office raises it as a double issuance, and both vouchers live here until a
-- supervisor voids one. On one desk the rule stays: one live voucher per beneficiary, scheme, year.
DROP INDEX vouchers_one_per_beneficiary;
CREATE UNIQUE INDEX vouchers_one_per_beneficiary
    ON vouchers (beneficiary_id, scheme, year, desk) WHERE status = 'issued';

-- Documents are numbered by the desk that records them (`documents.id`): a document another desk
-- added is found again, for its later corrections, by that desk's number and its id there.
CREATE TABLE remote_documents (
    desk        INTEGER NOT NULL CHECK (desk BETWEEN 1 AND 99),
    origin_id   INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (desk, origin_id)
) WITHOUT ROWID;

CREATE INDEX remote_documents_by_document ON remote_documents (document_id);

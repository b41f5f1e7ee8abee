-- Migration 0009: the pulled events this desk could not apply, found without reading them all.
--
-- A pulled event that this case file refuses (or that this version cannot read) is kept in
-- `remote_events` with the reason in `unprojected` (migration 0007). The status bar and the
-- Synchronisation screen count and list them at every refresh; `remote_events` holds every other
-- desk's event (hundreds of thousands on a large CCAS), so this partial index holds only the few
-- that were not applied.
CREATE INDEX remote_events_unprojected ON remote_events (global_seq) WHERE unprojected IS NOT NULL;

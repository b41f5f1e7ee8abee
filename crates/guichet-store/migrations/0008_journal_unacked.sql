-- Migration 0008: the events waiting for the central office, found without reading the journal.
--
-- The status bar asks every few seconds how many events wait, and each push where the
-- acknowledged prefix ends. Both read `journal WHERE acked = 0`, which without an index is a scan
-- of the whole journal (millions of rows on a busy case file, and tens of megabytes of SQLite's page
-- cache filled for nothing). This partial index holds only the waiting events: usually none, a few
-- hundred after an offline afternoon.
CREATE INDEX journal_unacked ON journal (seq) WHERE acked = 0;

-- Migration 0003: scans (photographs or PDF files) of supporting documents, kept in the case file.
--
-- A scan belongs to one document and goes with it. Its bytes stay in this case file: the journal
-- records the attachment (file name, type, size and SHA-256 of the bytes), not the bytes themselves.

CREATE TABLE scans (
    -- AUTOINCREMENT: a removed scan's id is never given again (journal events cite it).
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    file_name   TEXT    NOT NULL,
    media_type  TEXT    NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    size        INTEGER NOT NULL CHECK (size > 0),
    sha256      TEXT    NOT NULL,
    content     BLOB    NOT NULL CHECK (length(content) = size),
    created_at  TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES agents (id)
);

CREATE INDEX scans_by_document ON scans (document_id);

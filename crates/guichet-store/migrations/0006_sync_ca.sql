-- Migration 0006: the central office's own certificate authority (see guichet-sync, tls.rs).
--
-- A CCAS often signs its servers' certificates with its own authority. A desk enrolled with
-- `guichet enrol --ca-cert PATH` keeps that authority's PEM text here and trusts it, instead of
-- the public roots, for every later request to the central office. NULL: the public roots.

ALTER TABLE sync_settings ADD COLUMN ca_pem TEXT
    CHECK (ca_pem IS NULL OR ca_pem LIKE '%-----BEGIN CERTIFICATE-----%');

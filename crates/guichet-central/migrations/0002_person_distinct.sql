-- Migration 0002: persons a supervisor declared different people although they share a name and a
-- birth date (homonyms: "pas un doublon"). Each pair is kept once, the smaller number first; the
-- duplicate and double-issuance detections leave such pairs apart.
CREATE TABLE person_distinct (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;

-- What the catalogue was last derived from: the shipped catalogue file and the code that parses it. A start on
-- an existing database re-derives the catalogue (and the sector bodies) only when this changed, instead of
-- parsing the 12.7 MB file at every start (it took an idle process from ~200 MB to ~420 MB).

CREATE TABLE seed_fingerprint (
  only_row     boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  fingerprint  text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  taken_at     timestamptz NOT NULL
);
COMMENT ON TABLE seed_fingerprint IS 'At most one row: SHA-256 of the shipped catalogue file and the parser sources the catalogue was last derived from.';

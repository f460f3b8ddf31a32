-- Results of a record as documents: made from a template or uploaded, signed (PAdES) by the agency and
-- optionally its leader, and verifiable by anyone with their verification code.

CREATE TABLE results (
  id                 uuid PRIMARY KEY,
  record_id          uuid NOT NULL REFERENCES records (id),
  verification_code  text NOT NULL UNIQUE CHECK (verification_code ~ '^[A-Z2-9]{10}$'),
  name               text NOT NULL,
  number             text,
  source             text NOT NULL CHECK (source IN ('template', 'upload')),
  unsigned_sha256    text NOT NULL REFERENCES files (sha256),
  file_sha256        text NOT NULL REFERENCES files (sha256),
  signatures         jsonb NOT NULL DEFAULT '[]',
  version            integer NOT NULL DEFAULT 1,
  created_by         uuid REFERENCES users (id),
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);
COMMENT ON TABLE results IS 'Result documents of a record: file_sha256 is the current (signed) PDF, unsigned_sha256 the one before any signature; signatures lists who signed, as what, and when. Each signature is an incremental update, so earlier signatures stay valid.';
CREATE INDEX results_record_idx ON results (record_id, created_at);

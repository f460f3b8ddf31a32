-- Files (content-addressed), the documents of a record, and the official slips generated for it.

CREATE TABLE files (
  sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type  text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes  integer NOT NULL CHECK (size_bytes > 0),
  created_at  timestamptz NOT NULL
);
COMMENT ON TABLE files IS 'One row per distinct content (SHA-256 of the bytes); the bytes live in the file store (a folder, or an S3-compatible bucket) under that name. The media type is detected from the content, never taken from the client.';

CREATE TABLE record_documents (
  id            uuid PRIMARY KEY,
  record_id     uuid NOT NULL REFERENCES records (id),
  component     text NOT NULL,
  origin        text NOT NULL CHECK (origin IN ('online', 'counter_scan', 'repository', 'agency', 'result')),
  digitised     boolean NOT NULL,
  reused        boolean NOT NULL,
  file_sha256   text NOT NULL REFERENCES files (sha256),
  file_name     text NOT NULL,
  added_by      uuid REFERENCES users (id),
  added_at      timestamptz NOT NULL
);
COMMENT ON TABLE record_documents IS 'The documents of a record per dossier component (thành phần hồ sơ), with where each came from; digitised and reused feed Decision 766 group 4.';
CREATE INDEX record_documents_record_idx ON record_documents (record_id, added_at);

CREATE TABLE record_slips (
  record_id    uuid NOT NULL REFERENCES records (id),
  form         text NOT NULL,
  seq          integer NOT NULL,
  file_sha256  text NOT NULL REFERENCES files (sha256),
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (record_id, form, seq)
);
COMMENT ON TABLE record_slips IS 'Official slips (Circular 01/2018 and 03/2025 forms) rendered as PDF for a record, one per form and event (seq = the event that called for it); rendering is deterministic, so a slip is the same bytes however often it is made.';

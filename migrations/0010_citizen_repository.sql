-- The citizen's data repository (kho quản lý dữ liệu điện tử của tổ chức, cá nhân; Decree 45/2020 art. 16
-- as amended by Decree 118/2025 art. 40): documents and results kept per person at their request, for reuse.

CREATE TABLE repository_items (
  id                 uuid PRIMARY KEY,
  owner_id           text NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('document', 'result')),
  component          text NOT NULL,
  file_sha256        text NOT NULL REFERENCES files (sha256),
  file_name          text NOT NULL,
  source_record_id   uuid NOT NULL REFERENCES records (id),
  requested_by       text NOT NULL,
  saved_at           timestamptz NOT NULL,
  UNIQUE (owner_id, file_sha256, component)
);
COMMENT ON TABLE repository_items IS 'Documents and results kept for a person (owner_id = personal identification number, or tax code for an organisation) at their request, so later records reuse them instead of asking again (once-only, Decree 45/2020 art. 4).';
CREATE INDEX repository_items_owner_idx ON repository_items (owner_id, saved_at);

-- The procedure catalog (thủ tục hành chính), versioned.

CREATE TABLE procedures (
  id                  uuid PRIMARY KEY,
  code                text NOT NULL UNIQUE,
  current_version_id  uuid,
  created_at          timestamptz NOT NULL
);
COMMENT ON TABLE procedures IS 'One row per national procedure code; the content lives in procedure_versions.';

CREATE TABLE procedure_versions (
  id              uuid PRIMARY KEY,
  procedure_id    uuid NOT NULL REFERENCES procedures (id),
  version         integer NOT NULL CHECK (version >= 1),
  effective_from  date NOT NULL,
  source_hash     text NOT NULL,
  name            text NOT NULL,
  field           text NOT NULL,
  levels          text NOT NULL,
  decision_no     text,
  online_level    text NOT NULL CHECK (online_level IN ('full', 'partial', 'none')),
  cross_boundary  boolean NOT NULL,
  time_value      numeric,
  time_unit       text,
  data            jsonb NOT NULL,
  raw             jsonb NOT NULL,
  search_name     text NOT NULL,
  search_text     text NOT NULL,
  imported_at     timestamptz NOT NULL,
  UNIQUE (procedure_id, version)
);
COMMENT ON TABLE procedure_versions IS 'Structured, versioned content of a procedure; a record keeps the version in force when it was received.';
ALTER TABLE procedures ADD CONSTRAINT procedures_current_version_fk FOREIGN KEY (current_version_id) REFERENCES procedure_versions (id);
CREATE INDEX procedure_versions_field_idx ON procedure_versions (field);

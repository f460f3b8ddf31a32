-- Records (hồ sơ): the event history is the truth; `records` is its projection, written in the same
-- transaction as the events.

CREATE TABLE records (
  id                    uuid PRIMARY KEY,
  code                  text UNIQUE,
  status                text NOT NULL,
  national_status       smallint CHECK (national_status BETWEEN 1 AND 10),
  procedure_code        text NOT NULL,
  procedure_version_id  uuid NOT NULL REFERENCES procedure_versions (id),
  channel               text NOT NULL CHECK (channel IN ('in_person', 'online', 'post')),
  receiving_agency_id   uuid REFERENCES agencies (id),
  competent_agency_id   uuid REFERENCES agencies (id),
  return_point          text,
  applicant_name        text NOT NULL,
  applicant_search      text NOT NULL,
  applicant_personal_id text,
  applicant_phone       text,
  received_at           timestamptz,
  due_at                timestamptz,
  current_step          text,
  current_assignee_id   uuid,
  current_step_due_at   timestamptz,
  deadline_flag         text NOT NULL DEFAULT 'none' CHECK (deadline_flag IN ('none', 'due_soon', 'overdue')),
  step_deadline_flag    text NOT NULL DEFAULT 'none' CHECK (step_deadline_flag IN ('none', 'due_soon', 'overdue')),
  version               integer NOT NULL CHECK (version >= 1),
  state                 jsonb NOT NULL,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL
);
COMMENT ON TABLE records IS 'Projection of record_events: one row per record (hồ sơ), with the columns worklists, search and reports filter on; version is the optimistic-concurrency counter.';
CREATE INDEX records_competent_status_idx ON records (competent_agency_id, status, id);
CREATE INDEX records_receiving_idx ON records (receiving_agency_id, id);
CREATE INDEX records_assignee_idx ON records (current_assignee_id, status, id);
CREATE INDEX records_due_idx ON records (due_at) WHERE status IN ('received', 'in_process', 'awaiting_payment', 'approved');
CREATE INDEX records_flag_idx ON records (deadline_flag, id) WHERE deadline_flag <> 'none';
CREATE INDEX records_step_flag_idx ON records (step_deadline_flag, id) WHERE step_deadline_flag <> 'none';
CREATE INDEX records_personal_id_idx ON records (applicant_personal_id);
CREATE INDEX records_phone_idx ON records (applicant_phone);

CREATE TABLE record_events (
  id           uuid PRIMARY KEY,
  record_id    uuid NOT NULL REFERENCES records (id),
  seq          integer NOT NULL CHECK (seq >= 1),
  type         text NOT NULL,
  payload      jsonb NOT NULL,
  actor_id     uuid,
  agency_id    uuid,
  request_id   text,
  occurred_at  timestamptz NOT NULL,
  UNIQUE (record_id, seq)
);
COMMENT ON TABLE record_events IS 'Append-only history of each record; (record_id, seq) orders it and makes a concurrent second writer fail.';

CREATE TABLE record_code_sequences (
  agency_id  uuid NOT NULL REFERENCES agencies (id),
  day        date NOT NULL,
  last_value integer NOT NULL CHECK (last_value >= 1),
  PRIMARY KEY (agency_id, day)
);
COMMENT ON TABLE record_code_sequences IS 'Per agency and reception day, the last sequence number used in record codes <agency>-YYMMDD-NNNN; allocated inside the receiving transaction.';

CREATE TABLE idempotency_keys (
  scope        text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  status_code  smallint NOT NULL,
  response     jsonb NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
COMMENT ON TABLE idempotency_keys IS 'Outcome of each command sent with an Idempotency-Key, so a retry gets the same answer; written in the command''s transaction.';

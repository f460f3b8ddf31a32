-- Decree 63/2024 electronic inter-agency groups (issue 15): one online submission of a group creates one
-- record per member procedure; the group keeps its own code, appointment and the facts its members need.

CREATE TABLE group_submissions (
  id                   uuid PRIMARY KEY,
  code                 text NOT NULL UNIQUE,
  group_code           text NOT NULL,
  receiving_agency_id  uuid NOT NULL REFERENCES agencies (id),
  applicant_account_id text NOT NULL,
  applicant_name       text NOT NULL,
  applicant_phone      text,
  applicant_personal_id text,
  facts                jsonb NOT NULL,
  routing              jsonb NOT NULL,
  verification         boolean NOT NULL,
  submitted_at         timestamptz NOT NULL,
  start_date           date NOT NULL,
  due_date             date NOT NULL,
  due_at               timestamptz NOT NULL,
  appointment_basis    text NOT NULL CHECK (appointment_basis IN ('group', 'members')),
  after_cutoff         boolean NOT NULL
);
COMMENT ON TABLE group_submissions IS 'One online submission of a Decree 63/2024 group (nhóm TTHC liên thông): its code (the receiving unit''s record-code shape and daily sequence), the group appointment (group limit, 15:00 cut-off) and the facts the member procedures need.';
CREATE INDEX group_submissions_account_idx ON group_submissions (applicant_account_id);

CREATE TABLE group_submission_members (
  group_submission_id  uuid NOT NULL REFERENCES group_submissions (id),
  position             smallint NOT NULL,
  member_key           text NOT NULL,
  procedure_code       text NOT NULL,
  record_id            uuid NOT NULL UNIQUE REFERENCES records (id),
  receiving_agency_id  uuid NOT NULL REFERENCES agencies (id),
  competent_agency_id  uuid NOT NULL REFERENCES agencies (id),
  PRIMARY KEY (group_submission_id, position)
);
COMMENT ON TABLE group_submission_members IS 'The records of a group submission, one per member procedure, with the receiving unit and the competent agency each was routed to at submission.';

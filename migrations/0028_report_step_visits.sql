-- Step performance (issue 15): one row per visit of a step that an agency held for another agency's record
-- (the step's agency is not the record's competent agency), finished or still running, rebuilt from the
-- record by the reports projector. GET /api/reports/step-performance counts them per holding agency.

CREATE TABLE report_step_visits (
  record_id            uuid NOT NULL REFERENCES records (id),
  visit                text NOT NULL,
  step_index           smallint NOT NULL CHECK (step_index >= 0),
  step_key             text NOT NULL,
  agency_id            uuid NOT NULL REFERENCES agencies (id),
  competent_agency_id  uuid NOT NULL REFERENCES agencies (id),
  started_at           timestamptz NOT NULL,
  started_day          date NOT NULL,
  due_at               timestamptz NOT NULL,
  finished_at          timestamptz,
  finished_day         date,
  timing               text CHECK (timing IN ('early', 'on_time', 'late')),
  outcome              text CHECK (outcome IN ('forwarded', 'sent_back', 'decided', 'returned', 'closed')),
  paused               boolean NOT NULL,
  PRIMARY KEY (record_id, visit),
  CHECK ((finished_at IS NULL) = (finished_day IS NULL)),
  CHECK (finished_at IS NOT NULL OR timing IS NULL)
);
COMMENT ON TABLE report_step_visits IS 'One row per visit of a step held by an agency other than the record''s competent agency: visit = the position in the record''s step history, or open:<step index> while the step runs (paused while the applicant owes a supplement or a payment); days in Asia/Ho_Chi_Minh; a record''s rows are replaced whenever the reports projector projects it, so projecting again changes nothing.';
CREATE INDEX report_step_visits_agency_started_idx ON report_step_visits (agency_id, started_day);
CREATE INDEX report_step_visits_agency_finished_idx ON report_step_visits (agency_id, finished_day);

-- Civil status (hộ tịch, issue 16): records of civil-status procedures handed over to the national
-- civil-status software, the results synchronised back from it, and the daily reconciliation runs.

CREATE TABLE civil_status_handovers (
  record_id            uuid PRIMARY KEY REFERENCES records (id),
  record_code          text NOT NULL UNIQUE,
  procedure_code       text NOT NULL,
  message_id           uuid NOT NULL,
  remote_id            text NOT NULL,
  handed_over_at       timestamptz NOT NULL,
  registration_number  text,
  book_number          text,
  registered_on        date,
  signer               text,
  remote_updated_at    timestamptz,
  result_synced_at     timestamptz,
  result_source        text CHECK (result_source IN ('pull', 'reconciliation')),
  CHECK ((registration_number IS NULL) = (result_synced_at IS NULL))
);
COMMENT ON TABLE civil_status_handovers IS 'One row per record handed over to the civil-status software (subscriber civil-status, idempotent by the outbox message id and the record code), with the result synchronised back from it: registration (certificate) number, book number, date and signer; result_source says whether the scheduled pull or the reconciliation brought it.';
CREATE INDEX civil_status_handovers_pending_idx ON civil_status_handovers (handed_over_at) WHERE result_synced_at IS NULL;

CREATE TABLE civil_status_sync (
  id          smallint PRIMARY KEY CHECK (id = 1),
  cursor      timestamptz NOT NULL,
  pulled_at   timestamptz NOT NULL
);
COMMENT ON TABLE civil_status_sync IS 'Where the scheduled pull of civil-status results stopped: the civil-status system''s update time of the last result read (one row).';

CREATE TABLE civil_status_reconciliations (
  id           uuid PRIMARY KEY,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz NOT NULL,
  trigger      text NOT NULL CHECK (trigger IN ('job', 'cli')),
  checked      integer NOT NULL,
  repaired     integer NOT NULL,
  failed       integer NOT NULL,
  differences  jsonb NOT NULL
);
COMMENT ON TABLE civil_status_reconciliations IS 'Daily comparisons of the results on both sides (job or motcua reconcile civil-status): how many records were checked, the differences found (record code, kind, what each side holds) and how many were repaired.';
CREATE INDEX civil_status_reconciliations_started_idx ON civil_status_reconciliations (started_at DESC);

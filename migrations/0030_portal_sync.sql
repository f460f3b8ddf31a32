-- The national public service portal (Cổng DVCQG, issue 16): what Motcua pushed there per record, the
-- records it pulled from there (idempotent by the portal's own id), the pull cursor, and the daily
-- reconciliation runs with their differences.

CREATE TABLE portal_sync (
  record_id    uuid PRIMARY KEY REFERENCES records (id),
  pushed_seq   integer NOT NULL,
  pushed_code  smallint NOT NULL CHECK (pushed_code BETWEEN 1 AND 10),
  pushed_key   text NOT NULL,
  pushed_at    timestamptz NOT NULL,
  portal_code  smallint CHECK (portal_code BETWEEN 1 AND 10),
  portal_seq   integer,
  confirmed_at timestamptz
);
COMMENT ON TABLE portal_sync IS 'Per record, the last national status (1–10) Motcua pushed to the national portal (its record event seq and idempotency key record_id:seq) and the status the portal last confirmed (by answering a push or in a reconciliation). Decision 766 indicator 1.4 counts records whose portal_code is known.';

CREATE TABLE portal_submissions (
  portal_id        text PRIMARY KEY,
  record_id        uuid REFERENCES records (id),
  status           text NOT NULL CHECK (status IN ('accepted', 'rejected')),
  problem          text,
  payload          jsonb NOT NULL,
  pulled_at        timestamptz NOT NULL,
  acknowledged_at  timestamptz,
  CHECK ((status = 'accepted') = (record_id IS NOT NULL)),
  CHECK ((status = 'rejected') = (problem IS NOT NULL))
);
COMMENT ON TABLE portal_submissions IS 'Records submitted on the national portal and pulled into online reception, one row per portal record id (a second pull of it does nothing): accepted with the Motcua record made from it, or rejected with the problem (unknown procedure or agency, invalid applicant data); acknowledged_at once the portal was told, after the commit.';
CREATE INDEX portal_submissions_unacknowledged_idx ON portal_submissions (pulled_at) WHERE acknowledged_at IS NULL;

CREATE TABLE portal_pull_state (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  cursor     text NOT NULL,
  pulled_at  timestamptz NOT NULL
);
COMMENT ON TABLE portal_pull_state IS 'One row: the national portal''s cursor after the last page of submissions pulled and committed.';

CREATE TABLE portal_reconciliation_runs (
  id           uuid PRIMARY KEY,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  scope_date   date,
  compared     integer NOT NULL DEFAULT 0,
  in_sync      integer NOT NULL DEFAULT 0,
  repaired     integer NOT NULL DEFAULT 0,
  unrepaired   integer NOT NULL DEFAULT 0,
  error        text
);
COMMENT ON TABLE portal_reconciliation_runs IS 'One row per comparison of Motcua''s national status of each record with the portal''s (all records, or those changed on scope_date): counts of records compared, in sync, repaired (the status re-sent through the outbox) and left to an operator; error when the run stopped.';

CREATE TABLE portal_reconciliation_differences (
  run_id       uuid NOT NULL REFERENCES portal_reconciliation_runs (id),
  record_id    uuid NOT NULL REFERENCES records (id),
  motcua_code  smallint NOT NULL,
  motcua_seq   integer NOT NULL,
  portal_code  smallint,
  portal_seq   integer,
  kind         text NOT NULL CHECK (kind IN ('missing_on_portal', 'older_on_portal', 'portal_ahead')),
  repaired     boolean NOT NULL,
  PRIMARY KEY (run_id, record_id)
);
COMMENT ON TABLE portal_reconciliation_differences IS 'The records a reconciliation run found different: missing on the portal or older there (repaired: the status re-sent with its original idempotency key) or the portal ahead of Motcua (reported, not repaired).';

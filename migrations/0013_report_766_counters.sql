-- Counters the Decision 766 index reads, dated by the reception day (its ratios divide by the records
-- received in the period), and the instant a record started waiting for a supplement (2.1 then ends its
-- clock at the request). See src/core/reports/counters.ts and docs/REPORTS.md.

ALTER TABLE report_facts ADD COLUMN awaiting_supplement_since timestamptz;

ALTER TABLE report_daily
  ADD COLUMN in_scope21        integer NOT NULL DEFAULT 0,
  ADD COLUMN late_finished21   integer NOT NULL DEFAULT 0,
  ADD COLUMN online766         integer NOT NULL DEFAULT 0,
  ADD COLUMN digitised766      integer NOT NULL DEFAULT 0,
  ADD COLUMN e_result_expected integer NOT NULL DEFAULT 0,
  ADD COLUMN e_result_issued   integer NOT NULL DEFAULT 0;

ALTER TABLE report_monthly
  ADD COLUMN in_scope21        integer NOT NULL DEFAULT 0,
  ADD COLUMN late_finished21   integer NOT NULL DEFAULT 0,
  ADD COLUMN online766         integer NOT NULL DEFAULT 0,
  ADD COLUMN digitised766      integer NOT NULL DEFAULT 0,
  ADD COLUMN e_result_expected integer NOT NULL DEFAULT 0,
  ADD COLUMN e_result_issued   integer NOT NULL DEFAULT 0;

CREATE INDEX report_facts_open_received_idx ON report_facts (received_day) WHERE outcome = 'in_progress';

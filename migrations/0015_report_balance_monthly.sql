-- The balance counters (received, finished, due, due_closed) per month and competent agency only: what was in
-- progress and overdue at the start of a period is summed over all history before it, and without the
-- receiving agency and channel that is a few thousand rows instead of report_agency_monthly's hundred thousand
-- at 500,000 records (bench/reports.ts; docs/adr/0004). Kept by the reports projector with the other counters.

CREATE TABLE report_balance_monthly (
  month                date NOT NULL CHECK (extract(day FROM month) = 1),
  competent_agency_id  uuid NOT NULL,
  received             integer NOT NULL DEFAULT 0,
  finished             integer NOT NULL DEFAULT 0,
  due                  integer NOT NULL DEFAULT 0,
  due_closed           integer NOT NULL DEFAULT 0,
  PRIMARY KEY (month, competent_agency_id)
);
COMMENT ON TABLE report_balance_monthly IS 'The balance counters of report_daily (received, finished, due, due_closed) per calendar month and competent agency, for what was in progress and overdue at the start of a period when it is not filtered or grouped by receiving agency, channel or procedure.';

INSERT INTO report_balance_monthly (month, competent_agency_id, received, finished, due, due_closed)
SELECT date_trunc('month', day)::date, competent_agency_id, sum(received), sum(finished), sum(due), sum(due_closed)
FROM report_daily
GROUP BY 1, 2
HAVING sum(received) <> 0 OR sum(finished) <> 0 OR sum(due) <> 0 OR sum(due_closed) <> 0;

-- The report counters per month without the procedure: all history before a period (what was in progress and
-- overdue at its start) and the whole months of a long period are read from here, not from report_monthly,
-- whose procedure dimension makes it the largest counter table (bench/reports.ts; docs/adr/0004). Kept by
-- the reports projector with report_daily and report_monthly.

CREATE TABLE report_agency_monthly (
  month                date NOT NULL CHECK (extract(day FROM month) = 1),
  competent_agency_id  uuid NOT NULL,
  receiving_agency_id  uuid NOT NULL,
  channel              text NOT NULL,
  received             integer NOT NULL DEFAULT 0,
  refused              integer NOT NULL DEFAULT 0,
  resolved_early       integer NOT NULL DEFAULT 0,
  resolved_on_time     integer NOT NULL DEFAULT 0,
  resolved_late        integer NOT NULL DEFAULT 0,
  rejected             integer NOT NULL DEFAULT 0,
  withdrawn            integer NOT NULL DEFAULT 0,
  stopped              integer NOT NULL DEFAULT 0,
  finished             integer NOT NULL DEFAULT 0,
  due                  integer NOT NULL DEFAULT 0,
  due_closed           integer NOT NULL DEFAULT 0,
  supplements          integer NOT NULL DEFAULT 0,
  returned             integer NOT NULL DEFAULT 0,
  digitised            integer NOT NULL DEFAULT 0,
  reused               integer NOT NULL DEFAULT 0,
  electronic_result    integer NOT NULL DEFAULT 0,
  paper_result         integer NOT NULL DEFAULT 0,
  fee_bearing          integer NOT NULL DEFAULT 0,
  paid_online          integer NOT NULL DEFAULT 0,
  shared               integer NOT NULL DEFAULT 0,
  rated                integer NOT NULL DEFAULT 0,
  disliked             integer NOT NULL DEFAULT 0,
  in_scope21           integer NOT NULL DEFAULT 0,
  late_finished21      integer NOT NULL DEFAULT 0,
  online766            integer NOT NULL DEFAULT 0,
  digitised766         integer NOT NULL DEFAULT 0,
  e_result_expected    integer NOT NULL DEFAULT 0,
  e_result_issued      integer NOT NULL DEFAULT 0,
  PRIMARY KEY (month, competent_agency_id, receiving_agency_id, channel)
);
COMMENT ON TABLE report_agency_monthly IS 'The report_daily counters per calendar month, competent and receiving agency and channel (report_monthly without the procedure), for periods and balances that do not break down by procedure.';

INSERT INTO report_agency_monthly (month, competent_agency_id, receiving_agency_id, channel, received, refused, resolved_early, resolved_on_time, resolved_late, rejected, withdrawn, stopped, finished, due, due_closed, supplements, returned, digitised, reused, electronic_result, paper_result, fee_bearing, paid_online, shared, rated, disliked, in_scope21, late_finished21, online766, digitised766, e_result_expected, e_result_issued)
SELECT date_trunc('month', day)::date, competent_agency_id, receiving_agency_id, channel, sum(received), sum(refused), sum(resolved_early), sum(resolved_on_time), sum(resolved_late), sum(rejected), sum(withdrawn), sum(stopped), sum(finished), sum(due), sum(due_closed), sum(supplements), sum(returned), sum(digitised), sum(reused), sum(electronic_result), sum(paper_result), sum(fee_bearing), sum(paid_online), sum(shared), sum(rated), sum(disliked), sum(in_scope21), sum(late_finished21), sum(online766), sum(digitised766), sum(e_result_expected), sum(e_result_issued)
FROM report_daily
GROUP BY 1, 2, 3, 4;

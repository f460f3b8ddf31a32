-- Two summaries that keep dashboards fast at millions of records (bench/reports.ts;
-- docs/adr/0004), the tables kept by the reports projector with the other counter tables:
--
-- report_competent_monthly: every counter per month and competent agency, the received ones split by channel.
-- A period by agency, by month or in total reads a row per month and agency here (a few thousand for a year of
-- the city) instead of report_agency_monthly's row per month, competent and receiving agency and channel. It
-- holds the balance counters too, so it replaces report_balance_monthly (0015).
--
-- report_procedure_monthly: every counter of the whole city per month and procedure, received by channel. A
-- city-wide breakdown by procedure reads a few hundred rows a month here where report_monthly has tens of
-- thousands (a row per competent and receiving agency, channel and procedure), for the period and for all
-- history before it.

CREATE TABLE report_competent_monthly (
  month                date NOT NULL CHECK (extract(day FROM month) = 1),
  competent_agency_id  uuid NOT NULL,
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
  received_in_person   integer NOT NULL DEFAULT 0,
  received_online      integer NOT NULL DEFAULT 0,
  received_post        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (month, competent_agency_id)
);
COMMENT ON TABLE report_competent_monthly IS 'The report_daily counters per calendar month and competent agency, with received split by channel, for periods and balances that do not break down or filter by receiving agency, channel or procedure.';

INSERT INTO report_competent_monthly (month, competent_agency_id, received, refused, resolved_early, resolved_on_time, resolved_late, rejected, withdrawn, stopped, finished, due, due_closed, supplements, returned, digitised, reused, electronic_result, paper_result, fee_bearing, paid_online, shared, rated, disliked, in_scope21, late_finished21, online766, digitised766, e_result_expected, e_result_issued, received_in_person, received_online, received_post)
SELECT month, competent_agency_id, sum(received), sum(refused), sum(resolved_early), sum(resolved_on_time), sum(resolved_late), sum(rejected), sum(withdrawn), sum(stopped), sum(finished), sum(due), sum(due_closed), sum(supplements), sum(returned), sum(digitised), sum(reused), sum(electronic_result), sum(paper_result), sum(fee_bearing), sum(paid_online), sum(shared), sum(rated), sum(disliked), sum(in_scope21), sum(late_finished21), sum(online766), sum(digitised766), sum(e_result_expected), sum(e_result_issued), coalesce(sum(received) FILTER (WHERE channel = 'in_person'), 0), coalesce(sum(received) FILTER (WHERE channel = 'online'), 0), coalesce(sum(received) FILTER (WHERE channel = 'post'), 0)
FROM report_agency_monthly
GROUP BY 1, 2;

DROP TABLE report_balance_monthly;

CREATE TABLE report_procedure_monthly (
  month                date NOT NULL CHECK (extract(day FROM month) = 1),
  procedure_code       text NOT NULL,
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
  received_in_person   integer NOT NULL DEFAULT 0,
  received_online      integer NOT NULL DEFAULT 0,
  received_post        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (month, procedure_code)
);
COMMENT ON TABLE report_procedure_monthly IS 'The report_monthly counters of the whole city per calendar month and procedure, with received split by channel, for city-wide breakdowns by procedure or field.';

INSERT INTO report_procedure_monthly (month, procedure_code, received, refused, resolved_early, resolved_on_time, resolved_late, rejected, withdrawn, stopped, finished, due, due_closed, supplements, returned, digitised, reused, electronic_result, paper_result, fee_bearing, paid_online, shared, rated, disliked, in_scope21, late_finished21, online766, digitised766, e_result_expected, e_result_issued, received_in_person, received_online, received_post)
SELECT month, procedure_code, sum(received), sum(refused), sum(resolved_early), sum(resolved_on_time), sum(resolved_late), sum(rejected), sum(withdrawn), sum(stopped), sum(finished), sum(due), sum(due_closed), sum(supplements), sum(returned), sum(digitised), sum(reused), sum(electronic_result), sum(paper_result), sum(fee_bearing), sum(paid_online), sum(shared), sum(rated), sum(disliked), sum(in_scope21), sum(late_finished21), sum(online766), sum(digitised766), sum(e_result_expected), sum(e_result_issued), coalesce(sum(received) FILTER (WHERE channel = 'in_person'), 0), coalesce(sum(received) FILTER (WHERE channel = 'online'), 0), coalesce(sum(received) FILTER (WHERE channel = 'post'), 0)
FROM report_monthly
GROUP BY 1, 2;

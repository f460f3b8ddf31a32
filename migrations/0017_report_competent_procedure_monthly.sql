-- Faster Decision 766 and per-commune procedure dashboards at millions of records (bench/reports.ts):
--
-- report_competent_procedure_monthly: every counter per month, competent agency and procedure, received by
-- channel. A commune's or an agency's breakdown by procedure reads its own few hundred rows a month here
-- (and the months before its period) where report_monthly also splits them by receiving agency and channel.
-- Kept by the reports projector with the other counter tables.
--
-- procedure_versions.complete_766 and fee_bearing: what Decision 766 counts of the catalogue (1.3 complete
-- procedures, 3.5 fee-bearing ones), computed once per version when it is stored instead of from its JSON on
-- every index request. The expressions are the ones catalog.store's procedureCounts766 used.
--
-- report_facts: the open records' index carries the columns indicator 2.1 reads, so counting the records
-- already late reads the index only.

CREATE TABLE report_competent_procedure_monthly (
  competent_agency_id  uuid NOT NULL,
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
  PRIMARY KEY (competent_agency_id, month, procedure_code)
);
COMMENT ON TABLE report_competent_procedure_monthly IS 'The report_monthly counters per competent agency, calendar month and procedure, with received split by channel, for one commune''s or agency''s breakdowns by procedure or field.';

INSERT INTO report_competent_procedure_monthly (competent_agency_id, month, procedure_code, received, refused, resolved_early, resolved_on_time, resolved_late, rejected, withdrawn, stopped, finished, due, due_closed, supplements, returned, digitised, reused, electronic_result, paper_result, fee_bearing, paid_online, shared, rated, disliked, in_scope21, late_finished21, online766, digitised766, e_result_expected, e_result_issued, received_in_person, received_online, received_post)
SELECT competent_agency_id, month, procedure_code, sum(received), sum(refused), sum(resolved_early), sum(resolved_on_time), sum(resolved_late), sum(rejected), sum(withdrawn), sum(stopped), sum(finished), sum(due), sum(due_closed), sum(supplements), sum(returned), sum(digitised), sum(reused), sum(electronic_result), sum(paper_result), sum(fee_bearing), sum(paid_online), sum(shared), sum(rated), sum(disliked), sum(in_scope21), sum(late_finished21), sum(online766), sum(digitised766), sum(e_result_expected), sum(e_result_issued), coalesce(sum(received) FILTER (WHERE channel = 'in_person'), 0), coalesce(sum(received) FILTER (WHERE channel = 'online'), 0), coalesce(sum(received) FILTER (WHERE channel = 'post'), 0)
FROM report_monthly
GROUP BY 1, 2, 3;

CREATE FUNCTION motcua_fee_bearing(data jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_typeof(data->'fees') = 'array' AND EXISTS (
    SELECT 1 FROM jsonb_array_elements(data->'fees') f
    WHERE coalesce((f->>'amountVnd')::numeric, (f->>'amount')::numeric, 0) > 0), false)
$$;

ALTER TABLE procedure_versions
  ADD COLUMN complete_766 boolean GENERATED ALWAYS AS (
    name <> ''
    AND coalesce(jsonb_array_length(data->'steps') > 0, false)
    AND coalesce(jsonb_array_length(data->'channels') > 0, false)
    AND coalesce(jsonb_array_length(data->'documents') > 0, false)
    AND time_value IS NOT NULL
    AND coalesce(jsonb_array_length(data->'subjects') > 0, false)
    AND coalesce(data->>'implementingAgencyText', data->>'competentAgencyText') IS NOT NULL
  ) STORED,
  ADD COLUMN fee_bearing boolean GENERATED ALWAYS AS (motcua_fee_bearing(data)) STORED;

DROP INDEX report_facts_open_received_idx;
CREATE INDEX report_facts_open_received_idx ON report_facts (received_day)
  INCLUDE (competent_agency_id, paused_due_at, supplement_requests, awaiting_supplement_since)
  WHERE outcome = 'in_progress';

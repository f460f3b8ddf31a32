-- "In progress, overdue" stops the clock while the applicant owes a supplement (src/core/reports/counters.ts):
-- a record waiting for one no longer counts as due on its due day unless it was already late when the
-- supplement was asked. The counters of records waiting now were kept by the earlier rule, so their "due" is
-- taken back here from every counter table; the projector's next change of such a record then moves the
-- counters from the new rule's contributions, as for any other record.

CREATE TEMPORARY TABLE stale_due ON COMMIT DROP AS
SELECT competent_agency_id, receiving_agency_id, channel, procedure_code, due_day,
       date_trunc('month', due_day)::date AS month, count(*)::integer AS n
FROM report_facts
WHERE outcome = 'in_progress'
  AND received_day IS NOT NULL
  AND awaiting_supplement_since IS NOT NULL
  AND supplement_day IS NOT NULL
  AND due_day IS NOT NULL
  AND supplement_day <= due_day
GROUP BY 1, 2, 3, 4, 5, 6;

UPDATE report_daily t SET due = t.due - s.n
FROM (SELECT due_day, competent_agency_id, receiving_agency_id, channel, sum(n) AS n FROM stale_due GROUP BY 1, 2, 3, 4) s
WHERE t.day = s.due_day AND t.competent_agency_id = s.competent_agency_id
  AND t.receiving_agency_id = s.receiving_agency_id AND t.channel = s.channel;

UPDATE report_monthly t SET due = t.due - s.n
FROM (SELECT month, competent_agency_id, receiving_agency_id, channel, procedure_code, sum(n) AS n FROM stale_due GROUP BY 1, 2, 3, 4, 5) s
WHERE t.month = s.month AND t.competent_agency_id = s.competent_agency_id
  AND t.receiving_agency_id = s.receiving_agency_id AND t.channel = s.channel AND t.procedure_code = s.procedure_code;

UPDATE report_agency_monthly t SET due = t.due - s.n
FROM (SELECT month, competent_agency_id, receiving_agency_id, channel, sum(n) AS n FROM stale_due GROUP BY 1, 2, 3, 4) s
WHERE t.month = s.month AND t.competent_agency_id = s.competent_agency_id
  AND t.receiving_agency_id = s.receiving_agency_id AND t.channel = s.channel;

UPDATE report_competent_monthly t SET due = t.due - s.n
FROM (SELECT month, competent_agency_id, sum(n) AS n FROM stale_due GROUP BY 1, 2) s
WHERE t.month = s.month AND t.competent_agency_id = s.competent_agency_id;

UPDATE report_procedure_monthly t SET due = t.due - s.n
FROM (SELECT month, procedure_code, sum(n) AS n FROM stale_due GROUP BY 1, 2) s
WHERE t.month = s.month AND t.procedure_code = s.procedure_code;

UPDATE report_competent_procedure_monthly t SET due = t.due - s.n
FROM (SELECT competent_agency_id, month, procedure_code, sum(n) AS n FROM stale_due GROUP BY 1, 2, 3) s
WHERE t.competent_agency_id = s.competent_agency_id AND t.month = s.month AND t.procedure_code = s.procedure_code;

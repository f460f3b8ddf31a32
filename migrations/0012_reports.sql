-- Reports: one fact row per record as reports see it, and counters summed per day and per month, all
-- maintained from the record events by the reports projector (an outbox handler; docs/adr/0004).

CREATE TABLE report_facts (
  record_id            uuid PRIMARY KEY REFERENCES records (id),
  code                 text,
  competent_agency_id  uuid NOT NULL REFERENCES agencies (id),
  receiving_agency_id  uuid NOT NULL REFERENCES agencies (id),
  procedure_code       text NOT NULL,
  channel              text NOT NULL CHECK (channel IN ('in_person', 'online', 'post')),
  outcome              text NOT NULL CHECK (outcome IN ('not_received', 'in_progress', 'resolved', 'rejected', 'withdrawn', 'stopped')),
  received_at          timestamptz,
  received_day         date,
  paused_due_at        timestamptz,
  due_day              date,
  finished_at          timestamptz,
  finished_day         date,
  timing               text CHECK (timing IN ('early', 'on_time', 'late')),
  refused_day          date,
  supplement_requests  smallint NOT NULL CHECK (supplement_requests >= 0),
  supplement_day       date,
  returned_day         date,
  handler_id           uuid,
  cross_boundary       boolean NOT NULL,
  digitised            boolean NOT NULL,
  reused               boolean NOT NULL,
  electronic_result    boolean NOT NULL,
  paper_result         boolean NOT NULL,
  fee_bearing          boolean NOT NULL,
  paid_online          boolean NOT NULL,
  shared               boolean NOT NULL,
  rating               smallint CHECK (rating BETWEEN 1 AND 5),
  updated_at           timestamptz NOT NULL,
  CHECK ((received_at IS NULL) = (received_day IS NULL)),
  CHECK ((finished_at IS NULL) = (finished_day IS NULL))
);
COMMENT ON TABLE report_facts IS 'One row per record past its draft, as reports count it: counted once by its competent agency (the receiving agency when it was never received), days in Asia/Ho_Chi_Minh, paused_due_at the deadline with supplement time subtracted (Decision 766 index 2.1); rebuilt from the record by the reports projector.';
CREATE INDEX report_facts_competent_received_idx ON report_facts (competent_agency_id, received_day);
CREATE INDEX report_facts_receiving_received_idx ON report_facts (receiving_agency_id, received_day);
CREATE INDEX report_facts_competent_finished_idx ON report_facts (competent_agency_id, finished_day);
CREATE INDEX report_facts_open_idx ON report_facts (competent_agency_id, paused_due_at) WHERE outcome = 'in_progress';

-- The counters of one (period, competent agency, receiving agency, channel, procedure). Each counter is
-- dated by the day its event happened (see docs/REPORTS.md): received on the reception day, resolved on
-- the finishing day, due on the 766 due day, due_closed on the later of the due and finishing days, so
-- that "in progress and overdue at the end of a period" is due − due_closed summed up to that day.
CREATE TABLE report_daily (
  day                  date NOT NULL,
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
  PRIMARY KEY (day, competent_agency_id, receiving_agency_id, channel)
);
COMMENT ON TABLE report_daily IS 'Report counters per day, competent agency, receiving agency and channel, kept equal to sums over report_facts by the reports projector.';
CREATE INDEX report_daily_competent_idx ON report_daily (competent_agency_id, day);

CREATE TABLE report_monthly (
  month                date NOT NULL CHECK (extract(day FROM month) = 1),
  competent_agency_id  uuid NOT NULL,
  receiving_agency_id  uuid NOT NULL,
  channel              text NOT NULL,
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
  PRIMARY KEY (month, competent_agency_id, receiving_agency_id, channel, procedure_code)
);
COMMENT ON TABLE report_monthly IS 'The report_daily counters per calendar month, with the procedure as a further dimension (procedure and field breakdowns are by whole months).';
CREATE INDEX report_monthly_competent_idx ON report_monthly (competent_agency_id, month);

-- The working calendar's editable table: official days off and make-up working days per year.

CREATE TABLE holidays (
  id           uuid PRIMARY KEY,
  day          date NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('day_off', 'working_day')),
  occasion     text NOT NULL,
  source_note  text NOT NULL,
  status       text NOT NULL,
  origin       text NOT NULL CHECK (origin IN ('seed', 'admin')),
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  UNIQUE (day)
);
COMMENT ON TABLE holidays IS 'Days off and make-up working Saturdays for state agencies; seeded from data/vn-holidays, edited by administrators (the admin table wins).';

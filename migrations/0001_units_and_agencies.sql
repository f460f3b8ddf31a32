-- Administrative units (before and after the 1 July 2025 reform) and the agencies that work in them.

CREATE TABLE admin_units (
  key          text PRIMARY KEY,
  code         text NOT NULL,
  generation   text NOT NULL CHECK (generation IN ('pre2025', '2025')),
  name         text NOT NULL,
  full_name    text NOT NULL,
  name_en      text,
  kind         text NOT NULL,
  level        smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
  parent_key   text REFERENCES admin_units (key),
  valid_from   date,
  valid_to     date,
  search_text  text NOT NULL,
  UNIQUE (generation, code),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to)
);
COMMENT ON TABLE admin_units IS 'Provinces, districts and communes with validity dates; key = generation:code (codes repeat across generations).';
CREATE INDEX admin_units_parent_idx ON admin_units (parent_key);

CREATE TABLE unit_successions (
  from_key    text NOT NULL REFERENCES admin_units (key),
  to_key      text NOT NULL REFERENCES admin_units (key),
  share       text NOT NULL CHECK (share IN ('full', 'partial', 'remainder')),
  source      text NOT NULL,
  confidence  text NOT NULL CHECK (confidence IN ('authoritative', 'low')),
  note        text,
  PRIMARY KEY (from_key, to_key)
);
COMMENT ON TABLE unit_successions IS 'Old unit -> new unit links of the 2025 merger (Can Tho from Resolution 1668: authoritative; elsewhere the national mapping: low confidence).';
CREATE INDEX unit_successions_to_idx ON unit_successions (to_key);

CREATE TABLE agencies (
  id            uuid PRIMARY KEY,
  key           text NOT NULL UNIQUE,
  code          text NOT NULL UNIQUE,
  name          text NOT NULL,
  short_name    text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('peoples_committee', 'service_center', 'reception_point', 'department', 'one_stop')),
  level         text NOT NULL CHECK (level IN ('city', 'commune')),
  unit_key      text NOT NULL REFERENCES admin_units (key),
  parent_id     uuid REFERENCES agencies (id),
  can_receive   boolean NOT NULL DEFAULT false,
  working_hours jsonb,
  valid_from    date,
  valid_to      date,
  search_text   text NOT NULL
);
COMMENT ON TABLE agencies IS 'Agencies (People''s Committees, departments, service centers, one-stop units, reception points); code = electronic identifier code (Can Tho H13...).';
CREATE INDEX agencies_unit_idx ON agencies (unit_key);
CREATE INDEX agencies_parent_idx ON agencies (parent_id);

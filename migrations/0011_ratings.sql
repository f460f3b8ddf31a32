-- The applicant's rating of how their record was handled, given once after the result is returned.

CREATE TABLE record_ratings (
  record_id   uuid PRIMARY KEY REFERENCES records (id),
  score       integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment     text CHECK (char_length(comment) <= 2000),
  rated_at    timestamptz NOT NULL
);
COMMENT ON TABLE record_ratings IS 'One rating per record (1–5 and an optional comment) by its applicant after the result was returned; feeds the satisfaction indicators of Decision 766.';

-- What a database is for: `motcua simulate` writes made-up history and runs only on a database marked as a
-- demo or a benchmark (by the demo seed or `motcua mark-database demo|bench`), never on a production one.

CREATE TABLE database_mark (
  only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  purpose    text NOT NULL CHECK (purpose IN ('demo', 'bench')),
  marked_at  timestamptz NOT NULL
);
COMMENT ON TABLE database_mark IS 'At most one row: the database is a demo or benchmark copy (simulations allowed); no row = production.';

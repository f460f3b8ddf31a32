-- Procedure administration (issue 14 item 7 and 5): local edits as versions, and the city's published list
-- of procedures received regardless of administrative boundaries.

-- Every version says where it came from; an edited version carries its edit (who, when, deciding document,
-- effective date, fields) and every version carries the local changes in force on top of the catalogue text
-- (a re-import applies them again instead of overwriting them).
ALTER TABLE procedure_versions
  ADD COLUMN origin text NOT NULL DEFAULT 'import'
    CHECK (origin IN ('import', 'edit', 'bulk_edit', 'cross_boundary_list')),
  ADD COLUMN edit jsonb,
  ADD COLUMN local_changes jsonb;
COMMENT ON COLUMN procedure_versions.origin IS 'import: the national catalogue text; edit, bulk_edit, cross_boundary_list: a local edit by the city administrator.';
COMMENT ON COLUMN procedure_versions.edit IS 'The local edit this version made: fields, changes, decisionNo, effectiveFrom, by, at (null for an import).';
COMMENT ON COLUMN procedure_versions.local_changes IS 'Every local change in force in this version (the change sets merged), re-applied on a re-import.';

-- The version in force is the newest one whose effective date has come (procedures.current_version_id,
-- switched when a version is created and by the catalog-versions job).
CREATE INDEX procedure_versions_procedure_effective_idx ON procedure_versions (procedure_id, effective_from, version);

CREATE TABLE cross_boundary_lists (
  id              uuid PRIMARY KEY,
  decision_no     text NOT NULL,
  effective_from  date NOT NULL,
  file_name       text NOT NULL,
  uploaded_by     uuid NOT NULL REFERENCES users (id),
  uploaded_at     timestamptz NOT NULL,
  item_count      integer NOT NULL
);
COMMENT ON TABLE cross_boundary_lists IS 'Lists of procedures received at every one-stop counter of the city (Decree 118/2025 art. 14), as published by the city with their decision.';

CREATE TABLE cross_boundary_list_items (
  list_id  uuid NOT NULL REFERENCES cross_boundary_lists (id),
  row_no   integer NOT NULL,
  code     text NOT NULL,
  name     text,
  notes    text,
  PRIMARY KEY (list_id, row_no)
);
COMMENT ON TABLE cross_boundary_list_items IS 'The rows of a cross-boundary list: the sheet row, the procedure code, and the name and notes as published.';

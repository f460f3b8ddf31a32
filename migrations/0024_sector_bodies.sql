-- The agencies a city really has (issue 14 #1): sector bodies derived from the catalogue's competent and
-- implementing agency texts (commune police, the city police and its units, tax, social insurance, the land
-- registration office and its branches, customs, State Bank, treasury, civil judgment enforcement, …; see
-- src/core/units/sector-bodies.ts and docs/AGENCIES.md).
ALTER TABLE agencies DROP CONSTRAINT agencies_kind_check;
ALTER TABLE agencies ADD CONSTRAINT agencies_kind_check
  CHECK (kind IN ('peoples_committee', 'service_center', 'reception_point', 'department', 'one_stop', 'sector_body'));
ALTER TABLE agencies ADD COLUMN sector text CHECK (sector IN ('police', 'tax', 'social_insurance',
  'land_registration', 'customs', 'state_bank', 'treasury', 'judgment_enforcement', 'other'));
ALTER TABLE agencies ADD CONSTRAINT agencies_sector_of_sector_body CHECK ((kind = 'sector_body') = (sector IS NOT NULL));
ALTER TABLE agencies ADD COLUMN serves_unit_codes jsonb CHECK (serves_unit_codes IS NULL OR jsonb_typeof(serves_unit_codes) = 'array');
ALTER TABLE agencies ADD COLUMN at_one_stop_centre boolean NOT NULL DEFAULT false;
ALTER TABLE agencies ADD COLUMN source text;
COMMENT ON COLUMN agencies.sector IS 'Sector of a sector_body (police, tax, social_insurance, land_registration, customs, state_bank, treasury, judgment_enforcement, other); null for other kinds.';
COMMENT ON COLUMN agencies.serves_unit_codes IS 'JSON array of the 2025 commune codes the agency serves; null = service area open (the administrator sets it).';
COMMENT ON COLUMN agencies.at_one_stop_centre IS 'Has a counter at the one-stop centres (police, tax, social insurance in Can Tho).';
COMMENT ON COLUMN agencies.source IS 'What the agency was derived from: the catalogue phrasing(s) and how many procedures name it; null when configured.';
CREATE INDEX agencies_sector_idx ON agencies (sector) WHERE sector IS NOT NULL;
-- Agencies seeded before this migration: a commune body serves its commune, a city body the whole city (as
-- the seed now writes them); the sector bodies themselves are added by the next `motcua seed` / start.
UPDATE agencies SET serves_unit_codes = jsonb_build_array(split_part(unit_key, ':', 2)) WHERE level = 'commune';
UPDATE agencies a SET serves_unit_codes = (
  SELECT coalesce(jsonb_agg(u.code ORDER BY u.code), '[]'::jsonb)
  FROM admin_units u
  WHERE u.generation = '2025' AND u.level = 2 AND u.parent_key = coalesce(
    (SELECT w.parent_key FROM admin_units w WHERE w.key = a.unit_key AND w.level = 2), a.unit_key)
) WHERE a.level = 'city';

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

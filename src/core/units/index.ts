/**
 * Administrative units and Can Tho's agencies, as pure transforms of the parsed files in
 * `data/vn-admin-units-2025`, `data/vn-admin-units-pre2025` and `data/vn-admin-mapping-2025` (the caller
 * reads the files). Units of both generations are keyed `${generation}:${code}` because GSO codes repeat
 * across the 1 July 2025 reform.
 *
 * - {@link unitsFrom2025}, {@link unitsPre2025}: the units of each generation.
 * - {@link successorLinks}, {@link resolveUnit}: which new unit(s) an old unit became; Can Tho from
 *   Resolution 1668/NQ-UBTVQH15 (authoritative), elsewhere the national mapping (low confidence).
 * - {@link unitChanges}: later renames and type changes (Đồng Nai, 30/4/2026).
 * - {@link canThoAgencies}: Can Tho's People's Committees, departments, TTPVHCC and one-stop units with
 *   electronic identifier codes ({@link agencyCode}).
 * - {@link canThoSectorBodies}: the sector bodies (police, tax, social insurance, land registration, …) the
 *   catalogue names, with their sector, service area (or open) and source.
 *
 * Errors: unit.not_found, system.internal (DomainError); ZodError for malformed input files.
 */
export {
  Agency,
  type AgencyCodeScheme,
  AgencyKind,
  AgencyLevel,
  AgencySector,
  agencyCode,
  CAN_THO_AGENCY_CODES,
  CAN_THO_CITY_BODIES,
  CAN_THO_SERVICE_CENTER,
  type CanThoAgencyOptions,
  type CityBody,
  canThoAgencies,
  type ReceptionPoint,
} from './agencies.ts';
export {
  CAN_THO_SECTOR_BODIES,
  type CatalogueAgencyText,
  COMMUNE_POLICE_NAMES,
  canThoSectorBodies,
  type SectorBodyOptions,
  type SectorBodyTemplate,
  sectorTemplateOf,
} from './sector-bodies.ts';
export {
  CanThoMappingRow,
  DVHCVN_CODES_NOT_IN_GSO,
  GSO_RECODED_2025,
  NationalMergesJson,
  NationalSplitsJson,
  parseCanThoMapping,
  type ResolvedUnit,
  resolveUnit,
  SuccessionConfidence,
  SuccessionShare,
  SuccessionSource,
  SuccessorLink,
  type SuccessorLinkOptions,
  successorLinks,
} from './successor-links.ts';
export { tonePlacementKey } from './tone-placement-key.ts';
export { DONG_NAI_2026_VALID_FROM, type UnitChange, unitChanges } from './unit-changes.ts';
export {
  AdminUnit,
  UNITS_2025_VALID_FROM,
  UNITS_PRE2025_VALID_TO,
  UnitGeneration,
  UnitKind,
  Units2025Json,
  UnitsPre2025Json,
  unitKey,
  unitsFrom2025,
  unitsPre2025,
} from './units.ts';

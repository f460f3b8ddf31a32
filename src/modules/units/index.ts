/**
 * Units: administrative units of both generations with successor links, and the agencies working in them.
 * Errors: unit.not_found, agency.not_found.
 */
export {
  CATALOGUE_FILE,
  importSectorBodies,
  importUnitsAndAgencies,
  readCatalogueAgencyTexts,
  type UnitsImportReport,
} from './units.import.ts';
export { unitsRoutes } from './units.routes.ts';
export type { AdminUnitRow, AgencyRow } from './units.service.ts';
export {
  agenciesOnSystem,
  agencyContactPhones,
  agencyNames,
  agencyScope,
  getAgency,
  getAgencyByCode,
  getAgencyWorkingHours,
  getManagedAgency,
  getUnit,
  isCityLevelAgency,
  requireCityAdministration,
  resolveUnit,
  searchAgencies,
  searchUnits,
  setAgencyContactPhone,
  setAgencyServiceArea,
  setAgencyWorkingHours,
} from './units.service.ts';

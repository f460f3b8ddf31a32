/** Seed: first-run data (real units, agencies, holidays, catalog) and the embedded demo's accounts. */

export {
  DEMO_BANK,
  DEMO_GROUP_PROCEDURE,
  DEMO_LAND_PROCEDURE,
  DEMO_SOCIAL_INSURANCE_AREA_OFFICE,
  demoAccountNumber,
} from './demo-processes.ts';
export {
  DEMO_ACCOUNTS,
  DEMO_DELEGATION,
  DEMO_PASSWORD,
  importCatalogCommand,
  seedDemoAccounts,
  seedIfEmpty,
  seedReferenceData,
} from './seed.service.ts';

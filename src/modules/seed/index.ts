/** Seed: first-run data (real units, agencies, holidays, catalog) and the embedded demo's accounts. */

export { DEMO_LAND_PROCEDURE } from './demo-processes.ts';
export {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  importCatalogCommand,
  seedDemoAccounts,
  seedIfEmpty,
  seedReferenceData,
} from './seed.service.ts';

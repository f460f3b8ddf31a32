/** Seed: first-run data (real units, agencies, holidays, catalog) and the embedded demo's accounts. */
export {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  importCatalogCommand,
  seedDemoAccounts,
  seedIfEmpty,
  seedReferenceData,
} from './seed.service.ts';

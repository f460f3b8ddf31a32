/**
 * Catalog: versioned procedures imported from the national catalog; ranked search; one procedure with its
 * documents, fees and default internal process. Errors: procedure.not_found.
 */
export { type CatalogImportReport, headlineTime, importCatalog } from './catalog.import.ts';
export { catalogRoutes } from './catalog.routes.ts';
export {
  countOnlineServices,
  countProcedures,
  getCurrentVersionId,
  getProcedure,
  getProcedureFacts,
  procedureCounts766,
  procedureHeadings,
  procedureVersionNames,
  searchCatalog,
} from './catalog.service.ts';
export { readinessRoutes } from './readiness.routes.ts';
export {
  assertReceivableOnline,
  catalogueReadiness,
  listReadiness,
  procedureReceivability,
  type ReadinessItem,
  readinessReportText,
  readinessSummary,
  summarize as summarizeReadiness,
} from './readiness.service.ts';

/**
 * Catalog: versioned procedures imported from the national catalog; ranked search; one procedure with its
 * documents, fees and default internal process; administration: local edits as versions with an effective date
 * and deciding document, bulk edits, the city's cross-boundary list. Errors: procedure.not_found,
 * catalog.edit_refused, catalog.bulk_edit_refused, catalog.bulk_edit_empty, catalog.cross_boundary_list_invalid.
 */

export { catalogAdminRoutes } from './catalog.admin.routes.ts';
export {
  activateDueVersions,
  assertVersionInForce,
  bulkEdit,
  createProcedureVersion,
  getProcedureVersion,
  listProcedureVersions,
} from './catalog.admin.ts';
export { importCrossBoundaryList, listCrossBoundaryLists, readListFile } from './catalog.cross-boundary.ts';
export { type CatalogImportReport, headlineTime, importCatalog } from './catalog.import.ts';
export { catalogRoutes } from './catalog.routes.ts';
export {
  countFeeBearing,
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

/**
 * Reports: per-record facts and daily/monthly counters maintained from the record events by an outbox
 * projector; statistics by agency, field, procedure, officer and period; the Decision 766 index.
 * Errors: report.period_invalid, report.period_not_months, report.officer_needs_agency, unit.not_found.
 */

export { type CrossBoundaryRow, crossBoundaryReport } from './cross-boundary.service.ts';
export { index766, recordsCostingPoints } from './index766.service.ts';
export { paymentsReportRoutes } from './payments-report.routes.ts';
export { projectRecord, reportFact, reportsHandler } from './reports.projector.ts';
export { reportsRoutes } from './reports.routes.ts';
export { DEFAULT_PLAN, type SimulationPlan, simulate, simulateCommand } from './simulate.ts';
export { type ReportScope, type StatisticsRow, statistics } from './statistics.service.ts';
export {
  type StepPerformanceRow,
  saveStepVisits,
  stepPerformanceReport,
} from './step-performance.service.ts';

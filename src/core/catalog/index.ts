/**
 * The procedure catalog as pure transforms of the published National Public Service Portal data
 * (`data/vn-tthc-catalog`, read by the caller).
 *
 * - {@link RawProcedure}: one JSONL line; {@link parseProcedure}: its {@link ProcedureDraft} and a report
 *   of what was structured and what was kept as raw text (never dropped).
 * - {@link classifyDocuments}: a checklist's rows as documents the applicant hands in or notes (guidance),
 *   with alternative groups and cases; {@link documentsOnly} is what forms, counters and receipts list.
 * - {@link defaultProcess}: a default internal process whose step budgets sum to the legal limit.
 * - {@link validateProcess}: the open process model's rules (steps, joins, critical path = the legal limit,
 *   agency rules); {@link processTemplates}: the common shapes; process-graph.ts: the step graph by index.
 * - {@link summarizeImport}: per-field counts for the import report.
 *
 * Nothing here throws on catalog text; `RawProcedure.parse` throws ZodError on a line that is not a
 * procedure object.
 */
export { checklistNotes, classifyDocuments, documentsOnly } from './classify-documents.ts';
export {
  type CompetenceFacts,
  inferCompetentAgencyRule,
} from './competent-agency-rule.ts';
export {
  defaultProcess,
  limitToWorkingHours,
  SAME_DAY_WORKING_HOURS,
  splitQuarterHours,
  usableProcess,
  WORKING_HOURS_PER_DAY,
} from './default-process.ts';
export { type ParseOptions, type ProcedureOverride, parseProcedure } from './parse-procedure.ts';
export {
  ChannelKind,
  ChecklistRowKind,
  CompetentAgencyRule,
  CopyKind,
  DOCUMENT_NAME_MAX,
  FeeLine,
  ParseReport,
  PROCEDURE_FIELDS,
  ProcedureChannel,
  ProcedureDocument,
  ProcedureDraft,
  ProcedureField,
  ProcedureLevel,
  TimeLimit,
  TimeUnit,
} from './procedure-draft.ts';
export {
  type NormalizedStep,
  normalizeProcess,
  ProcessRole,
  ProcessStep,
  StepAgencyRule,
  StepKey,
  StepKind,
} from './process.ts';
export {
  isJoin,
  isSplit,
  predecessors,
  stepsStartedBy,
  successors,
  topologicalOrder,
} from './process-graph.ts';
export {
  PROCESS_TEMPLATE_KEYS,
  type ProcessTemplate,
  type ProcessTemplateKey,
  processTemplate,
  processTemplates,
} from './process-templates.ts';
export {
  criticalPath,
  limitInWorkingHours,
  type ProcessIssue,
  type ProcessRuleFailure,
  structuralIssues,
  type ValidateProcessOptions,
  validateProcess,
} from './process-validate.ts';
export { RawChannel, RawProcedure } from './raw-procedure.ts';
export {
  type ChannelReadiness,
  createReadinessMemo,
  describeReadinessReason,
  type ProcedureReadiness,
  procedureReadiness,
  READINESS_CHANNELS,
  READINESS_REASON_CODES,
  type ReadinessCommune,
  type ReadinessFacts,
  type ReadinessMemo,
  type ReadinessReason,
  type ReadinessReasonCode,
  type RoutingFactKey,
  routingFactsFor,
  timeLimitsOf,
} from './readiness.ts';
export {
  type CatalogQuery,
  MAX_SEARCH_CONCEPTS,
  parseCatalogQuery,
  rankPenalty,
  type SearchConcept,
  type SearchPenalty,
} from './search-query.ts';
export {
  SEARCH_MODIFIERS,
  SEARCH_SYNONYMS,
  type SearchModifier,
  type SearchSynonym,
} from './search-synonyms.ts';
export { type FieldCounts, summarizeImport } from './summarize-import.ts';

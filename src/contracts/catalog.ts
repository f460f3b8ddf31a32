/**
 * Response contract of the catalog module: the public catalogue, its administration (versions, edits, bulk
 * edits, cross-boundary lists), the process designer and catalogue readiness. Only zod and the pure core
 * schemas: the web app imports these types (type-only), so a renamed field fails its typecheck too.
 */
import { z } from 'zod';
import { ChannelKind, ProcedureDocument, ProcedureDraft } from '../core/catalog/procedure-draft.ts';
import { ChangeSet, FeeLineEdit } from '../core/catalog/procedure-edit.ts';
import { ProcessStep, StepAgencyRule } from '../core/catalog/process.ts';
import { READINESS_CHANNELS, READINESS_REASON_CODES } from '../core/catalog/readiness.ts';

/** One value a message interpolates: text, a number, a flag, nothing (a cell with no text), or codes. */
export const MessageParam = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string()).describe('codes or keys: communes, the steps of a critical path'),
  z
    .array(z.object({ unitCode: z.string(), reason: z.string() }))
    .describe('communes where an agency rule names no agency, and why'),
]);

/**
 * The values a message (issue, warning, reason) interpolates, by name: what a translation fills in. Which
 * names a code carries is the code's (docs/CATALOG.md, docs/PROCESSES.md); a value is one of
 * {@link MessageParam}, and a name may be present without a value (an absent Vietnamese message).
 */
export const MessageParams = z.record(z.string(), MessageParam.optional()) as unknown as z.ZodType<
  // The core builds params as Record<string, unknown> (many come from a DomainError's params): TypeScript sees
  // that type, while the OpenAPI document and the serializer (every answer, at run time) hold each value to
  // MessageParam.
  Readonly<Record<string, unknown>>
>;

export const TimeLimitView = z.object({ value: z.number(), unit: z.string() });

export const ProcedureSummary = z.object({
  code: z.string(),
  name: z.string(),
  field: z.string(),
  levels: z.array(z.string()),
  onlineLevel: z.enum(['full', 'partial', 'none']),
  crossBoundary: z.boolean(),
  timeLimit: TimeLimitView.nullable(),
  version: z.number(),
  rank: z.number(),
});

/** GET /api/procedures */
export const ProcedureSearch = z.object({ total: z.number(), items: z.array(ProcedureSummary) });

/** GET /api/procedures/fields */
export const ProcedureFields = z.object({
  items: z.array(z.object({ field: z.string(), count: z.number() })),
});

/**
 * A procedure version's data as stored: the parsed catalogue entry (core ProcedureDraft) with what the
 * importer and local edits add. Every key the importer and the edits have ever written is named (the stored
 * rows hold no other); a key not named here is not sent.
 */
export const ProcedureData = ProcedureDraft.extend({
  process: z.array(ProcessStep).optional().describe('the internal process (default or the administrator’s)'),
  processCustom: z.boolean().optional().describe('the process is the administrator’s own, not derived'),
  feeLines: z.array(FeeLineEdit).optional().describe('structured fee lines an administrator entered'),
});

/** `details` of GET /api/procedures/:code: the data, its documents split from the checklist's notes. */
export const ProcedureDetails = ProcedureData.extend({
  documents: z.array(ProcedureDocument).describe('only what the applicant hands in'),
  checklistNotes: z
    .array(ProcedureDocument)
    .optional()
    .describe('the conditions, notes and instructions of the checklist, shown as guidance'),
});

const ChannelFlags = z.object({ in_person: z.boolean(), online: z.boolean(), post: z.boolean() });
const PlainReason = z.object({ code: z.string(), message_vi: z.string(), message_en: z.string() });
const ChannelReasons = z.object({
  in_person: z.array(PlainReason),
  online: z.array(PlainReason),
  post: z.array(PlainReason),
});

/** GET /api/procedures/:code */
export const ProcedureView = z.object({
  code: z.string(),
  versionId: z.uuid(),
  version: z.number(),
  effectiveFrom: z.string(),
  name: z.string(),
  field: z.string(),
  levels: z.array(z.string()),
  decisionNo: z.string().nullable(),
  onlineLevel: z.enum(['full', 'partial', 'none']),
  crossBoundary: z.boolean(),
  timeLimit: TimeLimitView.nullable(),
  details: ProcedureDetails,
  versions: z.array(z.object({ version: z.number(), effectiveFrom: z.string(), importedAt: z.date() })),
  receivable: ChannelFlags.describe(
    'whether a dossier can be received at each channel now (catalogue readiness)',
  ),
  reasons: ChannelReasons.describe('why not, per channel, in plain words'),
  routingFacts: z
    .array(
      z.enum(['residenceUnitCode', 'landParcelUnitCode', 'businessUnitCode', 'originalUnitCode', 'level']),
    )
    .describe('the routing facts the counter and online forms ask for this procedure'),
});
export type ProcedureDetails = z.infer<typeof ProcedureDetails>;

// --- administration

export const EditIssue = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  messageVi: z.string().optional(),
});
export const EditWarning = z.object({ field: z.string(), code: z.string(), params: MessageParams });

/**
 * A version's change set as stored (procedure_versions.edit): the fields of the core's ChangeSet, each as it
 * was accepted. Every stored change set was accepted by ChangeSet (it only gained fields), so none holds a
 * key not named here.
 */
export const StoredChangeSet = z
  .object(ChangeSet.shape)
  .describe('the change set as applied (POST …/versions `changes`)');

export const VersionEdit = z.object({
  fields: z.array(z.string()),
  changes: StoredChangeSet,
  decisionNo: z.string(),
  effectiveFrom: z.string(),
  by: z.object({ userId: z.string(), name: z.string() }),
  at: z.string(),
  batchId: z.string().optional(),
});

export const VersionView = z.object({
  id: z.uuid(),
  code: z.string(),
  version: z.number(),
  effectiveFrom: z.string(),
  /** The version records are received under now. */
  inForce: z.boolean(),
  origin: z.enum(['import', 'edit', 'bulk_edit', 'cross_boundary_list']),
  /** This version's own edit (null for a catalogue import). */
  edit: VersionEdit.nullable(),
  /** Every field carrying a local edit in this version (kept over a re-import). */
  localEdits: z.array(z.string()),
  timeLimit: TimeLimitView.nullable(),
  crossBoundary: z.boolean(),
  onlineLevel: z.enum(['full', 'partial', 'none']),
  importedAt: z.date(),
});

/** POST /api/catalog/procedures/:code/versions */
export const VersionCreated = z.object({ version: VersionView, warnings: z.array(EditWarning) });

/** GET /api/catalog/procedures/:code/versions */
export const VersionList = z.object({
  code: z.string(),
  currentVersionId: z.uuid().nullable(),
  items: z.array(VersionView),
});

/** GET /api/catalog/procedures/:code/versions/:version */
export const VersionDetail = VersionView.extend({
  data: ProcedureData,
  /** The time cell as published, per channel ("Không có thông tin", "1", "15 Ngày làm việc"). */
  sourceTime: z.record(z.string(), z.string().nullable()),
});

export const BulkOutcome = z.object({
  code: z.string(),
  name: z.string(),
  ok: z.boolean(),
  versionId: z.uuid().optional(),
  version: z.number().optional(),
  fields: z.array(z.string()).optional(),
  warnings: z.array(EditWarning).optional(),
  issues: z.array(EditIssue).optional(),
});

/** POST /api/catalog/bulk-edits (200 dry run, 201 applied) */
export const BulkEditResult = z.object({
  batchId: z.uuid(),
  dryRun: z.boolean(),
  matched: z.number(),
  applied: z.number(),
  refused: z.number(),
  outcomes: z.array(BulkOutcome),
});

/** POST /api/catalog/cross-boundary-lists */
export const CrossBoundaryListImported = z.object({
  id: z.uuid(),
  listed: z.number(),
  becameCrossBoundary: z.number(),
  ceasedCrossBoundary: z.number(),
  newVersions: z.number(),
});

export const CrossBoundaryListView = z.object({
  id: z.uuid(),
  decisionNo: z.string(),
  effectiveFrom: z.string(),
  fileName: z.string(),
  uploadedBy: z.object({ userId: z.string(), name: z.string() }),
  uploadedAt: z.date(),
  count: z.number(),
  /** The newest list (by effective date): the one the flags follow, from its date. */
  latest: z.boolean(),
  /** The newest list whose date has come. */
  inForce: z.boolean(),
  items: z
    .array(
      z.object({
        rowNo: z.number(),
        code: z.string(),
        name: z.string().nullable(),
        notes: z.string().nullable(),
      }),
    )
    .optional(),
});

/** GET /api/catalog/cross-boundary-lists */
export const CrossBoundaryLists = z.object({ items: z.array(CrossBoundaryListView) });

// --- process designer

/** A validation issue of a process: the step and field (`process.<i>.<field>`), code, messages, params. */
export const ProcessIssueView = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  messageVi: z.string().optional(),
  params: MessageParams,
});

/** GET /api/catalog/process-templates */
export const ProcessTemplates = z.object({
  code: z.string(),
  version: z.number(),
  limit: TimeLimitView.nullable(),
  limitWorkingHours: z.number().nullable(),
  templates: z.array(
    z.object({
      key: z.string(),
      name_vi: z.string(),
      name_en: z.string(),
      process: z.array(ProcessStep),
      criticalPath: z.object({ totalWorkingHours: z.number(), keys: z.array(z.string()) }).nullable(),
    }),
  ),
});

/** POST /api/catalog/procedures/:code/process/preview */
export const ProcessPreview = z.object({
  code: z.string(),
  version: z.number(),
  communeCode: z.string(),
  channel: ChannelKind,
  limit: TimeLimitView.nullable(),
  limitWorkingHours: z.number().nullable(),
  channelLimit: TimeLimitView.nullable(),
  /** The critical path's budget total (null on a cycle). */
  totalWorkingHours: z.number().nullable(),
  criticalPath: z.array(z.string()),
  valid: z.boolean(),
  issues: z.array(ProcessIssueView),
  steps: z.array(
    z.object({
      index: z.number(),
      key: z.string(),
      name_vi: z.string(),
      name_en: z.string(),
      role: z.string(),
      kind: z.string(),
      after: z.array(z.string()),
      agencyRule: StepAgencyRule,
      budgetWorkingHours: z.number(),
      agency: z.object({ id: z.string(), key: z.string(), name: z.string() }).nullable(),
      unresolved: z.object({ reason: z.string(), params: MessageParams }).nullable(),
    }),
  ),
});

// --- readiness

export const ReadinessChannel = z.enum(READINESS_CHANNELS);
export const ReadinessReasonCode = z.enum(READINESS_REASON_CODES);

export const ReadinessReason = z.object({
  code: ReadinessReasonCode,
  field: z.string().describe('the procedure field an administrator edits, e.g. timeLimits.in_person'),
  params: MessageParams,
  message_vi: z.string(),
  message_en: z.string(),
  fix: z.object({ field: z.string(), vi: z.string(), en: z.string() }),
});

const ChannelReadiness = z.object({ receivable: z.boolean(), reasons: z.array(ReadinessReason) });

export const ReadinessItem = z.object({
  code: z.string(),
  name: z.string(),
  field: z.string(),
  versionId: z.uuid(),
  onlineLevel: z.enum(['full', 'partial', 'none']),
  receivable: z.boolean().describe('receivable at some channel'),
  onlineOfferedNotReceivable: z.boolean(),
  channels: z.object({ in_person: ChannelReadiness, online: ChannelReadiness, post: ChannelReadiness }),
});

/** GET /api/catalog/readiness */
export const ReadinessPage = z.object({ total: z.number(), items: z.array(ReadinessItem) });

const ReasonCounts = z.record(ReadinessReasonCode, z.number());
const ChannelCounts = z.object({ receivable: z.number(), notReceivable: z.number(), reasons: ReasonCounts });

/** GET /api/catalog/readiness/summary */
export const ReadinessSummary = z.object({
  procedures: z.number(),
  receivableAnyChannel: z.number(),
  onlineOfferedNotReceivable: z.number(),
  channels: z.object({ in_person: ChannelCounts, online: ChannelCounts, post: ChannelCounts }),
  reasons: ReasonCounts,
});

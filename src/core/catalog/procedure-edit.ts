import { z } from 'zod';
import type { FieldIssue } from '../errors/index.ts';
import { FeeLineEdit } from '../fees/fee-line.ts';
import type { RoutingFacts } from '../records/applicant-data.ts';
import { competentAgency, type RoutingAgency } from '../records/routing.ts';
import { defaultProcess } from './default-process.ts';
import {
  type ChannelKind,
  CompetentAgencyRule,
  type FeeLine,
  type ProcedureChannel,
  ProcedureDocument,
  type ProcedureDraft,
  type TimeLimit,
  TimeUnit,
} from './procedure-draft.ts';
import { ProcessStep } from './process.ts';
import { limitInWorkingHours, validateProcess } from './process-validate.ts';

/**
 * Local edits of a procedure by the city's administrator (issue 14 item 7): pure rules. A change set is
 * applied to a procedure version's data and the result validated; the store makes it a new version.
 */

/** A time limit as an administrator sets it: same-day limits have value 1; hours stay hours. */
export const EditTimeLimit = z
  .strictObject({ value: z.number().positive().max(3650), unit: TimeUnit })
  .refine((t) => t.unit !== 'same_day' || t.value === 1, {
    message: 'a same-day limit has value 1',
    path: ['value'],
  });

// Structured fee lines are the fees capability's (src/core/fees): the edit API takes them as they are.
export { FeeExemption, FeeLineEdit, FeePayer } from '../fees/fee-line.ts';

/** A form (mẫu đơn, tờ khai) attached to one of the procedure's documents, by the document's name. */
export const FormEdit = z.strictObject({
  document: z.string().trim().min(1).max(10_000),
  form: z.string().trim().min(1).max(500),
});

/** The fields an administrator may change. Absent fields stay as they are. */
export const ChangeSet = z
  .strictObject({
    timeLimits: z
      .strictObject({
        in_person: EditTimeLimit.optional(),
        online: EditTimeLimit.optional(),
        post: EditTimeLimit.optional(),
      })
      .optional(),
    competentAgencyRule: CompetentAgencyRule.optional(),
    crossBoundary: z.boolean().optional(),
    documents: z.array(ProcedureDocument).max(500).optional(),
    fees: z.array(FeeLineEdit).max(100).optional(),
    forms: z.array(FormEdit).max(500).optional(),
    onlineLevel: z.enum(['full', 'partial', 'none']).optional(),
    /**
     * The procedure's own process (docs/PROCESSES.md): validated against the headline limit (in person
     * first) and kept over later time-limit edits and re-imports instead of the default process.
     */
    process: z.array(ProcessStep).min(1).max(60).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'give at least one field to change',
  });
export type ChangeSet = z.infer<typeof ChangeSet>;
export type EditField = keyof ChangeSet;
export const EDIT_FIELDS = [
  'timeLimits',
  'competentAgencyRule',
  'crossBoundary',
  'documents',
  'fees',
  'forms',
  'onlineLevel',
  'process',
] as const satisfies readonly EditField[];

/** A version's `data`: the draft plus what the importer and the edits add (process, structured fees). */
export type ProcedureData = ProcedureDraft & {
  process?: unknown;
  /** The process is the administrator's own (a `process` edit), not derived from the time limit. */
  processCustom?: boolean;
  feeLines?: FeeLineEdit[];
  [key: string]: unknown;
};

/** What the city has for routing: its agencies and the codes of its communes. */
export interface EditContext {
  readonly agencies: readonly RoutingAgency[];
  readonly communeCodes: readonly string[];
  /** Rule (as JSON) → its failures, so a bulk edit evaluates one rule once. */
  readonly cache?: Map<string, RuleFailure[]>;
  /**
   * Whether to evaluate a rule the edit does not change, for a warning (default true); an edit of many
   * procedures that leaves their rules alone skips it (readiness reports those).
   */
  readonly checkUntouchedRule?: boolean;
}

/** A gap the edit leaves as it was (not refused, since the edit did not touch it): readiness lists it. */
export interface EditWarning {
  readonly field: string;
  readonly code: 'time_limit.missing' | 'agency.unresolved';
  readonly params: Record<string, unknown>;
}

export type EditOutcome =
  | {
      readonly ok: true;
      readonly data: ProcedureData;
      /** The changed fields, `timeLimits` per channel (`timeLimits.in_person`). */
      readonly fields: string[];
      readonly warnings: EditWarning[];
      /** The procedure's headline time limit after the edit (in person first). */
      readonly headline: TimeLimit | null;
    }
  | { readonly ok: false; readonly issues: FieldIssue[] };

const CHANNEL_ORDER: readonly ChannelKind[] = ['in_person', 'online', 'post'];

/** The headline time limit: in person first (the counter's appointment), else any channel with one. */
export function headlineTime(draft: Pick<ProcedureDraft, 'channels'>): TimeLimit | null {
  const channels = [...draft.channels].sort(
    (a, b) => CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel),
  );
  return channels.find((c) => c.time)?.time ?? null;
}

/** Channels a procedure offers: in person and post by their published rows, online by its online level. */
export function offeredChannels(draft: Pick<ProcedureDraft, 'channels' | 'onlineLevel'>): ChannelKind[] {
  const present = new Set(draft.channels.map((c) => c.channel));
  return CHANNEL_ORDER.filter((c) => (c === 'online' ? draft.onlineLevel !== 'none' : present.has(c)));
}

const PAYER_VI: Record<FeeLineEdit['payer'], string> = {
  applicant: 'người nộp hồ sơ',
  beneficiary: 'người được cấp kết quả',
  organisation: 'tổ chức',
  other: 'khác',
};

/** The catalogue-shaped fee line of a structured one (`text` as a reader of the catalogue would see it). */
export function feeLineOf(line: FeeLineEdit): FeeLine {
  const amount = `${line.amountVnd.toLocaleString('vi-VN')} đồng`;
  const exempt = line.exemptions.length
    ? `; miễn: ${line.exemptions.map((e) => `${e.who} (${e.legalBasis})`).join('; ')}`
    : '';
  return {
    amountVnd: line.amountVnd,
    amount: line.amountVnd,
    currency: 'VND',
    text: `${line.name}: ${amount} (${PAYER_VI[line.payer]} nộp)${exempt}`,
    free: line.amountVnd === 0,
  };
}

/** Every routing fact set to one commune: what a rule needs to be evaluated "for a citizen of" it. */
function factsFor(unitCode: string, level: 'city' | 'commune'): RoutingFacts {
  return {
    residenceUnitCode: unitCode,
    landParcelUnitCode: unitCode,
    businessUnitCode: unitCode,
    originalUnitCode: unitCode,
    level,
  };
}

/** Where a rule fails to name an agency: a commune and `competentAgency`'s reason. */
export interface RuleFailure {
  readonly unitCode: string;
  readonly level: 'city' | 'commune';
  readonly reason: string;
  readonly params: Record<string, unknown>;
}

/**
 * The communes for which `competentAgency` finds no agency, with every routing fact set to that commune
 * (and `level` both ways for `city_or_commune_by_case`); empty when the rule resolves for every commune.
 */
export function ruleFailures(rule: CompetentAgencyRule, ctx: EditContext): RuleFailure[] {
  const key = JSON.stringify(rule);
  const cached = ctx.cache?.get(key);
  if (cached) return cached;
  const failures = evaluateRule(rule, ctx);
  ctx.cache?.set(key, failures);
  return failures;
}

function evaluateRule(rule: CompetentAgencyRule, ctx: EditContext): RuleFailure[] {
  const levels: ('city' | 'commune')[] =
    rule.kind === 'city_or_commune_by_case' ? ['city', 'commune'] : ['commune'];
  const failures: RuleFailure[] = [];
  for (const unitCode of ctx.communeCodes) {
    for (const level of levels) {
      const r = competentAgency(rule, factsFor(unitCode, level), ctx.agencies);
      if (!r.ok) {
        const params = { ...(r.error.params as Record<string, unknown>) };
        failures.push({ unitCode, level, reason: String(params.reason ?? 'unresolved_rule'), params });
      }
    }
  }
  if (ctx.communeCodes.length === 0) {
    const r = competentAgency(rule, { level: 'city' }, ctx.agencies);
    if (!r.ok) {
      const params = { ...(r.error.params as Record<string, unknown>) };
      failures.push({ unitCode: '', level: 'city', reason: String(params.reason), params });
    }
  }
  return failures;
}

/** The changed fields of a change set, time limits per channel. */
export function changedFields(changes: ChangeSet): string[] {
  const fields: string[] = [];
  for (const f of EDIT_FIELDS) {
    const v = changes[f];
    if (v === undefined) continue;
    if (f === 'timeLimits') {
      for (const c of CHANNEL_ORDER) if (changes.timeLimits?.[c]) fields.push(`timeLimits.${c}`);
    } else fields.push(f);
  }
  return fields;
}

/** The local edits in force after `next` on top of `prev`: later fields win, time limits per channel. */
export function mergeChanges(prev: ChangeSet | null | undefined, next: ChangeSet): ChangeSet {
  if (!prev) return next;
  const merged: ChangeSet = { ...prev };
  for (const f of EDIT_FIELDS) {
    if (next[f] === undefined) continue;
    if (f === 'timeLimits') merged.timeLimits = { ...prev.timeLimits, ...next.timeLimits };
    else (merged as Record<string, unknown>)[f] = next[f];
  }
  // A later document list carries its own form files: earlier form edits must not put back a form it removed.
  if (next.documents !== undefined && next.forms === undefined) delete merged.forms;
  // Online withdrawn: an earlier online time limit no longer applies.
  if (next.onlineLevel === 'none' && merged.timeLimits?.online) {
    const { online: _online, ...rest } = merged.timeLimits;
    merged.timeLimits = rest;
  }
  return merged;
}

function issue(path: string, code: string, message: string, messageVi: string): FieldIssue {
  return { path: `changes.${path}`, code, message, messageVi };
}

/**
 * Applies a change set to a version's data, without validating the result (the importer rebases local
 * edits on a new catalogue text with it: the text never fails). Returns the new data and the issues met
 * while applying (a time limit for a channel not offered, a form for a document that is not listed).
 */
export function applyChanges(
  before: ProcedureData,
  changes: ChangeSet,
): { data: ProcedureData; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const data: ProcedureData = structuredClone(before);
  if (changes.onlineLevel !== undefined) data.onlineLevel = changes.onlineLevel;
  if (changes.crossBoundary !== undefined) data.crossBoundary = changes.crossBoundary;
  if (changes.competentAgencyRule !== undefined) data.competentAgencyRule = changes.competentAgencyRule;
  if (changes.documents !== undefined) data.documents = structuredClone(changes.documents);
  if (changes.timeLimits) {
    for (const channel of CHANNEL_ORDER) {
      const time = changes.timeLimits[channel];
      if (!time) continue;
      const rows = data.channels.filter((c) => c.channel === channel);
      if (rows.length === 0 && channel === 'online' && data.onlineLevel !== 'none') {
        const row: ProcedureChannel = {
          channel,
          time: null,
          timeRaw: null,
          fees: [],
          description: null,
          raw: '',
        };
        data.channels.push(row);
        rows.push(row);
      }
      if (rows.length === 0) {
        issues.push(
          issue(
            `timeLimits.${channel}`,
            'channel_not_offered',
            `the procedure does not offer the ${channel} channel`,
            'Thủ tục không có hình thức nộp hồ sơ này',
          ),
        );
        continue;
      }
      for (const r of rows) r.time = { value: time.value, unit: time.unit };
    }
  }
  if (changes.fees !== undefined) {
    data.feeLines = structuredClone(changes.fees);
    data.fees = changes.fees.map(feeLineOf);
    for (const c of data.channels) {
      c.fees = changes.fees.filter((l) => !l.channel || l.channel === c.channel).map(feeLineOf);
    }
  }
  if (changes.forms !== undefined) {
    changes.forms.forEach((f, i) => {
      const docs = data.documents.filter((d) => d.name === f.document);
      if (docs.length === 0) {
        issues.push(
          issue(
            `forms.${i}.document`,
            'document_not_listed',
            'no document of the procedure has this name',
            'Thủ tục không có thành phần hồ sơ mang tên này',
          ),
        );
      }
      for (const d of docs) d.form = f.form;
    });
  }
  if (changes.process !== undefined) {
    data.process = structuredClone(changes.process);
    data.processCustom = true;
  } else if (data.processCustom !== true) {
    // The default process follows the time limit; an administrator's own process is kept (checked by
    // editProcedure against the new limit).
    const time = headlineTime(data);
    const level = data.levels.includes('commune') ? 'commune' : 'city';
    data.process = time ? defaultProcess(level, time) : [];
  }
  return { data, issues };
}

/**
 * Applies a change set and validates the result. Refused (issues naming the field) when the edit would
 * leave a channel the procedure offers without a time limit (`changes.timeLimits.<channel>`, checked when
 * the edit sets time limits or the online level), when a new competent-agency rule does not resolve for
 * every commune of the city (`changes.competentAgencyRule`, with the first communes that fail), or when
 * applying meets a time limit for a channel not offered or a form for an unlisted document. Gaps the edit
 * does not touch are not refused but returned as warnings (the readiness report lists them too).
 */
export function editProcedure(before: ProcedureData, changes: ChangeSet, ctx: EditContext): EditOutcome {
  const { data, issues } = applyChanges(before, changes);
  const warnings: EditWarning[] = [];
  const touchesTime = changes.timeLimits !== undefined || changes.onlineLevel !== undefined;
  for (const channel of offeredChannels(data)) {
    if (data.channels.some((c) => c.channel === channel && c.time)) continue;
    const field = `changes.timeLimits.${channel}`;
    if (touchesTime && !issues.some((i) => i.path === field)) {
      issues.push(
        issue(
          `timeLimits.${channel}`,
          'time_limit_missing',
          `the procedure offers the ${channel} channel: give its time limit`,
          'Thủ tục có hình thức nộp hồ sơ này nhưng chưa có thời hạn giải quyết',
        ),
      );
    } else if (!touchesTime) {
      const raw = data.channels.find((c) => c.channel === channel)?.timeRaw ?? null;
      warnings.push({ field, code: 'time_limit.missing', params: { channel, sourceText: raw } });
    }
  }
  const checkRule = changes.competentAgencyRule !== undefined || ctx.checkUntouchedRule !== false;
  const failures = checkRule ? ruleFailures(data.competentAgencyRule, ctx) : [];
  if (failures.length > 0) {
    const first = failures[0]!;
    const params = {
      rule: data.competentAgencyRule.kind,
      reason: first.reason,
      communes: failures.length,
      examples: failures.slice(0, 5).map((f) => ({ unitCode: f.unitCode, reason: f.reason })),
    };
    if (changes.competentAgencyRule !== undefined) {
      issues.push(
        issue(
          'competentAgencyRule',
          `competent_agency_${first.reason}`,
          `the rule names no agency for ${failures.length} commune(s) (first: ${first.unitCode || 'the city'}, ${first.reason})`,
          `Quy tắc không xác định được cơ quan có thẩm quyền cho ${failures.length} xã, phường`,
        ),
      );
    } else warnings.push({ field: 'changes.competentAgencyRule', code: 'agency.unresolved', params });
  }
  issues.push(...processIssues(data, changes, ctx));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, data, fields: changedFields(changes), warnings, headline: headlineTime(data) };
}

/**
 * The issues of the administrator's own process after an edit: a new `process` is validated in full
 * (`changes.process.<i>.<field>`, step agency rules for every commune); a kept one, when the edit changes the
 * time limits, must still fit the new headline limit (`changes.timeLimits.<channel>`, `process_does_not_fit`,
 * with the first issue's params: send the process with the time limit in one edit).
 */
function processIssues(data: ProcedureData, changes: ChangeSet, ctx: EditContext): FieldIssue[] {
  if (data.processCustom !== true) return [];
  const touchesTime = changes.timeLimits !== undefined || changes.onlineLevel !== undefined;
  if (changes.process === undefined && !touchesTime) return [];
  const process = ProcessStep.array().safeParse(data.process);
  if (!process.success) return [];
  const limit = headlineTime(data);
  if (changes.process !== undefined) {
    return validateProcess(process.data, limit, {
      pathPrefix: 'changes.',
      ruleFailures: (rule) => ruleFailures(rule, ctx),
    });
  }
  const first = validateProcess(process.data, limit)[0];
  if (!first) return [];
  const channel =
    CHANNEL_ORDER.find(
      (c) => changes.timeLimits?.[c] && data.channels.some((r) => r.channel === c && r.time),
    ) ?? 'in_person';
  const hours = limit ? limitInWorkingHours(limit) : null;
  return [
    {
      ...issue(
        `timeLimits.${channel}`,
        'process_does_not_fit',
        `the procedure's own process no longer fits the new limit (${hours ?? 'none'} working hours): ${first.message}; send the process with the time limit`,
        `Quy trình nội bộ riêng của thủ tục không còn phù hợp thời hạn mới (${hours ?? 'không có'} giờ làm việc): ${first.messageVi ?? ''}; gửi quy trình cùng thời hạn`,
      ),
      params: { ...first.params, issue: first.code, processPath: first.path },
    } as FieldIssue,
  ];
}

/**
 * What an import compares per local-edit field: the part of the parsed catalogue text that field
 * overrides. A source change in that part "collides" with the local edit.
 */
const SOURCE_VIEW: Record<EditField, (d: ProcedureDraft) => unknown> = {
  timeLimits: (d) => d.channels.map((c) => [c.channel, c.time, c.timeRaw]),
  competentAgencyRule: (d) => [d.competentAgencyRule, d.competentAgencyText, d.implementingAgencyText],
  crossBoundary: (d) => d.crossBoundary,
  documents: (d) => d.documents,
  fees: (d) => [d.fees, d.channels.map((c) => c.fees)],
  forms: (d) => d.documents.map((x) => x.form ?? null),
  onlineLevel: (d) => d.onlineLevel,
  // An own process is split over the time limit: a published change of the limit collides with it.
  process: (d) => d.channels.map((c) => [c.channel, c.time]),
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A re-import's diff for one procedure: fields the source changed, and which collide with local edits. */
export interface SourceDiff {
  /** Top-level fields of the parsed draft whose published text changed. */
  readonly sourceChanged: string[];
  /** The procedure's local-edit fields (of the version the import builds on). */
  readonly localEdits: string[];
  /** Local-edit fields whose source part changed too: kept local, the administrator should review. */
  readonly collisions: string[];
}

/** Compares the parsed old and new catalogue texts of a procedure against its local edits. */
export function sourceDiff(
  oldDraft: ProcedureDraft,
  newDraft: ProcedureDraft,
  local: ChangeSet | null | undefined,
): SourceDiff {
  const keys = Object.keys(newDraft) as (keyof ProcedureDraft)[];
  const sourceChanged = keys.filter((k) => !same(oldDraft[k], newDraft[k]));
  const localEdits = local ? EDIT_FIELDS.filter((f) => local[f] !== undefined) : [];
  const collisions = localEdits.filter((f) => !same(SOURCE_VIEW[f](oldDraft), SOURCE_VIEW[f](newDraft)));
  return { sourceChanged, localEdits, collisions };
}

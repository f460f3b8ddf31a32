import type { ChannelKind, TimeLimit } from '../../core/catalog/procedure-draft.ts';
import { headlineTime, type ProcedureData, ruleFailures } from '../../core/catalog/procedure-edit.ts';
import { normalizeProcess, type ProcessStep, type StepAgencyRule } from '../../core/catalog/process.ts';
import { processTemplates } from '../../core/catalog/process-templates.ts';
import {
  criticalPath,
  limitInWorkingHours,
  type ProcessIssue,
  validateProcess,
} from '../../core/catalog/process-validate.ts';
import { timeLimitsOf } from '../../core/catalog/readiness.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { RoutingFacts } from '../../core/records/applicant-data.ts';
import {
  canReceive,
  competentAgency,
  isOneStopUnit,
  type RoutingAgency,
} from '../../core/records/routing.ts';
import type { Tx } from '../../platform/db/index.ts';
import * as admin from './catalog.admin.store.ts';
import { loadEditContext } from './catalog.admin.ts';

/**
 * The process designer's server side (docs/PROCESSES.md "API"): templates for a procedure's limit and the
 * preview of a process for a commune. Nothing here writes; publishing is a version edit with `process`.
 */

/** The newest version of a procedure (the one an administrator edits). @throws procedure.not_found */
async function newestVersion(tx: Tx, code: string) {
  const [row] = await admin.latestVersionRows(tx, { codes: [code] });
  if (!row) throw new DomainError('procedure.not_found', { code });
  const data = row.data as ProcedureData;
  return { row, data, limit: headlineTime(data) };
}

/**
 * The process templates for a procedure: split over its headline limit (in person first); none when the
 * procedure has no time limit. @throws procedure.not_found
 */
export async function listProcessTemplates(tx: Tx, code: string) {
  const { row, limit } = await newestVersion(tx, code);
  return {
    code,
    version: row.version,
    limit,
    limitWorkingHours: limit ? limitInWorkingHours(limit) : null,
    templates: limit
      ? processTemplates(limit).map((t) => ({ ...t, criticalPath: criticalPath(t.process) }))
      : [],
  };
}

export interface PreviewInput {
  readonly process: readonly ProcessStep[];
  readonly communeCode: string;
  readonly channel?: ChannelKind | undefined;
}

/** A preview step: the step as normalized, its resolved agency or why it does not resolve. */
export interface PreviewStep {
  index: number;
  key: string;
  name_vi: string;
  name_en: string;
  role: string;
  kind: string;
  after: string[];
  agencyRule: StepAgencyRule;
  budgetWorkingHours: number;
  agency: { id: string; key: string; name: string } | null;
  unresolved: { reason: string; params: Record<string, unknown> } | null;
}

type Resolved =
  | { ok: true; agency: RoutingAgency & { id?: string } }
  | { ok: false; reason: string; params: Record<string, unknown> };

function routed(r: ReturnType<typeof competentAgency<RoutingAgency>>): Resolved {
  if (r.ok) return { ok: true, agency: r.value };
  const params = { ...(r.error.params as Record<string, unknown>) };
  return { ok: false, reason: String(params.reason ?? 'unresolved_rule'), params };
}

/**
 * The route a record from `communeCode` would take through `process` under the procedure's newest version:
 * each step's agency (the receiving unit is the commune's one-stop unit when it may receive for the
 * competent agency, else the city's centre; the return point is the receiving unit), the critical path
 * against the headline limit (in person first; `channelLimit` is the channel's own legal limit) and the
 * validation issues (`process.<i>.<field>`). @throws procedure.not_found, request.invalid (unknown commune)
 */
export async function previewProcess(tx: Tx, code: string, input: PreviewInput) {
  const { row, data, limit } = await newestVersion(tx, code);
  const ctx = await loadEditContext(tx);
  if (!ctx.communeCodes.includes(input.communeCode))
    throw new DomainError(
      'request.invalid',
      {},
      {
        issues: [
          {
            path: 'body.communeCode',
            code: 'unknown_commune',
            message: `no current commune of the city has the code ${input.communeCode}`,
            messageVi: `Không có xã, phường mã ${input.communeCode} của thành phố`,
          },
        ],
      },
    );
  const channel = input.channel ?? 'in_person';
  const level = data.levels.includes('commune') ? 'commune' : 'city';
  const facts: RoutingFacts = {
    residenceUnitCode: input.communeCode,
    landParcelUnitCode: input.communeCode,
    businessUnitCode: input.communeCode,
    originalUnitCode: input.communeCode,
    level,
  };
  const agencies = ctx.agencies;
  const communeUnit = agencies.find(
    (a) => a.kind === 'one_stop' && a.level === 'commune' && a.unitCode === input.communeCode,
  );
  const competent = routed(competentAgency(data.competentAgencyRule, facts, agencies, communeUnit));
  let receiving: Resolved = { ok: false, reason: 'no_reception', params: {} };
  if (competent.ok) {
    const unit =
      communeUnit && canReceive(data.crossBoundary, communeUnit, competent.agency)
        ? communeUnit
        : agencies.find(
            (a) =>
              isOneStopUnit(a) && a.level === 'city' && canReceive(data.crossBoundary, a, competent.agency),
          );
    if (unit) receiving = { ok: true, agency: unit };
  } else if (communeUnit) receiving = { ok: true, agency: communeUnit };
  const resolve = (rule: StepAgencyRule): Resolved => {
    switch (rule.kind) {
      case 'receiving':
      case 'return_point':
        return receiving;
      case 'competent':
        return competent;
      case 'rule':
        return routed(
          competentAgency(rule.rule, facts, agencies, receiving.ok ? receiving.agency : undefined),
        );
    }
  };
  const steps: PreviewStep[] = normalizeProcess(input.process).map((s, index) => {
    const r = resolve(s.agency);
    return {
      index,
      key: s.key,
      name_vi: s.name_vi,
      name_en: s.name_en,
      role: s.role,
      kind: s.kind,
      after: [...s.after],
      agencyRule: s.agency,
      budgetWorkingHours: s.budgetWorkingHours,
      agency: r.ok ? { id: String(r.agency.id ?? ''), key: r.agency.key, name: r.agency.name } : null,
      unresolved: r.ok ? null : { reason: r.reason, params: r.params },
    };
  });
  const issues: ProcessIssue[] = validateProcess(input.process, limit, {
    ruleFailures: (rule) => ruleFailures(rule, ctx),
  });
  const path = criticalPath(input.process);
  const channelLimit: TimeLimit | null = timeLimitsOf(data.channels)[channel] ?? null;
  return {
    code,
    version: row.version,
    communeCode: input.communeCode,
    channel,
    limit,
    limitWorkingHours: limit ? limitInWorkingHours(limit) : null,
    channelLimit,
    totalWorkingHours: path?.totalWorkingHours ?? null,
    criticalPath: path?.keys ?? [],
    valid: issues.length === 0,
    issues,
    steps,
  };
}

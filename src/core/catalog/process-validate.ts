import type { FieldIssue } from '../errors/index.ts';
import type { CompetentAgencyRule, TimeLimit } from './procedure-draft.ts';
import { type NormalizedStep, normalizeProcess, type ProcessStep } from './process.ts';
import { predecessors, successors, topologicalOrder } from './process-graph.ts';
import { limitToWorkingHours } from './working-hours.ts';

/**
 * Validation of a procedure's process (docs/PROCESSES.md "Validation"): pure. Every issue names the step
 * and field (`process.<i>.<field>`, `process` for the whole) with a code, English and Vietnamese messages
 * and the params a UI needs (keys, totals).
 */

/** A process issue: a field issue with what it is about. */
export interface ProcessIssue extends FieldIssue {
  readonly params: Readonly<Record<string, unknown>>;
}

/** Where a rule fails to name an agency: a commune (GSO code; '' for the city) and the routing reason. */
export interface ProcessRuleFailure {
  readonly unitCode: string;
  readonly reason: string;
}

export interface ValidateProcessOptions {
  /**
   * The communes for which an agency rule (`{kind:'rule'}`) names no agency (empty when it resolves for
   * every commune); the caller evaluates `competentAgency` over the city's communes (e.g.
   * `ruleFailures` of procedure-edit.ts). Absent: agency rules are not checked.
   */
  readonly ruleFailures?: (rule: CompetentAgencyRule) => readonly ProcessRuleFailure[];
  /** Prefix of every path (e.g. `changes.` for a change set); default none. */
  readonly pathPrefix?: string;
}

/** How many failing communes an `agency_unresolved` issue lists. */
const MAX_LISTED_COMMUNES = 5;

/** The limit in quarter hours as budgets can meet it (the default process rounds the same way). */
export function limitInWorkingHours(limit: TimeLimit): number {
  return Math.round(limitToWorkingHours(limit) * 4) / 4;
}

/**
 * The critical path: the longest chain of budgets from the reception step to the return step through
 * parallel branches (a join waits for its slowest branch). `keys` are the steps on it, in order. `null`
 * when the steps form a cycle. With several final steps (an invalid process) the longest chain to any.
 */
export function criticalPath(
  process: readonly ProcessStep[],
): { totalWorkingHours: number; keys: string[] } | null {
  const steps = normalizeProcess(process);
  if (steps.length === 0) return { totalWorkingHours: 0, keys: [] };
  const order = topologicalOrder(steps);
  if (!order) return null;
  const preds = predecessors(steps);
  const dist: number[] = steps.map(() => 0);
  const via: (number | undefined)[] = steps.map(() => undefined);
  for (const i of order) {
    let best: number | undefined;
    for (const p of preds[i] ?? [])
      if (best === undefined || (dist[p] as number) > (dist[best] as number)) best = p;
    dist[i] = (best === undefined ? 0 : (dist[best] as number)) + (steps[i]?.budgetWorkingHours ?? 0);
    via[i] = best;
  }
  const succs = successors(steps);
  let end = -1;
  for (const i of order) {
    if ((succs[i]?.length ?? 0) > 0) continue;
    if (end < 0 || (dist[i] as number) > (dist[end] as number)) end = i;
  }
  const keys: string[] = [];
  for (let i: number | undefined = end; i !== undefined; i = via[i]) keys.unshift(steps[i]?.key ?? '');
  return { totalWorkingHours: dist[end] ?? 0, keys };
}

type Issue = (path: string, code: string, params: Record<string, unknown>, en: string, vi: string) => void;

/**
 * The structural issues of a process, in step order: everything but budgets against the limit and agency
 * rules. A process without them is one a record can run (`usableProcess`).
 * Codes (path): `empty` (process); `duplicate_key` (process.i.key); `unknown_step` (process.i.after, a key no
 * step has); `cycle` (process.i.after); `reception_not_first`, `extra_reception`, `return_not_last`,
 * `extra_return`, `decision_missing`, `extra_decision` (process.i.kind; `process` when missing);
 * `reception_role` (process.0.role); `reception_has_predecessors` (process.0.after); `unreachable`
 * (process.i.after: not reachable from the reception step); `branch_never_joins` (process.i.key: a step other
 * than the return step that no step waits for); `return_has_successors`, `after_decision` (process.j.after
 * of the step waiting for it: the decision's only successor is the return step); `decision_bypassed`
 * (process.i.after of the return step: a path reaches the return without the decision);
 * `budget_not_quarter_hours` (process.i.budgetWorkingHours).
 */
export function structuralIssues(
  process: readonly ProcessStep[],
  options: Pick<ValidateProcessOptions, 'pathPrefix'> = {},
): ProcessIssue[] {
  const issues: ProcessIssue[] = [];
  const prefix = options.pathPrefix ?? '';
  const add: Issue = (path, code, params, message, messageVi) =>
    issues.push({ path: `${prefix}${path}`, code, params, message, messageVi });
  if (process.length < 3) {
    add(
      'process',
      'empty',
      { steps: process.length },
      'a process needs at least a reception, a decision and a return step',
      'Quy trình cần ít nhất bước tiếp nhận, bước quyết định và bước trả kết quả',
    );
    return issues;
  }
  const steps = normalizeProcess(process);
  const keys = new Set<string>();
  steps.forEach((s, i) => {
    if (keys.has(s.key))
      add(
        `process.${i}.key`,
        'duplicate_key',
        { key: s.key },
        `another step already has the key "${s.key}"`,
        `Mã bước "${s.key}" bị trùng với một bước khác`,
      );
    keys.add(s.key);
  });
  steps.forEach((s, i) => {
    for (const k of s.after)
      if (!keys.has(k))
        add(
          `process.${i}.after`,
          'unknown_step',
          { key: s.key, after: k },
          `step "${s.key}" waits for "${k}", which is not a step of the process`,
          `Bước "${s.key}" chờ bước "${k}" không có trong quy trình`,
        );
  });
  steps.forEach((s, i) => {
    if (!Number.isInteger(s.budgetWorkingHours * 4))
      add(
        `process.${i}.budgetWorkingHours`,
        'budget_not_quarter_hours',
        { key: s.key, budget: s.budgetWorkingHours },
        `the budget of "${s.key}" (${s.budgetWorkingHours} h) is not a multiple of a quarter hour`,
        `Thời gian của bước "${s.key}" (${s.budgetWorkingHours} giờ) phải là bội số của 0,25 giờ`,
      );
  });
  kindIssues(steps, add);
  const order = topologicalOrder(steps);
  if (!order) {
    const cyclic = cycleMember(steps);
    add(
      `process.${cyclic}.after`,
      'cycle',
      { key: steps[cyclic]?.key },
      `step "${steps[cyclic]?.key}" waits, through other steps, for itself`,
      `Bước "${steps[cyclic]?.key}" chờ chính nó qua các bước khác (vòng lặp)`,
    );
    return issues;
  }
  graphIssues(steps, add);
  return issues;
}

function kindIssues(steps: readonly NormalizedStep[], add: Issue): void {
  const last = steps.length - 1;
  const first = steps[0] as NormalizedStep;
  if (first.kind !== 'reception')
    add(
      'process.0.kind',
      'reception_not_first',
      { key: first.key },
      'the first step must be the reception step',
      'Bước đầu tiên phải là bước tiếp nhận hồ sơ',
    );
  if (first.role !== 'reception')
    add(
      'process.0.role',
      'reception_role',
      { key: first.key },
      'the reception step is done by a reception officer',
      'Bước tiếp nhận do công chức tiếp nhận (bộ phận một cửa) thực hiện',
    );
  if (first.after.length > 0)
    add(
      'process.0.after',
      'reception_has_predecessors',
      { key: first.key },
      'the reception step waits for no step',
      'Bước tiếp nhận không chờ bước nào',
    );
  const lastStep = steps[last] as NormalizedStep;
  if (lastStep.kind !== 'return')
    add(
      `process.${last}.kind`,
      'return_not_last',
      { key: lastStep.key },
      'the last step must be the return step',
      'Bước cuối cùng phải là bước trả kết quả',
    );
  const decisions = steps.flatMap((s, i) => (s.kind === 'decision' ? [i] : []));
  if (decisions.length === 0)
    add(
      'process',
      'decision_missing',
      {},
      'the process needs one decision step (the leader approves or refuses)',
      'Quy trình cần một bước lãnh đạo quyết định (phê duyệt hoặc từ chối)',
    );
  steps.forEach((s, i) => {
    if (s.kind === 'reception' && i > 0)
      add(
        `process.${i}.kind`,
        'extra_reception',
        { key: s.key },
        'only the first step is a reception step',
        'Chỉ bước đầu tiên là bước tiếp nhận',
      );
    if (s.kind === 'return' && i < last)
      add(
        `process.${i}.kind`,
        'extra_return',
        { key: s.key },
        'only the last step is a return step',
        'Chỉ bước cuối cùng là bước trả kết quả',
      );
    if (s.kind === 'decision' && i !== decisions[decisions.length - 1])
      add(
        `process.${i}.kind`,
        'extra_decision',
        { key: s.key },
        'a process has one decision step, the last before the return',
        'Quy trình chỉ có một bước quyết định',
      );
  });
}

function graphIssues(steps: readonly NormalizedStep[], add: Issue): void {
  const preds = predecessors(steps);
  const succs = successors(steps);
  const last = steps.length - 1;
  // Reachable from the reception step.
  const reached = new Set<number>([0]);
  const queue = [0];
  while (queue.length > 0) {
    const i = queue.shift() as number;
    for (const s of succs[i] ?? [])
      if (!reached.has(s)) {
        reached.add(s);
        queue.push(s);
      }
  }
  steps.forEach((s, i) => {
    if (!reached.has(i))
      add(
        `process.${i}.after`,
        'unreachable',
        { key: s.key },
        `step "${s.key}" cannot be reached from the reception step`,
        `Bước "${s.key}" không thể đến được từ bước tiếp nhận`,
      );
    else if (i !== last && (succs[i]?.length ?? 0) === 0)
      add(
        `process.${i}.key`,
        'branch_never_joins',
        { key: s.key },
        `no step waits for "${s.key}": its branch never joins the rest of the process`,
        `Không bước nào chờ bước "${s.key}": nhánh này không quay về quy trình chung`,
      );
  });
  steps.forEach((r, i) => {
    if (r.kind !== 'return') return;
    for (const s of succs[i] ?? [])
      add(
        `process.${s}.after`,
        'return_has_successors',
        { key: steps[s]?.key, after: r.key },
        'no step comes after the return step',
        'Không có bước nào sau bước trả kết quả',
      );
  });
  const decision = steps.findLastIndex((s) => s.kind === 'decision');
  if (decision < 0) return;
  for (const s of succs[decision] ?? [])
    if (s !== last)
      add(
        `process.${s}.after`,
        'after_decision',
        { key: steps[s]?.key, after: steps[decision]?.key },
        `only the return step comes after the decision "${steps[decision]?.key}"`,
        `Sau bước quyết định "${steps[decision]?.key}" chỉ có bước trả kết quả`,
      );
  const bypass = (preds[last] ?? []).filter((p) => p !== decision);
  if (bypass.length > 0 && steps[last]?.kind === 'return')
    add(
      `process.${last}.after`,
      'decision_bypassed',
      { key: steps[last]?.key, bypassing: bypass.map((p) => steps[p]?.key) },
      'every path must reach the return step through the decision step',
      'Mọi nhánh phải qua bước quyết định trước khi trả kết quả',
    );
}

/** A step on a cycle: one that remains after peeling every step with no waiting predecessors. */
function cycleMember(steps: readonly NormalizedStep[]): number {
  const preds = predecessors(steps);
  const done = new Set<number>();
  let progress = true;
  while (progress) {
    progress = false;
    preds.forEach((p, i) => {
      if (!done.has(i) && p.every((x) => done.has(x))) {
        done.add(i);
        progress = true;
      }
    });
  }
  return steps.findIndex((_, i) => !done.has(i));
}

/**
 * Every issue of a process for a procedure version with the legal limit `limit` (null: no limit, budgets
 * are not compared): {@link structuralIssues}, then, on a process without them, the critical path against
 * the limit (budgets sum to the legal limit: `budget_over_limit` or `budget_under_limit` on the largest step of
 * the critical path, `process.i.budgetWorkingHours`, params `total`, `limit`, `left` and `criticalPath`),
 * then agency rules that do not resolve for some commune (`agency_unresolved`, process.i.agency, params
 * `reason`, `communes` and the first failing `communeCodes`).
 */
export function validateProcess(
  process: readonly ProcessStep[],
  limit: TimeLimit | null,
  options: ValidateProcessOptions = {},
): ProcessIssue[] {
  const issues = structuralIssues(process, options);
  const prefix = options.pathPrefix ?? '';
  const steps = normalizeProcess(process);
  if (issues.length === 0 && limit) {
    const path = criticalPath(process);
    const total = path?.totalWorkingHours ?? 0;
    const max = limitInWorkingHours(limit);
    if (path && total !== max) {
      const onPath = steps
        .map((s, i) => [s, i] as const)
        .filter(([s]) => path.keys.includes(s.key))
        .sort((a, b) => b[0].budgetWorkingHours - a[0].budgetWorkingHours)[0];
      const over = total > max;
      const params = { total, limit: max, left: max - total, criticalPath: path.keys };
      issues.push({
        path: `${prefix}process.${onPath?.[1] ?? 0}.budgetWorkingHours`,
        code: over ? 'budget_over_limit' : 'budget_under_limit',
        params,
        message: over
          ? `the critical path takes ${total} h, more than the legal limit of ${max} working hours`
          : `the critical path takes ${total} h of the legal limit of ${max} working hours: ${max - total} h left to assign`,
        messageVi: over
          ? `Tổng thời gian theo nhánh dài nhất là ${total} giờ, vượt thời hạn giải quyết ${max} giờ làm việc`
          : `Tổng thời gian theo nhánh dài nhất là ${total} giờ, chưa đủ thời hạn giải quyết ${max} giờ làm việc: còn ${max - total} giờ chưa phân bổ`,
      });
    }
  }
  if (options.ruleFailures) {
    steps.forEach((s, i) => {
      if (s.agency.kind !== 'rule') return;
      const failures = options.ruleFailures?.(s.agency.rule) ?? [];
      const first = failures[0];
      if (!first) return;
      issues.push({
        path: `${prefix}process.${i}.agency`,
        code: 'agency_unresolved',
        params: {
          key: s.key,
          reason: first.reason,
          communes: failures.length,
          communeCodes: failures.slice(0, MAX_LISTED_COMMUNES).map((f) => f.unitCode),
        },
        message: `the agency rule of "${s.key}" names no agency for ${failures.length} commune(s) (first: ${first.unitCode || 'the city'}, ${first.reason})`,
        messageVi: `Quy tắc xác định cơ quan của bước "${s.key}" không xác định được cơ quan cho ${failures.length} xã, phường`,
      });
    });
  }
  return issues;
}

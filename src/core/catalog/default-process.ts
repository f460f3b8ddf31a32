import type { ProcedureLevel, TimeLimit } from './procedure-draft.ts';
import type { ProcessStep } from './process.ts';
import { structuralIssues } from './process-validate.ts';
import { limitToWorkingHours } from './working-hours.ts';

export { limitToWorkingHours, SAME_DAY_WORKING_HOURS, WORKING_HOURS_PER_DAY } from './working-hours.ts';

const STEPS = [
  { key: 'reception', role: 'reception', share: 1 },
  { key: 'appraisal', role: 'specialist', share: 7 },
  { key: 'approval', role: 'leader', share: 1 },
  { key: 'return', role: 'reception', share: 1 },
] as const;
/** Who gets leftover quarter hours first: appraisal carries the work, then reception, approval, return. */
const PRIORITY = [1, 0, 2, 3] as const;

const NAMES: Readonly<Record<ProcedureLevel, Record<(typeof STEPS)[number]['key'], [string, string]>>> = {
  city: {
    reception: [
      'Tiếp nhận hồ sơ tại Trung tâm Phục vụ hành chính công',
      'Reception at the public service centre',
    ],
    appraisal: [
      'Chuyên viên cơ quan chuyên môn thẩm định hồ sơ',
      'Appraisal by a specialist of the department',
    ],
    approval: ['Lãnh đạo cơ quan chuyên môn phê duyệt', 'Approval by the head of the department'],
    return: ['Trả kết quả', 'Return of the result'],
  },
  commune: {
    reception: [
      'Tiếp nhận hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã',
      'Reception at the commune centre',
    ],
    appraisal: ['Công chức chuyên môn thẩm định hồ sơ', 'Appraisal by a commune civil servant'],
    approval: [
      'Lãnh đạo Ủy ban nhân dân cấp xã phê duyệt',
      'Approval by the commune People’s Committee leader',
    ],
    return: ['Trả kết quả', 'Return of the result'],
  },
};

/**
 * The default internal process of a procedure: reception → specialist appraisal → leader approval →
 * return of the result, with budgets that sum exactly to {@link limitToWorkingHours} of the legal limit.
 * Split 10% / 70% / 10% / 10% in quarter hours: each step gets its share rounded down, the leftover
 * quarters go by largest remainder (ties: appraisal, reception, approval, return), and a step left with
 * nothing takes a quarter hour from the largest step when the limit has at least four. A starting point an administrator
 * edits per procedure (local rules publish their own splits, e.g. 2/3/2/1 h in Hà Nội QĐ 663/QĐ-TTPVHCC,
 * DOMAIN.md §7.1).
 */
export function defaultProcess(level: ProcedureLevel, limit: TimeLimit): ProcessStep[] {
  const counts = splitQuarterHours(
    Math.round(limitToWorkingHours(limit) * 4),
    STEPS.map((s) => s.share),
    PRIORITY,
  );
  return STEPS.map((s, i) => {
    const [name_vi, name_en] = NAMES[level][s.key];
    return { key: s.key, name_vi, name_en, role: s.role, budgetWorkingHours: (counts[i] as number) / 4 };
  });
}

/**
 * `quarters` quarter hours split over slots by `shares`: each slot gets its share rounded down, the leftover
 * quarters go by largest remainder (ties: in `priority` order, slot indices), and a slot left with nothing
 * takes a quarter from the largest slot when there are at least as many quarters as slots; with fewer, one
 * quarter each to the first slots of `priority`. The counts always sum to `quarters`.
 */
export function splitQuarterHours(
  quarters: number,
  shares: readonly number[],
  priority: readonly number[],
): number[] {
  const totalShare = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((share) => (quarters * share) / totalShare);
  const counts = exact.map(Math.floor);
  let left = quarters - counts.reduce((a, b) => a + b, 0);
  const byRemainder = [...priority].sort(
    (a, b) =>
      ((exact[b] as number) % 1) - ((exact[a] as number) % 1) || priority.indexOf(a) - priority.indexOf(b),
  );
  for (const i of byRemainder) {
    if (left === 0) break;
    counts[i] = (counts[i] as number) + 1;
    left--;
  }
  // Every slot gets at least a quarter hour when there are enough, taken from the largest slot.
  for (const i of priority) {
    if (counts[i] !== 0 || quarters < shares.length) continue;
    const largest = counts.indexOf(Math.max(...counts));
    counts[largest] = (counts[largest] as number) - 1;
    counts[i] = 1;
  }
  if (quarters < shares.length) {
    counts.fill(0);
    for (let i = 0; i < quarters; i++) counts[priority[i] as number] = 1;
  }
  return counts;
}

/**
 * Whether a record can run this process: no structural issue (`structuralIssues` of process-validate.ts:
 * one reception step first, one return step last, one decision step before it, every step reachable and
 * joining, no cycle, quarter-hour budgets). Old four-step processes are usable as they were. Reception
 * refuses a procedure whose process is not usable (`record.procedure_not_configured`, `missing: 'process'`),
 * and catalogue readiness reports it (`process.missing`, `process.invalid`).
 */
export function usableProcess(process: readonly ProcessStep[]): boolean {
  return structuralIssues(process).length === 0;
}

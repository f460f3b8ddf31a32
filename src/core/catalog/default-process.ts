import type { ProcedureLevel, TimeLimit } from './procedure-draft.ts';
import type { ProcessStep } from './process.ts';

/** A working day of civil servants: 8 hours, 40 a week (Decision 188/1999/QĐ-TTg, DOMAIN.md §7.1 [U]). */
export const WORKING_HOURS_PER_DAY = 8;
/** Budget of a same-day procedure: the afternoon of a dossier received before the 15:00 cut-off. */
export const SAME_DAY_WORKING_HOURS = 4;

/**
 * The legal limit as internal working hours. Working days × 8; working hours and hours as they are
 * (an hour-based limit runs from the stated moment, Civil Code art. 147 cl. 1); calendar days and
 * months (30 days) count only their weekdays, ⌊days × 5/7⌋ working days and at least one, so the internal
 * budget never outlasts the legal deadline (holidays are the deadline calculator's business);
 * same-day {@link SAME_DAY_WORKING_HOURS}.
 */
export function limitToWorkingHours(limit: TimeLimit): number {
  const weekdays = (days: number) => Math.max(1, Math.floor((days * 5) / 7));
  switch (limit.unit) {
    case 'working_days':
      return limit.value * WORKING_HOURS_PER_DAY;
    case 'working_hours':
    case 'hours':
      return limit.value;
    case 'days':
      return weekdays(limit.value) * WORKING_HOURS_PER_DAY;
    case 'months':
      return weekdays(limit.value * 30) * WORKING_HOURS_PER_DAY;
    case 'same_day':
      return SAME_DAY_WORKING_HOURS;
  }
}

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
  const quarters = Math.round(limitToWorkingHours(limit) * 4);
  const exact = STEPS.map((s) => (quarters * s.share) / 10);
  const counts = exact.map(Math.floor);
  let left = quarters - counts.reduce((a, b) => a + b, 0);
  const byRemainder = [...PRIORITY].sort(
    (a, b) =>
      ((exact[b] as number) % 1) - ((exact[a] as number) % 1) || PRIORITY.indexOf(a) - PRIORITY.indexOf(b),
  );
  for (const i of byRemainder) {
    if (left === 0) break;
    counts[i] = (counts[i] as number) + 1;
    left--;
  }
  // Every step gets at least a quarter hour when there are enough, taken from the largest step.
  for (const i of PRIORITY) {
    if (counts[i] !== 0 || quarters < STEPS.length) continue;
    const largest = counts.indexOf(Math.max(...counts));
    counts[largest] = (counts[largest] as number) - 1;
    counts[i] = 1;
  }
  if (quarters < STEPS.length) {
    counts.fill(0);
    for (let i = 0; i < quarters; i++) counts[PRIORITY[i] as number] = 1;
  }
  return STEPS.map((s, i) => {
    const [name_vi, name_en] = NAMES[level][s.key];
    return { key: s.key, name_vi, name_en, role: s.role, budgetWorkingHours: (counts[i] as number) / 4 };
  });
}

/**
 * Whether a record can run this process: reception first, return last, at least one processing step
 * between. Reception refuses a procedure whose process is not usable (`record.procedure_not_configured`,
 * `missing: 'process'`), and catalogue readiness reports it (`process.missing`).
 */
export function usableProcess(process: readonly { readonly key: string; readonly role: string }[]): boolean {
  return (
    process.length >= 3 && process[0]?.role === 'reception' && process[process.length - 1]?.key === 'return'
  );
}

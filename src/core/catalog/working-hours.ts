import type { TimeLimit } from './procedure-draft.ts';

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

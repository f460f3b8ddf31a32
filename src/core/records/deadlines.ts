import {
  addDays,
  type DueDate,
  daysBetween,
  type IsoDate,
  parseIsoDate,
  toVnDateTime,
  vnEndOfDay,
  vnInstant,
  type WorkingCalendar,
} from '../calendar/index.ts';
import { type TimeLimit, WORKING_HOURS_PER_DAY } from '../catalog/index.ts';
import type { Timing } from './record-state.ts';

/** A due date and the instant the limit ends. */
export interface DueInstant {
  readonly dueDate: IsoDate;
  readonly dueAt: Date;
}

/** The Vietnamese calendar day of an instant. */
export function vnDateOf(instant: Date): IsoDate {
  return toVnDateTime(instant).date;
}

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 24 * MS_PER_HOUR;

/** The same day of the month `n` months later, or the month's last day (Civil Code 2015 art. 148 cl. 1). */
function addMonths(date: IsoDate, n: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** How the 15:00 cut-off applies to one reception (DOMAIN.md §7.1). */
export interface CutoffOptions {
  /** Count a reception on a working day after the cut-off from the next working day; default false. */
  readonly applyCutoff?: boolean;
  /** The cut-off in minutes since midnight when not the calendar's (the one kept on the record). */
  readonly cutoffMinutes?: number;
}

/**
 * The appointment (ngày hẹn trả kết quả) of a record received at `receivedAt` under the procedure's legal
 * time limit:
 * - working days: `addWorkingDays` (the reception day is not counted; Civil Code arts. 147–148); a fractional
 *   number of working days counts as working hours (8 per day);
 * - same day: that day, or the next working day when it is not one;
 * - hours ("giờ"): calendar hours from the moment of reception (art. 147 cl. 1); working hours ("giờ làm
 *   việc"): office hours from that moment;
 * - calendar days and months: counted from the day after the start, ending on the next working day when the
 *   last day is not one (art. 148 cl. 5–6).
 * A limit in days ends at 24:00 of its last day (art. 148 cl. 1). With `applyCutoff` (the record's rule, see
 * {@link cutoffApplies}) a reception on a working day after the cut-off counts from the next working day.
 * @throws RangeError when the limit is out of the calendar's range.
 */
export function appointmentAt(
  calendar: WorkingCalendar,
  receivedAt: Date,
  limit: TimeLimit,
  opts: CutoffOptions = {},
): DueDate {
  const cutoff: CutoffOptions = {
    applyCutoff: opts.applyCutoff ?? false,
    ...(opts.cutoffMinutes === undefined ? {} : { cutoffMinutes: opts.cutoffMinutes }),
  };
  const startDate = vnDateOf(receivedAt);
  const byWorkingHours = (hours: number): DueDate => {
    const dueAt = calendar.addWorkingHours(receivedAt, hours);
    return { dueDate: vnDateOf(dueAt), dueAt, startDate };
  };
  const byDate = (last: (start: IsoDate) => IsoDate): DueDate => {
    const { startDate } = calendar.addWorkingDays(receivedAt, 0, cutoff);
    let dueDate = last(startDate);
    if (!calendar.isWorkingDay(dueDate)) dueDate = calendar.nextWorkingDay(dueDate);
    return { dueDate, dueAt: vnEndOfDay(dueDate), startDate };
  };
  switch (limit.unit) {
    case 'same_day':
      return calendar.addWorkingDays(receivedAt, 0, cutoff);
    case 'working_days':
      return Number.isInteger(limit.value)
        ? calendar.addWorkingDays(receivedAt, limit.value, cutoff)
        : byWorkingHours(limit.value * WORKING_HOURS_PER_DAY);
    case 'working_hours':
      return byWorkingHours(limit.value);
    case 'hours': {
      const dueAt = new Date(receivedAt.getTime() + Math.round(limit.value * MS_PER_HOUR));
      return { dueDate: vnDateOf(dueAt), dueAt, startDate };
    }
    case 'days':
      return byDate((start) => addDays(start, Math.ceil(limit.value)));
    case 'months':
      return byDate((start) => addMonths(start, Math.ceil(limit.value)));
  }
}

/**
 * Whether the 15:00 cut-off governs a reception (DOMAIN.md §7.1): for same-day limits always ("received
 * after 15:00, result the next working day"), and for the procedures the city lists (`cutoffProcedures`:
 * the Decree 63/2024 groups, or others whose own rules say so). Any other limit counts from the reception
 * day (Civil Code art. 147).
 */
export function cutoffApplies(
  procedureCode: string,
  limit: TimeLimit,
  cutoffProcedures: readonly string[],
): boolean {
  return limit.unit === 'same_day' || cutoffProcedures.includes(procedureCode);
}

/** Working hours within which an online dossier is acknowledged: received, or sent back (DOMAIN.md §2.2). */
export const ONLINE_ACKNOWLEDGE_WORKING_HOURS = 8;

/**
 * When an online submission must have been acknowledged: 8 office hours after it arrives (Decree 45/2020,
 * DOMAIN.md §2.2 [S]).
 */
export function acknowledgeDueAt(calendar: WorkingCalendar, submittedAt: Date): Date {
  return calendar.addWorkingHours(submittedAt, ONLINE_ACKNOWLEDGE_WORKING_HOURS);
}

/**
 * The due time of a process step started at `startedAt`: its budget in office hours (the internal process,
 * quy trình nội bộ, DOMAIN.md §7.1).
 */
export function stepDueAt(calendar: WorkingCalendar, startedAt: Date, budgetWorkingHours: number): Date {
  return calendar.addWorkingHours(startedAt, budgetWorkingHours);
}

/**
 * True while a supplement may still be requested: no more than `windowWorkingDays` working days after the
 * day the clock started (Decree 61/2018 art. 19 cl. 4: "no later than 3 working days from reception",
 * unless sector law differs).
 */
export function supplementWindowOpen(
  calendar: WorkingCalendar,
  clockStartDate: IsoDate,
  now: Date,
  windowWorkingDays: number,
): boolean {
  return calendar.workingDaysBetween(clockStartDate, vnDateOf(now)) <= windowWorkingDays;
}

/** The legal deadline after a complete supplement, under both clock rules. */
export interface DeadlinesAfterSupplement {
  /** Counted again from zero from the supplement (Decree 61/2018 art. 19 cl. 4). */
  readonly restart: DueDate;
  /** The paused deadline moved by the working days the clock stood still (Decision 766, F766 index 2.1). */
  readonly pause: DueInstant;
  /** Working days d with max(request day, clock start day) < d ≤ supplement day. */
  readonly pausedWorkingDays: number;
}

/**
 * Both clock rules after the supplement arrives at `suppliedAt` for a request made at `requestedAt`
 * (DOMAIN.md §2.4: the sources conflict, so both are kept and the record names the rule that governs it).
 * `restart`: the full limit again from the supplement, with the record's cut-off rule. `pause`: the
 * deadline before the request plus the working days from the request day (exclusive; the clock start
 * day when later) to the supplement day (inclusive); the time of day of the old deadline is kept.
 * @throws RangeError when the limit is out of the calendar's range.
 */
export function deadlinesAfterSupplement(
  calendar: WorkingCalendar,
  input: {
    readonly limit: TimeLimit;
    readonly beforePause: DueInstant;
    readonly requestedAt: Date;
    readonly suppliedAt: Date;
    /** The day the clock started; a request before it paused nothing that was running. */
    readonly clockStartDate?: IsoDate;
  } & CutoffOptions,
): DeadlinesAfterSupplement {
  const restart = appointmentAt(calendar, input.suppliedAt, input.limit, {
    ...(input.applyCutoff === undefined ? {} : { applyCutoff: input.applyCutoff }),
    ...(input.cutoffMinutes === undefined ? {} : { cutoffMinutes: input.cutoffMinutes }),
  });
  const requested = vnDateOf(input.requestedAt);
  const from = input.clockStartDate && input.clockStartDate > requested ? input.clockStartDate : requested;
  const paused = Math.max(0, calendar.workingDaysBetween(from, vnDateOf(input.suppliedAt)));
  const { dueDate: oldDate, dueAt: oldAt } = input.beforePause;
  const dueDate = paused === 0 ? oldDate : calendar.addWorkingDays(vnInstant(oldDate, 0), paused).dueDate;
  // The same time of day on the new date (the end of the day stays the end of the day).
  const pause = { dueDate, dueAt: new Date(oldAt.getTime() + daysBetween(oldDate, dueDate) * MS_PER_DAY) };
  return { restart, pause, pausedWorkingDays: paused };
}

/**
 * True when an extension comes too late: fewer than `leadWorkingDays` working days remain until the due
 * date (Decree 61/2018 art. 19 cl. 9: "at least 1 day before the deadline").
 */
export function extensionTooLate(
  calendar: WorkingCalendar,
  dueDate: IsoDate,
  now: Date,
  leadWorkingDays: number,
): boolean {
  return calendar.workingDaysBetween(vnDateOf(now), dueDate) < leadWorkingDays;
}

/** Why a proposed new appointment is not acceptable: not after the current one, or not a working day. */
export function extensionDateProblem(
  calendar: WorkingCalendar,
  currentDueDate: IsoDate,
  newDueDate: IsoDate,
): 'not_later' | 'not_working_day' | undefined {
  if (newDueDate <= currentDueDate) return 'not_later';
  if (!calendar.isWorkingDay(newDueDate)) return 'not_working_day';
  return undefined;
}

/** The deadline of a new appointment day: the end of that day (Civil Code art. 148 cl. 1). */
export function deadlineOn(_calendar: WorkingCalendar, dueDate: IsoDate): DueInstant {
  return { dueDate, dueAt: vnEndOfDay(dueDate) };
}

/**
 * Early, on time or late for the control slip (Phiếu kiểm soát quá trình giải quyết, DOMAIN.md §2.3):
 * late after the due instant; early when finished on a day before the due day; otherwise on time.
 */
export function classifyTiming(finishedAt: Date, dueAt: Date): Timing {
  if (finishedAt.getTime() > dueAt.getTime()) return 'late';
  return vnDateOf(finishedAt) < vnDateOf(dueAt) ? 'early' : 'on_time';
}

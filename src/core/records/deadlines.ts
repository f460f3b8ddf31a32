import {
  addDays,
  type DueDate,
  type IsoDate,
  parseIsoDate,
  toVnDateTime,
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

function endOfOfficeHours(calendar: WorkingCalendar, date: IsoDate): Date {
  return vnInstant(date, calendar.settings.workingHours.end);
}

/** The same day of the month `n` months later, or the month's last day (Civil Code 2015 art. 148 cl. 1). */
function addMonths(date: IsoDate, n: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/**
 * The appointment (ngày hẹn trả kết quả) of a record received at `receivedAt` under the procedure's legal
 * time limit:
 * - working days: `addWorkingDays` (the reception day is not counted; Civil Code arts. 147–148); a fractional
 *   number of working days counts as working hours (8 per day);
 * - same day: that day, or the next working day when received after the cut-off;
 * - hours and working hours: office hours from the moment of reception (art. 147 cl. 1);
 * - calendar days and months: counted from the day after the start, ending on the next working day when the
 *   last day is not one (art. 148 cl. 5–6).
 * With `applyCutoff` (default true) a reception after the cut-off (15:00) or on a day off counts from the
 * next working day (Decree 61/2018 art. 18; Decree 63/2024 art. 7; DOMAIN.md §7.1).
 * @throws RangeError when the limit is out of the calendar's range.
 */
export function appointmentAt(
  calendar: WorkingCalendar,
  receivedAt: Date,
  limit: TimeLimit,
  opts: { readonly applyCutoff?: boolean } = {},
): DueDate {
  const applyCutoff = opts.applyCutoff ?? true;
  const byHours = (hours: number): DueDate => {
    const dueAt = calendar.addWorkingHours(receivedAt, hours);
    return { dueDate: vnDateOf(dueAt), dueAt, startDate: vnDateOf(receivedAt) };
  };
  const byDate = (last: (start: IsoDate) => IsoDate): DueDate => {
    const { startDate } = calendar.addWorkingDays(receivedAt, 0, { applyCutoff });
    let dueDate = last(startDate);
    if (!calendar.isWorkingDay(dueDate)) dueDate = calendar.nextWorkingDay(dueDate);
    return { dueDate, dueAt: endOfOfficeHours(calendar, dueDate), startDate };
  };
  switch (limit.unit) {
    case 'same_day':
      return calendar.addWorkingDays(receivedAt, 0, { applyCutoff });
    case 'working_days':
      return Number.isInteger(limit.value)
        ? calendar.addWorkingDays(receivedAt, limit.value, { applyCutoff })
        : byHours(limit.value * WORKING_HOURS_PER_DAY);
    case 'working_hours':
    case 'hours':
      return byHours(limit.value);
    case 'days':
      return byDate((start) => addDays(start, Math.ceil(limit.value)));
    case 'months':
      return byDate((start) => addMonths(start, Math.ceil(limit.value)));
  }
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
 * `restart`: the full limit again from the supplement, cut-off applied as at reception. `pause`: the
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
    readonly applyCutoff?: boolean;
  },
): DeadlinesAfterSupplement {
  const restart = appointmentAt(calendar, input.suppliedAt, input.limit, { applyCutoff: input.applyCutoff });
  const requested = vnDateOf(input.requestedAt);
  const from = input.clockStartDate && input.clockStartDate > requested ? input.clockStartDate : requested;
  const paused = Math.max(0, calendar.workingDaysBetween(from, vnDateOf(input.suppliedAt)));
  const { dueDate: oldDate, dueAt: oldAt } = input.beforePause;
  const dueDate = paused === 0 ? oldDate : calendar.addWorkingDays(vnInstant(oldDate, 0), paused).dueDate;
  const pause = { dueDate, dueAt: vnInstant(dueDate, toVnDateTime(oldAt).minutes) };
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

/** The deadline of a new appointment day: the end of office hours that day. */
export function deadlineOn(calendar: WorkingCalendar, dueDate: IsoDate): DueInstant {
  return { dueDate, dueAt: endOfOfficeHours(calendar, dueDate) };
}

/**
 * Early, on time or late for the control slip (Phiếu kiểm soát quá trình giải quyết, DOMAIN.md §2.3):
 * late after the due instant; early when finished on a day before the due day; otherwise on time.
 */
export function classifyTiming(finishedAt: Date, dueAt: Date): Timing {
  if (finishedAt.getTime() > dueAt.getTime()) return 'late';
  return vnDateOf(finishedAt) < vnDateOf(dueAt) ? 'early' : 'on_time';
}

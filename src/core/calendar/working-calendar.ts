import { z } from 'zod';
import {
  dayOfWeekOfJdn,
  type IsoDate,
  isoDateToJdn,
  jdnToIsoDate,
  MINUTES_PER_DAY,
  toVnDateTime,
  vnEndOfDayOfJdn,
  vnInstantOfJdn,
  vnJdnOf,
} from './date.ts';
import type { ScheduleEntry } from './holiday-schedule.ts';
import { checkWeekendDays, type StatutoryHolidayOptions, statutoryHolidays } from './statutory-holidays.ts';

/** The longest limit accepted, in working days (about 14 years); longer ones are input errors. */
export const MAX_WORKING_DAYS = 3650;
/** The longest limit accepted, in working hours. */
export const MAX_WORKING_HOURS = MAX_WORKING_DAYS * 24;

const minuteOfDay = z.number().min(0).max(MINUTES_PER_DAY);

/**
 * Office hours in minutes since local midnight. The lunch break is optional; when given it must lie
 * strictly inside the day's hours.
 */
export const WorkingHours = z
  .object({
    start: minuteOfDay,
    end: minuteOfDay,
    lunchStart: minuteOfDay.optional(),
    lunchEnd: minuteOfDay.optional(),
  })
  .refine((h) => h.start < h.end, 'office hours must start before they end')
  .refine(
    (h) => (h.lunchStart === undefined) === (h.lunchEnd === undefined),
    'give both ends of the lunch break',
  )
  .refine(
    (h) =>
      h.lunchStart === undefined ||
      h.lunchEnd === undefined ||
      (h.start < h.lunchStart && h.lunchStart < h.lunchEnd && h.lunchEnd < h.end),
    'the lunch break must lie inside office hours',
  );
/** Office hours in minutes since local midnight. */
export type WorkingHours = z.infer<typeof WorkingHours>;

/**
 * Default office hours 07:30–11:30 and 13:30–17:00. Quyết định 188/1999/QĐ-TTg sets the 40-hour week
 * but each province fixes its own hours, so callers should pass the unit's real hours.
 */
export const DEFAULT_WORKING_HOURS: WorkingHours = { start: 450, lunchStart: 690, lunchEnd: 810, end: 1020 };

/**
 * Default cut-off 15:00: a paper dossier received later is transferred the next working day (Decree 61/2018
 * art. 18), and a same-day procedure or a Decree 63/2024 group received later counts from the next working
 * day (DOMAIN.md §7.1).
 */
export const DEFAULT_CUTOFF_MINUTES = 15 * 60;

/** How a working calendar is built. */
export interface WorkingCalendarOptions {
  /**
   * The administrators' holiday table; it wins over everything else. A year counts as covered by the
   * table once it holds an entry that changes the week in that year — a `day_off` on a weekday or a
   * `working_day` on a weekly rest day — so that weekend days listed inside a break do not count.
   */
  readonly entries: readonly ScheduleEntry[];
  /**
   * For years the table does not cover, take the days off from {@link statutoryHolidays} (Labor Code
   * arts. 111–112). Without it such years have only weekly rest days. Default false.
   */
  readonly statutoryFallback?: boolean;
  /** Weekly rest days, 0 = Sunday … 6 = Saturday; default Saturday and Sunday. */
  readonly weekendDays?: readonly number[];
  /** Office hours; default {@link DEFAULT_WORKING_HOURS}. */
  readonly workingHours?: WorkingHours;
  /** Minutes since midnight after which a reception counts from the next working day; default 15:00. */
  readonly cutoffMinutes?: number;
  /** Choices for the statutory fallback (Tết split, day next to 2/9, configured extra holidays). */
  readonly statutory?: Omit<StatutoryHolidayOptions, 'weekendDays'>;
}

/** The result of counting working days from a reception. */
export interface DueDate {
  /** The last day of the time limit (ngày hẹn trả kết quả), always a working day. */
  readonly dueDate: IsoDate;
  /** The end of the due date, 24:00 Vietnam time (Civil Code art. 148 cl. 1), as its last millisecond. */
  readonly dueAt: Date;
  /**
   * The day counting starts from: the reception day, which is itself not counted (Civil Code art. 147
   * cl. 2); with the cut-off applied, the next working day when the reception was on a working day after
   * the cut-off.
   */
  readonly startDate: IsoDate;
}

/** Options of {@link WorkingCalendar.addWorkingDays}. */
export interface AddWorkingDaysOptions {
  /**
   * Treat a reception on a working day after the cut-off as received on the next working day (same-day
   * procedures and the Decree 63/2024 groups, DOMAIN.md §7.1). A reception on a non-working day is not
   * moved: that day is not counted anyway. Default false.
   */
  readonly applyCutoff?: boolean;
  /** The cut-off in minutes since midnight, when not the calendar's (the one in force at reception). */
  readonly cutoffMinutes?: number;
}

/** Why a day is or is not a working day. */
export interface DayInfo {
  readonly date: IsoDate;
  readonly working: boolean;
  /** `table`: an entry of the holiday table; `statutory`: the statutory fallback; `week`: the weekly pattern. */
  readonly source: 'table' | 'statutory' | 'week';
  /** The table's occasion or the statutory holiday's name. */
  readonly occasion?: string;
}

/** Working-day arithmetic over one holiday table, in Vietnam time (UTC+7). */
export interface WorkingCalendar {
  /** The resolved office hours and cut-off. */
  readonly settings: { readonly workingHours: WorkingHours; readonly cutoffMinutes: number };
  /** True when civil servants work on `date`. @throws RangeError on a bad date. */
  isWorkingDay(date: IsoDate): boolean;
  /** Whether `date` is a working day and which rule decided it. @throws RangeError on a bad date. */
  describeDay(date: IsoDate): DayInfo;
  /** The first working day strictly after `date`. @throws RangeError on a bad date. */
  nextWorkingDay(date: IsoDate): IsoDate;
  /**
   * The due date `n` working days after a reception at instant `from` (Civil Code arts. 147–148): the
   * reception day is not counted, day 1 is the first working day after it, a make-up Saturday counts, and
   * the limit ends at 24:00 of the last day (art. 148 cl. 1). `n = 0` is the same day — the reception day, or
   * the next working day when it is not one.
   *
   * Chaining: for n ≥ 1, counting m more days from any moment of the due date before the cut-off gives the
   * due date of n + m.
   * @throws RangeError when n is not an integer 0–3650 or `from` is an invalid Date.
   */
  addWorkingDays(from: Date, n: number, opts?: AddWorkingDaysOptions): DueDate;
  /**
   * The instant `hours` office hours after `from` (hour-based limits such as "04 giờ làm việc"; Civil Code
   * art. 147 cl. 1: they start at the stated moment). Time outside office hours, the lunch break and
   * non-working days does not count; a limit that ends exactly at a break ends at its start. 0 hours is
   * `from` itself.
   * @throws RangeError when hours is negative, above 87600 or not finite, or `from` is invalid.
   */
  addWorkingHours(from: Date, hours: number): Date;
  /**
   * The number of working days d with a < d ≤ b (negative, counted the other way, when b is before a), so
   * that the n-th working day after a is n working days from it. @throws RangeError on a bad date.
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
}

const MS_PER_MINUTE = 60_000;

/**
 * Builds the working calendar of one holiday table. The table (official schedules and make-up
 * Saturdays) wins; years it does not cover use the statutory holidays when `statutoryFallback` is set;
 * otherwise Monday–Friday (configurable) are working days. Results are cached per day, so build one
 * calendar per version of the table.
 * @throws RangeError on conflicting entries (the same day both off and working) or invalid options.
 */
export function createWorkingCalendar(opts: WorkingCalendarOptions): WorkingCalendar {
  const weekend = checkWeekendDays(opts.weekendDays ?? [0, 6]);
  const hoursParsed = WorkingHours.safeParse(opts.workingHours ?? DEFAULT_WORKING_HOURS);
  if (!hoursParsed.success) {
    throw new RangeError(
      `Invalid working hours: ${hoursParsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  const workingHours = hoursParsed.data;
  const cutoffMinutes = opts.cutoffMinutes ?? DEFAULT_CUTOFF_MINUTES;
  if (!Number.isFinite(cutoffMinutes) || cutoffMinutes < 0 || cutoffMinutes > MINUTES_PER_DAY) {
    throw new RangeError(`The cut-off must be within 0–1440 minutes: ${cutoffMinutes}`);
  }
  const { start, end, lunchStart, lunchEnd } = workingHours;
  const periodMinutes: [number, number][] =
    lunchStart !== undefined && lunchEnd !== undefined
      ? [
          [start, lunchStart],
          [lunchEnd, end],
        ]
      : [[start, end]];
  /** Office periods of a day in milliseconds since local midnight. */
  const periods = periodMinutes.map(([a, b]) => [a * MS_PER_MINUTE, b * MS_PER_MINUTE] as const);

  const isRest = (jdn: number) => weekend.has(dayOfWeekOfJdn(jdn));
  const yearOf = (jdn: number) => Number(jdnToIsoDate(jdn).slice(0, 4));

  const table = new Map<number, ScheduleEntry>();
  const coveredYears = new Set<number>();
  for (const e of opts.entries) {
    const jdn = isoDateToJdn(e.date);
    const before = table.get(jdn);
    if (before && before.kind !== e.kind) {
      throw new RangeError(`The holiday table has ${e.date} both as a day off and as a working day`);
    }
    table.set(jdn, e);
    if ((e.kind === 'day_off') !== isRest(jdn)) coveredYears.add(yearOf(jdn));
  }

  const statutoryOpts: StatutoryHolidayOptions = { ...opts.statutory, weekendDays: [...weekend] };
  const statutoryByYear = new Map<number, ReadonlyMap<number, string>>();
  const statutoryOf = (year: number) => {
    let days = statutoryByYear.get(year);
    if (!days) {
      days = new Map(statutoryHolidays(year, statutoryOpts).map((h) => [isoDateToJdn(h.date), h.name]));
      statutoryByYear.set(year, days);
    }
    return days;
  };
  // A compensatory day may spill into January of the next year (a configured holiday on 31/12).
  const statutoryName = (jdn: number, year: number) =>
    statutoryOf(year).get(jdn) ?? (coveredYears.has(year - 1) ? undefined : statutoryOf(year - 1).get(jdn));

  const infoCache = new Map<number, DayInfo>();
  const info = (jdn: number): DayInfo => {
    const cached = infoCache.get(jdn);
    if (cached) return cached;
    let result: DayInfo;
    const entry = table.get(jdn);
    const date = jdnToIsoDate(jdn);
    if (entry) {
      result = { date, working: entry.kind === 'working_day', source: 'table', occasion: entry.occasion };
    } else {
      const year = yearOf(jdn);
      const name = opts.statutoryFallback && !coveredYears.has(year) ? statutoryName(jdn, year) : undefined;
      result =
        name !== undefined
          ? { date, working: false, source: 'statutory', occasion: name }
          : { date, working: !isRest(jdn), source: 'week' };
    }
    infoCache.set(jdn, result);
    return result;
  };
  const working = (jdn: number) => info(jdn).working;
  const nextWorking = (jdn: number) => {
    let j = jdn + 1;
    // A table cannot hold more than a few thousand consecutive days off; stop rather than loop forever.
    for (let guard = 0; !working(j); j++) {
      if (++guard > 2 * MAX_WORKING_DAYS)
        throw new RangeError(`No working day within ${guard} days after ${jdnToIsoDate(jdn)}`);
    }
    return j;
  };

  return {
    settings: { workingHours, cutoffMinutes },
    isWorkingDay: (date) => working(isoDateToJdn(date)),
    describeDay: (date) => info(isoDateToJdn(date)),
    nextWorkingDay: (date) => jdnToIsoDate(nextWorking(isoDateToJdn(date))),

    addWorkingDays(from, n, addOpts = {}) {
      if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
        throw new RangeError(`Working days must be an integer 0–${MAX_WORKING_DAYS}: ${n}`);
      }
      const { minutes } = toVnDateTime(from);
      const received = vnJdnOf(from);
      const cutoff = addOpts.cutoffMinutes ?? cutoffMinutes;
      const start =
        addOpts.applyCutoff && working(received) && minutes > cutoff ? nextWorking(received) : received;
      let due = start;
      if (n === 0) {
        if (!working(due)) due = nextWorking(due);
      } else {
        for (let i = 0; i < n; i++) due = nextWorking(due);
      }
      return {
        dueDate: jdnToIsoDate(due),
        dueAt: vnEndOfDayOfJdn(due),
        startDate: jdnToIsoDate(start),
      };
    },

    addWorkingHours(from, hours) {
      if (!Number.isFinite(hours) || hours < 0 || hours > MAX_WORKING_HOURS) {
        throw new RangeError(`Working hours must be a number 0–${MAX_WORKING_HOURS}: ${hours}`);
      }
      const { minutes } = toVnDateTime(from);
      if (hours === 0) return new Date(from.getTime());
      let remaining = Math.round(hours * 3_600_000);
      let jdn = vnJdnOf(from);
      let msOfDay = Math.round(minutes * MS_PER_MINUTE);
      for (;;) {
        if (working(jdn)) {
          for (const [a, b] of periods) {
            if (msOfDay >= b) continue;
            const begin = Math.max(msOfDay, a);
            if (remaining <= b - begin) return new Date(vnInstantOfJdn(jdn, 0).getTime() + begin + remaining);
            remaining -= b - begin;
            msOfDay = b;
          }
        }
        jdn = nextWorking(jdn);
        msOfDay = 0;
      }
    },

    workingDaysBetween(a, b) {
      const ja = isoDateToJdn(a);
      const jb = isoDateToJdn(b);
      const [lo, hi, sign] = ja <= jb ? [ja, jb, 1] : [jb, ja, -1];
      let count = 0;
      for (let j = lo + 1; j <= hi; j++) if (working(j)) count++;
      return sign * count;
    },
  };
}

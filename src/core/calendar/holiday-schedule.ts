import { z } from 'zod';
import { parseCsv } from '../csv/index.ts';
import { dayOfWeekOfJdn, IsoDate, isIsoDate, isoDateToJdn, jdnToIsoDate } from './date.ts';
import { checkWeekendDays, type StatutoryHolidayOptions, statutoryHolidays } from './statutory-holidays.ts';

/**
 * One day of an official schedule — the administrators' holiday table. `day_off` is a day without work
 * (a holiday, a compensatory day, a swapped day; weekend days inside a break are harmless), `working_day`
 * a day worked although the week would rest (a make-up Saturday, "ngày làm bù").
 */
export const ScheduleEntry = z.object({
  date: IsoDate,
  kind: z.enum(['day_off', 'working_day']),
  /** The occasion, e.g. `Tết Âm lịch (Giáp Thìn)` or `… (làm bù)` for a make-up day. */
  occasion: z.string().min(1),
  /** Where the day comes from: the announcement's number or URL and any notes. */
  sourceNote: z.string(),
  /** Confidence as recorded in the data, e.g. `announced`, `statutory`, `pending-legislation`; not interpreted here. */
  status: z.string().min(1),
});
/** One day of an official schedule. */
export type ScheduleEntry = z.infer<typeof ScheduleEntry>;

/** One row of `holiday_periods_*.csv`: a break for one occasion as announced (dates may be unknown). */
export interface HolidayPeriod {
  readonly year: number;
  readonly occasion: string;
  /** First day off, inclusive; absent when the data has no verified dates. */
  readonly firstDayOff?: IsoDate;
  /** Last day off, inclusive (weekends inside the break included); absent when unknown. */
  readonly lastDayOff?: IsoDate;
  readonly totalDaysOff?: number;
  /** Saturdays worked to make up a swapped day. */
  readonly makeUpWorkdays: readonly IsoDate[];
  readonly notes: string;
  readonly status: string;
  readonly sources: string;
}

const COLUMNS = [
  'year',
  'occasion',
  'first_day_off',
  'last_day_off',
  'total_days_off',
  'make_up_workdays',
  'notes',
  'status',
  'sources',
] as const;

/**
 * Reads the CSV text of `data/vn-holidays/holiday_periods_*.csv` (columns year, occasion, first_day_off,
 * last_day_off, total_days_off, make_up_workdays, notes, status, sources) into one period per row.
 * A row with only `first_day_off` is a single known day; `make_up_workdays` may list several dates
 * separated by `;` or spaces.
 * @throws RangeError naming the line on a missing column, a bad date or a break that ends before it starts.
 */
export function parseHolidayPeriods(csvText: string): HolidayPeriod[] {
  const [header, ...rows] = parseCsv(csvText);
  if (!header) return [];
  const index = new Map(header.map((h, i) => [h.trim(), i]));
  const missing = COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) throw new RangeError(`Holiday CSV: missing column(s) ${missing.join(', ')}`);
  return rows.map((cells, r) => {
    const line = r + 2;
    const get = (c: (typeof COLUMNS)[number]) => (cells[index.get(c)!] ?? '').trim();
    const date = (c: (typeof COLUMNS)[number], value = get(c)) => {
      if (value === '') return undefined;
      if (!isIsoDate(value)) throw new RangeError(`Holiday CSV line ${line}: ${c} is not a date: ${value}`);
      return value;
    };
    const year = Number(get('year'));
    if (!Number.isInteger(year)) throw new RangeError(`Holiday CSV line ${line}: bad year ${get('year')}`);
    const firstDayOff = date('first_day_off');
    const lastDayOff = date('last_day_off');
    if (lastDayOff !== undefined && (firstDayOff === undefined || lastDayOff < firstDayOff)) {
      throw new RangeError(
        `Holiday CSV line ${line}: last_day_off ${lastDayOff} without an earlier first_day_off`,
      );
    }
    const total = get('total_days_off');
    if (total !== '' && !/^\d+$/.test(total))
      throw new RangeError(`Holiday CSV line ${line}: bad total ${total}`);
    const occasion = get('occasion');
    if (occasion === '') throw new RangeError(`Holiday CSV line ${line}: occasion is empty`);
    const status = get('status');
    if (status === '') throw new RangeError(`Holiday CSV line ${line}: status is empty`);
    return {
      year,
      occasion,
      ...(firstDayOff !== undefined ? { firstDayOff } : {}),
      ...(lastDayOff !== undefined ? { lastDayOff } : {}),
      ...(total !== '' ? { totalDaysOff: Number(total) } : {}),
      makeUpWorkdays: get('make_up_workdays')
        .split(/[;\s]+/)
        .filter((s) => s !== '')
        .map((s) => date('make_up_workdays', s)!),
      notes: get('notes'),
      status,
      sources: get('sources'),
    };
  });
}

/**
 * The schedule entries of one period: every day from the first to the last day off (a single day when
 * only the first is known, none when neither is) as `day_off`, and each make-up Saturday as `working_day`.
 */
export function holidayPeriodEntries(period: HolidayPeriod): ScheduleEntry[] {
  const sourceNote = [period.notes, period.sources && `Sources: ${period.sources}`]
    .filter(Boolean)
    .join(' | ');
  const entries: ScheduleEntry[] = [];
  if (period.firstDayOff !== undefined) {
    const last = isoDateToJdn(period.lastDayOff ?? period.firstDayOff);
    for (let j = isoDateToJdn(period.firstDayOff); j <= last; j++) {
      entries.push({
        date: jdnToIsoDate(j),
        kind: 'day_off',
        occasion: period.occasion,
        sourceNote,
        status: period.status,
      });
    }
  }
  for (const date of period.makeUpWorkdays) {
    entries.push({
      date,
      kind: 'working_day',
      occasion: `${period.occasion} (làm bù)`,
      sourceNote,
      status: period.status,
    });
  }
  return entries;
}

/**
 * Reads the holiday CSV text (see {@link parseHolidayPeriods}) into schedule entries for every row,
 * whatever its status — callers pick the statuses they trust (e.g. leave out `pending-legislation`).
 * Rows without dates give no entries. No file access: pass the text in.
 * @throws RangeError on malformed CSV (see {@link parseHolidayPeriods}).
 */
export function parseHolidaySchedule(csvText: string): ScheduleEntry[] {
  return parseHolidayPeriods(csvText).flatMap(holidayPeriodEntries);
}

/** One day on which an official schedule and the statutory rules disagree about working. */
export interface ScheduleDifference {
  readonly date: IsoDate;
  /** Whether the official schedule (weekly rest days plus its entries) makes the day a working day. */
  readonly officialWorking: boolean;
  /** Whether the statutory rules (weekly rest days plus {@link statutoryHolidays}) make it a working day. */
  readonly statutoryWorking: boolean;
  /** The official entry's occasion, when it has one for the day. */
  readonly officialOccasion?: string;
  /** The statutory holiday's name, when there is one for the day. */
  readonly statutoryName?: string;
}

/** How an official schedule for one year compares with the statutory rules. */
export interface ScheduleComparison {
  readonly year: number;
  /** Entries dated in the year; 0 means the year has no official schedule. */
  readonly officialEntries: number;
  /** Days whose working status differs, in date order; empty when the schedule follows the law exactly. */
  readonly differences: ScheduleDifference[];
}

/**
 * Compares an official schedule with the statutory days off for one Gregorian year, day by day, and
 * lists the days whose working status differs — a day off the Prime Minister chose or swapped, a make-up
 * Saturday, a statutory day the schedule leaves out. Used by the seed to say which source it relied on.
 * @throws RangeError for a year outside 1900–2199 or bad options.
 */
export function compareWithStatutory(
  year: number,
  entries: readonly ScheduleEntry[],
  opts: StatutoryHolidayOptions = {},
): ScheduleComparison {
  const weekend = checkWeekendDays(opts.weekendDays ?? [0, 6]);
  const prefix = `${year}-`;
  const official = new Map<string, ScheduleEntry>();
  for (const e of entries) if (e.date.startsWith(prefix)) official.set(e.date, e);
  const statutory = new Map(statutoryHolidays(year, opts).map((h) => [h.date, h]));
  const differences: ScheduleDifference[] = [];
  for (let j = isoDateToJdn(`${year}-01-01`), end = isoDateToJdn(`${year}-12-31`); j <= end; j++) {
    const date = jdnToIsoDate(j);
    const weekday = !weekend.has(dayOfWeekOfJdn(j));
    const o = official.get(date);
    const s = statutory.get(date);
    const officialWorking = o ? o.kind === 'working_day' : weekday;
    const statutoryWorking = weekday && !s;
    if (officialWorking !== statutoryWorking) {
      differences.push({
        date,
        officialWorking,
        statutoryWorking,
        ...(o ? { officialOccasion: o.occasion } : {}),
        ...(s ? { statutoryName: s.name } : {}),
      });
    }
  }
  return { year, officialEntries: official.size, differences };
}

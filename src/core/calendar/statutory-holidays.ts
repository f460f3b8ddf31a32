import { z } from 'zod';
import { dayOfWeekOfJdn, formatIsoDate, IsoDate, isIsoDate, isoDateToJdn, jdnToIsoDate } from './date.ts';
import { hungKingsDate, tetDate } from './lunar.ts';

/**
 * Where a statutory day off comes from:
 * - `art112`: a public holiday of Labor Code 2019 art. 112 cl. 1 (Labor Code 2012 art. 115 before 2021);
 * - `art111-compensatory`: the compensatory day off for a holiday on a weekly rest day (art. 111 cl. 3);
 * - `configured`: an extra holiday supplied as configuration (e.g. one whose legal basis is still pending).
 */
export type HolidayRule = 'art112' | 'art111-compensatory' | 'configured';

/** One statutory day off. */
export interface StatutoryHoliday {
  readonly date: IsoDate;
  /** Vietnamese name, e.g. `Tết Âm lịch`, `Nghỉ bù Giỗ Tổ Hùng Vương`. */
  readonly name: string;
  readonly rule: HolidayRule;
}

/**
 * A holiday on a fixed solar day that the law does not (yet) list, switched on by configuration from
 * an effective date. Example: 24/11 "Ngày Văn hóa Việt Nam" (Politburo Resolution 80-NQ/TW, Government
 * Resolution 30/NQ-CP; the Labor Code amendment was not confirmed — DOMAIN §7.2).
 */
export const ExtraHoliday = z
  .object({
    name: z.string().min(1),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    /** First day the holiday applies (inclusive). */
    effectiveFrom: IsoDate,
    /** Last day the holiday applies (inclusive); open-ended when absent. */
    effectiveUntil: IsoDate.optional(),
    /** Why it is configured, e.g. `pending-legislation`; carried for display, not interpreted. */
    status: z.string().min(1),
  })
  .refine((h) => h.day <= new Date(Date.UTC(2000, h.month, 0)).getUTCDate(), 'no such day in that month');
/** A configured extra holiday. */
export type ExtraHoliday = z.infer<typeof ExtraHoliday>;

/** How the choices the Prime Minister makes every year are filled in when no schedule is announced. */
export interface StatutoryHolidayOptions {
  /** Weekly rest days, 0 = Sunday … 6 = Saturday; default Saturday and Sunday (civil-service week). */
  readonly weekendDays?: readonly number[];
  /**
   * First of the 5 Tết days relative to mùng 1 (art. 112 cl. 3 leaves the choice to the Prime Minister).
   * Default −1: the last day of the old lunar year and mùng 1–4, the split chosen for 2026 (Thông báo
   * 9441/TB-BNV: Mon 16/2 = 29 Chạp to Fri 20/2 = mùng 4).
   */
  readonly tetFirstDayOffset?: number;
  /**
   * The day next to 2/9 (art. 112 cl. 1 point đ: "01 ngày liền kề trước hoặc sau"). `auto` (default)
   * takes the adjacent day that is not a weekly rest day, preferring the one that joins the break to a
   * weekend and otherwise 1/9 — the choice announced in 2024 (Mon 2/9 + Tue 3/9), 2025 (Mon 1/9 + Tue 2/9)
   * and, per DOMAIN §7.3 (not verified in the holiday CSV), 2026 (Tue 1/9 + Wed 2/9).
   */
  readonly nationalDayAdjacent?: 'auto' | 'before' | 'after';
  /** Extra holidays switched on by configuration; none by default. */
  readonly extraHolidays?: readonly ExtraHoliday[];
}

/** Labor Code 45/2019/QH14 took effect on 1 Jan 2021 and added the second National Day holiday. */
const LABOR_CODE_2019_FROM_YEAR = 2021;
const DEFAULT_WEEKEND: readonly number[] = [0, 6];

/**
 * Validates weekly rest days: integers 0–6 that leave at least one working weekday.
 * @throws RangeError otherwise.
 */
export function checkWeekendDays(days: readonly number[]): ReadonlySet<number> {
  const set = new Set(days);
  for (const d of set) {
    if (!Number.isInteger(d) || d < 0 || d > 6) throw new RangeError(`A weekday must be 0 (Sunday)–6: ${d}`);
  }
  if (set.size === 7) throw new RangeError('Weekly rest days cannot cover the whole week');
  return set;
}

function nationalDayAdjacent(
  year: number,
  weekend: ReadonlySet<number>,
  mode: 'auto' | 'before' | 'after',
): IsoDate {
  const before = isoDateToJdn(formatIsoDate(year, 9, 1));
  const after = before + 2;
  if (mode !== 'auto') return jdnToIsoDate(mode === 'before' ? before : after);
  const rest = (j: number) => weekend.has(dayOfWeekOfJdn(j));
  if (rest(before) !== rest(after)) return jdnToIsoDate(rest(before) ? after : before);
  const afterJoinsWeekend = rest(after + 1) && !rest(before - 1);
  return jdnToIsoDate(afterJoinsWeekend ? after : before);
}

/**
 * The statutory days off of a Gregorian year for cán bộ, công chức, viên chức, sorted by date:
 * Labor Code 2019 art. 112 cl. 1 — 1/1; Tết Âm lịch 5 days; 30/4; 1/5; 2/9 and one adjacent day;
 * Giỗ Tổ Hùng Vương 10/3 lunar — then any configured extra holidays, then, per art. 111 cl. 3, a
 * compensatory day on the next working day for each of them that falls on a weekly rest day.
 *
 * These are the defaults used when no official schedule is known: each year the Prime Minister fixes the
 * concrete Tết and National Day days and may swap working days (art. 112 cl. 3), so an announced schedule
 * always wins over this function. Before 2021 the 2012 Labor Code (art. 115) list applies, with 2/9 as the
 * only National Day holiday; earlier regimes are not modelled.
 *
 * @throws RangeError for a year outside the lunar calendar's range (1900–2199) or bad options.
 */
export function statutoryHolidays(year: number, opts: StatutoryHolidayOptions = {}): StatutoryHoliday[] {
  const weekend = checkWeekendDays(opts.weekendDays ?? DEFAULT_WEEKEND);
  const tetOffset = opts.tetFirstDayOffset ?? -1;
  if (!Number.isInteger(tetOffset) || tetOffset < -4 || tetOffset > 0) {
    throw new RangeError(`The first Tết day must be 0–4 days before mùng 1: ${tetOffset}`);
  }
  const tet = isoDateToJdn(tetDate(year));
  const days: { jdn: number; name: string; rule: HolidayRule }[] = [];
  const add = (date: IsoDate, name: string, rule: HolidayRule) =>
    days.push({ jdn: isoDateToJdn(date), name, rule });

  add(formatIsoDate(year, 1, 1), 'Tết Dương lịch', 'art112');
  for (let i = 0; i < 5; i++) add(jdnToIsoDate(tet + tetOffset + i), 'Tết Âm lịch', 'art112');
  add(hungKingsDate(year), 'Giỗ Tổ Hùng Vương', 'art112');
  add(formatIsoDate(year, 4, 30), 'Ngày Chiến thắng', 'art112');
  add(formatIsoDate(year, 5, 1), 'Ngày Quốc tế Lao động', 'art112');
  add(formatIsoDate(year, 9, 2), 'Quốc khánh', 'art112');
  if (year >= LABOR_CODE_2019_FROM_YEAR) {
    add(nationalDayAdjacent(year, weekend, opts.nationalDayAdjacent ?? 'auto'), 'Quốc khánh', 'art112');
  }
  for (const raw of opts.extraHolidays ?? []) {
    const extra = ExtraHoliday.parse(raw);
    const date = `${year}-${String(extra.month).padStart(2, '0')}-${String(extra.day).padStart(2, '0')}`;
    if (!isIsoDate(date)) continue; // 29/2 in a common year
    if (date < extra.effectiveFrom || (extra.effectiveUntil !== undefined && date > extra.effectiveUntil))
      continue;
    add(date, extra.name, 'configured');
  }

  // A configured day that coincides with a statutory one is one day off, listed once.
  const byDay = new Map<number, (typeof days)[number]>();
  for (const d of days) if (!byDay.has(d.jdn)) byDay.set(d.jdn, d);
  const holidays = [...byDay.values()].sort((a, b) => a.jdn - b.jdn);
  const taken = new Set(byDay.keys());
  const isRest = (j: number) => weekend.has(dayOfWeekOfJdn(j));
  const compensatory: typeof days = [];
  for (const d of holidays) {
    if (!isRest(d.jdn)) continue;
    // Art. 111 cl. 3: "được nghỉ bù … vào ngày làm việc kế tiếp" — skip rest days and other days off.
    let j = d.jdn + 1;
    while (isRest(j) || taken.has(j)) j++;
    taken.add(j);
    compensatory.push({ jdn: j, name: `Nghỉ bù ${d.name}`, rule: 'art111-compensatory' });
  }

  return [...holidays, ...compensatory]
    .sort((a, b) => a.jdn - b.jdn)
    .map((d) => ({ date: jdnToIsoDate(d.jdn), name: d.name, rule: d.rule }));
}

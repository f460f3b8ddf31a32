import { z } from 'zod';

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
/** Julian Day Number of 1970-01-01, the Unix epoch. */
const UNIX_EPOCH_JDN = 2_440_588;

/**
 * Vietnam's offset from UTC in minutes. The whole country has kept UTC+7 without daylight saving since
 * 1975, so present-day instants need no time-zone database.
 */
export const VN_UTC_OFFSET_MINUTES = 7 * 60;

/** Minutes in one calendar day. */
export const MINUTES_PER_DAY = 24 * 60;

/** The parts of a calendar day. */
export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function partsOf(s: string): DateParts | undefined {
  const m = ISO_DATE_RE.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True when `s` is a calendar day that exists, written `YYYY-MM-DD` (years 0001–9999). */
export function isIsoDate(s: unknown): s is string {
  return typeof s === 'string' && partsOf(s) !== undefined;
}

/**
 * A calendar day (no time, no zone) written `YYYY-MM-DD`; the day must exist (no 2026-02-30).
 * Plain strings are used so that days sort and compare as text and cross JSON and SQL `date` unchanged.
 */
export const IsoDate = z.string().refine(isIsoDate, { message: 'expected an existing date YYYY-MM-DD' });
/** A calendar day `YYYY-MM-DD`. */
export type IsoDate = z.infer<typeof IsoDate>;

/**
 * Splits a calendar day into numbers.
 * @throws RangeError when `s` is not an existing date `YYYY-MM-DD`.
 */
export function parseIsoDate(s: string): DateParts {
  const parts = partsOf(s);
  if (!parts) throw new RangeError(`Not a calendar date YYYY-MM-DD: ${JSON.stringify(s)}`);
  return parts;
}

/**
 * Writes a calendar day as `YYYY-MM-DD`.
 * @throws RangeError when the parts do not name an existing day in years 1–9999.
 */
export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || !partsOf(s)) {
    throw new RangeError(`No such calendar date: ${year}-${month}-${day}`);
  }
  return s;
}

/** Julian Day Number of a proleptic Gregorian day (Fliegel & Van Flandern, 1968). */
function jdnOfParts(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

/**
 * The Julian Day Number (an integer day count; 2000-01-01 is 2451545) of a calendar day.
 * @throws RangeError on a malformed or non-existent date.
 */
export function isoDateToJdn(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return jdnOfParts(year, month, day);
}

/**
 * The calendar day of a Julian Day Number.
 * @throws RangeError when the day falls outside years 1–9999.
 */
export function jdnToIsoDate(jdn: number): IsoDate {
  if (!Number.isInteger(jdn)) throw new RangeError(`A Julian Day Number must be an integer: ${jdn}`);
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  const day = e - Math.floor((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * Math.floor(m / 10);
  const year = 100 * b + d - 4800 + Math.floor(m / 10);
  return formatIsoDate(year, month, day);
}

/** The day `n` days after `date` (`n` may be negative). @throws RangeError on a bad date or non-integer n. */
export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`A day count must be an integer: ${n}`);
  return jdnToIsoDate(isoDateToJdn(date) + n);
}

/** Day of the week of a Julian Day Number: 0 = Sunday … 6 = Saturday. */
export function dayOfWeekOfJdn(jdn: number): number {
  return (((jdn + 1) % 7) + 7) % 7;
}

/** Day of the week: 0 = Sunday … 6 = Saturday (as `Date#getDay`). @throws RangeError on a bad date. */
export function dayOfWeek(date: IsoDate): number {
  return dayOfWeekOfJdn(isoDateToJdn(date));
}

/** Orders two calendar days: negative when `a` is earlier, 0 when equal, positive when later. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return isoDateToJdn(a) - isoDateToJdn(b);
}

/** Calendar days from `a` to `b`: `addDays(a, daysBetween(a, b)) === b`. @throws RangeError on a bad date. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return isoDateToJdn(b) - isoDateToJdn(a);
}

/** A moment read on a Vietnamese wall clock. */
export interface VnDateTime {
  /** The calendar day in Vietnam. */
  readonly date: IsoDate;
  /** Minutes since local midnight, 0 ≤ minutes < 1440; seconds and milliseconds make it fractional. */
  readonly minutes: number;
}

function checkInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError('Expected a valid Date instant');
  return ms;
}

/** The Julian Day Number of the Vietnamese calendar day an instant falls on. @throws RangeError on an invalid Date. */
export function vnJdnOf(instant: Date): number {
  const local = checkInstant(instant) + VN_UTC_OFFSET_MINUTES * MS_PER_MINUTE;
  return Math.floor(local / MS_PER_DAY) + UNIX_EPOCH_JDN;
}

/**
 * The Vietnamese calendar day and wall-clock minutes of an instant (fixed UTC+7, no daylight saving).
 * @throws RangeError on an invalid Date.
 */
export function toVnDateTime(instant: Date): VnDateTime {
  const local = checkInstant(instant) + VN_UTC_OFFSET_MINUTES * MS_PER_MINUTE;
  const days = Math.floor(local / MS_PER_DAY);
  return { date: jdnToIsoDate(days + UNIX_EPOCH_JDN), minutes: (local - days * MS_PER_DAY) / MS_PER_MINUTE };
}

/** The instant of a Vietnamese wall-clock time, by Julian Day Number. */
export function vnInstantOfJdn(jdn: number, minutes: number): Date {
  return new Date((jdn - UNIX_EPOCH_JDN) * MS_PER_DAY + (minutes - VN_UTC_OFFSET_MINUTES) * MS_PER_MINUTE);
}

/**
 * The instant at `minutes` after midnight of `date` in Vietnam (UTC+7). `minutes` may be fractional;
 * 1440 means the midnight that ends the day (Civil Code art. 148 cl. 1: a period ends at 24:00).
 * @throws RangeError on a bad date or minutes outside 0–1440.
 */
export function vnInstant(date: IsoDate, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0 || minutes > MINUTES_PER_DAY) {
    throw new RangeError(`Minutes since midnight must be within 0–1440: ${minutes}`);
  }
  return vnInstantOfJdn(isoDateToJdn(date), minutes);
}

/**
 * The last instant of a Vietnamese calendar day, 23:59:59.999 (UTC+7): a period in days ends at 24:00 of its
 * last day (Civil Code art. 148 cl. 1), and this instant still falls on that day, so that its date is the
 * due date. Something done at or before it is on time.
 */
export function vnEndOfDayOfJdn(jdn: number): Date {
  return new Date(vnInstantOfJdn(jdn + 1, 0).getTime() - 1);
}

/** {@link vnEndOfDayOfJdn} of a date. @throws RangeError on a bad date. */
export function vnEndOfDay(date: IsoDate): Date {
  return vnEndOfDayOfJdn(isoDateToJdn(date));
}

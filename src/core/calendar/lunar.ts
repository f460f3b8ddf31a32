import { z } from 'zod';
import { type IsoDate, isoDateToJdn, jdnToIsoDate, parseIsoDate } from './date.ts';

// The Vietnamese lunisolar calendar (âm lịch), computed from astronomy by the published method that
// Hồ Ngọc Đức describes at https://www.informatik.uni-leipzig.de/~duc/amlich/ (method only: his code
// and tables are licensed for non-commercial use and are not used here):
//  - a month starts on the local (UTC+7) day of a new moon;
//  - month 11 is the month that contains the December solstice;
//  - when 13 new moons fall between two month-11 starts, the first month after month 11 without a
//    major solar term (a multiple of 30° of solar longitude) is a leap month repeating the month before.
// The astronomy follows Jean Meeus, Astronomical Algorithms (2nd ed., 1998): ch. 49 for the new moon,
// ch. 25 for the apparent solar longitude, ch. 27 for the solstice; ΔT from the Espenak–Meeus
// polynomials (NASA Five Millennium Canon). Vietnam uses UTC+7 where China uses UTC+8, which is why
// Tết differs from the Chinese New Year in some years (1985, 2007, 2030, …).

/**
 * First Gregorian year the conversion covers: solar days 1900-01-01 … 2199-12-31 and the lunar dates
 * they fall on (lunar years 1899–2199). Checked against reference data for 1901–2100.
 */
export const LUNAR_MIN_YEAR = 1900;
/** Last Gregorian year the conversion covers; beyond it the ΔT extrapolation makes near-midnight new moons doubtful. */
export const LUNAR_MAX_YEAR = 2199;

const VN_OFFSET_DAYS = 7 / 24;
const DEG = Math.PI / 180;
const SYNODIC_MONTH = 29.530588861;
const sinDeg = (x: number) => Math.sin(x * DEG);

/** ΔT = TT − UT in seconds (Espenak & Meeus polynomial fits, valid 1900–2150, parabolic beyond). */
function deltaTSeconds(year: number): number {
  if (year < 1920) {
    const t = year - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (year < 1941) {
    const t = year - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (year < 1961) {
    const t = year - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (year < 1986) {
    const t = year - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (year < 2005) {
    const t = year - 2000;
    return (
      63.86 +
      0.3345 * t -
      0.060374 * t ** 2 +
      0.0017275 * t ** 3 +
      0.000651814 * t ** 4 +
      0.00002373599 * t ** 5
    );
  }
  if (year < 2050) {
    const t = year - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  const u = (year - 1820) / 100;
  if (year < 2150) return -20 + 32 * u ** 2 - 0.5628 * (2150 - year);
  return -20 + 32 * u ** 2;
}

function deltaTDays(jd: number): number {
  return deltaTSeconds(2000 + (jd - 2451545) / 365.25) / 86400;
}

/** Julian Ephemeris Day of the true new moon number `k` (k = 0: 6 Jan 2000), Meeus ch. 49. */
function newMoonJde(k: number): number {
  const t = k / 1236.85;
  const jde =
    2451550.09766 + SYNODIC_MONTH * k + 0.00015437 * t ** 2 - 0.00000015 * t ** 3 + 0.00000000073 * t ** 4;
  const e = 1 - 0.002516 * t - 0.0000074 * t ** 2;
  const m = 2.5534 + 29.1053567 * k - 0.0000014 * t ** 2 - 0.00000011 * t ** 3;
  const mp = 201.5643 + 385.81693528 * k + 0.0107582 * t ** 2 + 0.00001238 * t ** 3 - 0.000000058 * t ** 4;
  const f = 160.7108 + 390.67050284 * k - 0.0016118 * t ** 2 - 0.00000227 * t ** 3 + 0.000000011 * t ** 4;
  const om = 124.7746 - 1.56375588 * k + 0.0020672 * t ** 2 + 0.00000215 * t ** 3;
  const periodic =
    -0.4072 * sinDeg(mp) +
    0.17241 * e * sinDeg(m) +
    0.01608 * sinDeg(2 * mp) +
    0.01039 * sinDeg(2 * f) +
    0.00739 * e * sinDeg(mp - m) -
    0.00514 * e * sinDeg(mp + m) +
    0.00208 * e * e * sinDeg(2 * m) -
    0.00111 * sinDeg(mp - 2 * f) -
    0.00057 * sinDeg(mp + 2 * f) +
    0.00056 * e * sinDeg(2 * mp + m) -
    0.00042 * sinDeg(3 * mp) +
    0.00042 * e * sinDeg(m + 2 * f) +
    0.00038 * e * sinDeg(m - 2 * f) -
    0.00024 * e * sinDeg(2 * mp - m) -
    0.00017 * sinDeg(om) -
    0.00007 * sinDeg(mp + 2 * m) +
    0.00004 * sinDeg(2 * mp - 2 * f) +
    0.00004 * sinDeg(3 * m) +
    0.00003 * sinDeg(mp + m - 2 * f) +
    0.00003 * sinDeg(2 * mp + 2 * f) -
    0.00003 * sinDeg(mp + m + 2 * f) +
    0.00003 * sinDeg(mp - m + 2 * f) -
    0.00002 * sinDeg(mp - m - 2 * f) -
    0.00002 * sinDeg(3 * mp + m) +
    0.00002 * sinDeg(4 * mp);
  const planetary =
    0.000325 * sinDeg(299.77 + 0.107408 * k - 0.009173 * t ** 2) +
    0.000165 * sinDeg(251.88 + 0.016321 * k) +
    0.000164 * sinDeg(251.83 + 26.651886 * k) +
    0.000126 * sinDeg(349.42 + 36.412478 * k) +
    0.00011 * sinDeg(84.66 + 18.206239 * k) +
    0.000062 * sinDeg(141.74 + 53.303771 * k) +
    0.00006 * sinDeg(207.14 + 2.453732 * k) +
    0.000056 * sinDeg(154.84 + 7.30686 * k) +
    0.000047 * sinDeg(34.52 + 27.261239 * k) +
    0.000042 * sinDeg(207.19 + 0.121824 * k) +
    0.00004 * sinDeg(291.34 + 1.844379 * k) +
    0.000037 * sinDeg(161.72 + 24.198154 * k) +
    0.000035 * sinDeg(239.56 + 25.513099 * k) +
    0.000023 * sinDeg(331.55 + 3.592518 * k);
  return jde + periodic + planetary;
}

/** Apparent geocentric longitude of the Sun in degrees [0, 360), Meeus ch. 25 (low accuracy, ~0.01°). */
function sunLongitude(jde: number): number {
  const t = (jde - 2451545) / 36525;
  const l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t ** 2;
  const m = 357.52911 + 35999.05029 * t - 0.0001537 * t ** 2;
  const c =
    (1.914602 - 0.004817 * t - 0.000014 * t ** 2) * sinDeg(m) +
    (0.019993 - 0.000101 * t) * sinDeg(2 * m) +
    0.000289 * sinDeg(3 * m);
  const omega = 125.04 - 1934.136 * t;
  const lambda = l0 + c - 0.00569 - 0.00478 * sinDeg(omega);
  return ((lambda % 360) + 360) % 360;
}

/** The Vietnamese (UTC+7) day, as a Julian Day Number, of a moment given in Julian Ephemeris Days. */
function localJdnOfJde(jde: number): number {
  const ut = jde - deltaTDays(jde);
  return Math.floor(ut + 0.5 + VN_OFFSET_DAYS);
}

const newMoonDayCache = new Map<number, number>();
/** The local day on which new moon `k` falls. */
function newMoonDay(k: number): number {
  let day = newMoonDayCache.get(k);
  if (day === undefined) {
    day = localJdnOfJde(newMoonJde(k));
    newMoonDayCache.set(k, day);
  }
  return day;
}

/** Index 0–11 of the 30° sector the Sun is in at local midnight starting day `jdn`; 9 starts at the solstice. */
function majorTermIndexAtStartOf(jdn: number): number {
  const ut = jdn - 0.5 - VN_OFFSET_DAYS;
  return Math.floor(sunLongitude(ut + deltaTDays(ut)) / 30);
}

/** Local day of the December solstice (apparent solar longitude 270°), iterated as in Meeus ch. 27. */
function decemberSolsticeDay(year: number): number {
  let jde = isoDateToJdn(`${year}-12-21`);
  for (let i = 0; i < 20; i++) {
    const step = 58 * sinDeg(270 - sunLongitude(jde));
    jde += step;
    if (Math.abs(step) < 1e-7) break;
  }
  return localJdnOfJde(jde);
}

const month11Cache = new Map<number, number>();
/** The new moon number `k` whose local day starts the month containing the December solstice of `year`. */
function month11K(year: number): number {
  let k = month11Cache.get(year);
  if (k === undefined) {
    const solstice = decemberSolsticeDay(year);
    k = Math.floor((solstice - 2451550.09766) / SYNODIC_MONTH);
    while (newMoonDay(k + 1) <= solstice) k++;
    while (newMoonDay(k) > solstice) k--;
    month11Cache.set(year, k);
  }
  return k;
}

/** One lunar month: its number, leap flag, first solar day and length. */
export interface LunarMonth {
  /** The lunar year the month belongs to (the year of its Tết). */
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** True for a leap month (tháng nhuận), which repeats the number of the month before it. */
  readonly leap: boolean;
  /** The solar day of mùng 1. */
  readonly firstDay: IsoDate;
  /** 29 or 30. */
  readonly days: number;
}

interface SegmentMonth {
  readonly year: number;
  readonly month: number;
  readonly leap: boolean;
  readonly start: number;
  readonly days: number;
}

const segmentCache = new Map<number, readonly SegmentMonth[]>();
/** The months from month 11 of lunar year `year − 1` up to (not including) month 11 of lunar year `year`. */
function segment(year: number): readonly SegmentMonth[] {
  const cached = segmentCache.get(year);
  if (cached) return cached;
  const k0 = month11K(year - 1);
  const count = month11K(year) - k0;
  let leapOffset = -1;
  if (count === 13) {
    for (let i = 1; i <= 12; i++) {
      if (majorTermIndexAtStartOf(newMoonDay(k0 + i)) === majorTermIndexAtStartOf(newMoonDay(k0 + i + 1))) {
        leapOffset = i;
        break;
      }
    }
    // Between two solstice months 11 solar terms fall in 12 months, so one month must lack one.
    if (leapOffset < 0) throw new Error(`Lunar year ${year}: 13 months but no month without a major term`);
  }
  const months: SegmentMonth[] = [];
  let month = 11;
  let lunarYear = year - 1;
  for (let i = 0; i < count; i++) {
    const leap = i === leapOffset;
    if (i > 0 && !leap) {
      month = (month % 12) + 1;
      if (month === 1) lunarYear = year;
    }
    const start = newMoonDay(k0 + i);
    months.push({ year: lunarYear, month, leap, start, days: newMoonDay(k0 + i + 1) - start });
  }
  segmentCache.set(year, months);
  return months;
}

function checkYear(year: number, what: string): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`${what} must be an integer year ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}: ${year}`);
  }
}

/** A day of the Vietnamese lunar calendar. */
export const LunarDate = z.object({
  /** The lunar year, named by the Gregorian year in which its Tết falls. */
  year: z.number().int(),
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(30),
  /** True in a leap month (tháng nhuận). */
  leap: z.boolean(),
});
/** A day of the Vietnamese lunar calendar. */
export type LunarDate = z.infer<typeof LunarDate>;

/**
 * The months of lunar year `year` in order (12, or 13 with a leap month), from Tết to the end of tháng Chạp.
 * @throws RangeError for a year outside {@link LUNAR_MIN_YEAR}–{@link LUNAR_MAX_YEAR}.
 */
export function lunarYearMonths(year: number): LunarMonth[] {
  checkYear(year, 'A lunar year');
  return [...segment(year), ...segment(year + 1)]
    .filter((m) => m.year === year)
    .map((m) => ({ year, month: m.month, leap: m.leap, firstDay: jdnToIsoDate(m.start), days: m.days }));
}

/**
 * The Vietnamese lunar date (UTC+7) of a solar day.
 * @throws RangeError on a bad date or a year outside {@link LUNAR_MIN_YEAR}–{@link LUNAR_MAX_YEAR}.
 */
export function solarToLunar(date: IsoDate): LunarDate {
  const { year } = parseIsoDate(date);
  checkYear(year, 'The solar date');
  const jdn = isoDateToJdn(date);
  const months = jdn >= newMoonDay(month11K(year)) ? segment(year + 1) : segment(year);
  for (let i = months.length - 1; i >= 0; i--) {
    const m = months[i]!;
    if (m.start <= jdn) return { year: m.year, month: m.month, day: jdn - m.start + 1, leap: m.leap };
  }
  throw new Error(`No lunar month contains ${date}`);
}

/**
 * The solar day of a Vietnamese lunar date.
 * @throws RangeError when the date does not exist (a leap month the year lacks, day 30 of a 29-day month)
 *   or its solar day is outside {@link LUNAR_MIN_YEAR}–{@link LUNAR_MAX_YEAR}.
 */
export function lunarToSolar(lunar: LunarDate): IsoDate {
  const parsed = LunarDate.safeParse(lunar);
  if (!parsed.success) throw new RangeError(`Not a lunar date: ${JSON.stringify(lunar)}`);
  const { year, month, day, leap } = parsed.data;
  // Lunar year 1899 ends in January 1900; the result is range-checked below.
  if (year !== LUNAR_MIN_YEAR - 1) checkYear(year, 'A lunar year');
  const m = [...segment(year), ...segment(year + 1)].find(
    (x) => x.year === year && x.month === month && x.leap === leap,
  );
  if (!m) throw new RangeError(`Lunar year ${year} has no leap month ${month}`); // regular months always exist
  if (day > m.days)
    throw new RangeError(`Lunar month ${month}${leap ? ' (leap)' : ''}/${year} has ${m.days} days`);
  const date = jdnToIsoDate(m.start + day - 1);
  checkYear(Number(date.slice(0, 4)), 'The solar date');
  return date;
}

/** Mùng 1 Tết (1/1 lunar) of `year`. @throws RangeError for a year outside the supported range. */
export function tetDate(year: number): IsoDate {
  return lunarToSolar({ year, month: 1, day: 1, leap: false });
}

/**
 * Giỗ Tổ Hùng Vương, 10/3 lunar (of the regular month 3 when the year has a leap 3rd month) — a public
 * holiday under Labor Code 2019 art. 112 cl. 1 point e.
 * @throws RangeError for a year outside the supported range.
 */
export function hungKingsDate(year: number): IsoDate {
  return lunarToSolar({ year, month: 3, day: 10, leap: false });
}

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './date.ts';
import {
  hungKingsDate,
  type LunarDate,
  lunarToSolar,
  lunarYearMonths,
  solarToLunar,
  tetDate,
} from './lunar.ts';

const REFERENCE = new URL('../../../data/vn-lunar-reference/', import.meta.url);

const show = (l: LunarDate) => `${l.day}/${l.month}${l.leap ? ' (leap)' : ''}/${l.year}`;

/** The leading unquoted columns of a reference CSV (later columns may be quoted text we do not need). */
function readColumns(file: string, count: number): Record<string, string>[] {
  const [header, ...lines] = readFileSync(new URL(file, REFERENCE), 'utf8').trim().split(/\r?\n/);
  const names = header!.split(',').slice(0, count);
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((n, i) => [n, cells[i]!]));
  });
}

describe('Vietnamese lunar calendar against the reference tables', () => {
  it('matches every month start, length and leap flag of lunar years 1968–2050', () => {
    const rows = readColumns('lunar_month_starts_1968_2050.csv', 5);
    expect(rows).toHaveLength(1027);
    const years = [...new Set(rows.map((r) => Number(r.lunar_year)))];
    const computed = years.flatMap((y) =>
      lunarYearMonths(y).map((m) => `${m.year},${m.month},${m.leap},${m.firstDay},${m.days}`),
    );
    const expected = rows.map(
      (r) => `${r.lunar_year},${r.lunar_month},${r.is_leap_month},${r.first_day_solar},${r.days_in_month}`,
    );
    const mismatches = expected.filter((e, i) => computed[i] !== e);
    expect(mismatches, `${mismatches.length} of ${expected.length} months differ`).toEqual([]);
    expect(computed).toHaveLength(expected.length);
  });

  it('converts both ways at every month start and month end of 1968–2050', () => {
    const rows = readColumns('lunar_month_starts_1968_2050.csv', 5);
    const mismatches: string[] = [];
    for (const r of rows) {
      const lunar = {
        year: Number(r.lunar_year),
        month: Number(r.lunar_month),
        leap: r.is_leap_month === 'true',
      };
      const first = r.first_day_solar!;
      const last = addDays(first, Number(r.days_in_month) - 1);
      const lastDay = Number(r.days_in_month);
      if (lunarToSolar({ ...lunar, day: 1 }) !== first)
        mismatches.push(`lunarToSolar 1/${lunar.month} ${lunar.year}`);
      if (show(solarToLunar(first)) !== show({ ...lunar, day: 1 })) mismatches.push(first);
      if (show(solarToLunar(last)) !== show({ ...lunar, day: lastDay })) mismatches.push(last);
    }
    expect(mismatches, `${mismatches.length} of ${rows.length * 3} conversions differ`).toEqual([]);
  });

  it('gives Tết and Giỗ Tổ Hùng Vương (10/3) of every year 1901–2100 as python-holidays does', () => {
    const rows = readColumns('tet_and_hung_kings_1901_2100.csv', 3);
    expect(rows).toHaveLength(200);
    const mismatches = rows.flatMap((r) => {
      const y = Number(r.year);
      const out: string[] = [];
      if (tetDate(y) !== r.tet_nguyen_dan) out.push(`${y} Tết ${tetDate(y)} ≠ ${r.tet_nguyen_dan}`);
      if (hungKingsDate(y) !== r.gio_to_hung_vuong)
        out.push(`${y} 10/3 ${hungKingsDate(y)} ≠ ${r.gio_to_hung_vuong}`);
      return out;
    });
    expect(mismatches, `${mismatches.length} of ${rows.length * 2} dates differ`).toEqual([]);
  });

  it('matches the lunar dates printed in official holiday announcements', () => {
    const rows = readColumns('official_solar_lunar_pairs.csv', 5);
    expect(rows).toHaveLength(13);
    const mismatches = rows.filter((r) => {
      const lunar = {
        year: Number(r.lunar_year),
        month: Number(r.lunar_month),
        day: Number(r.lunar_day),
        leap: r.is_leap_month === 'true',
      };
      return show(solarToLunar(r.solar_date!)) !== show(lunar) || lunarToSolar(lunar) !== r.solar_date;
    });
    expect(mismatches, `${mismatches.length} of ${rows.length} pairs differ`).toEqual([]);
  });

  it('follows the Vietnamese (UTC+7) calendar where it differs from the Chinese one', () => {
    expect(tetDate(1985)).toBe('1985-01-21');
    expect(tetDate(2007)).toBe('2007-02-17');
    expect(tetDate(2030)).toBe('2030-02-02');
  });

  it('puts the leap month of 2033 after month 11, as the solar-term rule requires', () => {
    const months = lunarYearMonths(2033).map((m) => `${m.month}${m.leap ? 'L' : ''}`);
    expect(months).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '11L', '12']);
    expect(solarToLunar('2033-12-22')).toEqual({ year: 2033, month: 11, day: 1, leap: true });
  });
});

describe('lunar conversion', () => {
  it('round-trips every solar day 1900–2199', () => {
    const days = fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2199-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(days, (d) => {
        expect(lunarToSolar(solarToLunar(d))).toBe(d);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects lunar dates that do not exist and years out of range', () => {
    expect(() => lunarToSolar({ year: 2024, month: 6, day: 1, leap: true })).toThrow(RangeError);
    expect(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true })).toBe('2025-07-25');
    const short = lunarYearMonths(2025).find((m) => m.days === 29)!;
    expect(() => lunarToSolar({ year: 2025, month: short.month, day: 30, leap: short.leap })).toThrow(
      RangeError,
    );
    expect(() => lunarToSolar({ year: 2025, month: 13, day: 1, leap: false })).toThrow(RangeError);
    expect(() => tetDate(1899)).toThrow(RangeError);
    expect(() => tetDate(2200)).toThrow(RangeError);
    expect(() => solarToLunar('2200-01-01')).toThrow(RangeError);
    expect(solarToLunar('1900-01-01')).toEqual({ year: 1899, month: 12, day: 1, leap: false });
    expect(lunarToSolar({ year: 1899, month: 12, day: 1, leap: false })).toBe('1900-01-01');
    expect(() => lunarToSolar({ year: 2199, month: 12, day: 1, leap: false })).toThrow(RangeError);
  });

  it('computes the 200 years of Tết and 10/3 quickly enough to run at start-up', () => {
    const years = Array.from({ length: 200 }, (_, i) => 1901 + i);
    expect(years.map((y) => [tetDate(y), hungKingsDate(y)]).every(([t, h]) => t! < h!)).toBe(true);
  });
});

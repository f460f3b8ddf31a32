import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareIsoDates,
  dayOfWeek,
  daysBetween,
  IsoDate,
  isIsoDate,
  isoDateToJdn,
  jdnToIsoDate,
  parseIsoDate,
  toVnDateTime,
  vnInstant,
} from './date.ts';

const isoDates = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('calendar days', () => {
  it('accepts existing dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate(20260101)).toBe(false);
    expect(IsoDate.safeParse('2026-04-31').success).toBe(false);
    expect(() => parseIsoDate('2026-02-30')).toThrow(RangeError);
    expect(parseIsoDate('2026-11-24')).toEqual({ year: 2026, month: 11, day: 24 });
  });

  it('uses the standard Julian Day Number (J2000.0 noon is day 2451545)', () => {
    expect(isoDateToJdn('2000-01-01')).toBe(2451545);
    expect(isoDateToJdn('1970-01-01')).toBe(2440588);
    expect(jdnToIsoDate(2460351)).toBe('2024-02-10');
  });

  it('round-trips every date through its Julian Day Number and agrees with Date on weekdays', () => {
    fc.assert(
      fc.property(isoDates, (d) => {
        expect(jdnToIsoDate(isoDateToJdn(d))).toBe(d);
        expect(dayOfWeek(d)).toBe(new Date(`${d}T00:00:00Z`).getUTCDay());
      }),
    );
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-02-14', '2026-02-22')).toBe(8);
    expect(compareIsoDates('2026-02-14', '2026-02-22')).toBeLessThan(0);
    expect(compareIsoDates('2026-02-22', '2026-02-22')).toBe(0);
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
    fc.assert(
      fc.property(isoDates, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });

  it('names Sunday 0 and Saturday 6', () => {
    expect(dayOfWeek('2026-02-22')).toBe(0);
    expect(dayOfWeek('2026-02-21')).toBe(6);
    expect(dayOfWeek('2026-11-24')).toBe(2);
  });
});

describe('Vietnam time (UTC+7, no daylight saving)', () => {
  it('reads an instant on the Vietnamese wall clock, whatever the host time zone', () => {
    expect(toVnDateTime(new Date('2026-03-02T01:30:00Z'))).toEqual({
      date: '2026-03-02',
      minutes: 8 * 60 + 30,
    });
    expect(toVnDateTime(new Date('2026-03-01T17:00:00Z'))).toEqual({ date: '2026-03-02', minutes: 0 });
    expect(toVnDateTime(new Date('2026-03-01T16:59:59.999Z')).date).toBe('2026-03-01');
    expect(toVnDateTime(new Date('2026-03-02T08:00:30Z')).minutes).toBe(15 * 60 + 0.5);
  });

  it('builds the instant of a wall-clock time in Vietnam', () => {
    expect(vnInstant('2026-03-02', 17 * 60).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(vnInstant('2026-03-02', 0).toISOString()).toBe('2026-03-01T17:00:00.000Z');
    expect(vnInstant('2026-03-02', 1440).toISOString()).toBe('2026-03-02T17:00:00.000Z');
  });

  it('round-trips wall-clock times', () => {
    fc.assert(
      fc.property(isoDates, fc.integer({ min: 0, max: 1439 }), (d, m) => {
        expect(toVnDateTime(vnInstant(d, m))).toEqual({ date: d, minutes: m });
      }),
    );
  });

  it('rejects invalid instants and minutes', () => {
    expect(() => toVnDateTime(new Date('nonsense'))).toThrow(RangeError);
    expect(() => vnInstant('2026-03-02', -1)).toThrow(RangeError);
    expect(() => vnInstant('2026-03-02', 1441)).toThrow(RangeError);
    expect(() => vnInstant('2026-03-32', 0)).toThrow(RangeError);
  });
});

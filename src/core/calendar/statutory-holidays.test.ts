import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek } from './date.ts';
import { parseHolidayPeriods } from './holiday-schedule.ts';
import { statutoryHolidays } from './statutory-holidays.ts';

const CSV = readFileSync(
  new URL('../../../data/vn-holidays/holiday_periods_2024_2027.csv', import.meta.url),
  'utf8',
);

const list = (year: number, opts?: Parameters<typeof statutoryHolidays>[1]) =>
  statutoryHolidays(year, opts).map((h) => `${h.date} ${h.rule} ${h.name}`);

describe('statutory holidays (Labor Code 2019 arts. 111–112)', () => {
  it('lists the 11 holidays of 2026 and the compensatory Monday for Giỗ Tổ on Sunday 26/4', () => {
    expect(list(2026)).toEqual([
      '2026-01-01 art112 Tết Dương lịch',
      '2026-02-16 art112 Tết Âm lịch',
      '2026-02-17 art112 Tết Âm lịch',
      '2026-02-18 art112 Tết Âm lịch',
      '2026-02-19 art112 Tết Âm lịch',
      '2026-02-20 art112 Tết Âm lịch',
      '2026-04-26 art112 Giỗ Tổ Hùng Vương',
      '2026-04-27 art111-compensatory Nghỉ bù Giỗ Tổ Hùng Vương',
      '2026-04-30 art112 Ngày Chiến thắng',
      '2026-05-01 art112 Ngày Quốc tế Lao động',
      '2026-09-01 art112 Quốc khánh',
      '2026-09-02 art112 Quốc khánh',
    ]);
  });

  it('gives two compensatory days after a Tết that spans a weekend (2024) and takes 3/9 when 1/9 is a Sunday', () => {
    expect(list(2024)).toEqual([
      '2024-01-01 art112 Tết Dương lịch',
      '2024-02-09 art112 Tết Âm lịch',
      '2024-02-10 art112 Tết Âm lịch',
      '2024-02-11 art112 Tết Âm lịch',
      '2024-02-12 art112 Tết Âm lịch',
      '2024-02-13 art112 Tết Âm lịch',
      '2024-02-14 art111-compensatory Nghỉ bù Tết Âm lịch',
      '2024-02-15 art111-compensatory Nghỉ bù Tết Âm lịch',
      '2024-04-18 art112 Giỗ Tổ Hùng Vương',
      '2024-04-30 art112 Ngày Chiến thắng',
      '2024-05-01 art112 Ngày Quốc tế Lao động',
      '2024-09-02 art112 Quốc khánh',
      '2024-09-03 art112 Quốc khánh',
    ]);
  });

  it('moves the compensatory day for 1/5/2027 (Saturday) to Monday 3/5 and joins 2/9 (Thursday) to Friday 3/9', () => {
    const days = statutoryHolidays(2027).map((h) => h.date);
    expect(days).toContain('2027-05-03');
    expect(days).toContain('2027-09-03');
    expect(days).not.toContain('2027-09-01');
    expect(days.filter((d) => d.startsWith('2027-02'))).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
    ]);
  });

  it('chooses the day next to 2/9 as announced for 2024, 2025 and 2026', () => {
    const adjacent = (y: number) =>
      statutoryHolidays(y)
        .filter((h) => h.name === 'Quốc khánh')
        .map((h) => h.date);
    expect(adjacent(2024)).toEqual(['2024-09-02', '2024-09-03']);
    expect(adjacent(2025)).toEqual(['2025-09-01', '2025-09-02']);
    expect(adjacent(2026)).toEqual(['2026-09-01', '2026-09-02']);
    expect(statutoryHolidays(2026, { nationalDayAdjacent: 'after' }).map((h) => h.date)).toContain(
      '2026-09-03',
    );
  });

  it("contains every day of the CSV rows that state only the statute ('statutory', 'statutory-not-announced')", () => {
    const rows = parseHolidayPeriods(CSV).filter(
      (p) => (p.status === 'statutory' || p.status === 'statutory-not-announced') && p.firstDayOff,
    );
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const missing = rows.flatMap((p) => {
      const days = new Set(statutoryHolidays(p.year).map((h) => h.date));
      const out: string[] = [];
      for (let d = p.firstDayOff!; d <= (p.lastDayOff ?? p.firstDayOff!); d = addDays(d, 1)) {
        if (!days.has(d)) out.push(`${p.year} ${p.occasion}: ${d}`);
      }
      return out;
    });
    expect(missing, `${missing.length} statutory CSV days are not statutory holidays`).toEqual([]);
  });

  it('agrees with the announced Tết 2026 split (29 Chạp to mùng 4) by default', () => {
    const tet = statutoryHolidays(2026)
      .filter((h) => h.name === 'Tết Âm lịch')
      .map((h) => h.date);
    expect(tet).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    const fromMung1 = statutoryHolidays(2026, { tetFirstDayOffset: 0 })
      .filter((h) => h.name === 'Tết Âm lịch')
      .map((h) => h.date);
    expect(fromMung1).toEqual(['2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21']);
  });

  it('applies the 2012 Labor Code before 2021: 2/9 alone', () => {
    const nationalDay = statutoryHolidays(2020).filter((h) => h.name === 'Quốc khánh');
    expect(nationalDay.map((h) => h.date)).toEqual(['2020-09-02']);
  });

  it('adds a configured holiday only from its effective date, with a compensatory day when it falls on a weekend', () => {
    const culture = {
      name: 'Ngày Văn hóa Việt Nam',
      month: 11,
      day: 24,
      effectiveFrom: '2026-01-01',
      status: 'pending-legislation',
    };
    expect(statutoryHolidays(2026).some((h) => h.date === '2026-11-24')).toBe(false);
    expect(statutoryHolidays(2026, { extraHolidays: [culture] })).toContainEqual({
      date: '2026-11-24',
      name: 'Ngày Văn hóa Việt Nam',
      rule: 'configured',
    });
    expect(statutoryHolidays(2025, { extraHolidays: [culture] }).some((h) => h.date === '2025-11-24')).toBe(
      false,
    );
    // 24/11/2030 is a Sunday.
    expect(statutoryHolidays(2030, { extraHolidays: [culture] }).map((h) => `${h.date} ${h.rule}`)).toEqual(
      expect.arrayContaining(['2030-11-24 configured', '2030-11-25 art111-compensatory']),
    );
    expect(() => statutoryHolidays(2026, { extraHolidays: [{ ...culture, day: 31 }] })).toThrow();
  });

  it('rejects years outside the lunar range and bad options', () => {
    expect(() => statutoryHolidays(1899)).toThrow(RangeError);
    expect(() => statutoryHolidays(2200)).toThrow(RangeError);
    expect(() => statutoryHolidays(2026, { weekendDays: [0, 1, 2, 3, 4, 5, 6] })).toThrow(RangeError);
    expect(() => statutoryHolidays(2026, { weekendDays: [7] })).toThrow(RangeError);
    expect(() => statutoryHolidays(2026, { tetFirstDayOffset: 2 })).toThrow(RangeError);
  });

  it('has 11 distinct holidays every year from 2021 and compensates each one on a weekly rest day once, on a working weekday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2021, max: 2199 }), (year) => {
        const all = statutoryHolidays(year);
        const holidays = all.filter((h) => h.rule === 'art112');
        const compensatory = all.filter((h) => h.rule === 'art111-compensatory');
        expect(holidays).toHaveLength(11);
        expect(new Set(all.map((h) => h.date)).size).toBe(all.length);
        const onWeekend = holidays.filter((h) => [0, 6].includes(dayOfWeek(h.date)));
        expect(compensatory).toHaveLength(onWeekend.length);
        for (const c of compensatory) expect([0, 6]).not.toContain(dayOfWeek(c.date));
      }),
      { numRuns: 200 },
    );
  });
});

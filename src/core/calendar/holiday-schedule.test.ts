import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { daysBetween } from './date.ts';
import {
  compareWithStatutory,
  parseHolidayPeriods,
  parseHolidaySchedule,
  type ScheduleEntry,
} from './holiday-schedule.ts';

const CSV = readFileSync(
  new URL('../../../data/vn-holidays/holiday_periods_2024_2027.csv', import.meta.url),
  'utf8',
);
const HEADER =
  'year,occasion,first_day_off,last_day_off,total_days_off,make_up_workdays,notes,status,sources';

/** The entries an administrator would trust: announced schedules and plain statutory days. */
const trusted = (entries: ScheduleEntry[]) =>
  entries.filter((e) => e.status === 'announced' || e.status === 'statutory');

describe('holiday schedule CSV', () => {
  it('reads all 21 periods, keeping quoted fields with commas whole', () => {
    const periods = parseHolidayPeriods(CSV);
    expect(periods).toHaveLength(21);
    const tet2024 = periods.find((p) => p.year === 2024 && p.occasion.startsWith('Tết Âm lịch'))!;
    expect(tet2024).toMatchObject({
      occasion: 'Tết Âm lịch (Giáp Thìn)',
      firstDayOff: '2024-02-08',
      lastDayOff: '2024-02-14',
      totalDaysOff: 7,
      makeUpWorkdays: [],
      status: 'announced',
    });
    expect(tet2024.notes).toContain('5 Tết days + 2 compensatory days (Tết days on Sat/Sun, Art. 111(3))');
  });

  it('has a total_days_off equal to the span of every period with both dates', () => {
    const wrong = parseHolidayPeriods(CSV)
      .filter((p) => p.firstDayOff && p.lastDayOff)
      .filter((p) => daysBetween(p.firstDayOff!, p.lastDayOff!) + 1 !== p.totalDaysOff)
      .map((p) => `${p.year} ${p.occasion}`);
    expect(wrong).toEqual([]);
  });

  it('turns every day of a break into a day off and each make-up Saturday into a working day', () => {
    const entries = parseHolidaySchedule(CSV);
    const reunification2024 = entries.filter(
      (e) => e.occasion.startsWith('Ngày Chiến thắng') && e.date.startsWith('2024'),
    );
    expect(reunification2024.map((e) => `${e.date} ${e.kind}`)).toEqual([
      '2024-04-27 day_off',
      '2024-04-28 day_off',
      '2024-04-29 day_off',
      '2024-04-30 day_off',
      '2024-05-01 day_off',
      '2024-05-04 working_day',
    ]);
    expect(reunification2024[5]!.occasion).toBe('Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5 (làm bù)');
    expect(reunification2024[0]!.sourceNote).toContain('2450/VPCP-KGVX');
    const workingDays = entries.filter((e) => e.kind === 'working_day').map((e) => e.date);
    expect(workingDays).toEqual(['2024-05-04', '2025-04-26', '2026-01-10']);
  });

  it('gives no entries for a period without verified dates and one day when only the first is known', () => {
    const entries = parseHolidaySchedule(CSV);
    expect(entries.filter((e) => e.occasion === 'Quốc khánh 2/9' && e.date.startsWith('2026'))).toEqual([]);
    expect(
      entries.filter((e) => e.occasion === 'Quốc khánh 2/9' && e.date.startsWith('2027')).map((e) => e.date),
    ).toEqual(['2027-09-02']);
    expect(entries.find((e) => e.date === '2026-11-24')?.status).toBe('pending-legislation');
  });

  it('reports malformed rows with their line number', () => {
    expect(() => parseHolidayPeriods(`${HEADER}\n2026,X,2026-02-30,,1,,,announced,`)).toThrow(
      /line 2.*first_day_off/,
    );
    expect(() => parseHolidayPeriods(`${HEADER}\n2026,X,2026-02-10,2026-02-01,1,,,announced,`)).toThrow(
      /line 2/,
    );
    expect(() => parseHolidayPeriods(`${HEADER}\n2026,X,2026-02-10,,1,2026-13-01,,announced,`)).toThrow(
      /make_up_workdays/,
    );
    expect(() => parseHolidayPeriods('year,occasion\n2026,X')).toThrow(/missing column/);
    expect(() => parseHolidayPeriods(`${HEADER}\n2026,"X,2026-02-10`)).toThrow(/quoted/);
    expect(parseHolidayPeriods('')).toEqual([]);
  });

  it('accepts CRLF line ends, a byte-order mark, escaped quotes and several make-up days', () => {
    const text = `\uFEFF${HEADER}\r\n2030,"Tết ""test"", 2030",2030-02-01,2030-02-03,3,2030-02-09; 2030-02-16,,announced,x\r\n`;
    const [p] = parseHolidayPeriods(text);
    expect(p).toMatchObject({ occasion: 'Tết "test", 2030', makeUpWorkdays: ['2030-02-09', '2030-02-16'] });
  });
});

describe('official schedule against the statutory rules', () => {
  const entries = trusted(parseHolidaySchedule(CSV));

  it('finds the 2024 swaps: Tết moved one day earlier, Monday 29/4 off and made up on Saturday 4/5', () => {
    const { differences, officialEntries } = compareWithStatutory(2024, entries);
    expect(officialEntries).toBeGreaterThan(0);
    expect(
      differences.map((d) => `${d.date} official:${d.officialWorking} statutory:${d.statutoryWorking}`),
    ).toEqual([
      '2024-02-08 official:false statutory:true',
      '2024-02-15 official:true statutory:false',
      '2024-04-29 official:false statutory:true',
      '2024-05-04 official:true statutory:false',
    ]);
  });

  it('finds the 2025 swaps: Tết from 28 Chạp, Friday 2/5 off and made up on Saturday 26/4', () => {
    expect(compareWithStatutory(2025, entries).differences.map((d) => d.date)).toEqual([
      '2025-01-27',
      '2025-02-03',
      '2025-04-26',
      '2025-05-02',
    ]);
  });

  it('finds the 2026 New Year swap and the National Day the data lacks', () => {
    const { differences } = compareWithStatutory(2026, entries);
    expect(differences).toEqual([
      {
        date: '2026-01-02',
        officialWorking: false,
        statutoryWorking: true,
        officialOccasion: 'Tết Dương lịch',
      },
      {
        date: '2026-01-10',
        officialWorking: true,
        statutoryWorking: false,
        officialOccasion: 'Tết Dương lịch (làm bù)',
      },
      { date: '2026-09-01', officialWorking: true, statutoryWorking: false, statutoryName: 'Quốc khánh' },
      { date: '2026-09-02', officialWorking: true, statutoryWorking: false, statutoryName: 'Quốc khánh' },
    ]);
  });

  it('says when a year has no official entries at all', () => {
    const { officialEntries, differences } = compareWithStatutory(2028, entries);
    expect(officialEntries).toBe(0);
    expect(differences.length).toBeGreaterThan(0);
    expect(differences.every((d) => d.officialWorking && !d.statutoryWorking)).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHolidayPeriods, parseHolidaySchedule, type ScheduleEntry } from './holiday-schedule.ts';
import { createWorkingCalendar } from './working-calendar.ts';

const CSV = readFileSync(
  new URL('../../../data/vn-holidays/holiday_periods_2024_2027.csv', import.meta.url),
  'utf8',
);
const TRUSTED = new Set(['announced', 'statutory']);
const entries = parseHolidaySchedule(CSV).filter((e) => TRUSTED.has(e.status));
const calendar = createWorkingCalendar({ entries, statutoryFallback: true });

/** A Vietnamese wall-clock time as an instant, written independently of the code under test. */
const vn = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`);

// ---------------------------------------------------------------------------------------------------
// An independent model of the 2024–2026 official calendar, built from the CSV with plain Date.UTC
// arithmetic: Monday–Friday, minus every day between first_day_off and last_day_off, plus make-up days.
const DAY_MS = 86_400_000;
const shift = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const weekdayName = (d: string) =>
  ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${d}T00:00:00Z`).getUTCDay()];
const periods = parseHolidayPeriods(CSV).filter(
  (p) => TRUSTED.has(p.status) && p.year >= 2024 && p.year <= 2026,
);
const modelOff = new Set<string>();
const modelMakeUp = new Set<string>();
for (const p of periods) {
  for (let d = p.firstDayOff!; d <= p.lastDayOff!; d = shift(d, 1)) modelOff.add(d);
  for (const d of p.makeUpWorkdays) modelMakeUp.add(d);
}
const modelWorking = (d: string) =>
  modelMakeUp.has(d) || (!modelOff.has(d) && !['Sat', 'Sun'].includes(weekdayName(d)!));
/** The n-th working day after `d` in the model, by walking one day at a time. */
const modelAfter = (d: string, n: number) => {
  let day = d;
  for (let left = n; left > 0; ) {
    day = shift(day, 1);
    if (modelWorking(day)) left--;
  }
  return day;
};

/** Due dates for 3 working days from the last working day before each break, counted by hand. */
const HAND_COUNTED: Record<string, { reception: string; due3: string }> = {
  '2024 Tết Dương lịch': { reception: '2023-12-29', due3: '2024-01-04' },
  '2024 Tết Âm lịch (Giáp Thìn)': { reception: '2024-02-07', due3: '2024-02-19' },
  '2024 Giỗ Tổ Hùng Vương': { reception: '2024-04-17', due3: '2024-04-23' },
  '2024 Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5': { reception: '2024-04-26', due3: '2024-05-04' },
  '2024 Quốc khánh 2/9': { reception: '2024-08-30', due3: '2024-09-06' },
  '2025 Tết Dương lịch': { reception: '2024-12-31', due3: '2025-01-06' },
  '2025 Tết Âm lịch (Ất Tỵ)': { reception: '2025-01-24', due3: '2025-02-05' },
  '2025 Giỗ Tổ Hùng Vương': { reception: '2025-04-04', due3: '2025-04-10' },
  '2025 Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5': { reception: '2025-04-29', due3: '2025-05-07' },
  '2025 Quốc khánh 2/9': { reception: '2025-08-29', due3: '2025-09-05' },
  '2026 Tết Dương lịch': { reception: '2025-12-31', due3: '2026-01-07' },
  '2026 Tết Âm lịch (Bính Ngọ)': { reception: '2026-02-13', due3: '2026-02-25' },
  '2026 Giỗ Tổ Hùng Vương': { reception: '2026-04-24', due3: '2026-05-04' },
  '2026 Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5': { reception: '2026-04-29', due3: '2026-05-06' },
};

describe('official breaks 2024–2026 (every announced or statutory row of the holiday CSV)', () => {
  it('covers every such row with a hand-counted expectation', () => {
    expect(periods.map((p) => `${p.year} ${p.occasion}`).sort()).toEqual(Object.keys(HAND_COUNTED).sort());
  });

  for (const p of periods) {
    const key = `${p.year} ${p.occasion}`;
    const hand = HAND_COUNTED[key]!;
    const span = `${weekdayName(p.firstDayOff!)} ${p.firstDayOff} – ${weekdayName(p.lastDayOff!)} ${p.lastDayOff}`;
    it(`${key}: receiving at 10:00 on the working day before the break (${weekdayName(hand.reception)} ${hand.reception}), 3 working days fall due on ${hand.due3} after the days off ${span}`, () => {
      let before = shift(p.firstDayOff!, -1);
      while (!modelWorking(before)) before = shift(before, -1);
      expect(before).toBe(hand.reception);
      expect(modelAfter(before, 3)).toBe(hand.due3);

      for (let d = p.firstDayOff!; d <= p.lastDayOff!; d = shift(d, 1))
        expect(calendar.isWorkingDay(d), d).toBe(false);
      const result = calendar.addWorkingDays(vn(before, '10:00'), 3);
      expect(result).toEqual({
        dueDate: hand.due3,
        dueAt: new Date(`${hand.due3}T23:59:59.999+07:00`),
        startDate: before,
      });
      for (const n of [1, 2, 5, 10]) {
        expect(calendar.addWorkingDays(vn(before, '10:00'), n).dueDate, `n = ${n}`).toBe(
          modelAfter(before, n),
        );
      }
    });

    it(`${key}: receiving at 16:00 on ${hand.reception} with the 15:00 cut-off starts counting after the break`, () => {
      const result = calendar.addWorkingDays(vn(hand.reception, '16:00'), 3, { applyCutoff: true });
      expect(result.startDate).toBe(modelAfter(hand.reception, 1));
      expect(result.dueDate).toBe(modelAfter(hand.reception, 4));
    });

    if (p.makeUpWorkdays.length > 0) {
      it(`${key}: the make-up Saturday ${p.makeUpWorkdays.join(', ')} is a working day and can be a due date`, () => {
        for (const saturday of p.makeUpWorkdays) {
          expect(weekdayName(saturday)).toBe('Sat');
          expect(calendar.isWorkingDay(saturday)).toBe(true);
          expect(calendar.describeDay(saturday)).toMatchObject({ working: true, source: 'table' });
          let before = shift(saturday, -1);
          while (!modelWorking(before)) before = shift(before, -1);
          expect(calendar.addWorkingDays(vn(before, '09:00'), 1).dueDate).toBe(saturday);
          expect(calendar.addWorkingDays(vn(saturday, '09:00'), 0).dueDate).toBe(saturday);
        }
      });
    }
  }
});

describe('counting working days (Civil Code arts. 147–148)', () => {
  const plain = createWorkingCalendar({ entries: [] });

  it('does not count the reception day and ends the limit at 24:00 of the last day (Civil Code art. 148 cl. 1)', () => {
    expect(plain.addWorkingDays(vn('2026-03-02', '09:00'), 1)).toEqual({
      dueDate: '2026-03-03',
      dueAt: new Date('2026-03-03T16:59:59.999Z'),
      startDate: '2026-03-02',
    });
    expect(plain.addWorkingDays(vn('2026-03-06', '09:00'), 1).dueDate).toBe('2026-03-09');
    expect(plain.addWorkingDays(vn('2026-03-02', '09:00'), 5).dueDate).toBe('2026-03-09');
  });

  it('reads the reception day in Vietnam time: 18:00 UTC on Sunday is Monday morning in Vietnam', () => {
    const r = plain.addWorkingDays(new Date('2026-03-01T18:00:00Z'), 1);
    expect(r.startDate).toBe('2026-03-02');
    expect(r.dueDate).toBe('2026-03-03');
  });

  it('gives the same day for 0 days, or the next working day when received on a day off', () => {
    expect(plain.addWorkingDays(vn('2026-03-02', '16:30'), 0).dueDate).toBe('2026-03-02');
    expect(plain.addWorkingDays(vn('2026-03-07', '09:00'), 0).dueDate).toBe('2026-03-09');
    expect(calendar.addWorkingDays(vn('2026-02-17', '09:00'), 0).dueDate).toBe('2026-02-23');
  });

  it('counts from the first working day after a reception on a weekend (Civil Code art. 147), with or without the cut-off rule', () => {
    expect(plain.addWorkingDays(vn('2026-03-07', '09:00'), 1)).toMatchObject({
      startDate: '2026-03-07',
      dueDate: '2026-03-09',
    });
    // Sun 6/12/2026 + 3 working days: Mon 7, Tue 8, Wed 9 (the review found 10/12 with the cut-off on).
    for (const applyCutoff of [false, true]) {
      expect(plain.addWorkingDays(vn('2026-12-06', '16:00'), 3, { applyCutoff })).toMatchObject({
        startDate: '2026-12-06',
        dueDate: '2026-12-09',
      });
    }
    // A same-day limit received on a day off falls on the next working day.
    expect(plain.addWorkingDays(vn('2026-03-07', '09:00'), 0, { applyCutoff: true }).dueDate).toBe(
      '2026-03-09',
    );
  });

  it('starts one working day later for a reception after 15:00 when the cut-off applies', () => {
    const friday = (time: string, applyCutoff: boolean) =>
      plain.addWorkingDays(vn('2026-03-06', time), 1, { applyCutoff });
    expect(friday('15:00', true)).toMatchObject({ startDate: '2026-03-06', dueDate: '2026-03-09' });
    expect(friday('15:01', true)).toMatchObject({ startDate: '2026-03-09', dueDate: '2026-03-10' });
    expect(friday('15:01', false)).toMatchObject({ startDate: '2026-03-06', dueDate: '2026-03-09' });
    expect(plain.addWorkingDays(vn('2026-03-06', '16:00'), 0, { applyCutoff: true }).dueDate).toBe(
      '2026-03-09',
    );
    const early = createWorkingCalendar({ entries: [], cutoffMinutes: 11 * 60 });
    expect(early.addWorkingDays(vn('2026-03-06', '11:30'), 1, { applyCutoff: true }).dueDate).toBe(
      '2026-03-10',
    );
    // The cut-off kept on a record wins over the calendar's.
    expect(
      plain.addWorkingDays(vn('2026-03-06', '11:30'), 1, { applyCutoff: true, cutoffMinutes: 11 * 60 })
        .dueDate,
    ).toBe('2026-03-10');
  });

  it('rejects limits that are negative, fractional or longer than 3650 working days, and invalid instants', () => {
    const from = vn('2026-03-02', '09:00');
    for (const n of [-1, 1.5, 3651, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => plain.addWorkingDays(from, n), String(n)).toThrow(RangeError);
    }
    expect(() => plain.addWorkingDays(new Date('x'), 1)).toThrow(RangeError);
    // 3650 weekdays are exactly 730 weeks: Monday 2 March 2026 + 5110 days.
    expect(plain.addWorkingDays(from, 3650).dueDate).toBe('2040-02-27');
  });

  it('counts working days between two dates, excluding the first and including the last', () => {
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-25')).toBe(3);
    expect(calendar.workingDaysBetween('2026-02-25', '2026-02-13')).toBe(-3);
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-13')).toBe(0);
    expect(calendar.workingDaysBetween('2026-02-14', '2026-02-22')).toBe(0);
    expect(calendar.nextWorkingDay('2026-02-13')).toBe('2026-02-23');
    expect(calendar.nextWorkingDay('2026-01-09')).toBe('2026-01-10');
  });
});

describe('the holiday table and the statutory fallback', () => {
  it('lets the table win in the years it covers and the statutory rules fill the others', () => {
    // 2/1/2026 is a swapped day off in the table; 16/4/2027 (Giỗ Tổ) only exists in the statutory rules.
    expect(calendar.describeDay('2026-01-02')).toMatchObject({ working: false, source: 'table' });
    expect(calendar.describeDay('2027-04-16')).toEqual({
      date: '2027-04-16',
      working: false,
      source: 'statutory',
      occasion: 'Giỗ Tổ Hùng Vương',
    });
    expect(calendar.describeDay('2027-05-03')).toMatchObject({
      working: false,
      occasion: 'Nghỉ bù Ngày Quốc tế Lao động',
    });
    // The table covers 2026, so the statutory National Day (not yet in the data) is not added there.
    expect(calendar.isWorkingDay('2026-09-02')).toBe(true);
    const withoutFallback = createWorkingCalendar({ entries });
    expect(withoutFallback.isWorkingDay('2027-04-16')).toBe(true);
  });

  it('does not treat a year as covered by entries that only repeat weekend days', () => {
    const weekendOnly: ScheduleEntry = {
      date: '2028-01-01',
      kind: 'day_off',
      occasion: 'Tết Dương lịch',
      sourceNote: 'test',
      status: 'announced',
    };
    const cal = createWorkingCalendar({ entries: [weekendOnly], statutoryFallback: true });
    expect(cal.describeDay('2028-01-26')).toMatchObject({ working: false, source: 'statutory' });
    const covering = createWorkingCalendar({
      entries: [weekendOnly, { ...weekendOnly, date: '2028-01-03' }],
      statutoryFallback: true,
    });
    expect(covering.isWorkingDay('2028-01-26')).toBe(true);
  });

  it('passes configured extra holidays to the statutory fallback', () => {
    const cal = createWorkingCalendar({
      entries: [],
      statutoryFallback: true,
      statutory: {
        extraHolidays: [
          {
            name: 'Ngày Văn hóa Việt Nam',
            month: 11,
            day: 24,
            effectiveFrom: '2026-01-01',
            status: 'pending-legislation',
          },
        ],
      },
    });
    expect(cal.describeDay('2026-11-24')).toMatchObject({
      working: false,
      occasion: 'Ngày Văn hóa Việt Nam',
    });
    expect(createWorkingCalendar({ entries: [], statutoryFallback: true }).isWorkingDay('2026-11-24')).toBe(
      true,
    );
  });

  it('refuses a table that lists one day both as a day off and as a working day', () => {
    const off: ScheduleEntry = {
      date: '2026-01-10',
      kind: 'day_off',
      occasion: 'x',
      sourceNote: '',
      status: 'announced',
    };
    expect(() => createWorkingCalendar({ entries: [...entries, off] })).toThrow(/both/);
  });

  it('honours other weekly rest days, e.g. a Saturday-morning service counted as working', () => {
    const sixDays = createWorkingCalendar({ entries: [], weekendDays: [0] });
    expect(sixDays.addWorkingDays(vn('2026-03-06', '09:00'), 1).dueDate).toBe('2026-03-07');
    expect(() => createWorkingCalendar({ entries: [], weekendDays: [0, 1, 2, 3, 4, 5, 6] })).toThrow(
      RangeError,
    );
  });

  it('rejects office hours that do not make sense', () => {
    expect(() => createWorkingCalendar({ entries: [], workingHours: { start: 600, end: 500 } })).toThrow(
      RangeError,
    );
    expect(() =>
      createWorkingCalendar({ entries: [], workingHours: { start: 450, end: 1020, lunchStart: 690 } }),
    ).toThrow(RangeError);
    expect(() =>
      createWorkingCalendar({
        entries: [],
        workingHours: { start: 450, end: 1020, lunchStart: 300, lunchEnd: 810 },
      }),
    ).toThrow(RangeError);
    expect(() => createWorkingCalendar({ entries: [], cutoffMinutes: 1500 })).toThrow(RangeError);
  });
});

describe('hour-based limits within office hours (07:30–11:30, 13:30–17:00)', () => {
  const plain = createWorkingCalendar({ entries: [] });
  const add = (date: string, time: string, hours: number) => plain.addWorkingHours(vn(date, time), hours);

  it('runs within a morning and ends exactly at the lunch break when the hours run out there', () => {
    expect(add('2026-03-02', '09:00', 2)).toEqual(vn('2026-03-02', '11:00'));
    expect(add('2026-03-02', '09:30', 2)).toEqual(vn('2026-03-02', '11:30'));
  });

  it('skips the lunch break, the night and the weekend', () => {
    expect(add('2026-03-02', '10:30', 2)).toEqual(vn('2026-03-02', '14:30'));
    expect(add('2026-03-02', '12:00', 1)).toEqual(vn('2026-03-02', '14:30'));
    expect(add('2026-03-02', '16:00', 4)).toEqual(vn('2026-03-03', '10:30'));
    expect(add('2026-03-06', '16:30', 1)).toEqual(vn('2026-03-09', '08:00'));
    expect(add('2026-03-07', '10:00', 0.5)).toEqual(vn('2026-03-09', '08:00'));
    expect(add('2026-03-02', '06:00', 8)).toEqual(vn('2026-03-03', '08:00'));
  });

  it('skips holidays of the table: 2 hours from 16:00 on Friday 13/2/2026 end on Monday 23/2 at 08:30', () => {
    expect(calendar.addWorkingHours(vn('2026-02-13', '16:00'), 2)).toEqual(vn('2026-02-23', '08:30'));
  });

  it('returns the moment itself for 0 hours and rejects negative or huge values', () => {
    expect(add('2026-03-07', '10:00', 0)).toEqual(vn('2026-03-07', '10:00'));
    expect(() => add('2026-03-02', '09:00', -1)).toThrow(RangeError);
    expect(() => add('2026-03-02', '09:00', Number.NaN)).toThrow(RangeError);
    expect(() => add('2026-03-02', '09:00', 87_601)).toThrow(RangeError);
  });

  it('works with office hours that have no lunch break', () => {
    const straight = createWorkingCalendar({ entries: [], workingHours: { start: 480, end: 960 } });
    expect(straight.addWorkingHours(vn('2026-03-02', '15:00'), 2)).toEqual(vn('2026-03-03', '09:00'));
    expect(straight.addWorkingDays(vn('2026-03-02', '09:00'), 1).dueAt).toEqual(
      new Date('2026-03-03T23:59:59.999+07:00'),
    );
    expect(straight.settings.workingHours).toEqual({ start: 480, end: 960 });
  });
});

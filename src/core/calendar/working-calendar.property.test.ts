import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, toVnDateTime, vnInstant } from './date.ts';
import { parseHolidaySchedule, type ScheduleEntry } from './holiday-schedule.ts';
import { createWorkingCalendar } from './working-calendar.ts';

const CSV = readFileSync(
  new URL('../../../data/vn-holidays/holiday_periods_2024_2027.csv', import.meta.url),
  'utf8',
);
const official = parseHolidaySchedule(CSV).filter(
  (e) => e.status === 'announced' || e.status === 'statutory',
);
const calendar = createWorkingCalendar({ entries: official, statutoryFallback: true });

const FROM_MS = Date.parse('2023-12-01T00:00:00+07:00');
const TO_MS = Date.parse('2027-12-31T00:00:00+07:00');
/** Any instant from December 2023 to 2027, at millisecond precision. */
const instant = fc.integer({ min: FROM_MS, max: TO_MS }).map((ms) => new Date(ms));
/** A day of 2024–2026, the years the official table covers. */
const coveredDay = fc.integer({ min: 0, max: 1095 }).map((i) => addDays('2024-01-01', i));
const days = fc.integer({ min: 0, max: 60 });
const cutoff = fc.boolean();

const dayOff = (date: string): ScheduleEntry => ({
  date,
  kind: 'day_off',
  occasion: 'extra day off',
  sourceNote: 'property test',
  status: 'announced',
});

describe('deadline laws', () => {
  it('a new day off never makes a due date earlier (in a year the table covers)', () => {
    // The counterexample fast-check once found for the start date (seed 1944737336), kept as a fixed case.
    fc.assert(
      fc.property(instant, days, cutoff, coveredDay, (from, n, applyCutoff, extra) => {
        const withExtra = createWorkingCalendar({
          entries: [...official.filter((e) => e.date !== extra), dayOff(extra)],
          statutoryFallback: true,
        });
        const before = calendar.addWorkingDays(from, n, { applyCutoff });
        const after = withExtra.addWorkingDays(from, n, { applyCutoff });
        expect(after.dueDate >= before.dueDate).toBe(true);
        // The first working day of the count never moves earlier either. (`startDate` itself may: a reception
        // after the cut-off on a day that becomes a day off stays on that day, which is then not counted —
        // 15:00:00.001 on 2024-06-27 made a day off starts 2024-06-27 instead of 2024-06-28, due the same day.)
        const firstCounted = (c: typeof calendar, d: string) => (c.isWorkingDay(d) ? d : c.nextWorkingDay(d));
        expect(firstCounted(withExtra, after.startDate) >= firstCounted(calendar, before.startDate)).toBe(
          true,
        );
      }),
      { numRuns: 300, examples: [[new Date('2024-06-27T08:00:00.001Z'), 0, true, '2024-06-27']] },
    );
  });

  it('a new day off never makes a due date earlier (any table, no statutory fallback)', () => {
    const anyDay = fc.integer({ min: 0, max: 2000 }).map((i) => addDays('2023-12-01', i));
    fc.assert(
      fc.property(
        fc.uniqueArray(anyDay, { maxLength: 40 }),
        anyDay,
        instant,
        days,
        cutoff,
        (table, extra, from, n, applyCutoff) => {
          const base = table.filter((d) => d !== extra).map(dayOff);
          const a = createWorkingCalendar({ entries: base }).addWorkingDays(from, n, { applyCutoff });
          const b = createWorkingCalendar({ entries: [...base, dayOff(extra)] }).addWorkingDays(from, n, {
            applyCutoff,
          });
          expect(b.dueDate >= a.dueDate).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the due date is a working day, not before the start, which is not before the reception day', () => {
    fc.assert(
      fc.property(instant, days, cutoff, (from, n, applyCutoff) => {
        const received = toVnDateTime(from).date;
        const r = calendar.addWorkingDays(from, n, { applyCutoff });
        expect(r.startDate >= received).toBe(true);
        expect(r.dueDate >= r.startDate).toBe(true);
        expect(calendar.isWorkingDay(r.dueDate)).toBe(true);
        // The limit ends at 24:00 of the due date (Civil Code art. 148 cl. 1): its last millisecond.
        expect(r.dueAt.getTime()).toBe(vnInstant(addDays(r.dueDate, 1), 0).getTime() - 1);
        if (n >= 1) expect(calendar.workingDaysBetween(r.startDate, r.dueDate)).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('n then m working days equals n + m: the second count starts at 09:00 (before the cut-off) on the first due date; holds for n ≥ 1, and for n = 0 with the cut-off rule on a working day', () => {
    fc.assert(
      fc.property(instant, days, days, cutoff, (from, n, m, applyCutoff) => {
        fc.pre(n >= 1 || (applyCutoff && calendar.isWorkingDay(toVnDateTime(from).date)));
        const first = calendar.addWorkingDays(from, n, { applyCutoff });
        const chained = calendar.addWorkingDays(vnInstant(first.dueDate, 9 * 60), m, { applyCutoff });
        expect(chained.dueDate).toBe(calendar.addWorkingDays(from, n + m, { applyCutoff }).dueDate);
      }),
      { numRuns: 500 },
    );
  });

  it('0 working days is the reception day itself when it is a working day and the reception is before the cut-off', () => {
    const minuteBeforeCutoff = fc.integer({ min: 0, max: 15 * 60 });
    fc.assert(
      fc.property(coveredDay, minuteBeforeCutoff, cutoff, (day, minutes, applyCutoff) => {
        fc.pre(calendar.isWorkingDay(day));
        const r = calendar.addWorkingDays(vnInstant(day, minutes), 0, { applyCutoff });
        expect(r).toMatchObject({ dueDate: day, startDate: day });
      }),
      { numRuns: 300 },
    );
  });

  it('more working days never give an earlier due date', () => {
    fc.assert(
      fc.property(instant, days, days, cutoff, (from, n, k, applyCutoff) => {
        const a = calendar.addWorkingDays(from, n, { applyCutoff }).dueDate;
        const b = calendar.addWorkingDays(from, n + k, { applyCutoff }).dueDate;
        expect(b >= a).toBe(true);
      }),
    );
  });

  it('working hours add up: h1 then h2 office hours equals h1 + h2, and never go back in time', () => {
    const quarterHours = fc.integer({ min: 1, max: 200 }).map((q) => q / 4);
    fc.assert(
      fc.property(instant, quarterHours, quarterHours, (from, h1, h2) => {
        const once = calendar.addWorkingHours(from, h1);
        expect(once.getTime()).toBeGreaterThan(from.getTime());
        expect(calendar.addWorkingHours(once, h2)).toEqual(calendar.addWorkingHours(from, h1 + h2));
      }),
      { numRuns: 300 },
    );
  });
});

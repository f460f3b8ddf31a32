import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../calendar/index.ts';
import {
  acknowledgeDueAt,
  appointmentAt,
  classifyTiming,
  cutoffApplies,
  deadlinesAfterSupplement,
  extensionDateProblem,
  extensionTooLate,
  stepDueAt,
  supplementWindowOpen,
} from './deadlines.ts';
import { calendar, officialEntries, vn } from './test-fixtures.ts';

const wd = (value: number) => ({ value, unit: 'working_days' }) as const;
/** 24:00 of a day in Vietnam, as the last millisecond of that day (Civil Code art. 148 cl. 1). */
const endOf = (date: string) => new Date(`${date}T23:59:59.999+07:00`);

describe('appointmentAt: the appointment at reception, on the 2026 official calendar', () => {
  it('skips the Tết break: 8 working days from Thu 12/2/2026 end on Tue 3/3/2026', () => {
    // Fri 13/2 (1); Tết 14–22/2 off; Mon 23 (2) … Fri 27 (6); Mon 2/3 (7); Tue 3/3 (8).
    const due = appointmentAt(calendar, vn('2026-02-12', '09:00'), wd(8));
    expect(due).toEqual({ dueDate: '2026-03-03', dueAt: endOf('2026-03-03'), startDate: '2026-02-12' });
  });

  it('counts a working-day limit from the reception day whatever the hour (Civil Code art. 147), and after the cut-off from the next working day only when the cut-off applies', () => {
    // Thu 23/4/2026 16:00; Giỗ Tổ 25–27/4 and 30/4–3/5 off: Fri 24, Tue 28, Wed 29, Mon 4, Tue 5/5.
    expect(appointmentAt(calendar, vn('2026-04-23', '16:00'), wd(5))).toMatchObject({
      dueDate: '2026-05-05',
      startDate: '2026-04-23',
    });
    // With the cut-off (a Decree 63/2024 group): start Fri 24/4, then Tue 28, Wed 29, Mon 4, Tue 5, Wed 6/5.
    expect(appointmentAt(calendar, vn('2026-04-23', '16:00'), wd(5), { applyCutoff: true })).toMatchObject({
      dueDate: '2026-05-06',
      startDate: '2026-04-24',
    });
    // Fri 9/1/2026 16:00 + 3: the make-up Saturday 10/1, Mon 12, Tue 13 (the review found 14/1).
    expect(appointmentAt(calendar, vn('2026-01-09', '16:00'), wd(3)).dueDate).toBe('2026-01-13');
  });

  it('applies the cut-off to same-day limits and to the procedures the city lists, not to other limits', () => {
    const sameDay = { value: 1, unit: 'same_day' } as const;
    expect(cutoffApplies('1.001193', sameDay, [])).toBe(true);
    expect(cutoffApplies('1.012796', wd(8), [])).toBe(false);
    expect(cutoffApplies('1.012796', wd(8), ['1.001193', '1.012796'])).toBe(true);
    expect(cutoffApplies('1.012796', { value: 24, unit: 'hours' }, ['1.001193'])).toBe(false);
  });

  it('counts the make-up Saturday 10/1/2026 as a working day', () => {
    expect(appointmentAt(calendar, vn('2026-01-09', '10:00'), wd(1)).dueDate).toBe('2026-01-10');
  });

  it('answers a same-day procedure that day, or the next working day after the cut-off', () => {
    const sameDay = { value: 1, unit: 'same_day' } as const;
    const cutoff = { applyCutoff: true };
    expect(appointmentAt(calendar, vn('2026-03-02', '14:00'), sameDay, cutoff).dueDate).toBe('2026-03-02');
    expect(appointmentAt(calendar, vn('2026-03-02', '15:30'), sameDay, cutoff).dueDate).toBe('2026-03-03');
    expect(appointmentAt(calendar, vn('2026-03-07', '10:00'), sameDay, cutoff).dueDate).toBe('2026-03-09');
  });

  it('counts "giờ" in calendar hours from the moment of reception (Civil Code art. 147 cl. 1)', () => {
    // 24 giờ (e.g. plant quarantine 1.003984) from Fri 13/2/2026 16:00 end Sat 14/2 16:00, Tết or not.
    expect(appointmentAt(calendar, vn('2026-02-13', '16:00'), { value: 24, unit: 'hours' })).toEqual({
      dueDate: '2026-02-14',
      dueAt: vn('2026-02-14', '16:00'),
      startDate: '2026-02-13',
    });
  });

  it('counts "giờ làm việc" in office hours from the moment of reception', () => {
    // Mon 2/3/2026 10:00: 10:00–11:30 (1.5 h) and 13:30–16:00 (2.5 h).
    const due = appointmentAt(calendar, vn('2026-03-02', '10:00'), { value: 4, unit: 'working_hours' });
    expect(due).toEqual({ dueDate: '2026-03-02', dueAt: vn('2026-03-02', '16:00'), startDate: '2026-03-02' });
  });

  it('ends a calendar-day limit on the next working day when its last day is a Sunday (Civil Code art. 148)', () => {
    // Mon 2/3/2026 + 20 days = Sun 22/3 → Mon 23/3.
    expect(appointmentAt(calendar, vn('2026-03-02', '10:00'), { value: 20, unit: 'days' }).dueDate).toBe(
      '2026-03-23',
    );
  });

  it('ends a month limit on the same day of the month, or the month’s last day', () => {
    // Fri 30/1/2026 + 1 month = 28/2 (Saturday) → Mon 2/3.
    expect(appointmentAt(calendar, vn('2026-01-30', '10:00'), { value: 1, unit: 'months' }).dueDate).toBe(
      '2026-03-02',
    );
  });

  it('never gives an earlier due date because of a holiday', () => {
    // The same table without its days off: only the holidays differ (make-up Saturdays add working days,
    // which may legitimately bring a due date forward).
    const plain = createWorkingCalendar({
      entries: officialEntries.filter((e) => e.kind === 'working_day'),
      statutoryFallback: true,
    });
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2026-10-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 60 }),
        (from, n) => {
          const withHolidays = appointmentAt(calendar, from, wd(n));
          const without = appointmentAt(plain, from, wd(n));
          expect(withHolidays.dueDate >= without.dueDate).toBe(true);
        },
      ),
    );
  });
});

describe('step due times', () => {
  it('spend a 6.5-hour reception budget across the night: Mon 2/3 09:00 → Tue 3/3 08:00', () => {
    // 09:00–11:30 and 13:30–17:00 give 6 h; the last half hour is Tue 07:30–08:00.
    expect(stepDueAt(calendar, vn('2026-03-02', '09:00'), 6.5)).toEqual(vn('2026-03-03', '08:00'));
  });
});

describe('the supplement window (Decree 61/2018 art. 19 cl. 4: 3 working days)', () => {
  it('is open for 3 working days after reception and shut on the fourth', () => {
    expect(supplementWindowOpen(calendar, '2026-03-02', vn('2026-03-05', '16:59'), 3)).toBe(true);
    expect(supplementWindowOpen(calendar, '2026-03-02', vn('2026-03-06', '08:00'), 3)).toBe(false);
  });

  it('counts working days, so the Tết break does not shorten it', () => {
    // Received Thu 12/2/2026: Fri 13/2, Mon 23/2, Tue 24/2 are the three working days.
    expect(supplementWindowOpen(calendar, '2026-02-12', vn('2026-02-24', '10:00'), 3)).toBe(true);
    expect(supplementWindowOpen(calendar, '2026-02-12', vn('2026-02-25', '10:00'), 3)).toBe(false);
  });
});

describe('deadlinesAfterSupplement: both clock rules', () => {
  // Received Thu 12/2/2026 09:00 with 8 working days: due Tue 3/3. Supplement asked Fri 13/2, supplied Wed 25/2.
  const beforePause = { dueDate: '2026-03-03', dueAt: endOf('2026-03-03') };
  const base = {
    limit: wd(8),
    beforePause,
    requestedAt: vn('2026-02-13', '10:00'),
    clockStartDate: '2026-02-12',
  };

  it('restarts from zero: 8 working days from Wed 25/2 end on Mon 9/3 (Decree 61/2018 art. 19 cl. 4)', () => {
    const r = deadlinesAfterSupplement(calendar, { ...base, suppliedAt: vn('2026-02-25', '10:00') });
    // Thu 26, Fri 27, Mon 2, Tue 3, Wed 4, Thu 5, Fri 6, Mon 9.
    expect(r.restart).toMatchObject({ dueDate: '2026-03-09', dueAt: endOf('2026-03-09') });
  });

  it('pauses and subtracts: Mon 23, Tue 24, Wed 25/2 stood still, so Tue 3/3 becomes Fri 6/3 (Decision 766)', () => {
    const r = deadlinesAfterSupplement(calendar, { ...base, suppliedAt: vn('2026-02-25', '10:00') });
    expect(r.pausedWorkingDays).toBe(3);
    expect(r.pause).toEqual({ dueDate: '2026-03-06', dueAt: endOf('2026-03-06') });
  });

  it('restarts from the next working day when the supplement comes after the cut-off kept on the record', () => {
    const late = { ...base, suppliedAt: vn('2026-02-25', '16:00') };
    const r = deadlinesAfterSupplement(calendar, { ...late, applyCutoff: true });
    expect(r.restart.dueDate).toBe('2026-03-10');
    expect(r.pause.dueDate).toBe('2026-03-06');
    expect(deadlinesAfterSupplement(calendar, late).restart.dueDate).toBe('2026-03-09');
    // A cut-off of 16:30 kept at reception still counts 16:00 as that day.
    expect(
      deadlinesAfterSupplement(calendar, { ...late, applyCutoff: true, cutoffMinutes: 16 * 60 + 30 }).restart
        .dueDate,
    ).toBe('2026-03-09');
  });

  it('pauses nothing when the supplement comes the same day', () => {
    const r = deadlinesAfterSupplement(calendar, { ...base, suppliedAt: vn('2026-02-13', '16:30') });
    expect(r.pausedWorkingDays).toBe(0);
    expect(r.pause.dueDate).toBe('2026-03-03');
  });

  it('adds exactly the paused working days, and restarting never ends before pausing', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2026-10-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 240 }),
        (receivedAt, n, askHours, waitHours) => {
          const start = appointmentAt(calendar, receivedAt, wd(n));
          const requestedAt = calendar.addWorkingHours(receivedAt, askHours);
          const suppliedAt = calendar.addWorkingHours(requestedAt, waitHours);
          const r = deadlinesAfterSupplement(calendar, {
            limit: wd(n),
            beforePause: start,
            requestedAt,
            suppliedAt,
            clockStartDate: start.startDate,
          });
          expect(calendar.workingDaysBetween(start.dueDate, r.pause.dueDate)).toBe(r.pausedWorkingDays);
          expect(r.pause.dueDate >= start.dueDate).toBe(true);
          expect(r.restart.dueDate >= r.pause.dueDate).toBe(true);
        },
      ),
    );
  });
});

describe('extensions (Decree 61/2018 art. 19 cl. 9)', () => {
  it('must be asked at least one working day before the due date', () => {
    expect(extensionTooLate(calendar, '2026-03-03', vn('2026-02-27', '10:00'), 1)).toBe(false);
    expect(extensionTooLate(calendar, '2026-03-03', vn('2026-03-02', '16:00'), 1)).toBe(false);
    expect(extensionTooLate(calendar, '2026-03-03', vn('2026-03-03', '08:00'), 1)).toBe(true);
    expect(extensionTooLate(calendar, '2026-03-03', vn('2026-03-04', '08:00'), 1)).toBe(true);
  });

  it('counts the lead in working days: from Fri 13/2 or during Tết, Mon 23/2 is still one working day away', () => {
    // Due Mon 23/2/2026; Fri 13/2 is one working day before it.
    expect(extensionTooLate(calendar, '2026-02-23', vn('2026-02-13', '10:00'), 1)).toBe(false);
    expect(extensionTooLate(calendar, '2026-02-23', vn('2026-02-16', '10:00'), 1)).toBe(false);
    expect(extensionTooLate(calendar, '2026-02-23', vn('2026-02-23', '07:00'), 1)).toBe(true);
  });

  it('must move the appointment to a later working day', () => {
    expect(extensionDateProblem(calendar, '2026-03-03', '2026-03-03')).toBe('not_later');
    expect(extensionDateProblem(calendar, '2026-03-03', '2026-03-02')).toBe('not_later');
    expect(extensionDateProblem(calendar, '2026-03-03', '2026-03-07')).toBe('not_working_day');
    expect(extensionDateProblem(calendar, '2026-02-12', '2026-02-16')).toBe('not_working_day');
    expect(extensionDateProblem(calendar, '2026-03-03', '2026-03-10')).toBeUndefined();
  });
});

describe('the acknowledgment of an online submission (DOMAIN.md §2.2: 8 working hours)', () => {
  it('is due 8 office hours after the submission: Fri 13/2/2026 16:00 → Mon 23/2 16:30 after Tết', () => {
    // Fri 16:00–17:00 (1 h); Tết 14–22/2 off; Mon 23/2 07:30–11:30 (4 h) and 13:30–16:30 (3 h).
    expect(acknowledgeDueAt(calendar, vn('2026-02-13', '16:00'))).toEqual(vn('2026-02-23', '16:30'));
    // A day of office hours is 7.5 h: Mon 2/3 07:30 → Tue 3/3 08:00.
    expect(acknowledgeDueAt(calendar, vn('2026-03-02', '07:30'))).toEqual(vn('2026-03-03', '08:00'));
  });
});

describe('classifyTiming for the control slip', () => {
  const due = endOf('2026-03-03');

  it('says early before the due day, on time on it until 24:00 (Civil Code art. 148 cl. 1), late after', () => {
    expect(classifyTiming(vn('2026-03-02', '23:30'), due)).toBe('early');
    expect(classifyTiming(vn('2026-03-03', '07:30'), due)).toBe('on_time');
    expect(classifyTiming(vn('2026-03-03', '17:30'), due)).toBe('on_time');
    expect(classifyTiming(vn('2026-03-03', '23:59'), due)).toBe('on_time');
    expect(classifyTiming(vn('2026-03-04', '00:00'), due)).toBe('late');
  });

  it('never rates a later finish better', () => {
    const rank = { early: 0, on_time: 1, late: 2 } as const;
    fc.assert(
      fc.property(fc.integer({ min: -10_000, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (a, b) => {
        const first = classifyTiming(new Date(due.getTime() + a * 60_000), due);
        const second = classifyTiming(new Date(due.getTime() + (a + b) * 60_000), due);
        expect(rank[second] >= rank[first]).toBe(true);
      }),
    );
  });
});

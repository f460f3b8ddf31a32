import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultProcess, limitToWorkingHours } from './default-process.ts';
import { TimeUnit } from './procedure-draft.ts';

const total = (steps: { budgetWorkingHours: number }[]) =>
  steps.reduce((a, s) => a + s.budgetWorkingHours, 0);

describe('defaultProcess', () => {
  it('splits 15 working days 10/70/10/10 over reception, appraisal, approval and return', () => {
    const steps = defaultProcess('city', { value: 15, unit: 'working_days' });
    expect(steps.map((s) => [s.key, s.role, s.budgetWorkingHours])).toEqual([
      ['reception', 'reception', 12],
      ['appraisal', 'specialist', 84],
      ['approval', 'leader', 12],
      ['return', 'reception', 12],
    ]);
  });

  it('gives a same-day procedure a few hours and every step some time', () => {
    const steps = defaultProcess('commune', { value: 1, unit: 'same_day' });
    expect(total(steps)).toBe(4);
    expect(steps.every((s) => s.budgetWorkingHours >= 0.25)).toBe(true);
    expect(steps[1]?.budgetWorkingHours).toBeGreaterThan(steps[0]?.budgetWorkingHours ?? 0);
    expect(steps[2]?.name_vi).toBe('Lãnh đạo Ủy ban nhân dân cấp xã phê duyệt');
  });

  it('budgets calendar days as the weekdays they contain', () => {
    expect(limitToWorkingHours({ value: 30, unit: 'days' })).toBe(21 * 8);
    expect(limitToWorkingHours({ value: 1, unit: 'days' })).toBe(8);
    expect(limitToWorkingHours({ value: 2, unit: 'months' })).toBe(42 * 8);
    expect(limitToWorkingHours({ value: 24, unit: 'hours' })).toBe(24);
  });

  it('always sums exactly to the limit, in quarter hours, with appraisal the largest step', () => {
    const limit = fc.record({
      value: fc.integer({ min: 1, max: 400 }),
      unit: fc.constantFrom(...TimeUnit.options),
    });
    fc.assert(
      fc.property(fc.constantFrom('city' as const, 'commune' as const), limit, (level, l) => {
        const steps = defaultProcess(level, l);
        expect(total(steps)).toBe(limitToWorkingHours(l));
        for (const s of steps) expect(Number.isInteger(s.budgetWorkingHours * 4)).toBe(true);
        const appraisal = steps[1]?.budgetWorkingHours ?? 0;
        expect(steps.every((s) => s.budgetWorkingHours <= appraisal)).toBe(true);
      }),
    );
  });

  it('sums exactly for limits shorter than the four steps', () => {
    const steps = defaultProcess('city', { value: 0.5, unit: 'hours' });
    expect(total(steps)).toBe(0.5);
    expect(steps.map((s) => s.budgetWorkingHours)).toEqual([0.25, 0.25, 0, 0]);
  });
});

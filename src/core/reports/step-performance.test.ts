import { describe, expect, it } from 'vitest';
import { SCENARIO_AGENCIES as A, scenarioRecord } from './inter-agency-fixtures.ts';
import { stepPerformance, stepVisitFacts } from './step-performance.ts';

const records = [
  scenarioRecord('r1', 'on_time'),
  scenarioRecord('r2', 'land_late'),
  scenarioRecord('r3', 'tax_sent_back'),
];
const facts = records.flatMap(stepVisitFacts);
const END_OF_MARCH = new Date('2026-03-31T17:00:00Z');

describe('stepVisitFacts', () => {
  it('keeps the visits other agencies held and leaves out the competent agency’s own steps', () => {
    const r1 = stepVisitFacts(records[0]!);
    // reception, tax, land and return; not the decision at Cái Khế (the competent agency).
    expect(r1.map((f) => [f.stepKey, f.agencyId])).toEqual([
      ['reception', A.receiving],
      ['tax', A.tax],
      ['land_registration', A.land],
      ['return', A.receiving],
    ]);
    expect(r1.every((f) => f.competentAgencyId === A.competent)).toBe(true);
  });

  it('adds the steps still running as open visits, one per parallel branch', () => {
    const r3 = stepVisitFacts(records[2]!);
    expect(r3.at(-1)).toMatchObject({ visit: 'open:1', agencyId: A.land, finishedAt: null, timing: null });
    const parallel = { ...records[1]!, activeSteps: [1, 2], currentStep: 1 };
    parallel.steps = parallel.steps.map((s, i) =>
      i === 1 || i === 2
        ? { ...s, startedAt: '2026-03-02T03:00:00.000Z', dueAt: '2026-03-05T10:00:00.000Z' }
        : s,
    );
    expect(
      stepVisitFacts(parallel)
        .filter((f) => f.finishedAt === null)
        .map((f) => f.agencyId),
    ).toEqual([A.land, A.tax]);
  });

  it('counts an open step whose record waits for the applicant as paused', () => {
    const waiting = { ...records[2]!, status: 'supplement_requested' as const };
    expect(stepVisitFacts(waiting).at(-1)?.paused).toBe(true);
  });

  it('has nothing for a record without a competent agency', () => {
    expect(stepVisitFacts({ ...records[0]!, competentAgencyId: null })).toEqual([]);
  });
});

describe('stepPerformance', () => {
  it('gives each agency’s steps for others: received, on time / early / late, sent back, open and overdue', () => {
    const rows = stepPerformance(facts, { from: '2026-03-01', to: '2026-04-01', judgedAt: END_OF_MARCH });
    const by = new Map(rows.map((r) => [r.agencyId, r]));
    expect(by.get(A.land)).toEqual({
      agencyId: A.land,
      received: 4,
      finished: { total: 3, early: 1, onTime: 1, late: 1 },
      sentBack: 0,
      closed: 0,
      open: { total: 1, overdue: 1 },
      onTimeRate: 2 / 3,
    });
    expect(by.get(A.tax)).toEqual({
      agencyId: A.tax,
      received: 3,
      finished: { total: 3, early: 3, onTime: 0, late: 0 },
      sentBack: 1,
      closed: 0,
      open: { total: 0, overdue: 0 },
      onTimeRate: 1,
    });
    expect(by.get(A.receiving)).toMatchObject({ received: 4, finished: { total: 4, onTime: 4 } });
    // The competent agency held no step for others.
    expect(by.has(A.competent)).toBe(false);
  });

  it('judges a period by its days: what ran past its end is open then, overdue only past its due time', () => {
    const rows = stepPerformance(facts, {
      from: '2026-03-01',
      to: '2026-03-04',
      judgedAt: new Date('2026-03-03T17:00:00Z'),
    });
    const land = rows.find((r) => r.agencyId === A.land)!;
    expect(land).toMatchObject({
      received: 3,
      finished: { total: 1, early: 1 },
      open: { total: 2, overdue: 0 },
    });
    const later = stepPerformance(facts, {
      from: '2026-03-06',
      to: '2026-03-07',
      judgedAt: new Date('2026-03-06T17:00:00Z'),
    });
    // 6/3: the late land step finishes; the sent-back land step (due 6/3 17:00) is open, overdue at the day's end.
    expect(later.find((r) => r.agencyId === A.land)).toMatchObject({
      received: 0,
      finished: { total: 1, late: 1 },
      open: { total: 1, overdue: 1 },
    });
    const noon = stepPerformance(facts, {
      from: '2026-03-06',
      to: '2026-03-07',
      judgedAt: new Date('2026-03-06T05:00:00Z'),
    });
    expect(noon.find((r) => r.agencyId === A.land)?.open).toEqual({ total: 1, overdue: 0 });
  });

  it('does not count a paused open step as overdue', () => {
    const waiting = stepVisitFacts({ ...records[2]!, status: 'supplement_requested' });
    const [land] = stepPerformance(
      waiting.filter((f) => f.agencyId === A.land),
      { from: '2026-03-01', to: '2026-04-01', judgedAt: END_OF_MARCH },
    );
    expect(land?.open).toEqual({ total: 1, overdue: 0 });
  });
});

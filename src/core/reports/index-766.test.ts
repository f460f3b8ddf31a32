import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordCounts766 } from './aggregate-766.ts';
import {
  DEFAULT_WEIGHTS_766,
  IndicatorId,
  score766,
  type UnitCounts766,
  Weights766,
  weightsInForce,
} from './index-766.ts';
import { anyCounts, anyFact, at, fact, MARCH } from './test-fixtures.ts';
import { timing766 } from './timing-766.ts';

/**
 * Phường Cái Khế, March 2026. Period end 01/4 00:00. Nine records received in March, one in February, one
 * never received.
 */
const records = [
  // R1 online, due 13/3, finished 10/3 → early. Paper result with an e-result; digitised, reused, shared,
  // fee paid online, rated 5.
  fact({
    recordId: 'R1',
    channel: 'online',
    receivedAt: at('2026-03-03', '09:00'),
    dueAt766: at('2026-03-13', '17:00'),
    finishedAt: at('2026-03-10', '10:00'),
    outcome: 'resolved',
    paperResult: true,
    electronicResult: true,
    digitised: true,
    reused: true,
    sharedToRepository: true,
    feeBearing: true,
    paidOnline: true,
    rating: 5,
  }),
  // R2 counter, due 16/3 17:00, finished 16/3 16:00 → on time. Paper result without an e-result, so not
  // "digitised" for 4.2 although its components are; fee not paid online; rated 4.
  fact({
    recordId: 'R2',
    receivedAt: at('2026-03-04', '09:00'),
    dueAt766: at('2026-03-16', '17:00'),
    finishedAt: at('2026-03-16', '16:00'),
    outcome: 'resolved',
    paperResult: true,
    digitised: true,
    feeBearing: true,
    rating: 4,
  }),
  // R3 counter, due 12/3, finished 13/3 → late. Digitised; rated 1 (disliked).
  fact({
    recordId: 'R3',
    receivedAt: at('2026-03-05', '09:00'),
    dueAt766: at('2026-03-12', '17:00'),
    finishedAt: at('2026-03-13', '09:00'),
    outcome: 'resolved',
    digitised: true,
    rating: 1,
  }),
  // R4 online, rejected 18/3 before its due 19/3 → early. A refusal needs no e-result. Digitised, reused.
  fact({
    recordId: 'R4',
    channel: 'online',
    receivedAt: at('2026-03-09', '09:00'),
    dueAt766: at('2026-03-19', '17:00'),
    finishedAt: at('2026-03-18', '10:00'),
    outcome: 'rejected',
    paperResult: true,
    digitised: true,
    reused: true,
  }),
  // R5 counter, asked to supplement twice → late although finished before its due day. Paper + e-result,
  // digitised, shared; fee not paid online; rated 3.
  fact({
    recordId: 'R5',
    receivedAt: at('2026-03-10', '09:00'),
    dueAt766: at('2026-03-25', '17:00'),
    finishedAt: at('2026-03-20', '10:00'),
    outcome: 'resolved',
    supplementRequests: 2,
    paperResult: true,
    electronicResult: true,
    digitised: true,
    sharedToRepository: true,
    feeBearing: true,
    rating: 3,
  }),
  // R6 online, unfinished, due 10/4 → on time at the period's end. Digitised.
  fact({
    recordId: 'R6',
    channel: 'online',
    receivedAt: at('2026-03-16', '09:00'),
    dueAt766: at('2026-04-10', '17:00'),
    digitised: true,
  }),
  // R7 counter, unfinished, due 27/3 → overdue at the period's end. Fee paid online; rated 2 (disliked).
  fact({
    recordId: 'R7',
    receivedAt: at('2026-03-17', '09:00'),
    dueAt766: at('2026-03-27', '17:00'),
    feeBearing: true,
    paidOnline: true,
    rating: 2,
  }),
  // R8 counter, due 31/3, waiting for the applicant's supplement since 24/3 → on time (end = request time).
  fact({
    recordId: 'R8',
    receivedAt: at('2026-03-20', '09:00'),
    dueAt766: at('2026-03-31', '17:00'),
    awaitingSupplementSince: at('2026-03-24', '10:00'),
    supplementRequests: 1,
    digitised: true,
    reused: true,
  }),
  // R9 online, withdrawn → out of 2.1, still received. Digitised.
  fact({
    recordId: 'R9',
    channel: 'online',
    receivedAt: at('2026-03-23', '09:00'),
    dueAt766: at('2026-04-02', '17:00'),
    finishedAt: at('2026-03-25', '10:00'),
    outcome: 'withdrawn',
    digitised: true,
  }),
  // R10 received in February: another period.
  fact({ recordId: 'R10', receivedAt: at('2026-02-27', '09:00'), dueAt766: at('2026-03-10', '17:00') }),
  // R11 submitted online, never received.
  fact({ recordId: 'R11', channel: 'online', receivedAt: null, dueAt766: null, outcome: 'not_received' }),
];

const catalogue: UnitCounts766['procedures'] = {
  published: 10,
  publishedOnTime: null,
  disclosedOnTime: 9,
  complete: 10,
  underCompetence: 8,
  withOnlineService: 6,
  onlineServices: 6,
  onlineServicesWithRecords: 3,
  withFees: 4,
  withFeesOnlinePayment: 2,
};

describe('score766 on one commune’s month, computed by hand', () => {
  const recordCounts = recordCounts766(records, MARCH);
  // The portal says 8 of the 9 reached it.
  const counts: UnitCounts766 = {
    procedures: catalogue,
    records: { ...recordCounts, synced: 8 },
    petitions: null,
  };
  const score = score766(counts, DEFAULT_WEIGHTS_766);
  const group = (id: number) => score.groups.find((g) => g.id === id)!;
  const indicator = (id: IndicatorId) => score.groups.flatMap((g) => g.indicators).find((i) => i.id === id)!;

  it('counts the records received in March', () => {
    expect(recordCounts).toEqual({
      synced: null,
      received: 9, // R1–R9
      online: 4, // R1 (with its e-result), R4, R6, R9
      inScope21: 8, // R1–R8; R9 withdrawn
      onTime21: 5, // R1 early, R2, R4 early, R6, R8
      overdue: 3, // R3 late, R5 two supplements, R7 overdue at 01/4
      paperResult: 3, // resolved with a paper result: R1, R2, R5 (R4 was rejected)
      eResult: 2, // R1, R5
      digitised: 7, // all but R2 (no e-result) and R7
      reused: 3, // R1, R4, R8
      shared: 2, // R1, R5
      feeBearing: 4, // R1, R2, R5, R7
      paidOnline: 2, // R1, R7
      disliked: 2, // R3 (1), R7 (2)
    });
    expect(records.filter((r) => timing766(r, MARCH.to) === 'early').map((r) => r.recordId)).toEqual([
      'R1',
      'R4',
    ]);
  });

  it('group 1: 1.1 unmeasured, the other three earn their own points (not scaled to 18)', () => {
    expect(indicator('1.1')).toMatchObject({ measured: false, points: null, max: 4 });
    // 1.2: 9 of 10 → 4 × 0.9 = 3.6; 1.3: 10 of 10 → 4; 1.4: 8 of 9 synced → 6 × 8/9
    expect(indicator('1.2').points).toBeCloseTo(3.6, 12);
    expect(indicator('1.3').points).toBe(4);
    expect(indicator('1.4').points).toBeCloseTo((6 * 8) / 9, 12);
    // (3.6 + 4 + 48/9) of the 14 measured points, not scaled up to 18 (issue 13 #28)
    expect(group(1).points).toBeCloseTo(3.6 + 4 + 48 / 9, 12);
    expect(group(1)).toMatchObject({ max: 18, measuredMax: 14 });
  });

  it('group 2: 2.1 is 5 on time of 8 in scope', () => {
    // 20 × 5/8 = 12.5
    expect(indicator('2.1')).toMatchObject({ numerator: 5, denominator: 8, ratio: 0.625 });
    expect(group(2).points).toBe(12.5);
  });

  it('group 3: online services and online payment', () => {
    // 3.1: 6/8 = 0.75 under the 0.8 threshold → 4 × 0.75/0.8 = 3.75
    expect(indicator('3.1').points).toBeCloseTo(3.75, 12);
    // 3.2: 3/6 → 4 × 0.5 = 2
    expect(indicator('3.2').points).toBe(2);
    // 3.3: 4/9 online × 8/9 synced = 32/81, under the 0.5 threshold → 4 × (32/81)/0.5 = 256/81
    expect(indicator('3.3').ratio).toBeCloseTo(32 / 81, 12);
    expect(indicator('3.3').points).toBeCloseTo(256 / 81, 12);
    // 3.5: 2/4 = 0.5 under 0.8 → 5 × 0.625 = 3.125; 3.6: 2/4 → 5 × 0.5 = 2.5
    expect(indicator('3.5').points).toBeCloseTo(3.125, 12);
    expect(indicator('3.6').points).toBe(2.5);
    // all measured: 3.75 + 2 + 256/81 + 3.125 + 2.5
    expect(group(3).points).toBeCloseTo(3.75 + 2 + 256 / 81 + 3.125 + 2.5, 12);
  });

  it('group 4: digitisation', () => {
    // 4.1: 2/3 → 6 × 2/3 = 4
    expect(indicator('4.1').points).toBeCloseTo(4, 12);
    // 4.2: 7/9 under 0.8 → 6 × (7/9)/0.8 = 35/6
    expect(indicator('4.2').points).toBeCloseTo(35 / 6, 12);
    // 4.3: 3/9 under 0.8 → 5 × (1/3)/0.8 = 25/12
    expect(indicator('4.3').points).toBeCloseTo(25 / 12, 12);
    // 4.4: 2/9 → 5 × 2/9 = 10/9
    expect(indicator('4.4').points).toBeCloseTo(10 / 9, 12);
    expect(group(4).points).toBeCloseTo(4 + 35 / 6 + 25 / 12 + 10 / 9, 12);
  });

  it('group 5: without petitions only 5.4 counts, not scaled to 18', () => {
    expect(indicator('5.2')).toMatchObject({ measured: false, points: null });
    expect(indicator('5.3')).toMatchObject({ measured: false, points: null });
    // 5.4: 1 − (3 overdue + 2 disliked)/9 = 4/9, under 0.9 → 6 × (4/9)/0.9 = 240/81; × 18/6
    expect(indicator('5.4').ratio).toBeCloseTo(4 / 9, 12);
    expect(indicator('5.4').points).toBeCloseTo(240 / 81, 12);
    expect(group(5).points).toBeCloseTo(240 / 81, 12);
    expect(group(5)).toMatchObject({ max: 18, measuredMax: 6 });
  });

  it('adds the points the five groups earned on the measured basis, out of 100', () => {
    const expected =
      3.6 +
      4 +
      48 / 9 +
      12.5 +
      (3.75 + 2 + 256 / 81 + 3.125 + 2.5) +
      (4 + 35 / 6 + 25 / 12 + 10 / 9) +
      240 / 81;
    expect(score.max).toBe(100);
    expect(score.total).toBeCloseTo(expected, 10);
    // 1.1, 5.2 and 5.3 are not measured: 4 + 6 + 6 points are left out of the basis, not extrapolated.
    expect(score.unmeasured).toEqual(['1.1', '5.2', '5.3']);
    expect(score.measuredMax).toBe(100 - 16);
  });

  it('states a group with nothing measured as unmeasured, earning nothing and extrapolating nothing', () => {
    const noRecords = score766(
      { procedures: catalogue, records: recordCounts766([], MARCH), petitions: null },
      DEFAULT_WEIGHTS_766,
    );
    expect(noRecords.groups.map((g) => g.measured)).toEqual([true, false, true, false, false]);
    expect(noRecords.groups.map((g) => g.points === null)).toEqual([false, true, false, true, true]);
    expect(noRecords.max).toBe(100);
    expect(noRecords.measuredMax).toBe(
      noRecords.groups.reduce(
        (s, g) => s + g.indicators.filter((i) => i.measured).reduce((t, i) => t + i.max, 0),
        0,
      ),
    );
    expect(noRecords.total).toBeLessThanOrEqual(noRecords.measuredMax);
  });
});

describe('weights', () => {
  it('the default weights give 18/20/22/22/18 = 100 and parse', () => {
    const byGroup = [1, 2, 3, 4, 5].map((g) =>
      IndicatorId.options
        .filter((id) => id.startsWith(`${g}.`))
        .reduce((s, id) => s + DEFAULT_WEIGHTS_766.indicators[id].points, 0),
    );
    expect(byGroup).toEqual([18, 20, 22, 22, 18]);
    expect(Weights766.parse(DEFAULT_WEIGHTS_766)).toEqual(DEFAULT_WEIGHTS_766);
  });

  it('keeps the confirmed weights: 1.2 = 4, 2.1 = 20, 5.4 = 6, group 3 = 12 + 10', () => {
    const p = (id: IndicatorId) => DEFAULT_WEIGHTS_766.indicators[id].points;
    expect([p('1.2'), p('2.1'), p('5.4')]).toEqual([4, 20, 6]);
    expect(p('3.1') + p('3.2') + p('3.3')).toBe(12);
    expect(p('3.5') + p('3.6')).toBe(10);
  });

  it('refuses weights whose group does not add up to its maximum', () => {
    const bad = {
      ...DEFAULT_WEIGHTS_766,
      indicators: { ...DEFAULT_WEIGHTS_766.indicators, '2.1': { points: 19, fullAt: 1 } },
    };
    expect(Weights766.safeParse(bad).success).toBe(false);
  });

  it('picks the latest weights in force on a day', () => {
    const later = { ...DEFAULT_WEIGHTS_766, effectiveFrom: '2026-07-01' };
    const list = [later, DEFAULT_WEIGHTS_766];
    expect(weightsInForce(list, '2022-07-31')).toBeUndefined();
    expect(weightsInForce(list, '2026-06-30')).toBe(DEFAULT_WEIGHTS_766);
    expect(weightsInForce(list, '2026-07-01')).toBe(later);
  });
});

describe('score766 laws', () => {
  it('no indicator or group earns more than its maximum, nor the total more than 100', () => {
    fc.assert(
      fc.property(anyCounts, (counts) => {
        const s = score766(counts, DEFAULT_WEIGHTS_766);
        for (const g of s.groups) {
          expect(g.points ?? 0).toBeLessThanOrEqual(g.max + 1e-9);
          expect(g.points ?? 0).toBeGreaterThanOrEqual(0);
          for (const i of g.indicators) {
            expect(i.points ?? 0).toBeLessThanOrEqual(i.max + 1e-9);
            expect(i.points ?? 0).toBeGreaterThanOrEqual(0);
            expect(i.measured).toBe(i.points !== null);
          }
        }
        expect(s.total).toBeLessThanOrEqual(s.measuredMax + 1e-9);
        expect(s.measuredMax).toBeLessThanOrEqual(s.max);
        expect(s.max).toBe(100);
      }),
    );
  });

  it('turning a late record into an on-time one never lowers the total', () => {
    fc.assert(
      fc.property(fc.array(anyFact, { maxLength: 30 }), fc.nat(), (facts, pick) => {
        const late = facts.filter((f) => timing766(f, MARCH.to) === 'late');
        fc.pre(late.length > 0);
        const target = late[pick % late.length]!;
        // On time: one supplement request at most, and finished (or judged) no later than the due instant.
        const fixed = {
          ...target,
          supplementRequests: Math.min(1, target.supplementRequests),
          ...(target.finishedAt === null ? { dueAt766: MARCH.to } : { finishedAt: target.dueAt766 }),
        };
        expect(timing766(fixed, MARCH.to)).not.toBe('late');
        const total = (fs: typeof facts) =>
          score766(
            { procedures: catalogue, records: recordCounts766(fs, MARCH), petitions: null },
            DEFAULT_WEIGHTS_766,
          ).total;
        const after = facts.map((f) => (f === target ? fixed : f));
        expect(total(after)).toBeGreaterThanOrEqual(total(facts) - 1e-9);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receivedIn, recordCounts766 } from './aggregate-766.ts';
import { indicatorsCostingPoints } from './costs-766.ts';
import type { IndicatorId } from './index-766.ts';
import { anyFact, at, fact, MARCH } from './test-fixtures.ts';

describe('indicatorsCostingPoints', () => {
  it('names nothing for a record that does everything right', () => {
    const model = fact({
      channel: 'online',
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
    });
    expect(indicatorsCostingPoints(model, MARCH.to)).toEqual([]);
  });

  it('names every record indicator for a late counter record with a paper result only, unpaid, disliked', () => {
    const poor = fact({
      finishedAt: at('2026-03-13', '10:00'),
      outcome: 'resolved',
      paperResult: true,
      digitised: true,
      feeBearing: true,
      rating: 2,
    });
    expect(indicatorsCostingPoints(poor, MARCH.to)).toEqual([
      '2.1',
      '3.3',
      '3.6',
      '4.1',
      '4.2',
      '4.3',
      '4.4',
      '5.4',
    ]);
  });

  it('costs 5.4 for a dislike alone, and nothing for a record never received', () => {
    const rated = fact({
      channel: 'online',
      finishedAt: at('2026-03-12', '10:00'),
      outcome: 'resolved',
      digitised: true,
      reused: true,
      sharedToRepository: true,
      rating: 1,
    });
    expect(indicatorsCostingPoints(rated, MARCH.to)).toEqual(['5.4']);
    expect(indicatorsCostingPoints(fact({ receivedAt: null, outcome: 'not_received' }), MARCH.to)).toEqual(
      [],
    );
  });

  it('names exactly the indicators where the record is in the denominator and not the numerator', () => {
    fc.assert(
      fc.property(anyFact, (f) => {
        fc.pre(receivedIn(f, MARCH));
        const c = recordCounts766([f], MARCH);
        const missing: [IndicatorId, boolean][] = [
          ['2.1', c.inScope21 > c.onTime21],
          ['3.3', c.received > c.online],
          ['3.6', c.feeBearing > c.paidOnline],
          ['4.1', c.paperResult > c.eResult],
          ['4.2', c.received > c.digitised],
          ['4.3', c.received > c.reused],
          ['4.4', c.received > c.shared],
          ['5.4', c.overdue + c.disliked > 0],
        ];
        expect(indicatorsCostingPoints(f, MARCH.to)).toEqual(missing.filter(([, m]) => m).map(([id]) => id));
      }),
    );
  });
});

describe('recordCounts766', () => {
  it('counts a record received at the period start and not one received at its end', () => {
    const c = recordCounts766(
      [fact({ receivedAt: MARCH.from }), fact({ receivedAt: MARCH.to, dueAt766: at('2026-04-10', '17:00') })],
      MARCH,
    );
    expect(c.received).toBe(1);
  });

  it('is the sum of each record counted alone', () => {
    fc.assert(
      fc.property(fc.array(anyFact, { maxLength: 20 }), (facts) => {
        const whole = recordCounts766(facts, MARCH);
        const parts = facts.map((f) => recordCounts766([f], MARCH));
        for (const key of Object.keys(whole) as (keyof typeof whole)[]) {
          if (key === 'synced') continue;
          expect(whole[key]).toBe(parts.reduce((s, p) => s + (p[key] ?? 0), 0));
        }
        expect(whole.onTime21 + whole.overdue).toBe(whole.inScope21);
      }),
    );
  });
});

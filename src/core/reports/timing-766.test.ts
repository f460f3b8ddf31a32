import { describe, expect, it } from 'vitest';
import { at, fact } from './test-fixtures.ts';
import { timing766 } from './timing-766.ts';

const due = at('2026-03-12', '17:00');
const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const finished = (finishedAt: string) => fact({ dueAt766: due, finishedAt, outcome: 'resolved' });
const periodEnd = at('2026-04-01', '00:00');

describe('timing766 (Decision 766 indicator 2.1)', () => {
  it('counts a record finished at the due instant exactly as on time, a millisecond later as late', () => {
    expect(timing766(finished(due), periodEnd)).toBe('on_time');
    expect(timing766(finished(plusMs(due, 1)), periodEnd)).toBe('late');
    expect(timing766(finished(plusMs(due, -1)), periodEnd)).toBe('on_time');
  });

  it('calls early only a finish on an earlier day in Vietnam, not in UTC', () => {
    // 00:30 on the due day in Hà Nội is still the previous day in UTC: on time, not early.
    expect(timing766(finished(at('2026-03-12', '00:30')), periodEnd)).toBe('on_time');
    expect(timing766(finished(at('2026-03-11', '23:59')), periodEnd)).toBe('early');
  });

  it('judges an unfinished record at the period end: on time at the due instant, late after it', () => {
    const open = fact({ dueAt766: due });
    expect(timing766(open, due)).toBe('on_time');
    expect(timing766(open, plusMs(due, 1))).toBe('late');
    expect(timing766(open, at('2026-03-01', '00:00'))).toBe('on_time');
  });

  it('ends the clock of a record waiting for a supplement at the request', () => {
    expect(timing766(fact({ dueAt766: due, awaitingSupplementSince: due }), periodEnd)).toBe('on_time');
    expect(timing766(fact({ dueAt766: due, awaitingSupplementSince: plusMs(due, 1) }), periodEnd)).toBe(
      'late',
    );
    // A request after the period's end does not move the end.
    expect(timing766(fact({ dueAt766: due, awaitingSupplementSince: periodEnd }), due)).toBe('on_time');
  });

  it('counts more than one supplement request as late, however early the finish', () => {
    const early = at('2026-03-05', '09:00');
    expect(timing766(fact({ ...finished(early), supplementRequests: 1 }), periodEnd)).toBe('early');
    expect(timing766(fact({ ...finished(early), supplementRequests: 2 }), periodEnd)).toBe('late');
  });

  it('leaves out records never received, withdrawn, stopped or without a deadline', () => {
    const early = at('2026-03-05', '09:00');
    expect(timing766(fact({ receivedAt: null, outcome: 'not_received' }), periodEnd)).toBeNull();
    expect(timing766(fact({ finishedAt: early, outcome: 'withdrawn' }), periodEnd)).toBeNull();
    expect(
      timing766(fact({ finishedAt: early, outcome: 'stopped', supplementRequests: 2 }), periodEnd),
    ).toBeNull();
    expect(timing766(fact({ dueAt766: null }), periodEnd)).toBeNull();
  });

  it('counts a refusal after appraisal like a result', () => {
    expect(
      timing766(fact({ dueAt766: due, finishedAt: plusMs(due, 1), outcome: 'rejected' }), periodEnd),
    ).toBe('late');
  });
});

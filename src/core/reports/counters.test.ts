import { describe, expect, it } from 'vitest';
import { type CountedFact, contributions, counterDeltas } from './counters.ts';

/** A record received on 2 March 2026, due on 16 March, still in progress. */
const open: CountedFact = {
  competentAgencyId: 'agency-a',
  receivingAgencyId: 'agency-a',
  channel: 'in_person',
  procedureCode: '1.001',
  outcome: 'in_progress',
  receivedDay: '2026-03-02',
  dueDay: '2026-03-16',
  finishedDay: null,
  timing: null,
  refusedDay: null,
  supplementDay: null,
  awaitingSupplementSince: null,
  returnedDay: null,
  digitised: false,
  reused: false,
  electronicResult: false,
  paperResult: false,
  feeBearing: false,
  paidOnline: false,
  shared: false,
  rating: null,
};

const dueDays = (f: CountedFact) =>
  contributions(f)
    .filter((c) => c.counter === 'due')
    .map((c) => c.day);

describe('the due counter (in progress, overdue = due − due-closed)', () => {
  it('counts an open record as due on its due day', () => {
    expect(dueDays(open)).toEqual(['2026-03-16']);
  });

  it('leaves it out while the applicant owes a supplement asked before the due day: the clock is stopped', () => {
    const waiting = {
      ...open,
      supplementDay: '2026-03-04',
      awaitingSupplementSince: '2026-03-04T03:00:00.000Z',
    } as const;
    expect(dueDays(waiting)).toEqual([]);
    // The supplement asked is still counted on its day.
    expect(contributions(waiting).filter((c) => c.counter === 'supplements')).toEqual([
      { day: '2026-03-04', counter: 'supplements', n: 1 },
    ]);
    // Supplied: the due day comes back (moved by the paused time) and the counters move with the fact.
    const resumed = { ...waiting, awaitingSupplementSince: null, dueDay: '2026-03-20' } as const;
    expect(counterDeltas(waiting, resumed)).toEqual([
      expect.objectContaining({ day: '2026-03-20', counts: { due: 1 } }),
    ]);
  });

  it('keeps it due when the supplement was asked after the due day had passed (late at the request)', () => {
    const lateAsk = {
      ...open,
      supplementDay: '2026-03-18',
      awaitingSupplementSince: '2026-03-18T03:00:00.000Z',
    } as const;
    expect(dueDays(lateAsk)).toEqual(['2026-03-16']);
  });
});

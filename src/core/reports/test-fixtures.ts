/**
 * Test support for the report tests (not exported from index.ts): a fact builder, one commune's March 2026,
 * and fast-check arbitraries for facts and counts.
 */
import fc from 'fast-check';
import type { UnitCounts766 } from './index-766.ts';
import type { RecordFact } from './record-fact.ts';

/** A Vietnamese wall-clock time as an ISO instant. */
export const at = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`).toISOString();

/** March 2026 in Vietnam. */
export const MARCH = { from: at('2026-03-01', '00:00'), to: at('2026-04-01', '00:00') };

/** A counter record of phường Cái Khế, received and in progress, with every flag off; override what matters. */
export function fact(overrides: Partial<RecordFact> = {}): RecordFact {
  return {
    recordId: 'r',
    code: null,
    competentAgencyId: '31120-ubnd',
    receivingAgencyId: '31120-ttpvhcc',
    procedureCode: '1.012796',
    channel: 'in_person',
    receivedAt: at('2026-03-02', '09:00'),
    dueAt766: at('2026-03-12', '17:00'),
    finishedAt: null,
    awaitingSupplementSince: null,
    outcome: 'in_progress',
    supplementRequests: 0,
    digitised: false,
    reused: false,
    electronicResult: false,
    paperResult: false,
    feeBearing: false,
    paidOnline: false,
    sharedToRepository: false,
    returnedAt: null,
    rating: null,
    ...overrides,
  };
}

const FROM_MS = Date.parse('2026-02-20T00:00:00+07:00');
const TO_MS = Date.parse('2026-04-20T00:00:00+07:00');
const instantMs = fc.integer({ min: FROM_MS, max: TO_MS });
const iso = (ms: number) => new Date(ms).toISOString();

/** Any fact from late February to April 2026; some fall outside March, some were never received. */
export const anyFact: fc.Arbitrary<RecordFact> = fc
  .record({
    received: fc.option(instantMs, { nil: null }),
    dueAfterDays: fc.integer({ min: 0, max: 40 }),
    finishedAfterHours: fc.option(fc.integer({ min: 0, max: 60 * 24 }), { nil: null }),
    waitingAfterHours: fc.option(fc.integer({ min: 0, max: 30 * 24 }), { nil: null }),
    outcome: fc.constantFrom(
      'not_received',
      'in_progress',
      'resolved',
      'rejected',
      'withdrawn',
      'stopped',
    ) as fc.Arbitrary<RecordFact['outcome']>,
    channel: fc.constantFrom('in_person', 'online', 'post') as fc.Arbitrary<RecordFact['channel']>,
    supplementRequests: fc.integer({ min: 0, max: 3 }),
    flags: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    rating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  })
  .map((g) => {
    const received = g.outcome === 'not_received' ? null : g.received;
    const finished =
      received === null || g.outcome === 'in_progress' || g.finishedAfterHours === null
        ? null
        : received + g.finishedAfterHours * 3_600_000;
    const [digitised, reused, electronicResult, paperResult, feeBearing, paidOnline, shared] = g.flags;
    return fact({
      channel: g.channel,
      outcome: g.outcome,
      receivedAt: received === null ? null : iso(received),
      dueAt766: received === null ? null : iso(received + g.dueAfterDays * 86_400_000),
      finishedAt: finished === null ? null : iso(finished),
      awaitingSupplementSince:
        received !== null && finished === null && g.waitingAfterHours !== null
          ? iso(received + g.waitingAfterHours * 3_600_000)
          : null,
      supplementRequests: g.supplementRequests,
      digitised: digitised!,
      reused: reused!,
      electronicResult: electronicResult!,
      paperResult: paperResult!,
      feeBearing: feeBearing!,
      paidOnline: feeBearing! && paidOnline!,
      sharedToRepository: shared!,
      rating: g.rating,
    });
  });

const count = fc.integer({ min: 0, max: 500 });
const maybe = fc.option(count, { nil: null });

/** Any counts a unit may report, consistent or not (a numerator may exceed its denominator). */
export const anyCounts: fc.Arbitrary<UnitCounts766> = fc.record({
  procedures: fc.record({
    published: count,
    publishedOnTime: maybe,
    disclosedOnTime: maybe,
    complete: count,
    underCompetence: count,
    withOnlineService: count,
    onlineServices: count,
    onlineServicesWithRecords: count,
    withFees: count,
    withFeesOnlinePayment: count,
  }),
  records: fc.record({
    synced: maybe,
    received: count,
    online: count,
    inScope21: count,
    onTime21: count,
    paperResult: count,
    eResult: count,
    digitised: count,
    reused: count,
    shared: count,
    feeBearing: count,
    paidOnline: count,
    overdue: count,
    disliked: count,
  }),
  petitions: fc.option(fc.record({ total: count, classified: count, onTime: count, satisfied: count }), {
    nil: null,
  }),
});

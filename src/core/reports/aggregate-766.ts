import type { Instant } from '../records/index.ts';
import { DISLIKED_AT_MOST } from './counters.ts';
import type { RecordCounts766 } from './index-766.ts';
import type { RecordFact } from './record-fact.ts';
import { timing766 } from './timing-766.ts';

/** A reporting period, `from` inclusive and `to` exclusive; `to` is also the instant 2.1 judges at. */
export interface Period766 {
  readonly from: Instant;
  readonly to: Instant;
}

/**
 * True when the record must carry an electronic result for 4.1: its procedure's result is a paper document
 * (F766 row 4.1 [S]) and a favourable result was issued — a refusal or unfinished record has no result yet
 * (our reading [U]). DOMAIN.md §6.2 rows 3.3, 4.1, 4.2.
 */
export function expectsEResult766(fact: Pick<RecordFact, 'outcome' | 'paperResult'>): boolean {
  return fact.outcome === 'resolved' && fact.paperResult;
}

/**
 * True when the record counts as online in 3.3: submitted online, and with an e-result where a paper result
 * is required (F766 row 3.3 [S], DOMAIN.md §6.2).
 */
export function countsAsOnline766(
  fact: Pick<RecordFact, 'channel' | 'outcome' | 'paperResult' | 'electronicResult'>,
): boolean {
  return fact.channel === 'online' && (!expectsEResult766(fact) || fact.electronicResult);
}

/**
 * True when the record counts as digitised in 4.2: digitised components and an e-result where applicable
 * (F766 row 4.2 [S], DOMAIN.md §6.2).
 */
export function countsAsDigitised766(
  fact: Pick<RecordFact, 'digitised' | 'outcome' | 'paperResult' | 'electronicResult'>,
): boolean {
  return fact.digitised && (!expectsEResult766(fact) || fact.electronicResult);
}

/** True when the applicant's rating is a "dislike" for 5.4 (rating ≤ {@link DISLIKED_AT_MOST} [U]). */
export function isDisliked766(fact: RecordFact): boolean {
  return fact.rating !== null && fact.rating <= DISLIKED_AT_MOST;
}

/** True when the record was received within the period, `from` ≤ receivedAt < `to`. */
export function receivedIn(fact: RecordFact, period: Period766): boolean {
  if (fact.receivedAt === null || fact.outcome === 'not_received') return false;
  const at = Date.parse(fact.receivedAt);
  return Date.parse(period.from) <= at && at < Date.parse(period.to);
}

/**
 * The record counts of a unit's Decision 766 index from the facts received in `[from, to)` (DOMAIN.md §6.2
 * rows 1.4, 2.1, 3.3, 3.6, 4.1–4.4, 5.4): the reference the SQL summaries are checked against. Counting by
 * reception is ours; F766 2.1 also counts records carried over from earlier periods [U].
 * - `inScope21`/`onTime21`/`overdue`: {@link timing766} at `to` is not null / early or on time / late;
 * - `online`: {@link countsAsOnline766}; `digitised`: {@link countsAsDigitised766};
 * - `paperResult`/`eResult`: {@link expectsEResult766} / and an electronic result was issued;
 * - `feeBearing`/`paidOnline`, `reused`, `shared`: the fact's flags; `disliked`: {@link isDisliked766};
 * - `synced` (1.4) is null: the facts do not know what reached the national portal.
 */
export function recordCounts766(facts: Iterable<RecordFact>, period: Period766): RecordCounts766 {
  const c = {
    synced: null,
    received: 0,
    online: 0,
    inScope21: 0,
    onTime21: 0,
    paperResult: 0,
    eResult: 0,
    digitised: 0,
    reused: 0,
    shared: 0,
    feeBearing: 0,
    paidOnline: 0,
    overdue: 0,
    disliked: 0,
  };
  for (const f of facts) {
    if (!receivedIn(f, period)) continue;
    c.received++;
    if (countsAsOnline766(f)) c.online++;
    const timing = timing766(f, period.to);
    if (timing !== null) {
      c.inScope21++;
      if (timing === 'late') c.overdue++;
      else c.onTime21++;
    }
    if (expectsEResult766(f)) {
      c.paperResult++;
      if (f.electronicResult) c.eResult++;
    }
    if (countsAsDigitised766(f)) c.digitised++;
    if (f.reused) c.reused++;
    if (f.sharedToRepository) c.shared++;
    if (f.feeBearing) {
      c.feeBearing++;
      if (f.paidOnline) c.paidOnline++;
    }
    if (isDisliked766(f)) c.disliked++;
  }
  return c;
}

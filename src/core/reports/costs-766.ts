import type { Instant } from '../records/index.ts';
import {
  countsAsDigitised766,
  countsAsOnline766,
  expectsEResult766,
  isDisliked766,
} from './aggregate-766.ts';
import type { IndicatorId } from './index-766.ts';
import type { RecordFact } from './record-fact.ts';
import { timing766 } from './timing-766.ts';

/**
 * The record-level Decision 766 indicators this record lowers, for drill-down from a unit's score (DOMAIN.md
 * §6.2): it is in the indicator's denominator but not its numerator, exactly as {@link recordCounts766}
 * counts it at `periodEnd`. In id order:
 * - 2.1 late (F766 [S]; group 2 = 20 points [C]);
 * - 3.3 not online, or online without the e-result a paper result requires [S];
 * - 3.6 fee-bearing and not paid online [U];
 * - 4.1 a paper result issued without an electronic one [U]; 4.2 not digitised (or missing that e-result) [S];
 *   4.3 no reused digitised data [S]; 4.4 nothing shared with the citizen's repository [U];
 * - 5.4 overdue, or rated ≤ 2 (5.4 = 6 points [C]; the dislike cut [U]).
 * A record never received costs nothing. Catalogue indicators (1.x, 3.1, 3.2, 3.5) and 1.4 are not per record.
 */
export function indicatorsCostingPoints(fact: RecordFact, periodEnd: Instant): IndicatorId[] {
  if (fact.receivedAt === null || fact.outcome === 'not_received') return [];
  const late = timing766(fact, periodEnd) === 'late';
  const costs: IndicatorId[] = [];
  if (late) costs.push('2.1');
  if (!countsAsOnline766(fact)) costs.push('3.3');
  if (fact.feeBearing && !fact.paidOnline) costs.push('3.6');
  if (expectsEResult766(fact) && !fact.electronicResult) costs.push('4.1');
  if (!countsAsDigitised766(fact)) costs.push('4.2');
  if (!fact.reused) costs.push('4.3');
  if (!fact.sharedToRepository) costs.push('4.4');
  if (late || isDisliked766(fact)) costs.push('5.4');
  return costs;
}

/**
 * Reports over records, starting with the Decision 766/QĐ-TTg service-quality index (DOMAIN.md §6): pure
 * functions, no I/O, no clock (the period's end comes in as an argument).
 *
 * - {@link RecordFact}, {@link factFromState}: one record as the reports see it.
 * - {@link timing766}: early, on time or late for indicator 2.1.
 * - {@link recordCounts766}: a unit's record counts for a period — the reference for the SQL summaries.
 * - {@link score766}, {@link DEFAULT_WEIGHTS_766}, {@link weightsInForce}: the 100-point index.
 * - {@link indicatorsCostingPoints}: which indicators one record lowers.
 * - {@link COUNTERS}, {@link contributions}, {@link counterDeltas}: the daily counters the summaries keep.
 */
export {
  countsAsDigitised766,
  countsAsOnline766,
  expectsEResult766,
  isDisliked766,
  type Period766,
  receivedIn,
  recordCounts766,
} from './aggregate-766.ts';
export { indicatorsCostingPoints } from './costs-766.ts';
export {
  COUNTERS,
  type Contribution,
  type CountedFact,
  type Counter,
  type CounterDelta,
  contributions,
  counterColumn,
  counterDeltas,
  DISLIKED_AT_MOST,
} from './counters.ts';
export {
  DEFAULT_WEIGHTS_766,
  GROUPS_766,
  type GroupId766,
  type GroupScore766,
  INDICATORS_766,
  IndicatorId,
  type IndicatorScore766,
  IndicatorWeight,
  PetitionCounts766,
  ProcedureCounts766,
  RecordCounts766,
  roundPoints,
  type Score766,
  score766,
  UnitCounts766,
  Weights766,
  weightsInForce,
} from './index-766.ts';
export { type FactExtras, FactOutcome, factFromState, RecordFact } from './record-fact.ts';
export {
  type StepPerformance,
  type StepVisitFact,
  stepPerformance,
  stepVisitFacts,
} from './step-performance.ts';
export { timing766 } from './timing-766.ts';

import { sql } from 'kysely';
import { toVnDateTime } from '../../core/calendar/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { RecordState } from '../../core/records/index.ts';
import { counterDeltas, factFromState, timing766 } from '../../core/reports/index.ts';
import { type Db, inTransaction, type Tx } from '../../platform/db/index.ts';
import type { Delivery, Subscriber } from '../../platform/jobs/subscriptions.ts';
import { documentFlagsOf } from '../documents/index.ts';
import { ratingScores, recordStates } from '../records/index.ts';
import { signedResultRecords } from '../signing/index.ts';
import { getAgency } from '../units/index.ts';
import { applyDeltas, lockFacts, type ReportFact, saveFacts } from './reports.store.ts';
import { saveStepVisitsOf } from './step-performance.service.ts';

const vnDay = (iso: string | Date | null | undefined) =>
  iso ? toVnDateTime(typeof iso === 'string' ? new Date(iso) : iso).date : null;

/** What reports need to know about a record beyond its events, read from the modules that own it. */
interface FactExtras {
  digitised: boolean;
  reused: boolean;
  shared: boolean;
  electronicResult: boolean;
  rating: number | null;
  crossBoundary: boolean;
}

/** Whether the record was received in one commune and is decided in another (cross-boundary). */
async function crossBoundary(
  state: RecordState,
  agency: (id: string) => Promise<{ unitKey: string | null }>,
): Promise<boolean> {
  if (!state.receivingAgencyId || !state.competentAgencyId) return false;
  if (state.receivingAgencyId === state.competentAgencyId) return false;
  const [receiving, competent] = await Promise.all([
    agency(state.receivingAgencyId),
    agency(state.competentAgencyId),
  ]);
  return receiving.unitKey !== competent.unitKey;
}

/**
 * The specialist who handled the record: the assignee of its last specialist step at the competent agency.
 * The record is counted by that agency, so its officer breakdown names that agency's officials only; a step
 * held at another agency is measured in the step performance report (report_step_visits).
 */
export function handlerOf(state: RecordState): string | null {
  for (let i = state.steps.length - 1; i >= 0; i--) {
    const step = state.steps[i]!;
    if (step.agencyId !== state.competentAgencyId) continue;
    if (step.role === 'specialist' && step.assigneeId) return step.assigneeId;
  }
  return null;
}

/** A record's report fact, or null for a draft (not yet anyone's record to count). */
export function reportFact(state: RecordState, extras: FactExtras): ReportFact | null {
  const agency = state.competentAgencyId ?? state.receivingAgencyId;
  if (state.status === 'draft' || !agency) return null;
  const fact = factFromState(state, {
    digitised: extras.digitised,
    reused: extras.reused,
    electronicResult: extras.electronicResult,
    // Every procedure's result is taken to be a paper document (no catalogue field says otherwise) [U].
    paperResult: true,
    feeBearing: state.payment !== null,
    // Only a payment made online, through the portal's payment platform, counts (DOMAIN.md §6.2, 3.6): not
    // cash at the counter or a bank transfer, whatever reference was noted.
    paidOnline: Boolean(state.payment?.confirmedAt && state.payment.paidVia === 'online_portal'),
    sharedToRepository: extras.shared,
    rating: extras.rating,
  });
  const finished =
    fact.finishedAt !== null && fact.outcome !== 'in_progress' && fact.outcome !== 'not_received';
  return {
    recordId: state.id,
    code: state.code,
    competentAgencyId: agency,
    receivingAgencyId: state.receivingAgencyId ?? agency,
    procedureCode: state.procedureCode,
    channel: state.channel,
    outcome: fact.outcome,
    receivedAt: fact.receivedAt ? new Date(fact.receivedAt) : null,
    receivedDay: vnDay(fact.receivedAt),
    pausedDueAt: fact.dueAt766 ? new Date(fact.dueAt766) : null,
    dueDay: fact.receivedAt ? vnDay(fact.dueAt766) : null,
    finishedAt: finished && fact.receivedAt ? new Date(fact.finishedAt!) : null,
    finishedDay: finished && fact.receivedAt ? vnDay(fact.finishedAt) : null,
    timing:
      finished && (fact.outcome === 'resolved' || fact.outcome === 'rejected')
        ? timing766(fact, fact.finishedAt!)
        : null,
    refusedDay: state.closure?.kind === 'refused' ? vnDay(state.closure.at) : null,
    supplementRequests: fact.supplementRequests,
    supplementDay: vnDay(state.supplement?.requestedAt),
    returnedDay: vnDay(fact.returnedAt),
    handlerId: handlerOf(state),
    crossBoundary: extras.crossBoundary,
    digitised: fact.digitised,
    reused: fact.reused,
    electronicResult: fact.electronicResult,
    paperResult: fact.paperResult,
    feeBearing: fact.feeBearing,
    paidOnline: fact.paidOnline,
    shared: fact.sharedToRepository,
    rating: fact.rating,
    awaitingSupplementSince: fact.awaitingSupplementSince ? new Date(fact.awaitingSupplementSince) : null,
  };
}

/**
 * Brings records' facts, the counters and their step visits held by other agencies (report_step_visits) up
 * to date with the records as they are now, in the caller's transaction, with the counters of all of them
 * added in one statement per table. Idempotent: run it twice, or for a stale message, and the counters are
 * the same. Concurrent runs for one record queue on an advisory lock (taken in id order, so two batches
 * sharing records wait rather than deadlock), so a new record is never counted twice.
 */
export async function projectRecords(tx: Tx, recordIds: readonly string[], now: Date): Promise<void> {
  const ids = [...new Set(recordIds)].sort();
  if (ids.length === 0) return;
  // One statement takes the locks, in id order.
  await sql`select pg_advisory_xact_lock(hashtextextended('report-facts:' || id, 0))
    from unnest(${ids}::text[]) with ordinality as t (id, n) order by n`.execute(tx);
  const befores = await lockFacts(tx, ids);
  const agencies = new Map<string, Promise<{ unitKey: string | null }>>();
  const agency = (id: string) => {
    let a = agencies.get(id);
    if (!a) {
      a = getAgency(tx, id);
      agencies.set(id, a);
    }
    return a;
  };
  // The records and what else is counted about them, each read for the whole batch in one statement.
  const [stateOf, flagsOf, signed, ratings] = await Promise.all([
    recordStates(tx, ids),
    documentFlagsOf(tx, ids),
    signedResultRecords(tx, ids),
    ratingScores(tx, ids),
  ]);
  const deltas = [];
  const facts: ReportFact[] = [];
  const states: RecordState[] = [];
  for (const id of ids) {
    const state = stateOf.get(id);
    if (!state) throw new DomainError('record.not_found', { id });
    const flags = flagsOf.get(id) ?? { digitised: false, reused: false, shared: false };
    const after = reportFact(state, {
      ...flags,
      electronicResult: signed.has(id),
      rating: ratings.get(id) ?? null,
      crossBoundary: await crossBoundary(state, agency),
    });
    if (!after) continue;
    deltas.push(...counterDeltas(befores.get(id) ?? null, after));
    facts.push(after);
    states.push(state);
  }
  await saveFacts(tx, facts, now);
  await saveStepVisitsOf(tx, states);
  await applyDeltas(tx, deltas);
}

/** One record's projection (see `projectRecords`). */
export function projectRecord(tx: Tx, recordId: string, now: Date): Promise<void> {
  return projectRecords(tx, [recordId], now);
}

const recordIdOf = (d: Delivery) => {
  const recordId = (d.payload as { recordId?: unknown } | null)?.recordId;
  return typeof recordId === 'string' ? recordId : d.key;
};

/**
 * The reports subscriber's batch handler: record events and `record-changed.*` notes re-project their
 * records, the whole batch in one transaction (each record once, however many of its messages the batch
 * holds). When that transaction fails, each record is tried alone, so one bad record fails only its own
 * deliveries.
 */
export function reportsHandler(db: Db, clock: { now(): Date }): Subscriber['handle'] {
  return async (batch) => {
    try {
      await inTransaction(db, (tx) => projectRecords(tx, batch.map(recordIdOf), clock.now()));
      return {};
    } catch {
      const failed = new Map<string, string>();
      for (const id of new Set(batch.map(recordIdOf))) {
        try {
          await inTransaction(db, (tx) => projectRecords(tx, [id], clock.now()));
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          for (const d of batch) if (recordIdOf(d) === id) failed.set(d.id, error);
        }
      }
      return { failed };
    }
  };
}

import { type RawBuilder, sql } from 'kysely';
import { addDays, type IsoDate, vnInstant } from '../../core/calendar/index.ts';
import type { CompetentAgencyRule } from '../../core/catalog/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import { isCompetentFor, type RoutingAgency } from '../../core/records/index.ts';
import {
  DEFAULT_WEIGHTS_766,
  type RecordCounts766,
  type Score766,
  score766,
  type UnitCounts766,
  type Weights766,
  weightsInForce,
} from '../../core/reports/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { countFeeBearing, countOnlineServices, procedureCounts766 } from '../catalog/index.ts';
import { countSyncedReceived } from '../integrations/portal/index.ts';
import { proceduresPaidOnline } from '../payments/index.ts';
import { getAgency, searchAgencies } from '../units/index.ts';
import { isMonthStart, sumCounters } from './counters.store.ts';
import { type ReportScope, scopeAgencies } from './statistics.service.ts';

/** A Decision 766 request: the period is [from, to] inclusive, in Vietnam days. */
export interface Index766Query {
  readonly scope: ReportScope;
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** The index of a scope and period, with the counts it was computed from. */
export interface Index766Result {
  readonly counts: UnitCounts766;
  readonly score: Score766;
  readonly weightsFrom: IsoDate;
}

const scopeSql = (agencyIds: string[] | null): RawBuilder<unknown> =>
  agencyIds ? sql`and competent_agency_id = any(${agencyIds}::uuid[])` : sql``;

/**
 * Records received in [from, end) still in progress and already late at `end` (or at their supplement
 * request, when they wait for one): the part of indicator 2.1 that depends on the period's end, read from
 * the open records only (few at any time).
 */
async function openLate(tx: Tx, agencyIds: string[] | null, from: IsoDate, end: IsoDate): Promise<number> {
  const endAt = vnInstant(end, 0);
  const r = await sql<{ n: string }>`
    select count(*) as n from report_facts
    where outcome = 'in_progress' and received_day >= ${from}::date and received_day < ${end}::date
      and paused_due_at is not null
      and (supplement_requests > 1 or paused_due_at < least(coalesce(awaiting_supplement_since, ${endAt}), ${endAt}))
      ${scopeSql(agencyIds)}`.execute(tx);
  return Number(r.rows[0]!.n);
}

/**
 * Which procedures are the scope's own (the catalogue indicators' denominators): for an agency or a commune,
 * those one of its agencies is competent for; the whole city's for the city (undefined: no filter).
 */
async function ownProcedures(
  tx: Tx,
  agencyIds: string[] | null,
): Promise<((rule: CompetentAgencyRule) => boolean) | undefined> {
  if (agencyIds === null) return undefined;
  const agencies: (RoutingAgency & { id: string })[] = (await searchAgencies(tx, { limit: 1000, offset: 0 }))
    .filter((a) => a.validTo === null)
    .map((a) => ({
      id: a.id,
      key: a.key,
      code: a.code,
      kind: a.kind,
      level: a.level,
      unitCode: a.unitKey.split(':')[1] ?? a.unitKey,
      name: a.name,
      sector: a.sector,
      servesUnitCodes: a.servesUnitCodes,
    }));
  const mine = agencies.filter((a) => agencyIds.includes(a.id));
  return (rule) => mine.some((a) => isCompetentFor(rule, a, agencies));
}

/** The month starts covering [from, end). */
function monthsCovering(from: IsoDate, end: IsoDate): [IsoDate, IsoDate] {
  const first = `${from.slice(0, 7)}-01`;
  const last = isMonthStart(end) ? end : `${addDays(`${end.slice(0, 7)}-28`, 4).slice(0, 7)}-01`;
  return [first, last];
}

async function proceduresWithOnlineRecords(
  tx: Tx,
  agencyIds: string[] | null,
  from: IsoDate,
  end: IsoDate,
): Promise<string[]> {
  const [first, last] = monthsCovering(from, end);
  // The per-procedure months: the whole city's, or the scope's agencies' (a few hundred rows a month).
  const table = sql.raw(agencyIds ? 'report_competent_procedure_monthly' : 'report_procedure_monthly');
  const r = await sql<{ procedureCode: string }>`
    select distinct procedure_code from ${table}
    where received_online > 0 and month >= ${first}::date and month < ${last}::date ${scopeSql(agencyIds)}`.execute(
    tx,
  );
  return r.rows.map((x) => x.procedureCode);
}

/**
 * The Decision 766 index of an agency, a commune or the city for a period (DOMAIN.md §6): record counts from
 * the report counters (records received in the period; 2.1 judged at its end), catalogue counts from the
 * current procedure versions of the scope's level that the scope's agencies are competent for (all for the
 * city), and the weights in force at the period's end. What the
 * system cannot know yet (publication dates 1.1–1.2, petitions 5.1–5.3, and national-portal sync 1.4 until
 * the first reconciliation with the portal has run) is not measured: it earns nothing and the score states the measured basis (nothing is extrapolated). @throws report.period_invalid, unit.not_found, agency.not_found
 */
export async function index766(
  tx: Tx,
  q: Index766Query,
  weightsList: readonly Weights766[] = [DEFAULT_WEIGHTS_766],
): Promise<Index766Result> {
  if (q.from > q.to) throw new DomainError('report.period_invalid', { from: q.from, to: q.to });
  const end = addDays(q.to, 1);
  const agencyIds = await scopeAgencies(tx, q.scope);
  const level =
    q.scope.kind === 'city'
      ? null
      : q.scope.kind === 'unit'
        ? 'commune'
        : (await getAgency(tx, q.scope.agencyId)).level;
  const own = await ownProcedures(tx, agencyIds);
  const [[sums], late, catalogue, onlineCodes, synced, paidOnlineCodes] = await Promise.all([
    sumCounters(tx, { agencyIds }, q.from, end, 'total'),
    openLate(tx, agencyIds, q.from, end),
    procedureCounts766(tx, level, own),
    proceduresWithOnlineRecords(tx, agencyIds, q.from, end),
    // 1.4: received records the national portal holds, once a reconciliation has measured it.
    countSyncedReceived(tx, agencyIds, q.from, end),
    // 3.5: procedures whose fees were actually paid through the online payment platform in the period.
    proceduresPaidOnline(tx, agencyIds, q.from, end),
  ]);
  const d = sums?.during;
  const overdue = (d?.lateFinished21 ?? 0) + late;
  const records: RecordCounts766 = {
    synced,
    received: d?.received ?? 0,
    online: d?.online766 ?? 0,
    inScope21: d?.inScope21 ?? 0,
    onTime21: (d?.inScope21 ?? 0) - overdue,
    paperResult: d?.eResultExpected ?? 0,
    eResult: d?.eResultIssued ?? 0,
    digitised: d?.digitised766 ?? 0,
    reused: d?.reused ?? 0,
    shared: d?.shared ?? 0,
    feeBearing: d?.feeBearing ?? 0,
    paidOnline: d?.paidOnline ?? 0,
    overdue,
    disliked: d?.disliked ?? 0,
  };
  const counts: UnitCounts766 = {
    procedures: {
      published: catalogue.published,
      publishedOnTime: null,
      disclosedOnTime: null,
      complete: catalogue.complete,
      underCompetence: catalogue.published,
      withOnlineService: catalogue.withOnlineService,
      onlineServices: catalogue.withOnlineService,
      onlineServicesWithRecords: await countOnlineServices(tx, onlineCodes),
      withFees: catalogue.withFees,
      // 3.5: of the scope's fee-bearing procedures, those with a payment made through the online payment
      // platform (channel online, paid) in the period: a real channel, not a catalogue flag (issue 18).
      withFeesOnlinePayment: Math.min(catalogue.withFees, await countFeeBearing(tx, paidOnlineCodes)),
    },
    records,
    petitions: null,
  };
  const weights = weightsInForce(weightsList, q.to) ?? DEFAULT_WEIGHTS_766;
  return { counts, score: score766(counts, weights), weightsFrom: weights.effectiveFrom };
}

/** The record-level indicators a drill-down can list (those {@link indicatorsCostingPoints} names). */
export const DRILL_INDICATORS = ['2.1', '3.3', '3.6', '4.1', '4.2', '4.3', '4.4', '5.4'] as const;
/** A record-level indicator. */
export type DrillIndicator = (typeof DRILL_INDICATORS)[number];

/**
 * The records received in the period that cost the scope points on an indicator, by record id after
 * `after`: the same rules as `indicatorsCostingPoints` (a test holds them equal), in SQL so that a city-wide
 * drill-down reads an index, not every fact.
 */
export async function recordsCostingPoints(
  tx: Tx,
  q: Index766Query & { indicator: DrillIndicator; after?: string | undefined; limit: number },
) {
  if (q.from > q.to) throw new DomainError('report.period_invalid', { from: q.from, to: q.to });
  const end = addDays(q.to, 1);
  const endAt = vnInstant(end, 0);
  const agencyIds = await scopeAgencies(tx, q.scope);
  const late = sql`(outcome in ('in_progress', 'resolved', 'rejected') and paused_due_at is not null and (
      supplement_requests > 1
      or (finished_at is not null and timing = 'late')
      or (finished_at is null and paused_due_at < least(coalesce(awaiting_supplement_since, ${endAt}), ${endAt}))))`;
  const noEResult = sql`(outcome = 'resolved' and paper_result and not electronic_result)`;
  const condition: Record<DrillIndicator, RawBuilder<unknown>> = {
    '2.1': late,
    '3.3': sql`(channel <> 'online' or ${noEResult})`,
    '3.6': sql`(fee_bearing and not paid_online)`,
    '4.1': noEResult,
    '4.2': sql`(not digitised or ${noEResult})`,
    '4.3': sql`(not reused)`,
    '4.4': sql`(not shared)`,
    '5.4': sql`(${late} or coalesce(rating <= 2, false))`,
  };
  const r = await sql<{
    recordId: string;
    code: string | null;
    procedureCode: string;
    competentAgencyId: string;
    receivingAgencyId: string;
    channel: string;
    outcome: string;
    receivedAt: Date;
    pausedDueAt: Date | null;
    finishedAt: Date | null;
    rating: number | null;
  }>`
    select record_id, code, procedure_code, competent_agency_id, receiving_agency_id, channel, outcome,
      received_at, paused_due_at, finished_at, rating
    from report_facts
    where received_day >= ${q.from}::date and received_day < ${end}::date and outcome <> 'not_received'
      ${scopeSql(agencyIds)}
      and ${condition[q.indicator]}
      ${q.after ? sql`and record_id > ${q.after}::uuid` : sql``}
    order by record_id limit ${q.limit}`.execute(tx);
  return r.rows.map((x) => ({
    recordId: x.recordId,
    code: x.code,
    procedureCode: x.procedureCode,
    competentAgencyId: x.competentAgencyId,
    receivingAgencyId: x.receivingAgencyId,
    channel: x.channel,
    outcome: x.outcome,
    receivedAt: x.receivedAt.toISOString(),
    dueAt: x.pausedDueAt?.toISOString() ?? null,
    finishedAt: x.finishedAt?.toISOString() ?? null,
    rating: x.rating === null ? null : Number(x.rating),
  }));
}

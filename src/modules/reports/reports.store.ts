import { sql } from 'kysely';
import {
  COUNTERS,
  type CountedFact,
  type Counter,
  type CounterDelta,
  counterColumn,
} from '../../core/reports/index.ts';
import type { Tx } from '../../platform/db/index.ts';

/** A report_facts row: the counted fact and what drill-downs and per-officer reports need besides. */
export interface ReportFact extends CountedFact {
  readonly channel: 'in_person' | 'online' | 'post';
  readonly recordId: string;
  readonly code: string | null;
  readonly receivedAt: Date | null;
  readonly pausedDueAt: Date | null;
  readonly finishedAt: Date | null;
  readonly supplementRequests: number;
  readonly handlerId: string | null;
  readonly crossBoundary: boolean;
  /** Since when the record waits for the applicant's supplement (Decision 766 2.1 ends its clock there). */
  readonly awaitingSupplementSince: Date | null;
}

const FACT_COLUMNS = [
  'recordId',
  'code',
  'competentAgencyId',
  'receivingAgencyId',
  'procedureCode',
  'channel',
  'outcome',
  'receivedAt',
  'receivedDay',
  'pausedDueAt',
  'dueDay',
  'finishedAt',
  'finishedDay',
  'timing',
  'refusedDay',
  'supplementRequests',
  'supplementDay',
  'returnedDay',
  'handlerId',
  'crossBoundary',
  'digitised',
  'reused',
  'electronicResult',
  'paperResult',
  'feeBearing',
  'paidOnline',
  'shared',
  'rating',
  'awaitingSupplementSince',
] as const;

/** The stored facts of records, locked until the caller's transaction ends, by record id. */
export async function lockFacts(tx: Tx, recordIds: readonly string[]): Promise<Map<string, ReportFact>> {
  if (recordIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('reportFacts')
    .select(FACT_COLUMNS)
    .where('recordId', 'in', recordIds)
    .orderBy('recordId')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.recordId, { ...r, supplementRequests: Number(r.supplementRequests) }]));
}

/** Writes records' facts (insert or replace) in one statement. */
export async function saveFacts(tx: Tx, facts: readonly ReportFact[], now: Date): Promise<void> {
  if (facts.length === 0) return;
  await tx
    .insertInto('reportFacts')
    .values(facts.map((f) => ({ ...f, updatedAt: now })))
    .onConflict((oc) =>
      oc
        .column('recordId')
        .doUpdateSet((eb) =>
          Object.fromEntries(
            [...FACT_COLUMNS.filter((c) => c !== 'recordId'), 'updatedAt' as const].map((c) => [
              c,
              eb.ref(`excluded.${c}`),
            ]),
          ),
        ),
    )
    .execute();
}

const snake = counterColumn;

/** The counters a balance needs: in progress = received − finished, overdue = due − dueClosed. */
export const BALANCE = ['received', 'finished', 'due', 'dueClosed'] as const satisfies readonly Counter[];

/** The channels a record comes by; the per-agency and per-procedure months split `received` by them. */
export const CHANNELS = ['in_person', 'online', 'post'] as const;

/** The counter tables (`report_<name>`) and the key each sums its rows to. */
const COUNTER_TABLES = {
  daily: 'day, competent_agency_id, receiving_agency_id, channel',
  monthly: 'month, competent_agency_id, receiving_agency_id, channel, procedure_code',
  agency_monthly: 'month, competent_agency_id, receiving_agency_id, channel',
  competent_monthly: 'month, competent_agency_id',
  procedure_monthly: 'month, procedure_code',
  competent_procedure_monthly: 'month, competent_agency_id, procedure_code',
} as const;
/** A counter table. */
export type CounterTable = keyof typeof COUNTER_TABLES;
/** The tables kept per month (all but the daily one). */
export const MONTHLY_TABLES = Object.keys(COUNTER_TABLES).filter((t) => t !== 'daily') as CounterTable[];

/**
 * Adds the deltas to every counter table: the day's row in report_daily and the month's row in each monthly
 * table. Each table's rows are written in key order, so two projectors touching the same rows wait for each
 * other instead of deadlocking.
 */
export async function applyDeltas(tx: Tx, deltas: readonly CounterDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const row = (d: CounterDelta, period: string): CounterRow => ({
    period,
    competentAgencyId: d.competentAgencyId,
    receivingAgencyId: d.receivingAgencyId,
    channel: d.channel,
    procedureCode: d.procedureCode,
    counts: Object.fromEntries(COUNTERS.map((c) => [c, d.counts[c] ?? 0])) as Record<Counter, number>,
  });
  await addCounterRows(
    tx,
    'daily',
    deltas.map((d) => row(d, d.day)),
  );
  const monthly = deltas.map((d) => row(d, `${d.day.slice(0, 7)}-01`));
  for (const table of MONTHLY_TABLES) await addCounterRows(tx, table, monthly);
}

/**
 * One row of counters: a day (daily) or a month's first day, the competent and receiving agency, channel and
 * procedure. A table keeps the dimensions of its key and sums the rest away.
 */
export interface CounterRow {
  readonly period: string;
  readonly competentAgencyId: string;
  readonly receivingAgencyId: string;
  readonly channel: string;
  readonly procedureCode: string | null;
  readonly counts: Record<Counter, number>;
}

/**
 * Adds counter rows to one table, summed to the table's key (and `received` split by channel where the table
 * has no channel column), in one statement of arrays, so the row count is not bounded by the parameter
 * limit and rows sharing a key need not be merged first. Used by `applyDeltas` and the bulk simulation.
 */
export async function addCounterRows(
  tx: Tx,
  table: CounterTable,
  rows: readonly CounterRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const keys = COUNTER_TABLES[table];
  const name = `report_${table}`;
  const arrays = sql.join([
    sql`${rows.map((r) => r.period)}::date[]`,
    sql`${rows.map((r) => r.competentAgencyId)}::uuid[]`,
    sql`${rows.map((r) => r.receivingAgencyId)}::uuid[]`,
    sql`${rows.map((r) => r.channel)}::text[]`,
    sql`${rows.map((r) => r.procedureCode ?? '')}::text[]`,
    ...COUNTERS.map((c) => sql`${rows.map((r) => r.counts[c])}::integer[]`),
  ]);
  const names = [
    table === 'daily' ? 'day' : 'month',
    'competent_agency_id',
    'receiving_agency_id',
    'channel',
    'procedure_code',
    ...COUNTERS.map(snake),
  ].join(', ');
  const split = !keys.includes('channel');
  const columns = [...COUNTERS.map(snake), ...(split ? CHANNELS.map((ch) => `received_${ch}`) : [])];
  const sums = [
    ...COUNTERS.map((c) => `sum(${snake(c)})`),
    ...(split ? CHANNELS.map((ch) => `coalesce(sum(received) filter (where channel = '${ch}'), 0)`) : []),
  ];
  await sql`
    insert into ${sql.raw(name)} (${sql.raw(keys)}, ${sql.raw(columns.join(', '))})
    select ${sql.raw(keys)}, ${sql.raw(sums.join(', '))}
    from unnest(${arrays}) as u(${sql.raw(names)})
    group by ${sql.raw(keys)} order by ${sql.raw(keys)}
    on conflict (${sql.raw(keys)}) do update
      set ${sql.raw(columns.map((c) => `${c} = ${name}.${c} + excluded.${c}`).join(', '))}`.execute(tx);
}

import { type RawBuilder, sql } from 'kysely';
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

/** The stored fact of a record, locked until the caller's transaction ends, or undefined. */
export async function lockFact(tx: Tx, recordId: string): Promise<ReportFact | undefined> {
  const row = await tx
    .selectFrom('reportFacts')
    .select(FACT_COLUMNS)
    .where('recordId', '=', recordId)
    .forUpdate()
    .executeTakeFirst();
  return row ? { ...row, supplementRequests: Number(row.supplementRequests) } : undefined;
}

/** Writes a record's fact (insert or replace). */
export async function saveFact(tx: Tx, fact: ReportFact, now: Date): Promise<void> {
  const values = { ...fact, updatedAt: now };
  const { recordId: _, ...update } = values;
  await tx
    .insertInto('reportFacts')
    .values(values)
    .onConflict((oc) => oc.column('recordId').doUpdateSet(update))
    .execute();
}

const snake = counterColumn;

function counterValues(d: CounterDelta): RawBuilder<unknown>[] {
  return COUNTERS.map((c) => sql`${d.counts[c] ?? 0}::integer`);
}

/** The counters a balance needs: in progress = received − finished, overdue = due − dueClosed. */
export const BALANCE = ['received', 'finished', 'due', 'dueClosed'] as const satisfies readonly Counter[];

const UPDATE_COUNTERS = (table: string, counters: readonly Counter[] = COUNTERS) =>
  sql.raw(counters.map((c) => `${snake(c)} = ${table}.${snake(c)} + excluded.${snake(c)}`).join(', '));
const COUNTER_LIST = sql.raw(COUNTERS.map(snake).join(', '));
const BALANCE_LIST = sql.raw(BALANCE.map(snake).join(', '));

/** True when a row moves a balance counter (rows that do not are left out of report_balance_monthly). */
export function movesBalance(counts: Partial<Record<Counter, number>>): boolean {
  return BALANCE.some((c) => (counts[c] ?? 0) !== 0);
}

/**
 * Adds the deltas to the daily and monthly counters and the monthly balance. Rows are written in key order, so two projectors
 * touching the same rows wait for each other instead of deadlocking.
 */
export async function applyDeltas(tx: Tx, deltas: readonly CounterDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const daily = mergeBy(deltas, (d) =>
    [d.day, d.competentAgencyId, d.receivingAgencyId, d.channel].join('|'),
  );
  const monthly = mergeBy(
    deltas.map((d) => ({ ...d, day: `${d.day.slice(0, 7)}-01` })),
    (d) => [d.day, d.competentAgencyId, d.receivingAgencyId, d.channel, d.procedureCode].join('|'),
  );
  await sql`
    insert into report_daily (day, competent_agency_id, receiving_agency_id, channel, ${COUNTER_LIST})
    values ${sql.join(
      daily.map(
        (d) =>
          sql`(${d.day}::date, ${d.competentAgencyId}::uuid, ${d.receivingAgencyId}::uuid, ${d.channel}, ${sql.join(counterValues(d))})`,
      ),
    )}
    on conflict (day, competent_agency_id, receiving_agency_id, channel)
    do update set ${UPDATE_COUNTERS('report_daily')}`.execute(tx);
  await sql`
    insert into report_monthly (month, competent_agency_id, receiving_agency_id, channel, procedure_code, ${COUNTER_LIST})
    values ${sql.join(
      monthly.map(
        (d) =>
          sql`(${d.day}::date, ${d.competentAgencyId}::uuid, ${d.receivingAgencyId}::uuid, ${d.channel}, ${d.procedureCode}, ${sql.join(counterValues(d))})`,
      ),
    )}
    on conflict (month, competent_agency_id, receiving_agency_id, channel, procedure_code)
    do update set ${UPDATE_COUNTERS('report_monthly')}`.execute(tx);
  await sql`
    insert into report_agency_monthly (month, competent_agency_id, receiving_agency_id, channel, ${COUNTER_LIST})
    values ${sql.join(
      mergeBy(monthly, (d) => [d.day, d.competentAgencyId, d.receivingAgencyId, d.channel].join('|')).map(
        (d) =>
          sql`(${d.day}::date, ${d.competentAgencyId}::uuid, ${d.receivingAgencyId}::uuid, ${d.channel}, ${sql.join(counterValues(d))})`,
      ),
    )}
    on conflict (month, competent_agency_id, receiving_agency_id, channel)
    do update set ${UPDATE_COUNTERS('report_agency_monthly')}`.execute(tx);
  // A delta that moves no balance counter (a rating, a document flag) leaves the balance row alone: every
  // record of an agency in a month shares it.
  const balance = mergeBy(monthly, (d) => [d.day, d.competentAgencyId].join('|')).filter((d) =>
    movesBalance(d.counts),
  );
  if (balance.length === 0) return;
  await sql`
    insert into report_balance_monthly (month, competent_agency_id, ${BALANCE_LIST})
    values ${sql.join(
      balance.map(
        (d) =>
          sql`(${d.day}::date, ${d.competentAgencyId}::uuid, ${sql.join(BALANCE.map((c) => sql`${d.counts[c] ?? 0}::integer`))})`,
      ),
    )}
    on conflict (month, competent_agency_id)
    do update set ${UPDATE_COUNTERS('report_balance_monthly', BALANCE)}`.execute(tx);
}

function mergeBy(deltas: readonly CounterDelta[], keyOf: (d: CounterDelta) => string): CounterDelta[] {
  const rows = new Map<string, CounterDelta & { counts: Partial<Record<Counter, number>> }>();
  for (const d of deltas) {
    const key = keyOf(d);
    const row = rows.get(key);
    if (!row) rows.set(key, { ...d, counts: { ...d.counts } });
    else
      for (const [c, n] of Object.entries(d.counts) as [Counter, number][])
        row.counts[c] = (row.counts[c] ?? 0) + n;
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/**
 * One counter row summed elsewhere: a day (daily) or a month's first day and a procedure (monthly); the
 * balance table takes only the period, the competent agency and the balance counters.
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
 * Adds counter rows summed in memory (bulk simulation) to one table, as `applyDeltas` does, in one
 * statement of arrays (so the row count is not bounded by the parameter limit).
 */
export async function addCounterRows(
  tx: Tx,
  table: 'daily' | 'monthly' | 'agency_monthly' | 'balance_monthly',
  rows: readonly CounterRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const monthly = table === 'monthly';
  const balance = table === 'balance_monthly';
  const keys = monthly
    ? 'month, competent_agency_id, receiving_agency_id, channel, procedure_code'
    : table === 'daily'
      ? 'day, competent_agency_id, receiving_agency_id, channel'
      : balance
        ? 'month, competent_agency_id'
        : 'month, competent_agency_id, receiving_agency_id, channel';
  const counters: readonly Counter[] = balance ? BALANCE : COUNTERS;
  const arrays = [
    sql`${rows.map((r) => r.period)}::date[]`,
    sql`${rows.map((r) => r.competentAgencyId)}::uuid[]`,
    ...(balance
      ? []
      : [sql`${rows.map((r) => r.receivingAgencyId)}::uuid[]`, sql`${rows.map((r) => r.channel)}::text[]`]),
    ...(monthly ? [sql`${rows.map((r) => r.procedureCode ?? '')}::text[]`] : []),
    ...counters.map((c) => sql`${rows.map((r) => r.counts[c])}::integer[]`),
  ];
  const name = `report_${table}`;
  await sql`
    insert into ${sql.raw(name)} (${sql.raw(keys)}, ${balance ? BALANCE_LIST : COUNTER_LIST})
    select * from unnest(${sql.join(arrays)})
    on conflict (${sql.raw(keys)}) do update set ${UPDATE_COUNTERS(name, counters)}`.execute(tx);
}

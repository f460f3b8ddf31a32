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
const CHANNELS = ['in_person', 'online', 'post'] as const;

/**
 * Adds the deltas to every counter table: daily, monthly (by procedure), agency_monthly, competent_monthly
 * procedure_monthly and competent_procedure_monthly. Rows are written in key order, so two projectors touching the same rows wait for each
 * other instead of deadlocking.
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
  const rows: CounterRow[] = monthly.map((d) => ({
    period: d.day,
    competentAgencyId: d.competentAgencyId,
    receivingAgencyId: d.receivingAgencyId,
    channel: d.channel,
    procedureCode: d.procedureCode,
    counts: Object.fromEntries(COUNTERS.map((c) => [c, d.counts[c] ?? 0])) as Record<Counter, number>,
  }));
  await addCounterRows(tx, 'competent_monthly', rows);
  await addCounterRows(tx, 'procedure_monthly', rows);
  await addCounterRows(tx, 'competent_procedure_monthly', rows);
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
 * Adds counter rows (month or day, competent and receiving agency, channel, procedure, every counter) to one
 * table in one statement of arrays (so the row count is not bounded by the parameter limit). The daily,
 * monthly and agency_monthly tables take the rows as they are (summed to their key beforehand); the
 * competent_monthly, procedure_monthly and competent_procedure_monthly tables sum them to theirs here. Used by `applyDeltas` and by the
 * bulk simulation.
 */
export async function addCounterRows(
  tx: Tx,
  table:
    | 'daily'
    | 'monthly'
    | 'agency_monthly'
    | 'competent_monthly'
    | 'procedure_monthly'
    | 'competent_procedure_monthly',
  rows: readonly CounterRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const period = table === 'daily' ? 'day' : 'month';
  const arrays = sql.join([
    sql`${rows.map((r) => r.period)}::date[]`,
    sql`${rows.map((r) => r.competentAgencyId)}::uuid[]`,
    sql`${rows.map((r) => r.receivingAgencyId)}::uuid[]`,
    sql`${rows.map((r) => r.channel)}::text[]`,
    sql`${rows.map((r) => r.procedureCode ?? '')}::text[]`,
    ...COUNTERS.map((c) => sql`${rows.map((r) => r.counts[c])}::integer[]`),
  ]);
  const names = sql.raw(
    [
      period,
      'competent_agency_id',
      'receiving_agency_id',
      'channel',
      'procedure_code',
      ...COUNTERS.map(snake),
    ].join(', '),
  );
  const name = `report_${table}`;
  if (
    table === 'competent_monthly' ||
    table === 'procedure_monthly' ||
    table === 'competent_procedure_monthly'
  ) {
    // Summed here to the table's key: a month with a competent agency, a procedure, or both.
    const key =
      table === 'competent_monthly'
        ? 'competent_agency_id'
        : table === 'procedure_monthly'
          ? 'procedure_code'
          : 'competent_agency_id, procedure_code';
    const groups = table === 'competent_procedure_monthly' ? '1, 2, 3' : '1, 2';
    const channels = CHANNELS.map((ch) => `received_${ch}`);
    await sql`
      insert into ${sql.raw(name)} (month, ${sql.raw(key)}, ${COUNTER_LIST}, ${sql.raw(channels.join(', '))})
      select month, ${sql.raw(key)}, ${sql.raw(COUNTERS.map((c) => `sum(${snake(c)})`).join(', '))},
        ${sql.raw(CHANNELS.map((ch) => `coalesce(sum(received) filter (where channel = '${ch}'), 0)`).join(', '))}
      from unnest(${arrays}) as u(${names})
      group by ${sql.raw(groups)} order by ${sql.raw(groups)}
      on conflict (month, ${sql.raw(key)}) do update set ${UPDATE_COUNTERS(name)},
        ${sql.raw(channels.map((c) => `${c} = ${name}.${c} + excluded.${c}`).join(', '))}`.execute(tx);
    return;
  }
  const keys =
    table === 'monthly'
      ? 'month, competent_agency_id, receiving_agency_id, channel, procedure_code'
      : `${period}, competent_agency_id, receiving_agency_id, channel`;
  await sql`
    insert into ${sql.raw(name)} (${sql.raw(keys)}, ${COUNTER_LIST})
    select ${sql.raw(keys)}, ${COUNTER_LIST} from unnest(${arrays}) as u(${names})
    on conflict (${sql.raw(keys)}) do update set ${UPDATE_COUNTERS(name)}`.execute(tx);
}

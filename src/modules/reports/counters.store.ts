import { type RawBuilder, sql } from 'kysely';
import { addDays, type IsoDate } from '../../core/calendar/index.ts';
import { COUNTERS, type Counter, counterColumn } from '../../core/reports/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { BALANCE, CHANNELS } from './reports.store.ts';

/** The dimension counters are grouped by; `procedure` reads whole months only. */
export type CounterDimension = 'total' | 'agency' | 'receiving' | 'channel' | 'procedure' | 'month';

/**
 * Counter sums of one group: before the period (for what was in progress at its start) and in it. Before the
 * period only the balance counters are summed (received, finished, due, dueClosed); the others are 0.
 */
export interface CounterSums {
  readonly key: string;
  readonly before: Record<Counter, number>;
  readonly during: Record<Counter, number>;
  /** Received in the period by channel. */
  readonly receivedBy: { in_person: number; online: number; post: number };
}

/** Which records count: all (the city), or those whose competent agency is one of these. */
export interface CounterScope {
  readonly agencyIds: readonly string[] | null;
  readonly receivingAgencyIds?: readonly string[] | null;
  readonly channel?: string | null;
  readonly procedureCode?: string | null;
}

const KEY_SQL: Record<Exclude<CounterDimension, 'month'>, string> = {
  total: "''",
  agency: 'competent_agency_id',
  receiving: 'receiving_agency_id',
  channel: 'channel',
  procedure: 'procedure_code',
};

function monthStart(d: IsoDate): IsoDate {
  return `${d.slice(0, 7)}-01`;
}

function nextMonth(d: IsoDate): IsoDate {
  const [y, m] = [Number(d.slice(0, 4)), Number(d.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** True when a day is the first of its month (the bounds procedure breakdowns need). */
export function isMonthStart(d: IsoDate): boolean {
  return d.endsWith('-01');
}

/**
 * Sums the counters of a period [from, to) (to exclusive) per group, and before it. Whole months are read
 * from report_competent_monthly when the receiving agency, the channel and the procedure do not matter;
 * by procedure from report_procedure_monthly (the whole city) or report_competent_procedure_monthly (some
 * agencies); filtered or grouped by receiving agency or channel from report_agency_monthly, or
 * report_monthly by procedure. The days at either end come from report_daily. A year of the whole city is
 * a few thousand rows, not a row per record (docs/adr/0004, docs/REPORTS.md).
 */
export async function sumCounters(
  tx: Tx,
  scope: CounterScope,
  from: IsoDate,
  to: IsoDate,
  by: CounterDimension,
): Promise<CounterSums[]> {
  const monthly = by === 'procedure' || scope.procedureCode != null;
  // The key is grouped as stored (a uuid, a month's first day) and made text once per group, not per row read.
  const key = (table: 'daily' | 'monthly') =>
    by === 'month'
      ? sql.raw(table === 'daily' ? "date_trunc('month', day)::date" : 'month')
      : sql.raw(KEY_SQL[by]);
  const where = (table: 'daily' | 'monthly'): RawBuilder<unknown> => {
    const parts: RawBuilder<unknown>[] = [];
    if (scope.agencyIds) parts.push(sql`competent_agency_id = any(${[...scope.agencyIds]}::uuid[])`);
    if (scope.receivingAgencyIds)
      parts.push(sql`receiving_agency_id = any(${[...scope.receivingAgencyIds]}::uuid[])`);
    if (scope.channel) parts.push(sql`channel = ${scope.channel}`);
    if (scope.procedureCode && table === 'monthly') parts.push(sql`procedure_code = ${scope.procedureCode}`);
    return parts.length ? sql`and ${sql.join(parts, sql` and `)}` : sql``;
  };
  // Neither the receiving agency nor the channel matters: the months come from report_competent_monthly, a row
  // per month and competent agency (a few thousand for a year of the city) where report_agency_monthly has a
  // row per pair of agencies and channel too.
  const perAgency =
    !monthly &&
    by !== 'receiving' &&
    by !== 'channel' &&
    scope.receivingAgencyIds == null &&
    scope.channel == null;
  // The whole city by procedure: report_procedure_monthly has a row per month and procedure (a few hundred a
  // month where report_monthly has tens of thousands at 5 million records).
  // One commune's or agency's procedures: report_competent_procedure_monthly, read by competent agency first.
  // (Neither has the receiving agency or the channel; the city table has no competent agency either.)
  const procedureTable =
    monthly &&
    scope.receivingAgencyIds == null &&
    scope.channel == null &&
    by !== 'receiving' &&
    by !== 'channel'
      ? scope.agencyIds == null && by !== 'agency'
        ? 'report_procedure_monthly'
        : 'report_competent_procedure_monthly'
      : null;
  const cols = sql.raw(COUNTERS.map(counterColumn).join(', '));
  const balance = sql.raw(BALANCE.map(counterColumn).join(', '));
  // The received ones by channel, from a table with a channel column or from report_competent_monthly's split.
  const byChannel = sql.raw(
    CHANNELS.map((ch, i) => `case when channel = '${ch}' then received else 0 end as r${i}`).join(', '),
  );
  const split = sql.raw(CHANNELS.map((ch, i) => `received_${ch} as r${i}`).join(', '));
  // The months' table. Without the procedure, the agency table has a row per month and agencies where
  // report_monthly has one per procedure too (millions at 5 million records).
  const monthTable = sql.raw(
    perAgency
      ? 'report_competent_monthly'
      : (procedureTable ?? (monthly ? 'report_monthly' : 'report_agency_monthly')),
  );
  const monthChannels = perAgency || procedureTable ? split : byChannel;
  const beforeSources: RawBuilder<unknown>[] = [];
  const duringSources: RawBuilder<unknown>[] = [];
  /** Adds a source of sums: the balance counters before the period, every counter during it. */
  const add = (
    part: 'before' | 'during',
    rows: RawBuilder<unknown>,
    groupKey: RawBuilder<unknown>,
    channels: RawBuilder<unknown>,
  ) =>
    part === 'before'
      ? beforeSources.push(sql`select ${groupKey} as key, ${balance} from ${rows}`)
      : duringSources.push(sql`select ${groupKey} as key, ${cols}, ${channels} from ${rows}`);
  const fromDaily = (part: 'before' | 'during', a: IsoDate, b: IsoDate) => {
    if (a >= b) return;
    if (monthly) throw new RangeError('Procedure breakdowns read whole months');
    add(
      part,
      sql`report_daily where day >= ${a}::date and day < ${b}::date ${where('daily')}`,
      key('daily'),
      byChannel,
    );
  };
  const fromMonthly = (part: 'before' | 'during', a: IsoDate | null, b: IsoDate) => {
    if (a !== null && a >= b) return;
    const lower = a === null ? sql`` : sql`month >= ${a}::date and`;
    add(
      part,
      sql`${monthTable} where ${lower} month < ${b}::date ${where(monthly ? 'monthly' : 'daily')}`,
      key('monthly'),
      monthChannels,
    );
  };
  // Before the period: whole months, then the days of the period's first month before it.
  const mFrom = monthStart(from);
  fromMonthly('before', null, mFrom);
  fromDaily('before', mFrom, from);
  // The period: whole months inside it, days at either end.
  const firstWhole = isMonthStart(from) ? from : nextMonth(from);
  const lastWhole = monthStart(to);
  if (firstWhole < lastWhole) {
    fromDaily('during', from, firstWhole);
    fromMonthly('during', firstWhole, lastWhole);
    fromDaily('during', lastWhole, to);
  } else fromDaily('during', from, to);
  // Plain aliases (b0, d0, r0…): the camel-case plugin would rename anything with an underscore.
  const beforeSums = sql.raw(
    BALANCE.map((c, i) => `coalesce(sum(${counterColumn(c)}), 0)::bigint as b${i}`).join(', '),
  );
  const duringSums = sql.raw(
    COUNTERS.map((c, i) => `coalesce(sum(${counterColumn(c)}), 0)::bigint as d${i}`)
      .concat(CHANNELS.map((_, i) => `coalesce(sum(r${i}), 0)::bigint as r${i}`))
      .join(', '),
  );
  const picked = sql.raw(
    [
      ...BALANCE.map((_, i) => `b.b${i}`),
      ...COUNTERS.map((_, i) => `d.d${i}`),
      ...[0, 1, 2].map((i) => `d.r${i}`),
    ].join(', '),
  );
  const r = await sql<Record<string, string | number | null>>`
    with b as (select key, ${beforeSums} from (${sql.join(beforeSources, sql` union all `)}) s group by key),
      d as (select key, ${duringSums} from (${sql.join(duringSources, sql` union all `)}) s group by key)
    select ${sql.raw(by === 'month' ? "to_char(coalesce(b.key, d.key), 'YYYY-MM')" : 'coalesce(b.key, d.key)::text')} as key, ${picked} from b full join d on d.key = b.key order by 1`.execute(
    tx,
  );
  const rows = r.rows.map((row) => {
    const before = zeroCounters();
    BALANCE.forEach((c, i) => {
      before[c] = Number(row[`b${i}`] ?? 0);
    });
    return {
      key: String(row.key),
      before,
      during: Object.fromEntries(COUNTERS.map((c, i) => [c, Number(row[`d${i}`] ?? 0)])) as Record<
        Counter,
        number
      >,
      receivedBy: { in_person: Number(row.r0 ?? 0), online: Number(row.r1 ?? 0), post: Number(row.r2 ?? 0) },
    };
  });
  if (by !== 'month') return rows;
  // By month: what was before the period comes out as the months before it; fold them into one.
  const before = zeroCounters();
  const months: CounterSums[] = [];
  for (const row of rows) {
    for (const c of COUNTERS) before[c] += row.before[c];
    if (row.key >= from.slice(0, 7)) months.push({ ...row, before: zeroCounters() });
  }
  // Each month's "before" is everything up to its start.
  const running = { ...before };
  return months.map((m) => {
    const out = { ...m, before: { ...running } };
    for (const c of COUNTERS) running[c] += m.during[c];
    return out;
  });
}

/** All counters at zero. */
export function zeroCounters(): Record<Counter, number> {
  return Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>;
}

/** The last day of a period given with an exclusive end. */
export function lastDay(toExclusive: IsoDate): IsoDate {
  return addDays(toExclusive, -1);
}

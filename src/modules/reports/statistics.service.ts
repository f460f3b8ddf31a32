import { sql } from 'kysely';
import { addDays, type IsoDate } from '../../core/calendar/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import { COUNTERS, type Counter } from '../../core/reports/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { procedureHeadings } from '../catalog/index.ts';
import { userNames } from '../identity/index.ts';
import { agencyNames, searchAgencies } from '../units/index.ts';
import { type CounterDimension, type CounterSums, isMonthStart, sumCounters } from './counters.store.ts';

/** How statistics are broken down. `field` and `procedure` need whole months; `officer` one agency. */
export type StatisticsGroup = CounterDimension | 'field' | 'officer';

/** Whose records: the whole city, one commune's agencies, or one agency (by competent agency). */
export type ReportScope =
  | { readonly kind: 'city' }
  | { readonly kind: 'unit'; readonly unitKey: string }
  | { readonly kind: 'agency'; readonly agencyId: string };

/** The numbers of one row of the statistics (the columns of the periodic report on records). */
export interface StatisticsRow {
  readonly key: string;
  readonly name: string;
  /** In progress when the period began (tồn kỳ trước). */
  readonly carriedOver: number;
  readonly received: { total: number; in_person: number; online: number; post: number };
  readonly resolved: { total: number; early: number; onTime: number; late: number; rejected: number };
  /** In progress when the period ended, on time or overdue against the Decision 766 deadline. */
  readonly inProgress: { total: number; onTime: number; overdue: number };
  readonly supplements: number;
  readonly refused: number;
  readonly withdrawn: number;
  readonly stopped: number;
  readonly returned: number;
  /** Early or on time among those resolved in the period; null when none was. */
  readonly onTimeRate: number | null;
}

/** Agencies of a scope, or null for the whole city. @throws unit.not_found */
export async function scopeAgencies(tx: Tx, scope: ReportScope): Promise<string[] | null> {
  if (scope.kind === 'city') return null;
  if (scope.kind === 'agency') return [scope.agencyId];
  const rows = await searchAgencies(tx, { unitKey: scope.unitKey, limit: 1000, offset: 0 });
  if (rows.length === 0) throw new DomainError('unit.not_found', { key: scope.unitKey });
  return rows.map((r) => r.id);
}

function add(a: Record<Counter, number>, b: Record<Counter, number>): Record<Counter, number> {
  return Object.fromEntries(COUNTERS.map((c) => [c, a[c] + b[c]])) as Record<Counter, number>;
}

/** One statistics row from the counter sums of a group. */
export function statisticsRow(s: CounterSums, name: string): StatisticsRow {
  const d = s.during;
  const atEnd = add(s.before, d);
  const resolvedTotal = d.resolvedEarly + d.resolvedOnTime + d.resolvedLate;
  const inProgress = atEnd.received - atEnd.finished;
  const overdue = atEnd.due - atEnd.dueClosed;
  return {
    key: s.key,
    name,
    carriedOver: s.before.received - s.before.finished,
    received: { total: d.received, ...s.receivedBy },
    resolved: {
      total: resolvedTotal,
      early: d.resolvedEarly,
      onTime: d.resolvedOnTime,
      late: d.resolvedLate,
      rejected: d.rejected,
    },
    inProgress: { total: inProgress, onTime: inProgress - overdue, overdue },
    supplements: d.supplements,
    refused: d.refused,
    withdrawn: d.withdrawn,
    stopped: d.stopped,
    returned: d.returned,
    onTimeRate: resolvedTotal ? (d.resolvedEarly + d.resolvedOnTime) / resolvedTotal : null,
  };
}

/** A statistics request: the period is [from, to] inclusive, in Vietnam days. */
export interface StatisticsQuery {
  readonly scope: ReportScope;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly groupBy: StatisticsGroup;
  readonly receivingAgencyId?: string | undefined;
  readonly channel?: 'in_person' | 'online' | 'post' | undefined;
}

/**
 * Statistics of the records of a scope and period, grouped. Counted once, by competent agency; the
 * receiving agency is a separate breakdown and filter.
 * @throws report.period_invalid, report.period_not_months, report.officer_needs_agency, unit.not_found
 */
export async function statistics(
  tx: Tx,
  q: StatisticsQuery,
): Promise<{ rows: StatisticsRow[]; total: StatisticsRow }> {
  if (q.from > q.to) throw new DomainError('report.period_invalid', { from: q.from, to: q.to });
  const end = addDays(q.to, 1);
  const agencyIds = await scopeAgencies(tx, q.scope);
  if (q.groupBy === 'officer') return officerStatistics(tx, q, agencyIds, end);
  const byMonths = q.groupBy === 'procedure' || q.groupBy === 'field';
  if (byMonths && !(isMonthStart(q.from) && isMonthStart(end)))
    throw new DomainError('report.period_not_months', { from: q.from, to: q.to });
  const scope = {
    agencyIds,
    receivingAgencyIds: q.receivingAgencyId ? [q.receivingAgencyId] : null,
    channel: q.channel ?? null,
  };
  const dimension: CounterDimension = q.groupBy === 'field' ? 'procedure' : q.groupBy;
  let sums = await sumCounters(tx, scope, q.from, end, dimension);
  // Agencies, channels and procedures partition the records, so their rows add up to the total; months
  // do not (each month's "before" includes the months before it): their total is the first month's before
  // and the sum of what happened in each (the months before the period are only read again when none
  // of the period's months has a counter row).
  const [total] =
    dimension === 'total'
      ? sums
      : dimension === 'month'
        ? sums.length
          ? [{ ...sums.reduce(addSums), before: sums[0]!.before }]
          : await sumCounters(tx, scope, q.from, end, 'total')
        : sums.length
          ? [sums.reduce(addSums)]
          : [];
  let names = new Map<string, string>();
  if (q.groupBy === 'agency' || q.groupBy === 'receiving') {
    names = await agencyNames(
      tx,
      sums.map((s) => s.key),
    );
  } else if (q.groupBy === 'procedure' || q.groupBy === 'field') {
    const headings = await procedureHeadings(
      tx,
      sums.map((s) => s.key),
    );
    if (q.groupBy === 'procedure') names = new Map([...headings].map(([code, h]) => [code, h.name]));
    else {
      const byField = new Map<string, CounterSums>();
      for (const s of sums) {
        const field = headings.get(s.key)?.field ?? '—';
        const prev = byField.get(field);
        byField.set(
          field,
          prev
            ? {
                key: field,
                before: add(prev.before, s.before),
                during: add(prev.during, s.during),
                receivedBy: {
                  in_person: prev.receivedBy.in_person + s.receivedBy.in_person,
                  online: prev.receivedBy.online + s.receivedBy.online,
                  post: prev.receivedBy.post + s.receivedBy.post,
                },
              }
            : { ...s, key: field },
        );
      }
      sums = [...byField.values()].sort((a, b) => a.key.localeCompare(b.key, 'vi'));
      names = new Map(sums.map((s) => [s.key, s.key]));
    }
  }
  const rows = sums.map((s) => statisticsRow(s, names.get(s.key) ?? s.key));
  const totalRow = total
    ? statisticsRow(total, 'total')
    : statisticsRow(
        {
          key: '',
          before: zero(),
          during: zero(),
          receivedBy: { in_person: 0, online: 0, post: 0 },
        },
        'total',
      );
  return { rows, total: { ...totalRow, key: '', name: '' } };
}

function addSums(a: CounterSums, b: CounterSums): CounterSums {
  return {
    key: '',
    before: add(a.before, b.before),
    during: add(a.during, b.during),
    receivedBy: {
      in_person: a.receivedBy.in_person + b.receivedBy.in_person,
      online: a.receivedBy.online + b.receivedBy.online,
      post: a.receivedBy.post + b.receivedBy.post,
    },
  };
}

function zero(): Record<Counter, number> {
  return Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>;
}

/**
 * Per officer (the specialist of each record), straight from the facts of one agency: what they resolved in
 * the period by timing, and what they hold in progress at its end.
 */
async function officerStatistics(tx: Tx, q: StatisticsQuery, agencyIds: string[] | null, end: IsoDate) {
  if (!agencyIds || agencyIds.length !== 1) throw new DomainError('report.officer_needs_agency', {});
  const r = await sql<{
    handlerId: string | null;
    received: string;
    inPerson: string;
    online: string;
    post: string;
    early: string;
    onTime: string;
    late: string;
    rejected: string;
    inProgress: string;
    overdue: string;
    supplements: string;
  }>`
    select handler_id,
      count(*) filter (where received_day >= ${q.from}::date and received_day < ${end}::date) as received,
      count(*) filter (where received_day >= ${q.from}::date and received_day < ${end}::date and channel = 'in_person') as in_person,
      count(*) filter (where received_day >= ${q.from}::date and received_day < ${end}::date and channel = 'online') as online,
      count(*) filter (where received_day >= ${q.from}::date and received_day < ${end}::date and channel = 'post') as post,
      count(*) filter (where finished_day >= ${q.from}::date and finished_day < ${end}::date and timing = 'early') as early,
      count(*) filter (where finished_day >= ${q.from}::date and finished_day < ${end}::date and timing = 'on_time') as on_time,
      count(*) filter (where finished_day >= ${q.from}::date and finished_day < ${end}::date and timing = 'late') as late,
      count(*) filter (where finished_day >= ${q.from}::date and finished_day < ${end}::date and outcome = 'rejected') as rejected,
      count(*) filter (where received_day < ${end}::date and (finished_day is null or finished_day >= ${end}::date)) as in_progress,
      count(*) filter (where received_day < ${end}::date and (finished_day is null or finished_day >= ${end}::date) and due_day < ${end}::date) as overdue,
      count(*) filter (where supplement_day >= ${q.from}::date and supplement_day < ${end}::date) as supplements
    from report_facts
    where competent_agency_id = ${agencyIds[0]}::uuid and received_day is not null
      and (finished_day is null or finished_day >= ${q.from}::date)
    group by handler_id order by handler_id nulls last`.execute(tx);
  const names = await userNames(
    tx,
    r.rows.flatMap((x) => (x.handlerId ? [x.handlerId] : [])),
  );
  const rows: StatisticsRow[] = r.rows.map((x) => {
    const [early, onTime, late] = [Number(x.early), Number(x.onTime), Number(x.late)];
    const [inProgress, overdue] = [Number(x.inProgress), Number(x.overdue)];
    const resolved = early + onTime + late;
    return {
      key: x.handlerId ?? '',
      name: x.handlerId ? (names.get(x.handlerId) ?? x.handlerId) : '',
      carriedOver: 0,
      received: {
        total: Number(x.received),
        in_person: Number(x.inPerson),
        online: Number(x.online),
        post: Number(x.post),
      },
      resolved: { total: resolved, early, onTime, late, rejected: Number(x.rejected) },
      inProgress: { total: inProgress, onTime: inProgress - overdue, overdue },
      supplements: Number(x.supplements),
      refused: 0,
      withdrawn: 0,
      stopped: 0,
      returned: 0,
      onTimeRate: resolved ? (early + onTime) / resolved : null,
    };
  });
  const { total } = await statistics(tx, { ...q, groupBy: 'total' });
  return { rows, total };
}

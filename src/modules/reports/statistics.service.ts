import { sql } from 'kysely';
import { addDays, type IsoDate } from '../../core/calendar/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import { isOneStopUnit, vnDateOf } from '../../core/records/index.ts';
import { COUNTERS, type Counter } from '../../core/reports/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { procedureHeadings } from '../catalog/index.ts';
import { userNames } from '../identity/index.ts';
import { agencyNames, getAgency, searchAgencies } from '../units/index.ts';
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

/**
 * One statistics row from the counter sums of a group. `judgedAt`: the sums up to the day the in-progress
 * records are judged overdue at, when that is before the period's end (a period ending in the future).
 */
export function statisticsRow(s: CounterSums, name: string, judgedAt?: CounterSums): StatisticsRow {
  const d = s.during;
  const atEnd = add(s.before, d);
  const resolvedTotal = d.resolvedEarly + d.resolvedOnTime + d.resolvedLate;
  const inProgress = atEnd.received - atEnd.finished;
  const judged = judgedAt ? add(judgedAt.before, judgedAt.during) : atEnd;
  const overdue = Math.min(inProgress, Math.max(0, judged.due - judged.dueClosed));
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
  /**
   * Now: records in progress are judged overdue at the earlier of the period's end and the start of today
   * (a record due today is not overdue before the day ends). Without it, at the period's end.
   */
  readonly now?: Date | undefined;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly groupBy: StatisticsGroup;
  readonly receivingAgencyId?: string | undefined;
  readonly channel?: 'in_person' | 'online' | 'post' | undefined;
}

/**
 * Which records an agency's statistics count: those it is competent for, or, for a one-stop unit (which is
 * never the competent body), those it received, still grouped by competent agency.
 */
async function agencyCounterScope(
  tx: Tx,
  agencyIds: string[] | null,
  q: StatisticsQuery,
): Promise<{ agencyIds: string[] | null; receivingAgencyIds: string[] | null }> {
  const receivingAgencyIds = q.receivingAgencyId ? [q.receivingAgencyId] : null;
  if (q.scope.kind !== 'agency') return { agencyIds, receivingAgencyIds };
  const { kind } = await getAgency(tx, q.scope.agencyId);
  if (!isOneStopUnit({ kind } as Parameters<typeof isOneStopUnit>[0]))
    return { agencyIds, receivingAgencyIds };
  const own = q.scope.agencyId;
  return {
    agencyIds: null,
    receivingAgencyIds: receivingAgencyIds && receivingAgencyIds[0] !== own ? [] : [own],
  };
}

/**
 * Statistics of the records of a scope and period, grouped. Counted once, by competent agency; the
 * receiving agency is a separate breakdown and filter. A one-stop unit's own statistics are the records it
 * received (by competent agency).
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
  const scope = { ...(await agencyCounterScope(tx, agencyIds, q)), channel: q.channel ?? null };
  const dimension: CounterDimension = q.groupBy === 'field' ? 'procedure' : q.groupBy;
  let sums = await sumCounters(tx, scope, q.from, end, dimension);
  // A period that ends after today: what is overdue is judged at the start of today, not at its end.
  const today = q.now ? vnDateOf(q.now) : end;
  const judgedAt =
    today < end
      ? await judgedAtSums(tx, scope, q.from, today, dimension === 'month' ? 'total' : dimension)
      : null;
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
  let judgedByKey = judgedAt;
  if (q.groupBy === 'agency' || q.groupBy === 'receiving') {
    names = await agencyNames(
      tx,
      sums.map((s) => s.key),
    );
  } else if (q.groupBy === 'procedure' || q.groupBy === 'field') {
    const headings = await procedureHeadings(tx, [
      ...new Set([...sums.map((s) => s.key), ...(judgedAt?.keys() ?? [])]),
    ]);
    if (q.groupBy === 'procedure') names = new Map([...headings].map(([code, h]) => [code, h.name]));
    else {
      const fieldOf = (code: string) => headings.get(code)?.field ?? '—';
      sums = groupSums(sums, fieldOf).sort((a, b) => a.key.localeCompare(b.key, 'vi'));
      names = new Map(sums.map((s) => [s.key, s.key]));
      if (judgedAt) judgedByKey = new Map(groupSums([...judgedAt.values()], fieldOf).map((x) => [x.key, x]));
    }
  }
  // Months ending by today are judged at their end; later ones (and every other group) at today.
  const judgedRow = (key: string) =>
    judgedByKey === null
      ? undefined
      : dimension === 'month'
        ? `${addDays(`${key}-01`, 31).slice(0, 7)}-01` > today
          ? (judgedByKey.get('') ?? EMPTY_SUMS)
          : undefined
        : (judgedByKey.get(key) ?? EMPTY_SUMS);
  const rows = sums.map((s) => statisticsRow(s, names.get(s.key) ?? s.key, judgedRow(s.key)));
  const totalRow = total
    ? statisticsRow(
        total,
        'total',
        judgedAt
          ? dimension === 'total' || dimension === 'month'
            ? (judgedAt.get('') ?? EMPTY_SUMS)
            : sumAll(judgedAt)
          : undefined,
      )
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

const EMPTY_SUMS: CounterSums = {
  key: '',
  before: zero(),
  during: zero(),
  receivedBy: { in_person: 0, online: 0, post: 0 },
};

/** The sums up to (not including) `day`, by group key; for the groups by procedure, whole months only. */
async function judgedAtSums(
  tx: Tx,
  scope: Parameters<typeof sumCounters>[1],
  from: IsoDate,
  day: IsoDate,
  by: CounterDimension,
): Promise<Map<string, CounterSums>> {
  // Procedure breakdowns read whole months: judge at the start of today's month, the nearest such bound.
  const at = by === 'procedure' ? `${day.slice(0, 7)}-01` : day;
  // Before and during only matter together here; the period read must not be empty.
  const start = from < at ? from : addDays(at, -1);
  const sums = await sumCounters(tx, scope, by === 'procedure' ? `${start.slice(0, 7)}-01` : start, at, by);
  return new Map(sums.map((s) => [s.key, s]));
}

/** Sums regrouped under a coarser key (procedures under their field). */
function groupSums(sums: readonly CounterSums[], keyOf: (key: string) => string): CounterSums[] {
  const grouped = new Map<string, CounterSums>();
  for (const s of sums) {
    const key = keyOf(s.key);
    grouped.set(key, { ...addSums(grouped.get(key) ?? EMPTY_SUMS, s), key });
  }
  return [...grouped.values()];
}

function sumAll(sums: Map<string, CounterSums>): CounterSums {
  return [...sums.values()].reduce(addSums, EMPTY_SUMS);
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
  // Overdue judged at the start of today when the period ends later (a record due today is not yet late).
  const today = q.now ? vnDateOf(q.now) : end;
  const judged = today < end ? today : end;
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
      count(*) filter (where received_day < ${end}::date and (finished_day is null or finished_day >= ${end}::date) and due_day < ${judged}::date) as overdue,
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

import { sql } from 'kysely';
import { addDays, type IsoDate } from '../../core/calendar/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { RecordState } from '../../core/records/index.ts';
import { type StepPerformance, stepVisitFacts } from '../../core/reports/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { agencyNames } from '../units/index.ts';
import { type ReportScope, scopeAgencies } from './statistics.service.ts';

/**
 * Replaces a record's rows in report_step_visits with the visits other agencies held for it now (finished
 * and running). Called by the reports projector under its per-record lock; replacing makes it idempotent:
 * projecting the same record again, or for a stale or repeated message, leaves the same rows.
 */
export async function saveStepVisits(tx: Tx, state: RecordState): Promise<void> {
  await saveStepVisitsOf(tx, [state]);
}

/** Replaces the step visits of several records: one delete and one insert. */
export async function saveStepVisitsOf(tx: Tx, states: readonly RecordState[]): Promise<void> {
  if (states.length === 0) return;
  await tx
    .deleteFrom('reportStepVisits')
    .where(
      'recordId',
      'in',
      states.map((s) => s.id),
    )
    .execute();
  const facts = states.flatMap((s) => stepVisitFacts(s));
  if (facts.length === 0) return;
  await tx
    .insertInto('reportStepVisits')
    .values(
      facts.map((f) => ({
        recordId: f.recordId,
        visit: f.visit,
        stepIndex: f.stepIndex,
        stepKey: f.stepKey,
        agencyId: f.agencyId,
        competentAgencyId: f.competentAgencyId,
        startedAt: new Date(f.startedAt),
        startedDay: f.startedDay,
        dueAt: new Date(f.dueAt),
        finishedAt: f.finishedAt ? new Date(f.finishedAt) : null,
        finishedDay: f.finishedDay,
        timing: f.timing,
        outcome: f.outcome,
        paused: f.paused,
      })),
    )
    .execute();
}

/** One row of the step performance report: an agency (or the total) and its numbers. */
export interface StepPerformanceRow extends StepPerformance {
  readonly name: string;
}

/** A step performance request: the period is [from, to] inclusive, in Vietnam days. */
export interface StepPerformanceQuery {
  readonly scope: ReportScope;
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** Open steps are judged overdue at the earlier of the period's end and now. */
  readonly now: Date;
}

/** The instant a Vietnam day starts. */
const vnMidnight = (day: IsoDate) => new Date(`${day}T00:00:00+07:00`);

/**
 * Each agency's performance on the steps it held for other agencies' records (the step's agency is not the
 * record's competent agency) in a period: steps received (started), finished early / on time / late against
 * the step's own due time, sent back to an earlier step, closed without finishing (another branch sent
 * the record back, or it was withdrawn or stopped), and open at the end with those already overdue
 * (a step whose record waits for the applicant's supplement or payment is not overdue). Counted per visit: a
 * step sent back and done again is two visits. The numbers equal `stepPerformance` over the same visits.
 * @throws report.period_invalid, unit.not_found
 */
export async function stepPerformanceReport(
  tx: Tx,
  q: StepPerformanceQuery,
): Promise<{ rows: StepPerformanceRow[]; total: StepPerformanceRow }> {
  if (q.from > q.to) throw new DomainError('report.period_invalid', { from: q.from, to: q.to });
  const end = addDays(q.to, 1);
  const periodEnd = vnMidnight(end);
  const judgedAt = q.now < periodEnd ? q.now : periodEnd;
  const agencyIds = await scopeAgencies(tx, q.scope);
  const endedIn = sql`finished_day >= ${q.from}::date and finished_day < ${end}::date`;
  const finishedIn = sql`${endedIn} and outcome is distinct from 'closed'`;
  const open = sql`started_day < ${end}::date and (finished_day is null or finished_day >= ${end}::date)`;
  const r = await sql<{
    agencyId: string;
    received: string;
    finished: string;
    early: string;
    onTime: string;
    late: string;
    sentBack: string;
    closed: string;
    open: string;
    overdue: string;
  }>`
    select agency_id,
      count(*) filter (where started_day >= ${q.from}::date and started_day < ${end}::date) as received,
      count(*) filter (where ${finishedIn}) as finished,
      count(*) filter (where ${finishedIn} and timing = 'early') as early,
      count(*) filter (where ${finishedIn} and timing = 'on_time') as on_time,
      count(*) filter (where ${finishedIn} and timing = 'late') as late,
      count(*) filter (where ${finishedIn} and outcome = 'sent_back') as sent_back,
      count(*) filter (where ${endedIn} and outcome = 'closed') as closed,
      count(*) filter (where ${open}) as open,
      count(*) filter (where ${open} and not paused and due_at < ${judgedAt}) as overdue
    from report_step_visits
    where started_day < ${end}::date and (finished_day is null or finished_day >= ${q.from}::date)
      ${agencyIds ? sql`and agency_id = any(${agencyIds}::uuid[])` : sql``}
    group by agency_id order by agency_id`.execute(tx);
  const names = await agencyNames(
    tx,
    r.rows.map((x) => x.agencyId),
  );
  const rows: StepPerformanceRow[] = r.rows
    .map((x) => {
      const [early, onTime, late, finished] = [x.early, x.onTime, x.late, x.finished].map(Number) as [
        number,
        number,
        number,
        number,
      ];
      return {
        agencyId: x.agencyId,
        name: names.get(x.agencyId) ?? x.agencyId,
        received: Number(x.received),
        finished: { total: finished, early, onTime, late },
        sentBack: Number(x.sentBack),
        closed: Number(x.closed),
        open: { total: Number(x.open), overdue: Number(x.overdue) },
        onTimeRate: finished ? (early + onTime) / finished : null,
      };
    })
    .filter((x) => x.received || x.finished.total || x.closed || x.open.total);
  return { rows, total: totalRow(rows) };
}

function totalRow(rows: readonly StepPerformanceRow[]): StepPerformanceRow {
  const sum = (f: (r: StepPerformanceRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const finished = {
    total: sum((r) => r.finished.total),
    early: sum((r) => r.finished.early),
    onTime: sum((r) => r.finished.onTime),
    late: sum((r) => r.finished.late),
  };
  return {
    agencyId: '',
    name: '',
    received: sum((r) => r.received),
    finished,
    sentBack: sum((r) => r.sentBack),
    closed: sum((r) => r.closed),
    open: { total: sum((r) => r.open.total), overdue: sum((r) => r.open.overdue) },
    onTimeRate: finished.total ? (finished.early + finished.onTime) / finished.total : null,
  };
}

import { sql } from 'kysely';
import { addDays, type IsoDate } from '../../core/calendar/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { agencyNames } from '../units/index.ts';
import { type ReportScope, scopeAgencies } from './statistics.service.ts';

/** One line of the monthly report: what one agency received for another commune's agency. */
export interface CrossBoundaryRow {
  readonly receivingAgencyId: string;
  readonly receivingAgency: string;
  readonly competentAgencyId: string;
  readonly competentAgency: string;
  readonly received: number;
  readonly resolvedOnTime: number;
  readonly resolvedLate: number;
  readonly inProgress: number;
  readonly returned: number;
}

/**
 * The monthly report of records received regardless of administrative boundaries (Decree 118/2025 art. 14,
 * DOMAIN.md §2.7): the records received in the month at an agency of another commune than the competent
 * one, per receiving and competent agency, with how they were resolved and returned so far. A scope sees
 * the records it received for others and those others received for it.
 */
export async function crossBoundaryReport(
  tx: Tx,
  q: { scope: ReportScope; month: string },
): Promise<{ month: string; rows: CrossBoundaryRow[]; total: number }> {
  const from: IsoDate = `${q.month}-01`;
  const end = `${addDays(`${q.month}-28`, 4).slice(0, 7)}-01`;
  const agencyIds = await scopeAgencies(tx, q.scope);
  const r = await sql<{
    receivingAgencyId: string;
    competentAgencyId: string;
    received: string;
    onTime: string;
    late: string;
    inProgress: string;
    returned: string;
  }>`
    select receiving_agency_id, competent_agency_id, count(*) as received,
      count(*) filter (where timing in ('early', 'on_time')) as on_time,
      count(*) filter (where timing = 'late') as late,
      count(*) filter (where outcome = 'in_progress') as in_progress,
      count(*) filter (where returned_day is not null) as returned
    from report_facts
    where cross_boundary and received_day >= ${from}::date and received_day < ${end}::date
      ${agencyIds ? sql`and (receiving_agency_id = any(${agencyIds}::uuid[]) or competent_agency_id = any(${agencyIds}::uuid[]))` : sql``}
    group by receiving_agency_id, competent_agency_id
    order by receiving_agency_id, competent_agency_id`.execute(tx);
  const names = await agencyNames(
    tx,
    r.rows.flatMap((x) => [x.receivingAgencyId, x.competentAgencyId]),
  );
  const rows = r.rows.map((x) => ({
    receivingAgencyId: x.receivingAgencyId,
    receivingAgency: names.get(x.receivingAgencyId) ?? x.receivingAgencyId,
    competentAgencyId: x.competentAgencyId,
    competentAgency: names.get(x.competentAgencyId) ?? x.competentAgencyId,
    received: Number(x.received),
    resolvedOnTime: Number(x.onTime),
    resolvedLate: Number(x.late),
    inProgress: Number(x.inProgress),
    returned: Number(x.returned),
  }));
  return { month: q.month, rows, total: rows.reduce((n, x) => n + x.received, 0) };
}

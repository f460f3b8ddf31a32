import { sql } from 'kysely';
import { findGroup } from '../../core/groups/index.ts';
import type { Tx } from '../../platform/db/index.ts';

/**
 * The procedure codes whose limits count a reception after the cut-off (15:00) from the next working day
 * for this record: its own procedure's code when it is a member of a Decree 63/2024 group with the cut-off
 * rule (DOMAIN.md §2.8, §7.1), else none. The records routes add them to the city's `cutoffProcedures`
 * when a member is received, so the rule follows the group and not every record of that procedure.
 * Imported by the records routes from this file (not the module index) to keep the modules acyclic.
 */
export async function groupCutoffProcedures(tx: Tx, recordId: string): Promise<string[]> {
  const r = await sql<{ groupCode: string; procedureCode: string }>`
    select s.group_code as "groupCode", m.procedure_code as "procedureCode"
    from group_submission_members m join group_submissions s on s.id = m.group_submission_id
    where m.record_id = ${recordId}`.execute(tx);
  const row = r.rows[0];
  if (!row) return [];
  return findGroup(row.groupCode, '9999-12-31')?.cutoff ? [row.procedureCode] : [];
}

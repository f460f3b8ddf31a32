import { sql } from 'kysely';
import type { Tx } from '../../platform/db/index.ts';

/** A group submission as stored (migration 0027). */
export interface GroupSubmissionRow {
  id: string;
  code: string;
  groupCode: string;
  receivingAgencyId: string;
  applicantAccountId: string;
  applicantName: string;
  applicantPhone: string | null;
  applicantPersonalId: string | null;
  facts: Record<string, Record<string, string>>;
  routing: Record<string, string>;
  verification: boolean;
  submittedAt: Date;
  startDate: string;
  dueDate: string;
  dueAt: Date;
  appointmentBasis: 'group' | 'members';
  afterCutoff: boolean;
}

/** One member of a group submission with its record's current status and the agencies' names. */
export interface GroupMemberRow {
  position: number;
  memberKey: string;
  procedureCode: string;
  recordId: string;
  receivingAgencyId: string;
  receivingAgencyName: string;
  competentAgencyId: string;
  competentAgencyName: string;
  recordCode: string | null;
  status: string;
  nationalStatus: number | null;
  dueAt: Date | null;
  procedureName: string | null;
}

/**
 * The next number of the receiving unit's daily sequence: a group's code takes one number of the same
 * sequence as the unit's record codes, so that the two never collide.
 */
export async function nextSequence(tx: Tx, agencyId: string, day: string): Promise<number> {
  const r = await sql<{ lastValue: number }>`
    insert into record_code_sequences (agency_id, day, last_value) values (${agencyId}, ${day}, 1)
    on conflict (agency_id, day) do update set last_value = record_code_sequences.last_value + 1
    returning last_value`.execute(tx);
  return Number(r.rows[0]!.lastValue);
}

export async function insertSubmission(tx: Tx, row: GroupSubmissionRow): Promise<void> {
  await sql`
    insert into group_submissions (id, code, group_code, receiving_agency_id, applicant_account_id,
      applicant_name, applicant_phone, applicant_personal_id, facts, routing, verification, submitted_at,
      start_date, due_date, due_at, appointment_basis, after_cutoff)
    values (${row.id}, ${row.code}, ${row.groupCode}, ${row.receivingAgencyId}, ${row.applicantAccountId},
      ${row.applicantName}, ${row.applicantPhone}, ${row.applicantPersonalId}, ${JSON.stringify(row.facts)}::jsonb,
      ${JSON.stringify(row.routing)}::jsonb, ${row.verification}, ${row.submittedAt}, ${row.startDate},
      ${row.dueDate}, ${row.dueAt}, ${row.appointmentBasis}, ${row.afterCutoff})`.execute(tx);
}

export async function insertMember(
  tx: Tx,
  row: {
    groupSubmissionId: string;
    position: number;
    memberKey: string;
    procedureCode: string;
    recordId: string;
    receivingAgencyId: string;
    competentAgencyId: string;
  },
): Promise<void> {
  await sql`
    insert into group_submission_members (group_submission_id, position, member_key, procedure_code,
      record_id, receiving_agency_id, competent_agency_id)
    values (${row.groupSubmissionId}, ${row.position}, ${row.memberKey}, ${row.procedureCode},
      ${row.recordId}, ${row.receivingAgencyId}, ${row.competentAgencyId})`.execute(tx);
}

const SUBMISSION_COLUMNS = sql`id, code, group_code as "groupCode", receiving_agency_id as "receivingAgencyId",
  applicant_account_id as "applicantAccountId", applicant_name as "applicantName",
  applicant_phone as "applicantPhone", applicant_personal_id as "applicantPersonalId", facts, routing,
  verification, submitted_at as "submittedAt", start_date::text as "startDate", due_date::text as "dueDate",
  due_at as "dueAt", appointment_basis as "appointmentBasis", after_cutoff as "afterCutoff"`;

function normalize(row: GroupSubmissionRow | undefined): GroupSubmissionRow | undefined {
  if (!row) return undefined;
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    ...row,
    facts: parse(row.facts),
    routing: parse(row.routing),
    submittedAt: new Date(row.submittedAt),
    dueAt: new Date(row.dueAt),
  };
}

export async function findSubmission(tx: Tx, id: string): Promise<GroupSubmissionRow | undefined> {
  const r =
    await sql<GroupSubmissionRow>`select ${SUBMISSION_COLUMNS} from group_submissions where id = ${id}`.execute(
      tx,
    );
  return normalize(r.rows[0]);
}

export async function findSubmissionByCode(tx: Tx, code: string): Promise<GroupSubmissionRow | undefined> {
  const r = await sql<GroupSubmissionRow>`
    select ${SUBMISSION_COLUMNS} from group_submissions where upper(code) = upper(${code})`.execute(tx);
  return normalize(r.rows[0]);
}

export async function findSubmissionOfRecord(
  tx: Tx,
  recordId: string,
): Promise<GroupSubmissionRow | undefined> {
  const r = await sql<GroupSubmissionRow>`
    select ${SUBMISSION_COLUMNS} from group_submissions
    where id = (select group_submission_id from group_submission_members where record_id = ${recordId})`.execute(
    tx,
  );
  return normalize(r.rows[0]);
}

export async function listMembers(tx: Tx, groupSubmissionId: string): Promise<GroupMemberRow[]> {
  const r = await sql<GroupMemberRow>`
    select m.position, m.member_key as "memberKey", m.procedure_code as "procedureCode", m.record_id as "recordId",
      m.receiving_agency_id as "receivingAgencyId", ra.name as "receivingAgencyName",
      m.competent_agency_id as "competentAgencyId", ca.name as "competentAgencyName",
      r.code as "recordCode", r.status, r.national_status as "nationalStatus", r.due_at as "dueAt",
      pv.name as "procedureName"
    from group_submission_members m
    join records r on r.id = m.record_id
    join agencies ra on ra.id = m.receiving_agency_id
    join agencies ca on ca.id = m.competent_agency_id
    left join procedure_versions pv on pv.id = r.procedure_version_id
    where m.group_submission_id = ${groupSubmissionId}
    order by m.position`.execute(tx);
  return r.rows.map((row) => ({
    ...row,
    nationalStatus: row.nationalStatus === null ? null : Number(row.nationalStatus),
    dueAt: row.dueAt === null ? null : new Date(row.dueAt),
  }));
}

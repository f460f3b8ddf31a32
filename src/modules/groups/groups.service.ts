import { uuidv7 } from 'uuidv7';
import type { TimeLimit } from '../../core/catalog/index.ts';
import { DomainError, type ErrorCode, type FieldIssue } from '../../core/errors/index.ts';
import {
  checkGroupFacts,
  findGroup,
  type GroupDefinition,
  type GroupFacts,
  groupAppointment,
} from '../../core/groups/index.ts';
import {
  type Actor,
  type ApplicantData,
  canReceive,
  competentAgency,
  type DecideAgency,
  formatRecordCode,
  isOneStopUnit,
  NATIONAL_STATUS_NAMES,
  type RecordPolicy,
  type RoutingFacts,
  submissionReference,
  vnDateOf,
} from '../../core/records/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import {
  assertReceivableOnline,
  getCurrentVersionId,
  getProcedureFacts,
  procedureReceivability,
} from '../catalog/index.ts';
import { type createRecordsCache, executeCommand } from '../records/index.ts';
import { searchAgencies } from '../units/index.ts';
import * as store from './groups.store.ts';

/** A group submission as the portal sends it. */
export interface GroupSubmissionInput {
  readonly groupCode: string;
  readonly applicant: ApplicantData;
  readonly routing: RoutingFacts;
  readonly receivingAgencyId: string;
  readonly facts: GroupFacts;
  readonly verification: boolean;
}

/** What a submission needs besides its input. */
export interface GroupSubmissionMeta {
  readonly actor: Actor & { kind: 'applicant' };
  readonly now: Date;
  readonly requestId?: string | undefined;
  readonly policy?: Partial<RecordPolicy> | undefined;
}

function invalid(path: string, code: string, vi: string, en: string): DomainError {
  return new DomainError('request.invalid', {}, { issues: [{ path, code, message: en, messageVi: vi }] });
}

async function cityAgencies(tx: Tx): Promise<DecideAgency[]> {
  const rows = await searchAgencies(tx, { limit: 1000, offset: 0 });
  return rows
    .filter((a) => a.validTo === null)
    .map((a) => ({
      id: a.id,
      key: a.key,
      code: a.code,
      kind: a.kind,
      level: a.level,
      unitCode: a.unitKey.split(':')[1] ?? a.unitKey,
      name: a.name,
      sector: a.sector,
      servesUnitCodes: a.servesUnitCodes,
    }));
}

/** One member routed before anything is written: its version, competent agency and receiving unit. */
interface RoutedMember {
  readonly key: string;
  readonly procedureCode: string;
  readonly versionId: string;
  readonly competent: DecideAgency;
  readonly receiving: DecideAgency;
  readonly onlineLimit: TimeLimit | undefined;
}

/**
 * Routes every member as reception will (src/core/records `competentAgency`, `canReceive`): the member's
 * competent agency from its procedure's rule and the applicant's routing facts; it is received by the unit
 * the applicant chose when that unit may receive it (Decree 118/2025 art. 14), else by the city's one-stop
 * centre (a city body's procedure). A member that cannot be routed refuses the whole submission.
 */
async function routeMembers(
  tx: Tx,
  group: GroupDefinition,
  input: GroupSubmissionInput,
  agencies: readonly DecideAgency[],
  chosen: DecideAgency,
): Promise<RoutedMember[]> {
  const cityCentre = agencies.find((a) => a.level === 'city' && a.kind === 'service_center');
  const routed: RoutedMember[] = [];
  for (const member of group.members) {
    const versionId = await getCurrentVersionId(tx, member.procedureCode);
    await assertReceivableOnline(tx, versionId);
    const facts = await getProcedureFacts(tx, versionId);
    const result = competentAgency(facts.competentAgencyRule, input.routing, agencies, chosen);
    if (!result.ok) {
      const params: Record<string, unknown> = {
        ...result.error.params,
        member: member.key,
        procedureCode: member.procedureCode,
      };
      const field = typeof params.field === 'string' ? params.field : undefined;
      throw new DomainError(
        result.error.code as ErrorCode,
        params,
        field
          ? {
              issues: [
                {
                  path: `body.${field}`,
                  code: 'group.routing_fact_missing',
                  message: `${member.name_en} needs it to find the competent agency`,
                  messageVi: `Cần để xác định cơ quan có thẩm quyền giải quyết thủ tục ${member.name_vi}`,
                },
              ],
            }
          : {},
      );
    }
    const competent = result.value;
    const receiving = canReceive(facts.crossBoundary, chosen, competent)
      ? chosen
      : cityCentre && canReceive(facts.crossBoundary, cityCentre, competent)
        ? cityCentre
        : undefined;
    if (!receiving) {
      throw new DomainError('record.outside_reception_scope', {
        receivingAgencyId: chosen.id,
        competentAgencyId: competent.id,
        member: member.key,
      });
    }
    routed.push({
      key: member.key,
      procedureCode: member.procedureCode,
      versionId,
      competent,
      receiving,
      onlineLimit: facts.timeLimits.online,
    });
  }
  return routed;
}

/**
 * Submits a group online in the caller's transaction: checks the group, the facts each member needs and the
 * routing of every member first, then creates one record per member (a draft submitted at once, owned by
 * the applicant's token, at its receiving unit), gives the group its code (the chosen unit's record-code
 * shape and daily sequence) and its appointment (group limit, 15:00 cut-off), and links the records.
 * Any error writes nothing (the caller's transaction rolls back).
 * @throws request.invalid (body.groupCode, body.facts.*, body.receivingAgencyId), record.competent_agency_unresolved,
 *   record.outside_reception_scope, procedure.not_found, procedure.not_receivable and the record.* refusals.
 */
export async function submitGroup(
  tx: Tx,
  services: { calendars: CalendarService; cache: ReturnType<typeof createRecordsCache> },
  input: GroupSubmissionInput,
  meta: GroupSubmissionMeta,
): Promise<string> {
  const today = vnDateOf(meta.now);
  const group = findGroup(input.groupCode, today);
  if (!group) {
    throw invalid(
      'body.groupCode',
      'group.unknown',
      'Không có nhóm thủ tục liên thông này',
      'No such inter-agency group is in force',
    );
  }
  const issues: FieldIssue[] = checkGroupFacts(group, input.facts, today).map((i) => ({
    path: `body.${i.path}`,
    code: i.code,
    message: i.message_en,
    messageVi: i.message_vi,
  }));
  if (issues.length > 0) throw new DomainError('request.invalid', { group: group.code }, { issues });
  const agencies = await cityAgencies(tx);
  const chosen = agencies.find((a) => a.id === input.receivingAgencyId);
  if (!chosen || !isOneStopUnit(chosen)) {
    throw invalid(
      'body.receivingAgencyId',
      'group.receiving_not_one_stop',
      'Nơi tiếp nhận phải là một bộ phận Một cửa của thành phố',
      'The receiving unit must be a one-stop unit of the city',
    );
  }
  const members = await routeMembers(tx, group, input, agencies, chosen);
  const calendar = await services.calendars.calendar(tx);
  const appointment = groupAppointment(calendar, group, meta.now, {
    verification: input.verification,
    memberLimits: members.flatMap((m) => (m.onlineLimit ? [m.onlineLimit] : [])),
  });
  const code = formatRecordCode(chosen.code, today, await store.nextSequence(tx, chosen.id, today));
  const groupId = uuidv7();
  const recordIds: string[] = [];
  for (const member of members) {
    const commandMeta = { actor: meta.actor, now: meta.now, requestId: meta.requestId, policy: meta.policy };
    const created = await executeCommand(
      tx,
      services,
      {},
      {
        type: 'create_draft',
        procedureVersionId: member.versionId,
        applicant: input.applicant,
        routing: input.routing,
        receivingAgencyId: member.receiving.id,
      },
      commandMeta,
    );
    await executeCommand(tx, services, { recordId: created.state.id }, { type: 'submit' }, commandMeta);
    recordIds.push(created.state.id);
  }
  await store.insertSubmission(tx, {
    id: groupId,
    code,
    groupCode: group.code,
    receivingAgencyId: chosen.id,
    applicantAccountId: meta.actor.accountId,
    applicantName: input.applicant.fullName,
    applicantPhone: input.applicant.phone ?? null,
    applicantPersonalId: input.applicant.personalId ?? null,
    facts: input.facts as Record<string, Record<string, string>>,
    routing: input.routing as Record<string, string>,
    verification: input.verification,
    submittedAt: meta.now,
    startDate: appointment.startDate,
    dueDate: appointment.dueDate,
    dueAt: appointment.dueAt,
    appointmentBasis: appointment.basis,
    afterCutoff: appointment.afterCutoff,
  });
  for (const [position, member] of members.entries()) {
    await store.insertMember(tx, {
      groupSubmissionId: groupId,
      position,
      memberKey: member.key,
      procedureCode: member.procedureCode,
      recordId: recordIds[position]!,
      receivingAgencyId: member.receiving.id,
      competentAgencyId: member.competent.id,
    });
  }
  return groupId;
}

/** Whether a group can be submitted now, and if not the first member that cannot be received online. */
export interface GroupAvailability {
  readonly available: boolean;
  readonly unavailable: {
    readonly procedureCode: string;
    readonly reason: string;
    readonly message_vi: string;
    readonly message_en: string;
  } | null;
}

/**
 * A group is available when every member procedure in force can be received online (catalogue readiness,
 * as `submitGroup` checks it). The routing of one applicant's commune is checked on submission.
 */
export async function groupAvailability(tx: Tx, group: GroupDefinition): Promise<GroupAvailability> {
  for (const member of group.members) {
    const r = await procedureReceivability(tx, member.procedureCode);
    if (r.receivable.online) continue;
    const first = r.reasons.online[0];
    return {
      available: false,
      unavailable: {
        procedureCode: member.procedureCode,
        reason: first?.code ?? 'channel.not_offered',
        message_vi: first?.message_vi ?? '',
        message_en: first?.message_en ?? '',
      },
    };
  }
  return { available: true, unavailable: null };
}

/** How much of a group a caller sees: its owner everything, an official or public tracking no facts. */
export type GroupAudience = 'owner' | 'official' | 'public';

/** The group as the citizen tracks it: its code, appointment and each member's status. */
export async function presentGroup(tx: Tx, row: store.GroupSubmissionRow, audience: GroupAudience) {
  const group = findGroup(row.groupCode, '9999-12-31');
  const members = await store.listMembers(tx, row.id);
  return {
    id: row.id,
    code: row.code,
    groupCode: row.groupCode,
    name_vi: group?.name_vi ?? row.groupCode,
    name_en: group?.name_en ?? row.groupCode,
    publishedProcedureCode: group?.publishedProcedureCode ?? null,
    submittedAt: row.submittedAt.toISOString(),
    verification: row.verification,
    appointment: {
      startDate: row.startDate,
      dueDate: row.dueDate,
      dueAt: row.dueAt.toISOString(),
      basis: row.appointmentBasis,
      afterCutoff: row.afterCutoff,
    },
    members: members.map((m) => {
      const def = group?.members.find((d) => d.key === m.memberKey);
      return {
        key: m.memberKey,
        name_vi: def?.name_vi ?? m.memberKey,
        name_en: def?.name_en ?? m.memberKey,
        procedureCode: m.procedureCode,
        procedureName: m.procedureName,
        catalogueNote: def?.catalogueNote ?? null,
        recordId: audience === 'public' ? null : m.recordId,
        recordCode: m.recordCode,
        reference: m.recordCode === null ? submissionReference(m.recordId) : null,
        status: m.status,
        nationalStatus: m.nationalStatus,
        nationalStatusName:
          m.nationalStatus === null
            ? null
            : (NATIONAL_STATUS_NAMES[m.nationalStatus as keyof typeof NATIONAL_STATUS_NAMES] ?? null),
        dueAt: m.dueAt?.toISOString() ?? null,
        receivingAgency: { id: m.receivingAgencyId, name: m.receivingAgencyName },
        competentAgency: { id: m.competentAgencyId, name: m.competentAgencyName },
      };
    }),
    ...(audience === 'owner' ? { facts: row.facts } : {}),
  };
}

/** The group submission with this id, or undefined. */
export function findGroupSubmission(tx: Tx, id: string) {
  return store.findSubmission(tx, id);
}

/** The group a record belongs to, or undefined. */
export function findGroupOfRecord(tx: Tx, recordId: string) {
  return store.findSubmissionOfRecord(tx, recordId);
}

/** The group submission with this code (any case), or undefined. */
export function findGroupByCode(tx: Tx, code: string) {
  return store.findSubmissionByCode(tx, code.trim());
}

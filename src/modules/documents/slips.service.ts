import { DomainError } from '../../core/errors/index.ts';
import { project, type RecordEvent, type RecordState } from '../../core/records/index.ts';
import {
  buildRegister,
  buildSlip,
  type RegisterRow,
  SLIP_TITLES,
  type SlipForm,
  type SlipNames,
  slipFormOf,
} from '../../core/slips/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { procedureVersionNames } from '../catalog/index.ts';
import { userNames } from '../identity/index.ts';
import { listRecordEvents, recordsReceivedBetween } from '../records/index.ts';
import { agencyContactPhones, agencyNames, getAgency } from '../units/index.ts';
import type { FileStore } from './file-store.ts';
import { registerFile, storeGeneratedPdf } from './files.service.ts';
import { renderSlip } from './pdf.ts';

/** The city whose agencies issue the slips (the header's governing body). */
export const PROVINCE = 'thành phố Cần Thơ';

/** A slip a record has, or can have on request. */
export interface SlipRef {
  readonly form: SlipForm;
  readonly seq: number;
  readonly title: string;
  readonly at: string;
}

/**
 * The slips of a record: one per event that calls for one (receipt, supplement or completion request,
 * refusal, apology, stop notice) and, once received, the control slip as of now.
 */
export function slipRefs(events: readonly RecordEvent[]): SlipRef[] {
  const refs: SlipRef[] = [];
  events.forEach((e, i) => {
    const form = slipFormOf(e);
    if (form) refs.push({ form, seq: i + 1, title: SLIP_TITLES[form], at: e.at });
  });
  if (events.some((e) => e.type === 'received')) {
    const last = events[events.length - 1]!;
    refs.push({ form: '05', seq: events.length, title: SLIP_TITLES['05'], at: last.at });
  }
  return refs;
}

export async function listSlips(tx: Tx, recordId: string): Promise<SlipRef[]> {
  return slipRefs(await listRecordEvents(tx, recordId));
}

async function namesFor(tx: Tx, state: RecordState, userIds: readonly string[]): Promise<SlipNames> {
  const agencyIds = [
    state.receivingAgencyId,
    state.competentAgencyId,
    state.returnPoint?.kind === 'counter' ? state.returnPoint.agencyId : null,
    ...state.steps.map((s) => s.agencyId),
    ...state.stepHistory.map((v) => v.agencyId),
    state.transferFailure?.agencyId,
  ].filter((x): x is string => Boolean(x));
  const [procedures, agencyName, personName, parents, phones] = await Promise.all([
    procedureVersionNames(tx, [state.procedureVersionId]),
    agencyNames(tx, agencyIds),
    userNames(tx, userIds),
    governingBodies(tx, agencyIds),
    agencyContactPhones(tx, state.receivingAgencyId ? [state.receivingAgencyId] : []),
  ]);
  const contactPhone = state.receivingAgencyId ? phones.get(state.receivingAgencyId) : undefined;
  return {
    procedureName: procedures.get(state.procedureVersionId) ?? state.procedureCode,
    agencyName: (id) => (id ? (agencyName.get(id) ?? '—') : '—'),
    personName: (id) => (id ? (personName.get(id) ?? '') : ''),
    province: PROVINCE,
    governingBody: (id) => (id ? parents.get(id) : undefined),
    // The receiving unit's number for help (slip 02), printed in the national form (0…).
    ...(contactPhone ? { contactPhone: contactPhone.replace(/^\+84/, '0') } : {}),
  };
}

/** The name of each agency's parent (its governing body, đơn vị chủ quản), by agency id. */
async function governingBodies(tx: Tx, agencyIds: readonly string[]): Promise<Map<string, string>> {
  if (agencyIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('agencies as a')
    .innerJoin('agencies as p', 'p.id', 'a.parentId')
    .select(['a.id as id', 'p.name as name'])
    .where('a.id', 'in', [...new Set(agencyIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

function peopleIn(state: RecordState, event: RecordEvent | null): string[] {
  const ids = [
    ...state.stepHistory.flatMap((v) => [v.assigneeId, v.finishedBy]),
    ...state.steps.map((s) => s.assigneeId),
  ];
  if (event?.by.kind === 'official') ids.push(event.by.userId);
  return ids.filter((x): x is string => Boolean(x));
}

/**
 * A record's slip as PDF: the form for the event at `seq` (the latest such event when omitted), drawn from
 * the record as it stood just after that event. Stored (file and record_slips row) the first time; the
 * rendering is deterministic, so a second rendering gives the same bytes.
 * @throws slip.not_available
 */
export async function recordSlip(
  tx: Tx,
  files: FileStore,
  recordId: string,
  form: SlipForm,
  seq?: number,
): Promise<{ bytes: Uint8Array; sha256: string; ref: SlipRef }> {
  const events = await listRecordEvents(tx, recordId);
  const refs = slipRefs(events).filter((r) => r.form === form && (seq === undefined || r.seq === seq));
  const ref = refs[refs.length - 1];
  if (!ref) throw new DomainError('slip.not_available', { form, ...(seq !== undefined ? { seq } : {}) });
  const stored = await tx
    .selectFrom('recordSlips')
    .select('fileSha256')
    .where('recordId', '=', recordId)
    .where('form', '=', form)
    .where('seq', '=', ref.seq)
    .executeTakeFirst();
  if (stored) {
    const bytes = await files.get(stored.fileSha256);
    if (bytes) return { bytes, sha256: stored.fileSha256, ref };
  }
  const state = project(events.slice(0, ref.seq));
  if (!state) throw new DomainError('slip.not_available', { form });
  const event = form === '05' ? null : (events[ref.seq - 1] ?? null);
  const names = await namesFor(tx, state, peopleIn(state, event));
  const bytes = await renderSlip(buildSlip(form, state, event, names));
  const file = await storeGeneratedPdf(files, bytes);
  const { sha256 } = file;
  await registerFile(tx, file, new Date(ref.at));
  await tx
    .insertInto('recordSlips')
    .values({ recordId, form, seq: ref.seq, fileSha256: sha256, createdAt: new Date(ref.at) })
    .onConflict((oc) => oc.columns(['recordId', 'form', 'seq']).doNothing())
    .execute();
  return { bytes, sha256, ref };
}

/** The register book of a receiving agency for received dates in [from, to] (Vietnam dates), as PDF. */
export async function registerBook(tx: Tx, agencyId: string, from: string, to: string, now: Date) {
  const agency = await getAgency(tx, agencyId);
  const start = new Date(`${from}T00:00:00+07:00`);
  const end = new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 24 * 3600_000);
  const states = await recordsReceivedBetween(tx, agencyId, start, end, 5000);
  const competent = states.map((s) => s.competentAgencyId).filter((x): x is string => Boolean(x));
  const [procedureName, agencyName, parents] = await Promise.all([
    procedureVersionNames(
      tx,
      states.map((s) => s.procedureVersionId),
    ),
    agencyNames(tx, competent),
    governingBodies(tx, [agencyId]),
  ]);
  const rows: RegisterRow[] = states.map((s) => ({
    code: s.code ?? '',
    procedureName: procedureName.get(s.procedureVersionId) ?? s.procedureCode,
    applicantName: s.applicant.fullName,
    addressOrPhone: [s.applicant.address, s.applicant.phone?.replace(/^\+84/, '0')]
      .filter(Boolean)
      .join('; '),
    competentAgencyName: (s.competentAgencyId && agencyName.get(s.competentAgencyId)) || '',
    receivedAt: s.receivedAt ?? '',
    appointmentDate: s.appointment?.dueDate ?? null,
    returnedAt: s.delivery?.at ?? null,
    returnMethod: s.delivery?.method ?? null,
  }));
  const content = buildRegister({
    agencyName: agency.name,
    governingBody: parents.get(agencyId),
    province: PROVINCE,
    from,
    to,
    at: now.toISOString(),
    rows,
  });
  return { bytes: await renderSlip(content), count: rows.length };
}

import { type ExpressionBuilder, sql } from 'kysely';
import type { RecordEvent, RecordState } from '../../core/records/index.ts';
import { nationalStatus } from '../../core/records/index.ts';
import { normalizeSearchText } from '../../core/vn/index.ts';
import type { DB, Tx } from '../../platform/db/index.ts';
import { enqueueCte, type OutboxMessage } from '../../platform/jobs/outbox.ts';
import { type AuditEntry, appendAuditCtes } from '../audit/index.ts';

/** Loads the projected state (the `state` column is the projection; events are the truth). */
export async function findState(tx: Tx, id: string): Promise<RecordState | undefined> {
  const row = await tx.selectFrom('records').select('state').where('id', '=', id).executeTakeFirst();
  return row ? (row.state as RecordState) : undefined;
}

/** The states of several records, by id (missing ones are absent). */
export async function findStates(tx: Tx, ids: readonly string[]): Promise<Map<string, RecordState>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('records').select(['id', 'state']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.state as RecordState]));
}

/** The records awaiting payment (national status 6) with their public codes: what a bank transfer may pay. */
export async function findAwaitingPayment(tx: Tx): Promise<{ id: string; code: string }[]> {
  const rows = await tx
    .selectFrom('records')
    .select(['id', 'code'])
    .where('status', '=', 'awaiting_payment')
    .where('code', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code! }));
}

/** What other systems are told about a record: its public code and procedure code, by id (missing ones are absent). */
export async function findIdentities(
  tx: Tx,
  ids: readonly string[],
): Promise<Map<string, { code: string | null; procedureCode: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('records')
    .select(['id', 'code', 'procedureCode'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { code: r.code, procedureCode: r.procedureCode }]));
}

/** A record's national status (DOMAIN.md §2.9) with the status and version it comes from. */
export interface NationalStatusRow {
  readonly id: string;
  readonly nationalStatus: number;
  readonly status: string;
  readonly version: number;
}

/**
 * One page (by id, after `after`) of the records past their draft with their national status; with
 * `updatedFrom`/`updatedTo`, only those changed in [from, to).
 */
export async function listNationalStatuses(
  tx: Tx,
  page: { after: string; limit: number; updatedFrom?: Date; updatedTo?: Date },
): Promise<NationalStatusRow[]> {
  const rows = await tx
    .selectFrom('records')
    .select(['id', 'nationalStatus', 'status', 'version'])
    .where('nationalStatus', 'is not', null)
    .where('id', '>', page.after)
    .$if(page.updatedFrom !== undefined, (q) => q.where('updatedAt', '>=', page.updatedFrom!))
    .$if(page.updatedTo !== undefined, (q) => q.where('updatedAt', '<', page.updatedTo!))
    .orderBy('id')
    .limit(page.limit)
    .execute();
  return rows.map((r) => ({ ...r, nationalStatus: r.nationalStatus! }));
}

/** The rating scores of several records, by id (unrated ones are absent). */
export async function ratingScores(tx: Tx, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('recordRatings')
    .select(['recordId', 'score'])
    .where('recordId', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.recordId, Number(r.score)]));
}

export async function findIdByCode(tx: Tx, code: string): Promise<string | undefined> {
  const row = await tx.selectFrom('records').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id;
}

/**
 * The record's due time for worklists and flags: its appointment, or while submitted online the time by
 * which reception must acknowledge it (DOMAIN.md §2.2).
 */
function dueAtOf(state: RecordState): Date | null {
  if (state.appointment) return new Date(state.appointment.dueAt);
  const ack = state.status === 'submitted' ? state.acknowledgeDueAt : null;
  return ack ? new Date(ack) : null;
}

/** Every active step of a record (several while parallel branches run; `[currentStep]` on older states). */
export function activeStepIndices(state: RecordState): number[] {
  return state.activeSteps ?? (state.currentStep === null ? [] : [state.currentStep]);
}

/** One active step as worklists show it (the agency holding it sees its own step, with its due time). */
export interface ActiveStepView {
  readonly stepIndex: number;
  readonly key: string;
  readonly agencyId: string;
  readonly role: string;
  readonly assigneeId: string | null;
  readonly dueAt: string | null;
}

/** The active steps as the `records.active_steps` column keeps them. */
export function activeStepViews(state: RecordState): ActiveStepView[] {
  return activeStepIndices(state).flatMap((i) => {
    const s = state.steps[i];
    return s
      ? [
          {
            stepIndex: i,
            key: s.key,
            agencyId: s.agencyId,
            role: s.role,
            assigneeId: s.assigneeId,
            dueAt: s.dueAt,
          },
        ]
      : [];
  });
}

/**
 * The worklist keys of a record (`records.active_step_tags`, GIN-indexed; migration 0026): `a:<agency>`
 * an active step is there, `r:<agency>:<role>` with that role, `n:<agency>:<role>` and nobody assigned,
 * `u:<user>` an active step is assigned to that user, `h:<agency>` a step there started (the agency took part).
 */
export function activeStepTags(state: RecordState): string[] {
  const tags = new Set<string>();
  for (const s of activeStepViews(state)) {
    tags.add(`a:${s.agencyId}`);
    tags.add(`r:${s.agencyId}:${s.role}`);
    if (s.assigneeId === null) tags.add(`n:${s.agencyId}:${s.role}`);
    else tags.add(`u:${s.assigneeId}`);
    tags.add(`h:${s.agencyId}`);
  }
  for (const s of state.steps) if (s.startedAt !== null) tags.add(`h:${s.agencyId}`);
  return [...tags].sort();
}

/** The `records` columns of a state (the projection; also written in bulk by `simulate --bulk`). */
export function projection(state: RecordState) {
  const step = state.currentStep === null ? undefined : state.steps[state.currentStep];
  return {
    code: state.code,
    status: state.status,
    nationalStatus: nationalStatus(state.status),
    procedureCode: state.procedureCode,
    procedureVersionId: state.procedureVersionId,
    channel: state.channel,
    receivingAgencyId: state.receivingAgencyId,
    competentAgencyId: state.competentAgencyId,
    returnPoint: state.returnPoint ? JSON.stringify(state.returnPoint) : null,
    applicantName: state.applicant.fullName,
    applicantSearch: normalizeSearchText(state.applicant.fullName),
    applicantPersonalId: state.applicant.personalId ?? null,
    applicantPhone: state.applicant.phone ?? null,
    receivedAt: state.receivedAt ? new Date(state.receivedAt) : null,
    dueAt: dueAtOf(state),
    currentStep: step?.key ?? null,
    currentAssigneeId: step?.assigneeId ?? null,
    currentStepDueAt: step?.dueAt ? new Date(step.dueAt) : null,
    // A new step starts unflagged (or overdue at once); the deadlines watch refines it to due_soon.
    stepDeadlineFlag: (step?.dueAt && Date.parse(step.dueAt) < Date.parse(state.updatedAt)
      ? 'overdue'
      : 'none') as 'overdue' | 'none',
    activeSteps: JSON.stringify(activeStepViews(state)),
    activeStepTags: activeStepTags(state),
    transferFailedAt: state.transferFailure ? new Date(state.transferFailure.at) : null,
    version: state.version,
    state: JSON.stringify(state),
    updatedAt: new Date(state.updatedAt),
  };
}

/**
 * The next record-code sequence number for an agency on a reception day, allocated in the caller's
 * transaction (a concurrent reception at the same agency waits for this one's commit).
 */
export async function nextRecordSequence(tx: Tx, agencyId: string, day: string): Promise<number> {
  const r = await sql<{ lastValue: number }>`
    insert into record_code_sequences (agency_id, day, last_value) values (${agencyId}, ${day}, 1)
    on conflict (agency_id, day) do update set last_value = record_code_sequences.last_value + 1
    returning last_value`.execute(tx);
  return Number(r.rows[0]!.lastValue);
}

/** One event row to append. */
export interface EventRow {
  id: string;
  recordId: string;
  seq: number;
  event: RecordEvent;
  actorId: string | null;
  agencyId: string | null;
  /** The leader the actor (a delegate) acted for. */
  onBehalfOf?: string | null;
  requestId: string | null;
  occurredAt: Date;
}

/** Everything one command writes: the projection, its events, one audit row and the outbox messages. */
export interface TransitionWrite {
  readonly state: RecordState;
  /** The projection's version the command was decided on; null for a new record. */
  readonly expectedVersion: number | null;
  readonly events: EventRow[];
  readonly audit: AuditEntry;
  readonly messages: readonly OutboxMessage[];
  readonly now: Date;
}

/**
 * Writes a command's projection, events, audit row and outbox messages in one statement (data-modifying
 * CTEs guarded by the projection's write): a version conflict writes nothing and returns false. Being one
 * statement, it is atomic even outside a transaction, and holds the audit chain head's lock only for the
 * statement's own commit.
 */
export async function writeTransition(tx: Tx, w: TransitionWrite): Promise<boolean> {
  const { state } = w;
  if (w.events.length === 0) throw new Error('writeTransition: a command writes at least one event');
  const projected =
    w.expectedVersion === null
      ? tx
          .insertInto('records')
          .values({ id: state.id, createdAt: new Date(state.createdAt), ...projection(state) })
          .returning('id')
      : tx
          .updateTable('records')
          .set(projection(state))
          .where('id', '=', state.id)
          .where('version', '=', w.expectedVersion)
          .returning('id');
  const values = sql.join(
    w.events.map(
      (r) =>
        sql`(${r.id}::uuid, ${r.recordId}::uuid, ${r.seq}::integer, ${r.event.type}::text, ${JSON.stringify(r.event)}::jsonb, ${r.actorId}::uuid, ${r.agencyId}::uuid, ${r.onBehalfOf ?? null}::uuid, ${r.requestId}::text, ${r.occurredAt}::timestamptz)`,
    ),
  );
  const result = await sql<{ written: number }>`
    with updated as (${projected}),
    event_rows as (
      insert into record_events (id, record_id, seq, type, payload, actor_id, agency_id, on_behalf_of, request_id, occurred_at)
      select * from (values ${values}) as v (id, record_id, seq, type, payload, actor_id, agency_id, on_behalf_of, request_id, occurred_at)
      where exists (select 1 from updated)
    ),
    ${appendAuditCtes(w.audit, w.now, 'updated')},
    ${enqueueCte(w.messages, w.now, 'updated')}
    select count(*)::integer as written from updated`.execute(tx);
  return result.rows[0]?.written === 1;
}

export function listEvents(tx: Tx, recordId: string) {
  return tx
    .selectFrom('recordEvents')
    .select(['seq', 'type', 'payload', 'actorId', 'agencyId', 'onBehalfOf', 'requestId', 'occurredAt'])
    .where('recordId', '=', recordId)
    .orderBy('seq')
    .execute();
}

export interface WorklistFilter {
  readonly assigneeId?: string | undefined;
  readonly agencyId?: string | undefined;
  readonly status?: string | undefined;
  readonly procedureCode?: string | undefined;
  readonly deadlineFlag?: 'due_soon' | 'overdue' | undefined;
  readonly stepDeadlineFlag?: 'due_soon' | 'overdue' | undefined;
  /**
   * Only records whose current step is worked by this role (e.g. `leader`: waiting for a decision); with
   * `stepAgencyId`, an active step of that role at that agency (any parallel branch).
   */
  readonly stepRole?: string | undefined;
  /** Only records with an active step at this agency. */
  readonly stepAgencyId?: string | undefined;
  /** Only the work waiting for this official now ({@link waitingFor}). */
  readonly waitingFor?: WaitingOfficial | undefined;
  /**
   * `created` (default): by id, `after` is the last id. `step_due`: oldest current-step due time first
   * (none last), then id; `after` is the last row's {@link stepDueCursor}. `newest`: by id, newest
   * first; `after` is the last id.
   */
  readonly sort?: 'created' | 'newest' | 'step_due' | undefined;
  readonly after?: string | undefined;
  readonly limit: number;
}

/** An official as their worklist of waiting work needs them. */
export interface WaitingOfficial {
  readonly userId: string;
  readonly agencyId: string;
  readonly roles: readonly string[];
}

/** Statuses in which a record waits for an official at one of its steps (not for the applicant). */
const AT_WORK = ['received', 'in_process', 'approved', 'result_ready', 'rejected'] as const;

/** `tags` overlaps the record's worklist keys ({@link activeStepTags}): one GIN-indexed test. */
function hasAnyTag(eb: ExpressionBuilder<DB, 'records'>, tags: readonly string[]) {
  return eb('activeStepTags', '&&', sql<string[]>`${[...tags]}::text[]`);
}

/**
 * The work waiting for `o`: records with an active step (any of its parallel branches) at their agency with
 * one of their roles, and assigned to them (or to nobody, but for a specialist step, which must be assigned
 * first); for a leader also the unassigned specialist steps there (to assign); for specialists and leaders
 * the approved results of their agency to issue; for reception the online submissions to their agency not
 * yet received.
 */
function waitingFor(eb: ExpressionBuilder<DB, 'records'>, o: WaitingOfficial) {
  const stepRoles = o.roles.filter((r) => r === 'reception' || r === 'specialist' || r === 'leader');
  const branches = [];
  if (stepRoles.length) {
    // As check-action's stepWorker: an unassigned specialist step waits for the leader's assignment first.
    // A step is assigned only to an official of its agency with its role, so `u:` alone names such steps.
    const unassigned = stepRoles.filter((r) => r !== 'specialist').map((r) => `n:${o.agencyId}:${r}`);
    branches.push(eb.and([eb('status', 'in', AT_WORK), hasAnyTag(eb, [`u:${o.userId}`, ...unassigned])]));
  }
  if (o.roles.includes('leader')) {
    branches.push(eb.and([eb('status', '=', 'in_process'), hasAnyTag(eb, [`n:${o.agencyId}:specialist`])]));
  }
  if (o.roles.includes('specialist') || o.roles.includes('leader')) {
    branches.push(eb.and([eb('status', '=', 'approved'), eb('competentAgencyId', '=', o.agencyId)]));
  }
  if (o.roles.includes('reception')) {
    branches.push(eb.and([eb('status', '=', 'submitted'), eb('receivingAgencyId', '=', o.agencyId)]));
  }
  return branches.length ? eb.or(branches) : eb.val(false);
}

/** The current step's due time (or `infinity`) and id: the keyset of the `step_due` order. */
export function stepDueCursor(row: { currentStepDueAt: Date | null; id: string }): string {
  return `${row.currentStepDueAt ? row.currentStepDueAt.toISOString() : 'infinity'}_${row.id}`;
}

/** Parses a {@link stepDueCursor}; undefined when it is not one. */
export function parseStepDueCursor(cursor: string): { dueAt: string; id: string } | undefined {
  const m =
    /^(infinity|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(
      cursor,
    );
  return m ? { dueAt: m[1]!, id: m[2]! } : undefined;
}

/** The current step's field `key` in the projected state (JSONB: steps[currentStep]). */
const currentStepField = (key: 'role' | 'agencyId') =>
  sql<string>`state->'steps'->((state->>'currentStep')::int)->>${sql.lit(key)}`;
const stepDue = sql<Date>`coalesce(current_step_due_at, 'infinity'::timestamptz)`;

const SUMMARY = [
  'id',
  'code',
  'status',
  'nationalStatus',
  'procedureCode',
  'channel',
  'receivingAgencyId',
  'competentAgencyId',
  'applicantName',
  'receivedAt',
  'dueAt',
  'currentStep',
  'currentAssigneeId',
  'currentStepDueAt',
  'deadlineFlag',
  'stepDeadlineFlag',
  'version',
  'procedureVersionId',
  'activeSteps',
  'transferFailedAt',
] as const;

/**
 * Worklists: keyset pagination on id (UUIDv7, so creation order), or on the current step's due time.
 * Drafts are the applicant's until submitted: no worklist shows them.
 */
export function listWorklist(tx: Tx, f: WorklistFilter) {
  let q = tx.selectFrom('records').select(SUMMARY).where('status', '!=', 'draft').limit(f.limit);
  q =
    f.sort === 'step_due'
      ? q.orderBy(stepDue).orderBy('id')
      : f.sort === 'newest'
        ? q.orderBy('id', 'desc')
        : q.orderBy('id');
  const waiting = f.waitingFor;
  if (waiting) q = q.where((eb) => waitingFor(eb, waiting));
  // An active step (of any parallel branch) assigned to them.
  const assigneeId = f.assigneeId;
  if (assigneeId) q = q.where((eb) => hasAnyTag(eb, [`u:${assigneeId}`]));
  if (f.agencyId) {
    const agencyId = f.agencyId;
    q = q.where((eb) =>
      eb.or([
        eb('competentAgencyId', '=', agencyId),
        eb('receivingAgencyId', '=', agencyId),
        hasAnyTag(eb, [`h:${agencyId}`]),
      ]),
    );
  }
  if (f.status) q = q.where('status', '=', f.status);
  if (f.procedureCode) q = q.where('procedureCode', '=', f.procedureCode);
  if (f.deadlineFlag) q = q.where('deadlineFlag', '=', f.deadlineFlag);
  if (f.stepDeadlineFlag) q = q.where('stepDeadlineFlag', '=', f.stepDeadlineFlag);
  const { stepRole, stepAgencyId } = f;
  if (stepRole && stepAgencyId) q = q.where((eb) => hasAnyTag(eb, [`r:${stepAgencyId}:${stepRole}`]));
  else if (stepRole) q = q.where(currentStepField('role'), '=', stepRole);
  else if (stepAgencyId) q = q.where((eb) => hasAnyTag(eb, [`a:${stepAgencyId}`]));
  const cursor = f.sort === 'step_due' && f.after ? parseStepDueCursor(f.after) : undefined;
  if (cursor) {
    q = q.where(sql<boolean>`(${stepDue}, id) > (${cursor.dueAt}::timestamptz, ${cursor.id}::uuid)`);
  } else if (f.after) q = q.where('id', f.sort === 'newest' ? '<' : '>', f.after);
  return q.execute();
}

/** Search by record code, applicant name (without diacritics), personal ID or phone; never drafts. */
export function searchRecords(
  tx: Tx,
  q: {
    code?: string | undefined;
    name?: string[] | undefined;
    personalId?: string | undefined;
    phone?: string | undefined;
    /** Only records this agency receives, decides or holds a step of. */
    agencyId?: string | undefined;
    limit: number;
  },
) {
  let query = tx
    .selectFrom('records')
    .select(SUMMARY)
    .where('status', '!=', 'draft')
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.agencyId) {
    const agencyId = q.agencyId;
    query = query.where((eb) =>
      eb.or([
        eb('competentAgencyId', '=', agencyId),
        eb('receivingAgencyId', '=', agencyId),
        hasAnyTag(eb, [`h:${agencyId}`]),
      ]),
    );
  }
  if (q.code) query = query.where('code', '=', q.code);
  for (const token of q.name ?? []) query = query.where('applicantSearch', 'like', `%${token}%`);
  if (q.personalId) query = query.where('applicantPersonalId', '=', q.personalId);
  if (q.phone) query = query.where('applicantPhone', '=', q.phone);
  return query.execute();
}

/**
 * Statuses in which a clock runs: the legal one (a supplement request stops it; a result ends it), and
 * for a submitted online record the time to acknowledge it.
 */
export const CLOCK_RUNNING = ['submitted', 'received', 'in_process', 'awaiting_payment', 'approved'] as const;

/**
 * Marks due-soon and overdue records for worklists and counts; returns how many flags changed. Only the
 * projection's flag changes: history is not touched.
 */
export async function refreshDeadlineFlags(tx: Tx, now: Date, soon: Date): Promise<number> {
  const running = [...CLOCK_RUNNING];
  let changed = 0;
  // The record's appointment, then its current step's due time: each flag is none, due_soon or overdue.
  for (const [flag, due] of [
    ['deadlineFlag', 'dueAt'],
    ['stepDeadlineFlag', 'currentStepDueAt'],
  ] as const) {
    const overdue = await tx
      .updateTable('records')
      .set({ [flag]: 'overdue' })
      .where('status', 'in', running)
      .where(due, '<', now)
      .where(flag, '!=', 'overdue')
      .executeTakeFirst();
    const dueSoon = await tx
      .updateTable('records')
      .set({ [flag]: 'due_soon' })
      .where('status', 'in', running)
      .where(due, '>=', now)
      .where(due, '<', soon)
      .where(flag, '!=', 'due_soon')
      .executeTakeFirst();
    const cleared = await tx
      .updateTable('records')
      .set({ [flag]: 'none' })
      .where(flag, '!=', 'none')
      .where((eb) => eb.or([eb('status', 'not in', running), eb(due, '>=', soon), eb(due, 'is', null)]))
      .executeTakeFirst();
    changed +=
      Number(overdue.numUpdatedRows) + Number(dueSoon.numUpdatedRows) + Number(cleared.numUpdatedRows);
  }
  return changed;
}

/** Stores the applicant's rating; undefined when the record was already rated. */
export function insertRating(
  tx: Tx,
  row: { recordId: string; score: number; comment: string | null; ratedAt: Date },
) {
  return tx
    .insertInto('recordRatings')
    .values(row)
    .onConflict((oc) => oc.column('recordId').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The record's rating, if it has one. */
export async function findRating(tx: Tx, recordId: string) {
  const r = await tx
    .selectFrom('recordRatings')
    .select(['score', 'comment', 'ratedAt'])
    .where('recordId', '=', recordId)
    .executeTakeFirst();
  return r ? { score: r.score, comment: r.comment, ratedAt: r.ratedAt.toISOString() } : null;
}

/** The states of records received by an agency in [start, end), in order of reception. */
export async function receivedBetween(
  tx: Tx,
  agencyId: string,
  start: Date,
  end: Date,
  limit: number,
): Promise<RecordState[]> {
  const rows = await tx
    .selectFrom('records')
    .select('state')
    .where('receivingAgencyId', '=', agencyId)
    .where('receivedAt', '>=', start)
    .where('receivedAt', '<', end)
    .orderBy('receivedAt')
    .orderBy('code')
    .limit(limit)
    .execute();
  return rows.map((r) => r.state as RecordState);
}

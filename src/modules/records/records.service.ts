import { uuidv7 } from 'uuidv7';
import { DomainError, type ErrorCode } from '../../core/errors/index.ts';
import type { StepAgencyFacts } from '../../core/records/decide-context.ts';
import {
  type Actor,
  availableActions,
  type DecideAgency,
  type DecideContext,
  decide,
  evolve,
  namedAssignee,
  type ProcedureFacts,
  type RecordCommand,
  type RecordEvent,
  type RecordPolicy,
  type RecordState,
  StaffRole,
  vnDateOf,
} from '../../core/records/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import { assertVersionInForce, getProcedureFacts } from '../catalog/index.ts';
import { activeOfficialCounts, findStepOfficial } from '../identity/index.ts';
import { agenciesOnSystem, searchAgencies } from '../units/index.ts';
import * as store from './records.store.ts';

/** Who sent the command, with the request it came in (for the audit trail). */
export interface CommandMeta {
  readonly actor: Actor;
  readonly actorRole?: string | undefined;
  readonly requestId?: string | undefined;
  readonly now: Date;
  /** The city's rules in force now; a record keeps those in force at its reception. */
  readonly policy?: Partial<RecordPolicy> | undefined;
  /**
   * Whether the caller may know that the record exists (an official who may see it, the applicant who owns
   * it). When it answers false the command fails exactly as on an unknown id, before the version and every
   * other check, so that neither its status nor its version leaks. Omitted only by trusted callers.
   */
  readonly mayKnow?: ((state: RecordState) => boolean) | undefined;
}

export interface CommandResult {
  readonly state: RecordState;
  readonly events: RecordEvent[];
  readonly created: boolean;
  /** The working calendar the decision used (for presenting the available actions). */
  readonly calendar: DecideContext['calendar'];
}

const OPENING_TYPES = new Set(['create_draft', 'receive', 'refuse', 'request_completion']);

/**
 * Whether a command on an existing record writes only the one statement of {@link store.writeTransition},
 * so that it is atomic without a transaction around it. The opening ones are not: `receive` also allocates
 * the day's record-code number, which must roll back with a refused or conflicting reception.
 */
export function writesInOneStatement(commandType: RecordCommand['type']): boolean {
  return !OPENING_TYPES.has(commandType);
}

/** The record as a caller sees it: the projected state plus the actions this caller may take now. */
export function presentRecord(
  state: RecordState,
  actor: Actor,
  now: Date,
  calendar?: DecideContext['calendar'],
) {
  return {
    ...state,
    availableActions: availableActions(state, actor, calendar ? { now, calendar } : undefined),
  };
}

/**
 * Per-app caches of what every command reads: procedure versions never change once written (a change is
 * a new version), so their facts are cached for good; the agency list changes rarely and is re-read after
 * a minute.
 */
export interface RecordsCache {
  procedures: Map<string, ProcedureFacts>;
  agencies?: { at: number; list: DecideAgency[] };
}

export function createRecordsCache(): RecordsCache {
  return { procedures: new Map() };
}

const AGENCIES_TTL_MS = 60_000;
const MAX_CACHED_VERSIONS = 5000;

async function procedureFacts(tx: Tx, cache: RecordsCache, versionId: string): Promise<ProcedureFacts> {
  let facts = cache.procedures.get(versionId);
  if (!facts) {
    facts = await getProcedureFacts(tx, versionId);
    if (cache.procedures.size >= MAX_CACHED_VERSIONS) cache.procedures.clear();
    cache.procedures.set(versionId, facts);
  }
  return facts;
}

async function agenciesOf(tx: Tx, cache: RecordsCache, now: number): Promise<DecideAgency[]> {
  if (!cache.agencies || now - cache.agencies.at > AGENCIES_TTL_MS) {
    cache.agencies = { at: now, list: await cityAgencies(tx) };
  }
  return cache.agencies.list;
}

/** Commands that hand a record over to further steps (their context carries `stepAgencies`). */
const HANDING_OVER = new Set<string>(['forward', 'retry_transfer']);

/**
 * What a hand-over needs to know of the agencies it may go to (`ctx.stepAgencies`): for each agency holding
 * a step of the record, whether it works on the system and how many active officials it has per role. A
 * step whose agency has nobody with its role (or is not on the system) makes the forward a
 * `transfer_failed` event instead of a hand-over into a worklist nobody reads. Two queries.
 */
export async function loadStepAgencies(tx: Tx, state: RecordState): Promise<StepAgencyFacts[]> {
  const ids = [...new Set(state.steps.map((s) => s.agencyId))];
  const onSystem = await agenciesOnSystem(tx, ids);
  const counts = await activeOfficialCounts(tx, ids);
  return ids.map((agencyId) => ({
    agencyId,
    onSystem: onSystem.get(agencyId) ?? false,
    eligibleOfficials: (counts.get(agencyId) ?? []).flatMap((c) => {
      const role = StaffRole.safeParse(c.role);
      return role.success ? [{ role: role.data, count: c.count }] : [];
    }),
  }));
}

/** @throws record.not_found */
export async function getRecordState(tx: Tx, id: string): Promise<RecordState> {
  const state = await store.findState(tx, id);
  if (!state) throw new DomainError('record.not_found', { id });
  return state;
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

function procedureVersionOf(command: RecordCommand, state: RecordState | null): string | undefined {
  if (command.type === 'create_draft') return command.procedureVersionId;
  if ('opening' in command && command.opening) return command.opening.procedureVersionId;
  return state?.procedureVersionId;
}

function receivingAgencyOf(
  command: RecordCommand,
  state: RecordState | null,
  actor: Actor,
): string | undefined {
  if ('opening' in command && command.opening && actor.kind === 'official') return actor.agencyId;
  return state?.receivingAgencyId ?? undefined;
}

/**
 * Runs one command on one record in the caller's transaction (or on the database itself, when
 * {@link writesInOneStatement}): loads the state and what the decision needs, decides, and writes the
 * events, the projection (optimistic concurrency on `expectedVersion`), one audit row and one outbox message
 * per event in one statement. On any error nothing is written.
 * @throws record.not_found, record.version_conflict, and every record.* refusal of the decision.
 */
export async function executeCommand(
  tx: Tx,
  services: { calendars: CalendarService; cache: RecordsCache },
  target: { recordId?: string; expectedVersion?: number },
  command: RecordCommand,
  meta: CommandMeta,
): Promise<CommandResult> {
  const state = target.recordId ? await getRecordState(tx, target.recordId) : null;
  if (state && meta.mayKnow && !meta.mayKnow(state)) {
    throw new DomainError('record.not_found', { id: target.recordId });
  }
  if (state && target.expectedVersion !== undefined && state.version !== target.expectedVersion) {
    throw new DomainError('record.version_conflict', {
      current: state.version,
      expected: target.expectedVersion,
    });
  }
  const versionId = procedureVersionOf(command, state);
  const assigneeId = namedAssignee(command);
  const assignee = assigneeId === undefined ? undefined : await findStepOfficial(tx, assigneeId);
  const needsProcedure = OPENING_TYPES.has(command.type);
  // A new record opens under the procedure version in force only (issue 14: versions take effect on a date).
  if (!state && needsProcedure && versionId) await assertVersionInForce(tx, versionId);
  const ctx: DecideContext = {
    now: meta.now,
    calendar: await services.calendars.calendar(tx),
    ...(meta.policy ? { policy: meta.policy } : {}),
    ...(state ? {} : { newRecordId: uuidv7() }),
    ...(needsProcedure && versionId
      ? { procedure: await procedureFacts(tx, services.cache, versionId) }
      : {}),
    ...(command.type === 'receive' || command.type === 'create_draft'
      ? { agencies: await agenciesOf(tx, services.cache, meta.now.getTime()) }
      : {}),
    ...(assigneeId === undefined ? {} : { officials: assignee ? [assignee] : [] }),
    ...(state && HANDING_OVER.has(command.type) ? { stepAgencies: await loadStepAgencies(tx, state) } : {}),
  };
  let decideCtx = ctx;
  if (command.type === 'receive') {
    const agencyId = receivingAgencyOf(command, state, meta.actor);
    if (agencyId) {
      decideCtx = {
        ...ctx,
        receptionSequence: await store.nextRecordSequence(tx, agencyId, vnDateOf(meta.now)),
      };
    }
  }
  const decision = decide(state, command, meta.actor, decideCtx);
  if (!decision.ok) {
    const { code, params, issues } = decision.error;
    throw new DomainError(code as ErrorCode, { ...params }, issues ? { issues } : {});
  }
  const events = decision.events;
  const next = events.reduce<RecordState | null>(evolve, state);
  if (!next) throw new DomainError('system.internal', { reason: 'decision produced no record' });
  const before = state?.version ?? 0;
  const actorId = meta.actor.kind === 'official' ? meta.actor.userId : null;
  const agencyId = meta.actor.kind === 'official' ? meta.actor.agencyId : null;
  const leaderId = (meta.actor.kind === 'official' && meta.actor.onBehalfOf) || null;
  const eventRows = events.map((event, i) => ({
    id: uuidv7(),
    recordId: next.id,
    seq: before + i + 1,
    event,
    actorId,
    agencyId,
    onBehalfOf: leaderId,
    requestId: meta.requestId ?? null,
    occurredAt: meta.now,
  }));
  const written = await store.writeTransition(tx, {
    state: next,
    expectedVersion: state ? before : null,
    events: eventRows,
    audit: {
      actorId: actorId ?? undefined,
      actorRole: meta.actorRole ?? (meta.actor.kind === 'applicant' ? 'applicant' : undefined),
      onBehalfOf: meta.actor.kind === 'applicant' ? meta.actor.accountId : (leaderId ?? undefined),
      requestId: meta.requestId,
      action: `record.${command.type}`,
      entityType: 'record',
      entityId: next.id,
      change: { fromVersion: before, toVersion: next.version, events },
    },
    messages: events.map((event, i) => ({
      topic: `record.${event.type}`,
      key: next.id,
      payload: { recordId: next.id, code: next.code, seq: before + i + 1, status: next.status, event },
      idempotencyKey: `record:${next.id}:${before + i + 1}`,
    })),
    now: meta.now,
  });
  if (!written) throw new DomainError('record.version_conflict', { expected: before });
  return { state: next, events, created: state === null, calendar: ctx.calendar };
}

/** Re-marks due-soon and overdue records (the deadlines watch). */
export function refreshDeadlines(tx: Tx, now: Date, dueSoonHours: number): Promise<number> {
  return store.refreshDeadlineFlags(tx, now, new Date(now.getTime() + dueSoonHours * 3_600_000));
}

/** A record's events, oldest first (its history as `project` folds it). */
export async function listRecordEvents(tx: Tx, recordId: string): Promise<RecordEvent[]> {
  return (await store.listEvents(tx, recordId)).map((r) => r.payload as RecordEvent);
}

/** The records an agency received in [start, end) (the register book), at most `limit`. */
export function recordsReceivedBetween(tx: Tx, agencyId: string, start: Date, end: Date, limit: number) {
  return store.receivedBetween(tx, agencyId, start, end, limit);
}

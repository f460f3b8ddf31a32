import { uuidv7 } from 'uuidv7';
import { DomainError } from '../../../core/errors/index.ts';
import type { StaffRole } from '../../../core/records/index.ts';
import type { Tx } from '../../../platform/db/index.ts';
import { appendAudit } from '../../audit/index.ts';
import { agencyScope } from '../../units/index.ts';
import { findUserById } from '../identity.store.ts';
import * as store from './organisation.store.ts';

/** The longest delegation (a leader's leave or a long mission); a longer one is a change of position. */
export const MAX_DELEGATION_DAYS = 366;

const invalid = (path: string, code: string, message: string, messageVi: string) =>
  new DomainError('delegation.invalid', { field: path }, { issues: [{ path, code, message, messageVi }] });

/**
 * A leader lets another active official of their own agency act on their behalf from `startsAt` until
 * `endsAt` (at most {@link MAX_DELEGATION_DAYS} days, ending in the future). Audited as
 * `delegation.created`.
 * @throws delegation.invalid (naming body.toUserId, body.endsAt)
 */
export async function createDelegation(
  tx: Tx,
  actor: { userId: string; agencyId: string },
  input: { toUserId: string; startsAt: Date; endsAt: Date; reason?: string | undefined },
  meta: { now: Date; requestId?: string | undefined },
): Promise<{ id: string }> {
  if (input.toUserId === actor.userId)
    throw invalid(
      'body.toUserId',
      'self',
      'a leader cannot delegate to themselves',
      'không thể ủy quyền cho chính mình',
    );
  const to = await findUserById(tx, input.toUserId);
  if (!to?.active || to.agencyId !== actor.agencyId)
    throw invalid(
      'body.toUserId',
      'not_in_agency',
      'the delegate must be an active official of your agency',
      'người được ủy quyền phải là cán bộ đang làm việc cùng đơn vị',
    );
  if (input.endsAt.getTime() <= input.startsAt.getTime() || input.endsAt.getTime() <= meta.now.getTime())
    throw invalid(
      'body.endsAt',
      'not_after',
      'the end must be after the start and in the future',
      'thời điểm kết thúc phải sau thời điểm bắt đầu và sau hiện tại',
    );
  if (input.endsAt.getTime() - input.startsAt.getTime() > MAX_DELEGATION_DAYS * 86_400_000)
    throw invalid(
      'body.endsAt',
      'too_long',
      `at most ${MAX_DELEGATION_DAYS} days`,
      `tối đa ${MAX_DELEGATION_DAYS} ngày`,
    );
  const id = uuidv7();
  const reason = input.reason?.trim() || null;
  await store.insertDelegation(tx, {
    id,
    fromUserId: actor.userId,
    toUserId: to.id,
    agencyId: actor.agencyId,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    reason,
    createdBy: actor.userId,
    createdAt: meta.now,
  });
  await appendAudit(
    tx,
    [
      {
        actorId: actor.userId,
        actorRole: 'leader',
        requestId: meta.requestId,
        action: 'delegation.created',
        entityType: 'delegation',
        entityId: id,
        change: {
          from: actor.userId,
          to: to.id,
          startsAt: input.startsAt.toISOString(),
          endsAt: input.endsAt.toISOString(),
          reason,
        },
      },
    ],
    meta.now,
  );
  return { id };
}

/**
 * Ends a delegation now: the leader who gave it, the delegate, or an administrator of the agency (or one
 * above it). Revoking one already revoked changes nothing. Audited as `delegation.revoked`.
 * @throws delegation.not_found (also for anyone else)
 */
export async function revokeDelegation(
  tx: Tx,
  actor: { userId: string; agencyId: string; roles: readonly string[] },
  id: string,
  meta: { now: Date; requestId?: string | undefined },
): Promise<void> {
  const d = await store.findDelegationForUpdate(tx, id);
  const allowed =
    d &&
    (d.fromUserId === actor.userId ||
      d.toUserId === actor.userId ||
      (actor.roles.includes('admin') && (await agencyScope(tx, actor.agencyId)).has(d.agencyId)));
  if (!d || !allowed) throw new DomainError('delegation.not_found', { id });
  if (d.revokedAt) return;
  await store.revokeDelegation(tx, id, actor.userId, meta.now);
  await appendAudit(
    tx,
    [
      {
        actorId: actor.userId,
        actorRole:
          d.fromUserId === actor.userId ? 'leader' : d.toUserId === actor.userId ? 'delegate' : 'admin',
        requestId: meta.requestId,
        action: 'delegation.revoked',
        entityType: 'delegation',
        entityId: id,
        change: { from: d.fromUserId, to: d.toUserId },
      },
    ],
    meta.now,
  );
}

/** The delegations an official gave or received that have not ended or been revoked. */
export async function listDelegations(tx: Tx, actor: { userId: string }, now: Date) {
  const rows = await store.delegationsOf(tx, actor.userId, now);
  return rows.map((r) => ({
    id: r.id,
    from: { userId: r.fromUserId, displayName: r.fromName },
    to: { userId: r.toUserId, displayName: r.toName },
    agencyId: r.agencyId,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    reason: r.reason,
    running: r.startsAt <= now,
    given: r.fromUserId === actor.userId,
  }));
}

/**
 * The delegation letting `delegateId` act on behalf of `leaderId` now, or undefined (see
 * {@link delegatedAuthority} for the checks a record action makes).
 */
export function actingFor(tx: Tx, delegateId: string, leaderId: string, now: Date) {
  return store.runningDelegation(tx, leaderId, delegateId, now);
}

/** Why a delegation cannot be used now (`params.reason` of `delegation.not_in_force`). */
export type DelegationRefusal =
  | 'none'
  | 'not_started'
  | 'expired'
  | 'revoked'
  | 'other_agency'
  | 'leader_inactive';

/** What a delegate may use of a leader's authority: the leader's record roles (never admin or monitor). */
export interface DelegatedAuthority {
  readonly leaderId: string;
  readonly leaderName: string;
  readonly agencyId: string;
  readonly roles: StaffRole[];
}

const RECORD_ROLES = new Set<string>(['reception', 'specialist', 'leader']);

function recordRoles(roles: readonly string[]): StaffRole[] {
  return roles.filter((r): r is StaffRole => RECORD_ROLES.has(r));
}

/**
 * The leader's authority `delegate` may use now: a delegation from `leaderId` to them that has started,
 * not ended and not been revoked, the leader still active, and the leader and the delegate both still of
 * the delegation's agency (a delegate who moved to another agency, or a leader who did, acts for no one).
 * What it grants: the leader's record roles (reception, specialist, leader), never administration or
 * city monitoring.
 * @throws delegation.not_in_force with params.reason: {@link DelegationRefusal}, params.leaderId
 */
export async function delegatedAuthority(
  tx: Tx,
  delegate: { userId: string; agencyId: string },
  leaderId: string,
  now: Date,
): Promise<DelegatedAuthority> {
  const refuse = (reason: DelegationRefusal) =>
    new DomainError('delegation.not_in_force', { reason, leaderId });
  const all = await store.delegationsBetween(tx, leaderId, delegate.userId);
  const t = now.getTime();
  const running = all.find(
    (d) => d.revokedAt === null && d.startsAt.getTime() <= t && d.endsAt.getTime() > t,
  );
  if (!running) {
    if (all.some((d) => d.revokedAt === null && d.startsAt.getTime() > t)) throw refuse('not_started');
    const latest = all[0];
    if (!latest) throw refuse('none');
    throw refuse(
      latest.revokedAt !== null && latest.revokedAt.getTime() < latest.endsAt.getTime()
        ? 'revoked'
        : 'expired',
    );
  }
  const leader = await findUserById(tx, leaderId);
  if (!leader?.active) throw refuse('leader_inactive');
  if (leader.agencyId !== running.agencyId || delegate.agencyId !== running.agencyId)
    throw refuse('other_agency');
  return {
    leaderId,
    leaderName: leader.displayName,
    agencyId: running.agencyId,
    roles: recordRoles(leader.roles),
  };
}

/**
 * Every leader `delegate` may act for now (the same checks as {@link delegatedAuthority}, those failing
 * left out): what the record page offers and the worklist's tabs.
 */
export async function delegatedAuthorities(
  tx: Tx,
  delegate: { userId: string; agencyId: string },
  now: Date,
): Promise<DelegatedAuthority[]> {
  const rows = await store.leadersActedFor(tx, delegate.userId, now);
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    if (seen.has(r.leaderId)) return [];
    seen.add(r.leaderId);
    if (!r.leaderActive || r.leaderAgencyId !== r.agencyId || delegate.agencyId !== r.agencyId) return [];
    return [
      {
        leaderId: r.leaderId,
        leaderName: r.leaderName,
        agencyId: r.agencyId,
        roles: recordRoles(r.leaderRoles),
      },
    ];
  });
}

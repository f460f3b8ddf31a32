import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors/index.ts';
import type { Actor, StaffRole } from '../../core/records/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { requireCitizen } from '../../platform/http/index.ts';
import { getRecordState } from './records.service.ts';
import * as store from './records.store.ts';

/** The header carrying the applicant token (defined in platform/http, where route schemas can read it at load). */
export { APPLICANT_TOKEN } from '../../platform/http/index.ts';

export function officialActor(req: FastifyRequest): Actor {
  const a = req.actor!;
  return { kind: 'official', userId: a.userId, agencyId: a.agencyId, roles: [...a.roles] };
}

/**
 * The signed-in official acting for a leader under a delegation in force: their own id, the leader's
 * authority (record roles, agency) and the leader's id as `onBehalfOf`.
 */
export function delegatedActor(
  req: FastifyRequest,
  authority: { leaderId: string; agencyId: string; roles: readonly StaffRole[] },
): Actor {
  return {
    kind: 'official',
    userId: req.actor!.userId,
    agencyId: authority.agencyId,
    roles: [...authority.roles],
    onBehalfOf: authority.leaderId,
  };
}

export function applicantActor(token: string): Actor {
  return { kind: 'applicant', accountId: `portal:${createHash('sha256').update(token).digest('hex')}` };
}

/**
 * Officials see a record when their agency takes part in it (receiving, competent, the place of return, a
 * step it holds now or held before: an agency whose step has not started yet does not see it) or when they
 * monitor the city; others get 404, as if it did not exist (personal data). An administrator manages
 * accounts, not records: their own role at their agency decides what they see.
 */
export function canView(
  state: {
    receivingAgencyId: string | null;
    competentAgencyId: string | null;
    steps: { agencyId: string; startedAt?: string | null }[];
    returnPoint: unknown;
  },
  req: FastifyRequest,
): boolean {
  const a = req.actor!;
  if (a.roles.includes('monitor')) return true;
  const returnAgency = (state.returnPoint as { agencyId?: string } | null)?.agencyId;
  return [
    state.receivingAgencyId,
    state.competentAgencyId,
    returnAgency,
    ...state.steps.filter((s) => s.startedAt !== null).map((s) => s.agencyId),
  ].includes(a.agencyId);
}

/**
 * The record's state if the signed-in official may see it; a draft is the applicant's alone until they
 * submit it. @throws record.not_found
 */
export async function visibleState(db: Tx, id: string, req: FastifyRequest) {
  const state = await getRecordState(db, id);
  if (state.status === 'draft' || !canView(state, req)) throw new DomainError('record.not_found', { id });
  return state;
}

/**
 * Refuses an applicant token that has expired: it works until `days` after its record last changed (the
 * submission, a request to the applicant, the result), so a token left in a receipt's QR link or a
 * browser does not open the record for good. A token that is not this record's is left to the route
 * (which answers as for a missing record). @throws applicant.token_expired
 */
export async function refuseExpiredToken(db: Tx, id: string, token: string, now: Date, days: number) {
  const state = await store.findState(db, id);
  const actor = applicantActor(token);
  if (!state || actor.kind !== 'applicant' || state.applicantAccountId !== actor.accountId) return;
  if (Date.parse(state.updatedAt) + days * 24 * 3600_000 <= now.getTime()) {
    throw new DomainError('applicant.token_expired', {});
  }
}

/**
 * The record's state if the token is the one its online submission returned (the applicant's only proof
 * of ownership without e-ID sign-in: {@link citizenState}). A wrong token answers as a missing record. @throws record.not_found
 */
export async function ownedState(db: Tx, id: string, token: string) {
  const state = await getRecordState(db, id);
  const actor = applicantActor(token);
  if (actor.kind !== 'applicant' || state.applicantAccountId !== actor.accountId) {
    throw new DomainError('record.not_found', { id });
  }
  return state;
}

/**
 * The record's state if the citizen signed in with e-ID is its applicant: the record's applicant personal
 * ID is the one the identity provider verified (online or received at a counter). A draft is its token
 * holder's; any other record answers as a missing one. @throws citizen.unauthenticated, record.not_found
 */
export async function citizenState(db: Tx, id: string, req: FastifyRequest) {
  const citizen = requireCitizen(req);
  const state = await getRecordState(db, id);
  if (state.status === 'draft' || state.applicant.personalId !== citizen.personalId)
    throw new DomainError('record.not_found', { id });
  return state;
}

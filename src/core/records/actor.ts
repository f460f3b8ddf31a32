import { z } from 'zod';

/** Staff roles, as in the identity module (reception officer, specialist, leader, monitor, administrator). */
export const StaffRole = z.enum(['reception', 'specialist', 'leader', 'monitor', 'admin']);
/** A staff role. */
export type StaffRole = z.infer<typeof StaffRole>;

/**
 * A civil servant acting for the agency they belong to. With `onBehalfOf`, `userId` acts for that leader
 * under a running delegation (docs/OFFICIALS.md): `roles` are then the leader's and the leader is who a
 * step's assignment is compared with; the event names both.
 */
export const OfficialActor = z.object({
  kind: z.literal('official'),
  userId: z.string().min(1),
  agencyId: z.string().min(1),
  roles: z.array(StaffRole),
  onBehalfOf: z.string().min(1).optional(),
});
/** A civil servant acting for the agency they belong to. */
export type OfficialActor = z.infer<typeof OfficialActor>;

/** An applicant (citizen or organisation) signed in with their account (VNeID, Decree 69/2024 art. 9). */
export const ApplicantActor = z.object({ kind: z.literal('applicant'), accountId: z.string().min(1) });
/** An applicant signed in with their account. */
export type ApplicantActor = z.infer<typeof ApplicantActor>;

/**
 * An integration acting on its own (issue 16): a record arriving from the national portal, a post office
 * callback, a civil-status result. Audited as `system:<integration>`; what it may do is in ACTION_RULES.
 */
export const SystemActor = z.object({
  kind: z.literal('system'),
  integration: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
});
/** An integration acting on its own. */
export type SystemActor = z.infer<typeof SystemActor>;

/** Whoever asks for a decision. */
export const Actor = z.discriminatedUnion('kind', [OfficialActor, ApplicantActor, SystemActor]);
/** Whoever asks for a decision. */
export type Actor = z.infer<typeof Actor>;

/** Who did something, as written into an event (roles are not history: they change). */
export const ActorRef = z.discriminatedUnion('kind', [
  OfficialActor.omit({ roles: true }),
  ApplicantActor,
  SystemActor,
]);
/** Who did something, as written into an event. */
export type ActorRef = z.infer<typeof ActorRef>;

/** The part of an actor an event keeps. */
export function actorRef(actor: Actor): ActorRef {
  if (actor.kind === 'official')
    return {
      kind: 'official',
      userId: actor.userId,
      agencyId: actor.agencyId,
      ...(actor.onBehalfOf === undefined ? {} : { onBehalfOf: actor.onBehalfOf }),
    };
  return actor.kind === 'applicant'
    ? { kind: 'applicant', accountId: actor.accountId }
    : { kind: 'system', integration: actor.integration };
}

/** True when `actor` is an official of `agencyId` holding one of `roles`. */
export function isStaffOf(actor: Actor, agencyId: string | null, roles: readonly StaffRole[]): boolean {
  return (
    actor.kind === 'official' &&
    agencyId !== null &&
    actor.agencyId === agencyId &&
    actor.roles.some((r) => roles.includes(r))
  );
}

/** The official whose authority an official actor uses: the leader they act for, else themselves. */
export function authorityOf(actor: OfficialActor): string {
  return actor.onBehalfOf ?? actor.userId;
}

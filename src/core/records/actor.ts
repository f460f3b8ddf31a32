import { z } from 'zod';

/** Staff roles, as in the identity module (reception officer, specialist, leader, monitor, administrator). */
export const StaffRole = z.enum(['reception', 'specialist', 'leader', 'monitor', 'admin']);
/** A staff role. */
export type StaffRole = z.infer<typeof StaffRole>;

/** A civil servant acting for the agency they belong to. */
export const OfficialActor = z.object({
  kind: z.literal('official'),
  userId: z.string().min(1),
  agencyId: z.string().min(1),
  roles: z.array(StaffRole),
});
/** A civil servant acting for the agency they belong to. */
export type OfficialActor = z.infer<typeof OfficialActor>;

/** An applicant (citizen or organisation) signed in with their account (VNeID, Decree 69/2024 art. 9). */
export const ApplicantActor = z.object({ kind: z.literal('applicant'), accountId: z.string().min(1) });
/** An applicant signed in with their account. */
export type ApplicantActor = z.infer<typeof ApplicantActor>;

/** Whoever asks for a decision. */
export const Actor = z.discriminatedUnion('kind', [OfficialActor, ApplicantActor]);
/** Whoever asks for a decision. */
export type Actor = z.infer<typeof Actor>;

/** Who did something, as written into an event (roles are not history: they change). */
export const ActorRef = z.discriminatedUnion('kind', [OfficialActor.omit({ roles: true }), ApplicantActor]);
/** Who did something, as written into an event. */
export type ActorRef = z.infer<typeof ActorRef>;

/** The part of an actor an event keeps. */
export function actorRef(actor: Actor): ActorRef {
  return actor.kind === 'official'
    ? { kind: 'official', userId: actor.userId, agencyId: actor.agencyId }
    : { kind: 'applicant', accountId: actor.accountId };
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

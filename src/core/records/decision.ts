import { type Actor, type ActorRef, actorRef } from './actor.ts';
import type { ActionName, CommandOf } from './commands.ts';
import type { DecideContext } from './decide-context.ts';
import type { RecordEvent } from './events.ts';
import { type RecordError, recordError } from './record-error-codes.ts';
import type { RecordState } from './record-state.ts';

/** The events a command produces, or why it is refused. */
export type Decision =
  | { readonly ok: true; readonly events: RecordEvent[] }
  | { readonly ok: false; readonly error: RecordError };

/** Decides one action on an existing record once `checkAction` has let it through. */
export type ActionHandler<A extends ActionName> = (
  state: RecordState,
  command: CommandOf<A>,
  actor: Actor,
  ctx: DecideContext,
) => Decision;

/** Decides an action that may open the record (`state` null) once `checkAction` has let it through. */
export type OpeningHandler<A extends ActionName> = (
  state: RecordState | null,
  command: CommandOf<A>,
  actor: Actor,
  ctx: DecideContext,
) => Decision;

/** A successful decision. */
export const accept = (...events: RecordEvent[]): Decision => ({ ok: true, events });

/** A refused decision. */
export const refuse = (error: RecordError): Decision => ({ ok: false, error });

/** The caller did not load what the command needs: a bug of the service, not of the user. */
export const missing = (what: string): Decision =>
  refuse(recordError('system.internal', { reason: 'decide context incomplete', missing: what }));

/** The time and author every event of one decision shares. */
export function stamp(actor: Actor, ctx: DecideContext): { at: string; by: ActorRef } {
  return { at: ctx.now.toISOString(), by: actorRef(actor) };
}

/** The current step index of a record that `checkAction` found at a step. */
export function currentIndex(state: RecordState): number {
  if (state.currentStep === null) throw new RangeError(`Record ${state.id} is at no step`);
  return state.currentStep;
}

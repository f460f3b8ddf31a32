import type { Actor } from './actor.ts';
import { checkAction } from './check-action.ts';
import { ACTION_NAMES, type ActionName } from './commands.ts';
import type { GuardContext } from './decide-context.ts';
import type { RecordState } from './record-state.ts';

/**
 * The actions `actor` may take on the record now (null: no record yet), in lifecycle order — the buttons
 * the UI shows. With `ctx`, actions the clock forbids (a supplement after its window, an extension less
 * than one working day before the due date) are left out too. `decide` refuses any other action with the
 * error of `checkAction`.
 */
export function availableActions(state: RecordState | null, actor: Actor, ctx?: GuardContext): ActionName[] {
  return ACTION_NAMES.filter((action) => checkAction(action, state, actor, ctx) === undefined);
}

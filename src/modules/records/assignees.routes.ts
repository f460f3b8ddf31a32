import { z } from 'zod';
import { assigneeProblem, type RecordState } from '../../core/records/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/index.ts';
import { activeOfficialsOf } from '../identity/index.ts';
import { agencyNames } from '../units/index.ts';
import { visibleState } from './records.access.ts';
import { recordReadProblems } from './records.problems.ts';

/** The commands that name an assignee. */
const AssigningAction = z.enum(['forward', 'send_back', 'assign', 'reassign']);
type AssigningAction = z.infer<typeof AssigningAction>;

/** The step an action's assignee would work: the next one, the current one, or the chosen earlier one. */
function targetStep(state: RecordState, action: AssigningAction, toStep: number | undefined) {
  if (state.currentStep === null) return undefined;
  const index =
    action === 'forward' ? state.currentStep + 1 : action === 'send_back' ? toStep : state.currentStep;
  if (index === undefined || index < 0 || index >= state.steps.length) return undefined;
  return { index, step: state.steps[index]! };
}

const Official = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
});

/** Who may be named as assignee of a record's step (the forward, send-back and assign dialogs). */
export function assigneesRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/records/:id/assignees',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['records'],
        summary:
          "Who may be assigned the step an action leads to (forward: the next step, the default; assign and reassign: the current step; send_back: toStep): the active officials of the agency that owns the step, with the step's role. A record the caller cannot see is 404",
        params: z.object({ id: z.uuid() }),
        querystring: z.object({
          action: AssigningAction.default('forward'),
          toStep: z.coerce.number().int().min(0).max(100).optional(),
        }),
        response: {
          200: z.object({
            step: z
              .object({
                index: z.number().int(),
                key: z.string(),
                role: z.enum(['reception', 'specialist', 'leader']),
                agencyId: z.string(),
                agencyName: z.string().nullable(),
              })
              .nullable()
              .describe('the step, or null when the record has no such step now'),
            items: z.array(Official),
          }),
          ...recordReadProblems,
        },
      },
    },
    async (req) => {
      const state = await visibleState(db, req.params.id, req);
      const target = targetStep(state, req.query.action, req.query.toStep);
      if (!target) return { step: null, items: [] };
      const { index, step } = target;
      const names = await agencyNames(db, [step.agencyId]);
      const officials = await activeOfficialsOf(db, step.agencyId);
      return {
        step: {
          index,
          key: step.key,
          role: step.role,
          agencyId: step.agencyId,
          agencyName: names.get(step.agencyId) ?? null,
        },
        items: officials
          .filter((o) => assigneeProblem(step, o) === undefined)
          .map((o) => ({ id: o.userId, username: o.username, displayName: o.displayName, roles: o.roles })),
      };
    },
  );
}

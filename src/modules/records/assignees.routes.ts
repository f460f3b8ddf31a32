import { z } from 'zod';
import { forwardTargets, stepName } from '../../core/records/action-forms.ts';
import { assigneeProblem, type RecordState } from '../../core/records/index.ts';
import { activeStepsOf } from '../../core/records/record-graph.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import { activeOfficialsOf } from '../identity/index.ts';
import { agencyNames } from '../units/index.ts';
import { actionFormsRoutes } from './actions.routes.ts';
import { visibleState } from './records.access.ts';
import { recordReadProblems } from './records.problems.ts';

/** The commands that name an assignee. */
const AssigningAction = z.enum(['forward', 'send_back', 'assign', 'reassign']);
type AssigningAction = z.infer<typeof AssigningAction>;

/**
 * The steps an action's assignee would work: for a forward, the steps it starts from the step acted on
 * (several after a split, none while a join waits for another branch); for assign and reassign, that step; for a send-back, the chosen earlier one. The step acted
 * on is `stepIndex`, or the lowest active step.
 */
function targetSteps(
  state: RecordState,
  action: AssigningAction,
  stepIndex: number | undefined,
  toStep: number | undefined,
): number[] {
  const active = activeStepsOf(state);
  const from = stepIndex ?? active[0];
  if (from === undefined || !active.includes(from)) return [];
  const targets =
    action === 'forward'
      ? forwardTargets(state, from)
      : action === 'send_back'
        ? toStep === undefined
          ? []
          : [toStep]
        : [from];
  return targets.filter((i) => i >= 0 && i < state.steps.length);
}

const Official = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
});

const TargetStep = z.object({
  index: z.number().int(),
  key: z.string(),
  name_vi: z.string(),
  name_en: z.string(),
  role: z.enum(['reception', 'specialist', 'leader']),
  agencyId: z.string(),
  agencyName: z.string().nullable(),
});

/**
 * Who may be named as assignee of a record's step (the forward, send-back and assign dialogs), and the
 * workspace's action forms (GET /api/records/:id/actions).
 */
export function assigneesRoutes(app: App, deps: Deps, calendars: CalendarService): void {
  const { db } = deps.database;
  actionFormsRoutes(app, deps, calendars);
  app.get(
    '/api/records/:id/assignees',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['records'],
        summary:
          "Who may be assigned the steps an action leads to: forward (the default): the steps a forward from the active step `stepIndex` (default: the lowest active step) starts, several after a split (the command's assigneeId is for the first), none while a join waits for another branch; assign and reassign: that step; send_back: toStep. For each, the active officials of the agency that owns the step, with the step's role. A record the caller cannot see is 404",
        params: z.object({ id: z.uuid() }),
        querystring: z.object({
          action: AssigningAction.default('forward'),
          stepIndex: z.coerce
            .number()
            .int()
            .min(0)
            .max(100)
            .optional()
            .describe('the active step acted on (parallel branches); default: the lowest active step'),
          toStep: z.coerce.number().int().min(0).max(100).optional(),
        }),
        response: {
          200: z.object({
            step: TargetStep.nullable().describe(
              'the first target step, or null when the record has no such step now',
            ),
            items: z.array(Official).describe('the officials who may work the first target step'),
            targets: z
              .array(z.object({ step: TargetStep, items: z.array(Official) }))
              .describe('every target step (a split starts several) with the officials who may work it'),
          }),
          ...recordReadProblems,
        },
      },
    },
    async (req) => {
      const state = await visibleState(db, req.params.id, req);
      const indices = targetSteps(state, req.query.action, req.query.stepIndex, req.query.toStep);
      if (indices.length === 0) return { step: null, items: [], targets: [] };
      const names = await agencyNames(db, [...new Set(indices.map((i) => state.steps[i]!.agencyId))]);
      const targets = await Promise.all(
        indices.map(async (index) => {
          const step = state.steps[index]!;
          const officials = await activeOfficialsOf(db, step.agencyId);
          return {
            step: {
              index,
              key: step.key,
              name_vi: stepName(step).vi,
              name_en: stepName(step).en,
              role: step.role,
              agencyId: step.agencyId,
              agencyName: names.get(step.agencyId) ?? null,
            },
            items: officials
              .filter((o) => assigneeProblem(step, o) === undefined)
              .map((o) => ({
                id: o.userId,
                username: o.username,
                displayName: o.displayName,
                roles: o.roles,
              })),
          };
        }),
      );
      return { step: targets[0]!.step, items: targets[0]!.items, targets };
    },
  );
}

import { z } from 'zod';
import { ChannelKind } from '../../core/catalog/procedure-draft.ts';
import { ProcessStep, StepAgencyRule } from '../../core/catalog/process.ts';
import { inTransaction } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, ProblemBody } from '../../platform/http/index.ts';
import { listProcessTemplates, previewProcess } from './catalog.process.ts';

const ProcedureCode = z
  .string()
  .regex(/^\d\.\d{6}(\.[A-Z0-9.]+)?$/, 'expected a procedure code like 1.000123');
const Limit = z.object({ value: z.number(), unit: z.string() });

/** A validation issue of a process: the step and field (`process.<i>.<field>`), code, messages, params. */
export const ProcessIssueView = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  messageVi: z.string().optional(),
  params: z.record(z.string(), z.unknown()),
});

/** A process as the model stores it (src/core/catalog/process.ts `ProcessStep`), at most 60 steps. */
export const ProcessBody = z.array(ProcessStep).min(1).max(60);

export function catalogProcessRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  app.get(
    '/api/catalog/process-templates',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['catalog administration'],
        summary:
          'Process templates (commune one step, commune with appraisal, city department, inter-agency land and tax) split over a procedure’s legal limit',
        description:
          'For the newest version of the procedure `code`: each template with budgets in quarter hours whose critical path equals the headline limit (in person first) exactly; none when the procedure has no time limit. See docs/PROCESSES.md.',
        querystring: z.object({ code: ProcedureCode }),
        response: {
          200: z.object({
            code: z.string(),
            version: z.number(),
            limit: Limit.nullable(),
            limitWorkingHours: z.number().nullable(),
            templates: z.array(
              z.object({
                key: z.string(),
                name_vi: z.string(),
                name_en: z.string(),
                process: z.array(ProcessStep),
                criticalPath: z
                  .object({ totalWorkingHours: z.number(), keys: z.array(z.string()) })
                  .nullable(),
              }),
            ),
          }),
          404: ProblemBody.describe('procedure.not_found'),
          422: ProblemBody.describe('request.invalid (query.code)'),
        },
      },
    },
    async (req) => inTransaction(db, (tx) => listProcessTemplates(tx, req.query.code)),
  );

  app.post(
    '/api/catalog/procedures/:code/process/preview',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['catalog administration'],
        summary:
          'Preview a process for a commune: each step with its resolved agency or why not, the critical path against the legal limit, the validation issues',
        description:
          'Nothing is stored. The budgets are compared with the headline limit (in person first; `channelLimit` is the chosen channel’s own legal limit). The receiving unit is the commune’s one-stop unit when it may receive for the competent agency, else the city’s centre; the return point is the receiving unit. `issues` are what publishing the process would refuse (paths `process.<i>.<field>`).',
        params: z.object({ code: ProcedureCode }),
        body: z.object({
          process: ProcessBody,
          communeCode: z.string().regex(/^\d{5}$/, 'a commune code (5 digits)'),
          channel: ChannelKind.optional(),
        }),
        response: {
          200: z.object({
            code: z.string(),
            version: z.number(),
            communeCode: z.string(),
            channel: ChannelKind,
            limit: Limit.nullable(),
            limitWorkingHours: z.number().nullable(),
            channelLimit: Limit.nullable(),
            /** The critical path's budget total (null on a cycle). */
            totalWorkingHours: z.number().nullable(),
            criticalPath: z.array(z.string()),
            valid: z.boolean(),
            issues: z.array(ProcessIssueView),
            steps: z.array(
              z.object({
                index: z.number(),
                key: z.string(),
                name_vi: z.string(),
                name_en: z.string(),
                role: z.string(),
                kind: z.string(),
                after: z.array(z.string()),
                agencyRule: StepAgencyRule,
                budgetWorkingHours: z.number(),
                agency: z.object({ id: z.string(), key: z.string(), name: z.string() }).nullable(),
                unresolved: z
                  .object({ reason: z.string(), params: z.record(z.string(), z.unknown()) })
                  .nullable(),
              }),
            ),
          }),
          403: ProblemBody.describe('auth.forbidden'),
          404: ProblemBody.describe('procedure.not_found'),
          422: ProblemBody.describe('request.invalid (body.process.<i>.<field>, body.communeCode)'),
        },
      },
    },
    async (req) => inTransaction(db, (tx) => previewProcess(tx, req.params.code, req.body)),
  );
}

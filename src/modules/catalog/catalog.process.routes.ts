import { z } from 'zod';
import { ProcessIssueView, ProcessPreview, ProcessTemplates } from '../../contracts/catalog.ts';
import { ChannelKind } from '../../core/catalog/procedure-draft.ts';
import { ProcessStep, StepAgencyRule } from '../../core/catalog/process.ts';
import { inTransaction } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, ProblemBody } from '../../platform/http/index.ts';
import { listProcessTemplates, previewProcess } from './catalog.process.ts';

const ProcedureCode = z
  .string()
  .regex(/^\d\.\d{6}(\.[A-Z0-9.]+)?$/, 'expected a procedure code like 1.000123');
/** A process as the model stores it (src/core/catalog/process.ts `ProcessStep`), at most 60 steps. */
export const ProcessBody = z.array(ProcessStep).min(1).max(60);

export { ProcessIssueView };

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
          200: ProcessTemplates,
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
          200: ProcessPreview,
          403: ProblemBody.describe('auth.forbidden'),
          404: ProblemBody.describe('procedure.not_found'),
          422: ProblemBody.describe('request.invalid (body.process.<i>.<field>, body.communeCode)'),
        },
      },
    },
    async (req) => inTransaction(db, (tx) => previewProcess(tx, req.params.code, req.body)),
  );
}

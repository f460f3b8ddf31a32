import { z } from 'zod';
import {
  ReadinessChannel,
  ReadinessPage,
  ReadinessReasonCode,
  ReadinessSummary,
} from '../../contracts/catalog.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, ProblemBody } from '../../platform/http/index.ts';
import { listReadiness, readinessSummary } from './readiness.service.ts';

const Channel = ReadinessChannel;
const ReasonCode = ReadinessReasonCode;

const adminOnly = {
  401: ProblemBody.describe('auth.unauthenticated'),
  403: ProblemBody.describe('auth.forbidden (administrators only)'),
};

/** Catalogue readiness (issue 14 item 6): which procedures can be received, per channel, and why not. */
export function readinessRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  app.get(
    '/api/catalog/readiness',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['catalog'],
        summary:
          'Whether each procedure in force can be received at each channel, with every reason and its fix',
        description:
          '`receivable` filters on `channel` when given, else on "receivable at some channel"; `reason` keeps the ' +
          'procedures with that reason (at `channel` when given); `field` is the procedure field (lĩnh vực); `q` ' +
          'matches the code or the name. Procedure code order.',
        querystring: z.object({
          receivable: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          channel: Channel.optional(),
          reason: ReasonCode.optional(),
          field: z.string().trim().max(200).optional(),
          q: z.string().trim().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(10_000).default(0),
        }),
        response: {
          200: ReadinessPage,
          ...adminOnly,
          422: ProblemBody.describe('request.invalid (names the query field)'),
        },
      },
    },
    async (req) => listReadiness(db, req.query),
  );

  app.get(
    '/api/catalog/readiness/summary',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['catalog'],
        summary: 'Readiness counts: procedures receivable per channel, and how many have each reason',
        response: { 200: ReadinessSummary, ...adminOnly },
      },
    },
    async () => readinessSummary(db),
  );
}

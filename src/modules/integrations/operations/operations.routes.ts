import { z } from 'zod';
import {
  DeadLettersAnswer,
  ResolveAnswer,
  ResolveBody,
  RetryAnswer,
  RetryBody,
  SubscribersAnswer,
} from '../../../contracts/integrations.ts';
import { inTransaction } from '../../../platform/db/index.ts';
import type { Deps } from '../../../platform/deps.ts';
import { type App, ProblemBody } from '../../../platform/http/index.ts';
import {
  listDeadLetters,
  listSubscribers,
  resolveDeadLetters,
  retryDeadLetters,
} from './operations.service.ts';

const NOT_FOUND = ProblemBody.describe('integration.subscriber_not_found');
const INVALID = ProblemBody.describe('request.invalid (names the field)');

/**
 * The operators' view of the outbox subscribers (issue 16, item 6): backlog, lag and dead letters per
 * subscriber; retry and resolve (administrators, audited). Monitors read.
 */
export function operationsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  app.get(
    '/api/integrations/subscribers',
    {
      config: { access: { roles: ['admin', 'monitor'] } },
      schema: {
        tags: ['integrations'],
        summary:
          'Every outbox subscriber by system: topics, backlog, lag, due now vs backing off, dead and resolved',
        description:
          'Backlog = pending deliveries; lag = now minus the oldest pending delivery’s creation (0 without a backlog); backingOff = pending deliveries whose next attempt is later.',
        response: { 200: SubscribersAnswer },
      },
    },
    async () => {
      const now = deps.clock.now();
      return { items: await listSubscribers(db, now), at: now.toISOString() };
    },
  );

  app.get(
    '/api/integrations/dead-letters',
    {
      config: { access: { roles: ['admin', 'monitor'] } },
      schema: {
        tags: ['integrations'],
        summary: 'Dead (or resolved) deliveries with the message, its record code, attempts and last error',
        description: 'Paginated by `seq`: pass the answer’s `next` as `cursor`.',
        querystring: z.object({
          subscriber: z.string().trim().min(1).max(40).optional(),
          status: z.enum(['dead', 'resolved']).default('dead'),
          cursor: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: DeadLettersAnswer, 404: NOT_FOUND, 422: INVALID },
      },
    },
    async (req) => listDeadLetters(db, req.query),
  );

  app.post(
    '/api/integrations/dead-letters/retry',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['integrations'],
        summary: 'Put dead deliveries of a subscriber back in its queue (all of them without ids; audited)',
        description:
          'Each goes back to pending with attempts 0, due now; ids that are not dead deliveries of the subscriber are left alone (the answer counts only those retried).',
        body: RetryBody,
        response: { 200: RetryAnswer, 404: NOT_FOUND, 422: INVALID },
      },
    },
    async (req) =>
      inTransaction(db, (tx) =>
        retryDeadLetters(tx, req.actor!, req.body, { now: deps.clock.now(), requestId: String(req.id) }),
      ),
  );

  app.post(
    '/api/integrations/dead-letters/resolve',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['integrations'],
        summary: 'Close dead deliveries without delivering them, with a note (audited)',
        description:
          'The note is required; it is kept on each delivery with the official and the time. Resolved deliveries are no longer counted as dead.',
        body: ResolveBody,
        response: { 200: ResolveAnswer, 404: NOT_FOUND, 422: INVALID },
      },
    },
    async (req) =>
      inTransaction(db, (tx) =>
        resolveDeadLetters(tx, req.actor!, req.body, { now: deps.clock.now(), requestId: String(req.id) }),
      ),
  );
}

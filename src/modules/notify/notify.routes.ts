import { z } from 'zod';
import { NotificationList, OutboxPage } from '../../contracts/notify.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, deprecatedOperation } from '../../platform/http/index.ts';
import { listNotifications, listOutbox, retryDead } from './notify.service.ts';

/**
 * GET /api/outbox is deprecated (issue 16): since per-subscriber delivery a message's status no longer says
 * whether it was handled; the subscriptions' backlog and dead letters do. Served until the sunset (docs/API.md).
 */
export const OUTBOX_LIST_DEPRECATION = {
  since: new Date('2026-12-07T00:00:00Z'),
  sunset: new Date('2027-12-08T00:00:00Z'),
  successor: '/api/v1/integrations/subscribers',
} as const;

export function notifyRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  app.get(
    '/api/outbox',
    {
      config: { access: { roles: ['admin', 'monitor'] } },
      ...deprecatedOperation('GET /api/outbox', OUTBOX_LIST_DEPRECATION),
      schema: {
        tags: ['notify'],
        deprecated: true,
        summary:
          'Deprecated (sunset 8 December 2027; use GET /api/v1/integrations/subscribers and /dead-letters). Outbox messages as written; since per-subscriber delivery (migration 0029) their status is `done` once written and each subscriber’s dead letters are at GET /api/integrations/dead-letters',
        querystring: z.object({
          status: z.enum(['pending', 'done', 'dead']).optional(),
          topic: z.string().max(100).optional(),
          after: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: OutboxPage,
        },
      },
    },
    async (req) => {
      const items = await listOutbox(db, req.query);
      return { items, next: items.length === req.query.limit ? (items.at(-1)?.id ?? null) : null };
    },
  );

  app.post(
    '/api/outbox/:id/retry',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['notify'],
        summary:
          'Put a message that went dead before per-subscriber delivery (migration 0029) back; a subscriber’s dead letters are retried at POST /api/integrations/dead-letters/retry',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      if (!(await retryDead(db, req.params.id, deps.clock.now()))) {
        throw new DomainError('outbox.not_found', { id: req.params.id });
      }
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/notifications',
    {
      config: { access: { roles: ['admin', 'monitor'] } },
      schema: {
        tags: ['notify'],
        summary: 'What the notification-log handler delivered for a key (e.g. a record id)',
        querystring: z.object({
          key: z.string().trim().min(1).max(100),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: NotificationList },
      },
    },
    async (req) => ({ items: await listNotifications(db, req.query.key, req.query.limit) }),
  );
}

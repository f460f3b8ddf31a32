import { z } from 'zod';
import {
  CitizenMessageList,
  NotificationList,
  OutboxPage,
  ReceiptAnswer,
  RecordNotificationList,
} from '../../contracts/notify.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, deprecatedOperation } from '../../platform/http/index.ts';
import { keepRawJsonBody, signatureMatches } from '../../platform/http/signed-body.ts';
import { connectorProblems, OFFICIAL_PROBLEMS } from '../integrations/connector-problems.ts';
import { canView, citizenState, getRecordState } from '../records/index.ts';
import { notifySecret } from './config.ts';
import { applyReceipt, noteRefusedReceipt, notificationsOf } from './notify.delivery.ts';
import { listNotifications, listOutbox, retryDead } from './notify.service.ts';
import { DeliveryReceipt, RECEIPT_SIGNATURE_HEADER } from './port.ts';

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

  // Delivery receipts are signed over their exact bytes: this scope keeps them while parsing JSON.
  app.register(async (scope) => {
    const s = scope as unknown as App;
    keepRawJsonBody(s);
    s.post(
      '/api/notify/receipts/:provider',
      {
        config: { access: 'public' },
        schema: {
          tags: ['notify'],
          summary:
            'A provider (sms, zalo) reports whether a message was delivered. Signed: header x-notify-signature = "sha256=" + hex HMAC-SHA256 of the raw body under MOTCUA_NOTIFY_SECRET (else 401 notify.bad_signature, recorded without its body). delivered closes the message; failed sends it again (at most twice, then dead). A repeated event id answers 200 duplicate; a receipt after the message’s final state 200 superseded; an unknown message id 404 (recorded)',
          params: z.object({ provider: z.enum(['sms', 'zalo']) }),
          headers: z.object({ [RECEIPT_SIGNATURE_HEADER]: z.string().max(200).optional() }),
          body: DeliveryReceipt,
          response: {
            200: ReceiptAnswer,
            ...connectorProblems([
              'notify.bad_signature',
              'notify.unknown_message',
              'request.invalid',
              'system.database_unavailable',
            ]),
          },
        },
        // The signature is checked before the body's shape; a forged receipt is recorded (no body kept).
        preValidation: async (req) => {
          const raw = req.rawBody ?? '';
          const given = req.headers[RECEIPT_SIGNATURE_HEADER];
          if (
            !signatureMatches(notifySecret(deps.config), raw, typeof given === 'string' ? given : undefined)
          ) {
            const provider = String((req.params as { provider?: unknown }).provider ?? '');
            req.log.warn(
              { provider, bytes: raw.length },
              'delivery receipt refused: bad or missing signature',
            );
            await noteRefusedReceipt(
              db,
              deps.clock,
              provider,
              'bad_signature',
              undefined,
              `${raw.length} bytes, signature ${given ? 'wrong' : 'missing'}`,
            );
            throw new DomainError('notify.bad_signature', {});
          }
        },
      },
      // An unknown message id is kept (notify.unknown_message, 404): applied if its send's answer comes later.
      async (req) => applyReceipt(db, deps.clock, req.params.provider, req.body),
    );
  });

  app.get(
    '/api/records/:id/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notify'],
        summary:
          'Every message sent to the applicant about the record (e-mail, SMS, Zalo), oldest first: the text as sent, the recipient, the status (queued, sent, delivered, failed, dead) and its timeline (queued, sent, failed, throttled, retried, delivered, undelivered, dead)',
        params: z.object({ id: z.uuid() }),
        response: {
          200: RecordNotificationList,
          ...connectorProblems([...OFFICIAL_PROBLEMS, 'record.not_found', 'request.invalid']),
        },
      },
    },
    async (req) => {
      const state = await getRecordState(db, req.params.id);
      if (!canView(state, req)) throw new DomainError('record.not_found', { id: req.params.id });
      const rows = await notificationsOf(db, req.params.id);
      return {
        items: rows.map((m) => ({
          id: m.id,
          kind: m.kind as never,
          channel: m.channel,
          recipient: m.recipient,
          language: m.language,
          subject: m.subject,
          body: m.body,
          shortText: m.shortText,
          status: m.status,
          attempts: m.attempts,
          lastError: m.lastError,
          createdAt: m.createdAt.toISOString(),
          updatedAt: m.updatedAt.toISOString(),
          steps: m.events.map((e) => ({ status: e.status, detail: e.detail, at: e.at.toISOString() })),
        })),
      };
    },
  );

  app.get(
    '/api/citizen/records/:id/messages',
    {
      config: { access: 'citizen', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen', 'notify'],
        summary:
          'Hồ sơ của tôi: the messages sent to me about one of my records (e-ID), oldest first, each with its delivery state (queued, sent, delivered, failed, dead) and when it changed',
        description:
          "Another person's record answers 404 record.not_found, exactly as an unknown id; without a citizen session 401. The providers' error texts are not shown.",
        params: z.object({ id: z.uuid() }),
        response: {
          200: CitizenMessageList,
          ...connectorProblems([
            'citizen.unauthenticated',
            'record.not_found',
            'request.invalid',
            'request.rate_limited',
            'system.database_unavailable',
          ]),
        },
      },
    },
    async (req, reply) => {
      const state = await citizenState(db, req.params.id, req);
      const rows = await notificationsOf(db, state.id);
      reply.header('cache-control', 'private, no-store');
      return {
        items: rows.map((m) => ({
          id: m.id,
          kind: m.kind as never,
          channel: m.channel,
          recipient: m.recipient,
          language: m.language,
          subject: m.subject,
          shortText: m.shortText,
          status: m.status,
          createdAt: m.createdAt.toISOString(),
          updatedAt: m.updatedAt.toISOString(),
          steps: m.events.map((e) => ({ status: e.status, at: e.at.toISOString() })),
        })),
      };
    },
  );
}

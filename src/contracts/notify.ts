/** Response contract of the notify module (outbox, notification log). Only zod: the web app imports the types. */
import { z } from 'zod';

export const OutboxMessageView = z.object({
  id: z.uuid(),
  topic: z.string(),
  key: z.string(),
  status: z.enum(['pending', 'done', 'dead']),
  attempts: z.number().int(),
  nextAttemptAt: z.date(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  processedAt: z.date().nullable(),
});

/** GET /api/outbox */
export const OutboxPage = z.object({ items: z.array(OutboxMessageView), next: z.string().nullable() });

export const NotificationView = z.object({
  outboxId: z.uuid(),
  topic: z.string(),
  key: z.string(),
  payload: z
    .unknown()
    .describe(
      'the message payload as published; its shape is the topic’s (record.<event>: { recordId, code, seq, status, event })',
    ),
  deliveredAt: z.date(),
});

/** GET /api/notifications */
export const NotificationList = z.object({ items: z.array(NotificationView) });

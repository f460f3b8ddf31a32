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

/** One step of a message's delivery (issue 18). */
export const NotificationStep = z.object({
  status: z
    .enum(['queued', 'sent', 'delivered', 'failed', 'retried', 'throttled', 'dead', 'undelivered'])
    .describe(
      'queued (rendered, waiting), sent (the provider took it), delivered (its receipt said so), failed (an attempt failed; retried), retried (a later attempt), throttled (the provider asked to wait), undelivered (a receipt said it did not arrive; sent again), dead (out of attempts: retried from the integrations page)',
    ),
  detail: z.string().nullable(),
  at: z.string(),
});

/** One message sent to the applicant about a record, with its delivery timeline. */
export const RecordNotification = z.object({
  id: z.uuid(),
  kind: z.enum([
    'submission_received',
    'record_received',
    'supplement_requested',
    'extended',
    'payment_due',
    'result_ready',
    'result_returned',
    'rating_invitation',
  ]),
  channel: z.enum(['email', 'sms', 'zalo']),
  recipient: z.string(),
  language: z.enum(['vi', 'en']),
  subject: z.string(),
  body: z.string(),
  shortText: z.string().describe('the SMS / Zalo text'),
  status: z.enum(['queued', 'sent', 'delivered', 'failed', 'dead']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  steps: z.array(NotificationStep),
});
export type RecordNotification = z.infer<typeof RecordNotification>;

/** GET /api/records/{id}/notifications */
export const RecordNotificationList = z.object({ items: z.array(RecordNotification) });

/**
 * GET /api/citizen/records/{id}/messages: what the citizen was sent and whether it arrived; the providers'
 * errors and the steps' details stay with the officials.
 */
export const CitizenMessageList = z.object({
  items: z.array(
    RecordNotification.pick({
      id: true,
      kind: true,
      channel: true,
      recipient: true,
      language: true,
      subject: true,
      shortText: true,
      status: true,
      createdAt: true,
      updatedAt: true,
    }).extend({ steps: z.array(NotificationStep.pick({ status: true, at: true })) }),
  ),
});

/** POST /api/notify/receipts/{provider} */
export const ReceiptAnswer = z.object({
  outcome: z.enum(['applied', 'duplicate', 'superseded']),
  status: z.enum(['queued', 'sent', 'delivered', 'failed', 'dead']).describe('the message’s status after it'),
});

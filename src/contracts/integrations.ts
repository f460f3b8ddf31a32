/**
 * The integrations operations API's answers (issue 16, item 6), as zod schemas the routes declare and the
 * web app reads as types (`import type` only: this file imports nothing but zod, so the web build can use it).
 */
import { z } from 'zod';

/** Which system a subscriber belongs to: `portal` and `portal-…` are the portal's, the built-ins are Motcua's. */
export const SubscriberSystem = z.string().describe('portal, civil-status, post, … or motcua (internal)');

export const SubscriberView = z.object({
  name: z.string(),
  system: SubscriberSystem,
  topics: z.array(z.string()),
  /** Pending deliveries (due now or backing off). */
  backlog: z.number().int(),
  /** Seconds since the oldest pending delivery was created (0 without a backlog). */
  lagSeconds: z.number().int(),
  dueNow: z.number().int(),
  backingOff: z.number().int(),
  dead: z.number().int(),
  resolved: z.number().int(),
  oldestDeadAt: z.iso.datetime().nullable(),
});
export type SubscriberView = z.infer<typeof SubscriberView>;

export const SubscribersAnswer = z.object({
  /** Every registered subscriber, ordered by system then name. */
  items: z.array(SubscriberView),
  /** The server's time the numbers were taken at. */
  at: z.iso.datetime(),
});
export type SubscribersAnswer = z.infer<typeof SubscribersAnswer>;

export const DeadLetterView = z.object({
  seq: z.number().int(),
  messageId: z.uuid(),
  subscriber: z.string(),
  status: z.enum(['dead', 'resolved']),
  topic: z.string(),
  key: z.string(),
  /** The record's code when the message is about a record (its payload names it), else null. */
  recordCode: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  deadAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedNote: z.string().nullable(),
  /** The message payload as compact JSON, cut at 300 characters. */
  summary: z.string(),
});
export type DeadLetterView = z.infer<typeof DeadLetterView>;

export const DeadLettersAnswer = z.object({
  items: z.array(DeadLetterView),
  /** Pass as `cursor` for the next page; null on the last one. */
  next: z.string().nullable(),
});
export type DeadLettersAnswer = z.infer<typeof DeadLettersAnswer>;

const Seqs = z.array(z.number().int().positive()).min(1).max(500);

export const RetryBody = z.object({
  subscriber: z.string().trim().min(1).max(40),
  /** The dead deliveries to retry (their `seq`); all dead ones of the subscriber when omitted. */
  ids: Seqs.optional(),
});
export type RetryBody = z.infer<typeof RetryBody>;

export const RetryAnswer = z.object({
  subscriber: z.string(),
  /** How many dead deliveries went back to pending (ids that were not dead are left alone). */
  retried: z.number().int(),
  ids: z.array(z.number().int()),
});
export type RetryAnswer = z.infer<typeof RetryAnswer>;

export const ResolveBody = z.object({
  subscriber: z.string().trim().min(1).max(40),
  ids: Seqs,
  /** Why it is closed without delivery (kept with each row and in the audit). */
  note: z.string().trim().min(1).max(1000),
});
export type ResolveBody = z.infer<typeof ResolveBody>;

export const ResolveAnswer = z.object({
  subscriber: z.string(),
  resolved: z.number().int(),
  ids: z.array(z.number().int()),
});
export type ResolveAnswer = z.infer<typeof ResolveAnswer>;

import type {
  DeadLettersAnswer,
  DeadLetterView,
  ResolveAnswer,
  ResolveBody,
  RetryAnswer,
  RetryBody,
  SubscriberView,
} from '../../../contracts/integrations.ts';
import { DomainError } from '../../../core/errors/index.ts';
import { systemOf } from '../../../core/integrations/subscriber-system.ts';
import type { Tx } from '../../../platform/db/index.ts';
import type { Actor } from '../../../platform/http/index.ts';
import { appendAudit } from '../../audit/index.ts';
import * as store from './operations.store.ts';

const SUMMARY_LENGTH = 300;

const seconds = (from: Date | null, now: Date) =>
  from === null ? 0 : Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));

/** Every subscriber's backlog, lag, dead and resolved deliveries, ordered by system then name. */
export async function listSubscribers(tx: Tx, now: Date): Promise<SubscriberView[]> {
  const rows = await store.subscriberStats(tx, now, { withResolved: true });
  return rows
    .map((r) => ({
      name: r.name,
      system: systemOf(r.name),
      topics: r.topics,
      backlog: r.backlog,
      lagSeconds: seconds(r.oldestPendingAt, now),
      dueNow: r.dueNow,
      backingOff: r.backlog - r.dueNow,
      dead: r.dead,
      resolved: r.resolved,
      oldestDeadAt: r.oldestDeadAt?.toISOString() ?? null,
    }))
    .sort((a, b) => a.system.localeCompare(b.system) || a.name.localeCompare(b.name));
}

/** What /metrics exposes per subscriber, from the cheap query (pending and dead rows only). */
export interface OutboxGauge {
  readonly subscriber: string;
  readonly system: string;
  readonly backlog: number;
  readonly lagSeconds: number;
  readonly dead: number;
}

export async function outboxGauges(tx: Tx, now: Date): Promise<OutboxGauge[]> {
  const rows = await store.subscriberStats(tx, now, { withResolved: false });
  return rows.map((r) => ({
    subscriber: r.name,
    system: systemOf(r.name),
    backlog: r.backlog,
    lagSeconds: seconds(r.oldestPendingAt, now),
    dead: r.dead,
  }));
}

/** @throws integration.subscriber_not_found */
async function requireSubscriber(tx: Tx, name: string, field: string): Promise<void> {
  if (!(await store.subscriberExists(tx, name)))
    throw new DomainError('integration.subscriber_not_found', { subscriber: name, field });
}

/** The record code a record message names in its payload (`{ recordId, code, … }` with the key as id). */
function recordCodeOf(key: string, payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as { recordId?: unknown; code?: unknown };
  return p.recordId === key && typeof p.code === 'string' ? p.code : null;
}

function summaryOf(payload: unknown): string {
  const text = JSON.stringify(payload) ?? 'null';
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text;
}

/**
 * A page of dead (or resolved) deliveries, keyset on `seq`.
 * @throws integration.subscriber_not_found when `subscriber` is given and not registered
 */
export async function listDeadLetters(
  tx: Tx,
  q: {
    subscriber?: string | undefined;
    status: 'dead' | 'resolved';
    cursor?: number | undefined;
    limit: number;
  },
): Promise<DeadLettersAnswer> {
  if (q.subscriber !== undefined) await requireSubscriber(tx, q.subscriber, 'query.subscriber');
  const rows = await store.listDeadLetters(tx, {
    subscriber: q.subscriber,
    status: q.status,
    afterSeq: q.cursor,
    limit: q.limit,
  });
  const items: DeadLetterView[] = rows.map((r) => ({
    seq: r.seq,
    messageId: r.messageId,
    subscriber: r.subscriber,
    status: r.status,
    topic: r.topic,
    key: r.key,
    recordCode: recordCodeOf(r.key, r.payload),
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: new Date(r.createdAt).toISOString(),
    deadAt: r.deadAt === null ? null : new Date(r.deadAt).toISOString(),
    resolvedAt: r.resolvedAt === null ? null : new Date(r.resolvedAt).toISOString(),
    resolvedBy: r.resolvedBy,
    resolvedNote: r.resolvedNote,
    summary: summaryOf(r.payload),
  }));
  return { items, next: items.length === q.limit ? String(items.at(-1)!.seq) : null };
}

interface Meta {
  readonly now: Date;
  readonly requestId?: string | undefined;
}

/**
 * Puts a subscriber's dead deliveries (all, or the given seqs) back in its queue, audited.
 * @throws integration.subscriber_not_found
 */
export async function retryDeadLetters(
  tx: Tx,
  actor: Actor,
  body: RetryBody,
  meta: Meta,
): Promise<RetryAnswer> {
  await requireSubscriber(tx, body.subscriber, 'body.subscriber');
  const ids = await store.retryDead(tx, body.subscriber, body.ids, meta.now);
  if (ids.length > 0)
    await appendAudit(
      tx,
      [
        {
          actorId: actor.userId,
          actorRole: 'admin',
          requestId: meta.requestId,
          action: 'integration.dead_letters_retried',
          entityType: 'subscription',
          entityId: body.subscriber,
          change: { ids, all: body.ids === undefined },
        },
      ],
      meta.now,
    );
  return { subscriber: body.subscriber, retried: ids.length, ids };
}

/**
 * Closes dead deliveries without delivering them, with the official's note, audited.
 * @throws integration.subscriber_not_found
 */
export async function resolveDeadLetters(
  tx: Tx,
  actor: Actor,
  body: ResolveBody,
  meta: Meta,
): Promise<ResolveAnswer> {
  await requireSubscriber(tx, body.subscriber, 'body.subscriber');
  const ids = await store.resolveDead(
    tx,
    body.subscriber,
    body.ids,
    { userId: actor.userId, note: body.note },
    meta.now,
  );
  if (ids.length > 0)
    await appendAudit(
      tx,
      [
        {
          actorId: actor.userId,
          actorRole: 'admin',
          requestId: meta.requestId,
          action: 'integration.dead_letters_resolved',
          entityType: 'subscription',
          entityId: body.subscriber,
          change: { ids, note: body.note },
        },
      ],
      meta.now,
    );
  return { subscriber: body.subscriber, resolved: ids.length, ids };
}

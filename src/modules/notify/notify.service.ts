import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '../../platform/db/index.ts';
import { redeliverLegacyDead } from '../../platform/jobs/outbox.ts';
import type { Subscriber } from '../../platform/jobs/subscriptions.ts';

/**
 * The built-in subscriber's batch handler: records each delivered message in notification_log, once per
 * outbox message however often it is delivered, the whole batch in one statement. It proves the delivery
 * path; SMS, e-mail and portal connectors subscribe on their own.
 */
export function notificationLogHandler(db: Db, clock: { now(): Date }): Subscriber['handle'] {
  return async (batch) => {
    if (batch.length === 0) return {};
    const at = clock.now();
    await db
      .insertInto('notificationLog')
      .values(
        batch.map((d) => ({
          id: uuidv7(),
          outboxId: d.id,
          topic: d.topic,
          key: d.key,
          payload: JSON.stringify(d.payload),
          deliveredAt: at,
        })),
      )
      .onConflict((oc) => oc.column('outboxId').doNothing())
      .execute();
    return {};
  };
}

export function listOutbox(
  tx: Tx,
  f: {
    status?: 'pending' | 'done' | 'dead' | undefined;
    topic?: string | undefined;
    after?: string | undefined;
    limit: number;
  },
) {
  let q = tx
    .selectFrom('outbox')
    .select([
      'id',
      'topic',
      'key',
      'status',
      'attempts',
      'nextAttemptAt',
      'lastError',
      'createdAt',
      'processedAt',
    ])
    .orderBy('id')
    .limit(f.limit);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.topic) q = q.where('topic', '=', f.topic);
  if (f.after) q = q.where('id', '>', f.after);
  return q.execute();
}

/** Puts a dead message back in the queue. Returns false when there is no such dead message. */
/** Puts a message that went dead before migration 0029 back, as one delivery per matching subscriber. */
export function retryDead(tx: Tx, id: string, now: Date): Promise<boolean> {
  return redeliverLegacyDead(tx, id, now);
}

export function listNotifications(tx: Tx, key: string, limit: number) {
  return tx
    .selectFrom('notificationLog')
    .select(['outboxId', 'topic', 'key', 'payload', 'deliveredAt'])
    .where('key', '=', key)
    .orderBy('deliveredAt')
    .limit(limit)
    .execute();
}

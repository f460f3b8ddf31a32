import { type RawBuilder, sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Clock } from '../clock.ts';
import { type Db, inTransaction, type Tx } from '../db/index.ts';
import type { Logger } from '../log.ts';

/** A message for another system, written in the transaction of the change it announces. */
export interface OutboxMessage {
  readonly topic: string;
  readonly key: string;
  readonly payload: unknown;
  /** Unique per message: the same key enqueued twice is stored once. */
  readonly idempotencyKey: string;
}

/** Writes messages in the caller's transaction; they are delivered after it commits. */
export async function enqueue(tx: Tx, messages: readonly OutboxMessage[], now: Date): Promise<void> {
  if (messages.length === 0) return;
  await tx
    .insertInto('outbox')
    .values(
      messages.map((m) => ({
        id: uuidv7(),
        topic: m.topic,
        key: m.key,
        payload: JSON.stringify(m.payload),
        idempotencyKey: m.idempotencyKey,
        nextAttemptAt: now,
        createdAt: now,
      })),
    )
    .onConflict((oc) => oc.column('idempotencyKey').doNothing())
    .execute();
}

/**
 * The common table expression `outbox_rows` that writes messages inside a larger statement, when the CTE
 * named `guard` returned a row (the statement's transaction is the caller's).
 */
export function enqueueCte(
  messages: readonly OutboxMessage[],
  now: Date,
  guard: 'updated',
): RawBuilder<unknown> {
  if (messages.length === 0) return sql`outbox_rows as (select 1)`;
  const values = sql.join(
    messages.map(
      (m) =>
        sql`(${uuidv7()}::uuid, ${m.topic}::text, ${m.key}::text, ${JSON.stringify(m.payload)}::jsonb, ${m.idempotencyKey}::text)`,
    ),
  );
  return sql`outbox_rows as (
      insert into outbox (id, topic, key, payload, idempotency_key, next_attempt_at, created_at)
      select v.*, ${now}::timestamptz, ${now}::timestamptz
      from (values ${values}) as v (id, topic, key, payload, idempotency_key)
      where exists (select 1 from ${sql.raw(guard)})
      on conflict (idempotency_key) do nothing
    )`;
}

/** A delivered message, as handlers see it. */
export interface Delivery {
  readonly id: string;
  readonly topic: string;
  readonly key: string;
  readonly payload: unknown;
  readonly attempts: number;
}

/**
 * Delivers one message. Delivery is at least once (a crash after delivery and before marking it done
 * delivers it again), so a handler must be idempotent on `delivery.id`. Throwing means "retry later".
 */
export type Handler = (delivery: Delivery) => Promise<void>;

export interface DispatcherOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The handler of a topic, or undefined (the message then goes dead at once). */
  readonly handlerFor: (topic: string) => Handler | undefined;
  readonly batchSize?: number;
  readonly maxAttempts?: number;
  /** How long a claimed message stays invisible to other dispatchers; a crashed one's come back after it. */
  readonly leaseMs?: number;
  readonly random?: () => number;
}

/** Exponential backoff with jitter: base 1 s doubling per attempt, capped at 10 minutes. */
export function backoffMs(attempts: number, random: () => number): number {
  const base = Math.min(600_000, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

export interface Dispatcher {
  runOnce(): Promise<{ delivered: number; retried: number; dead: number }>;
}

/**
 * Delivers pending messages. Safe with several processes: a short transaction claims a batch with
 * `FOR UPDATE SKIP LOCKED` and leases it; handlers run outside any transaction; each outcome is then
 * written in its own transaction.
 */
export function createOutboxDispatcher(opts: DispatcherOptions): Dispatcher {
  const batchSize = opts.batchSize ?? 50;
  const maxAttempts = opts.maxAttempts ?? 8;
  const leaseMs = opts.leaseMs ?? 60_000;
  const random = opts.random ?? Math.random;

  async function claim(now: Date): Promise<Delivery[]> {
    return inTransaction(opts.db, async (tx) => {
      const rows = await sql<{ id: string; topic: string; key: string; payload: unknown; attempts: number }>`
        select id, topic, key, payload, attempts from outbox
        where status = 'pending' and next_attempt_at <= ${now}
        order by next_attempt_at, id
        limit ${batchSize}
        for update skip locked`.execute(tx);
      if (rows.rows.length === 0) return [];
      await tx
        .updateTable('outbox')
        .set({ nextAttemptAt: new Date(now.getTime() + leaseMs) })
        .where(
          'id',
          'in',
          rows.rows.map((r) => r.id),
        )
        .execute();
      return rows.rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
    });
  }

  return {
    async runOnce() {
      const now = opts.clock.now();
      const batch = await claim(now);
      let delivered = 0;
      let retried = 0;
      let dead = 0;
      for (const d of batch) {
        const handler = opts.handlerFor(d.topic);
        let error: string | undefined;
        if (!handler) error = `no handler for topic ${d.topic}`;
        else {
          try {
            await handler(d);
          } catch (e) {
            error = e instanceof Error ? e.message : String(e);
          }
        }
        const at = opts.clock.now();
        const attempts = d.attempts + 1;
        if (error === undefined) {
          await opts.db
            .updateTable('outbox')
            .set({ status: 'done', attempts, processedAt: at, lastError: null })
            .where('id', '=', d.id)
            .execute();
          delivered++;
        } else if (!handler || attempts >= maxAttempts) {
          await opts.db
            .updateTable('outbox')
            .set({ status: 'dead', attempts, lastError: error.slice(0, 2000), processedAt: at })
            .where('id', '=', d.id)
            .execute();
          opts.logger.warn({ outboxId: d.id, topic: d.topic, attempts, error }, 'outbox message dead');
          dead++;
        } else {
          await opts.db
            .updateTable('outbox')
            .set({
              attempts,
              lastError: error.slice(0, 2000),
              nextAttemptAt: new Date(at.getTime() + backoffMs(attempts, random)),
            })
            .where('id', '=', d.id)
            .execute();
          retried++;
        }
      }
      return { delivered, retried, dead };
    },
  };
}

import { type RawBuilder, sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Clock } from '../clock.ts';
import { type Db, inTransaction, type Tx } from '../db/index.ts';
import type { Logger } from '../log.ts';
import type { Delivery, Subscriber } from './subscriptions.ts';

// Raw statements below go through Kysely's camel-case plugin: their result columns come back camel-cased.

/** A message for other systems, written in the transaction of the change it announces. */
export interface OutboxMessage {
  readonly topic: string;
  readonly key: string;
  readonly payload: unknown;
  /** Unique per message: the same key enqueued twice is stored once. */
  readonly idempotencyKey: string;
}

/**
 * The deliveries of the messages a CTE named `from` inserted (it returns `id, topic, key`): one per
 * subscription whose topics match (exactly, or by a prefix ending in `.`).
 */
function deliveriesCte(name: string, from: string, now: Date): RawBuilder<unknown> {
  return sql`${sql.raw(name)} as (
      insert into outbox_deliveries (message_id, subscriber, topic, key, next_attempt_at, created_at)
      select m.id, s.name, m.topic, m.key, ${now}::timestamptz, ${now}::timestamptz
      from ${sql.raw(from)} m
      join subscriptions s on exists (
        select 1 from unnest(s.topics) t
        where t = m.topic or (right(t, 1) = '.' and left(m.topic, length(t)) = t)
      )
      order by m.id, s.name
    )`;
}

function messageValues(messages: readonly OutboxMessage[]) {
  return sql.join(
    messages.map(
      (m) =>
        sql`(${uuidv7()}::uuid, ${m.topic}::text, ${m.key}::text, ${JSON.stringify(m.payload)}::jsonb, ${m.idempotencyKey}::text)`,
    ),
  );
}

/**
 * Writes messages in the caller's transaction, with one delivery per matching subscription in the same
 * statement; they are delivered after it commits. (`outbox.status` is 'done' from the start: what is left
 * to deliver is in `outbox_deliveries`.)
 */
export async function enqueue(tx: Tx, messages: readonly OutboxMessage[], now: Date): Promise<void> {
  if (messages.length === 0) return;
  await sql`
    with outbox_rows as (
      insert into outbox (id, topic, key, payload, idempotency_key, status, next_attempt_at, created_at)
      select v.id, v.topic, v.key, v.payload, v.idempotency_key, 'done', ${now}::timestamptz, ${now}::timestamptz
      from (values ${messageValues(messages)}) as v (id, topic, key, payload, idempotency_key)
      on conflict (idempotency_key) do nothing
      returning id, topic, key
    ),
    ${deliveriesCte('outbox_delivery_rows', 'outbox_rows', now)}
    select 1`.execute(tx);
}

/**
 * The common table expressions `outbox_rows` and `outbox_delivery_rows` that write messages and their
 * deliveries inside a larger statement, when the CTE named `guard` returned a row (the statement's
 * transaction is the caller's).
 */
export function enqueueCte(
  messages: readonly OutboxMessage[],
  now: Date,
  guard: 'updated',
): RawBuilder<unknown> {
  if (messages.length === 0) return sql`outbox_rows as (select 1)`;
  return sql`outbox_rows as (
      insert into outbox (id, topic, key, payload, idempotency_key, status, next_attempt_at, created_at)
      select v.id, v.topic, v.key, v.payload, v.idempotency_key, 'done', ${now}::timestamptz, ${now}::timestamptz
      from (values ${messageValues(messages)}) as v (id, topic, key, payload, idempotency_key)
      where exists (select 1 from ${sql.raw(guard)})
      on conflict (idempotency_key) do nothing
      returning id, topic, key
    ),
    ${deliveriesCte('outbox_delivery_rows', 'outbox_rows', now)}`;
}

/**
 * Records who receives which topics (the composition root's list), in one transaction. Messages still
 * pending in the outbox from before subscriptions (migration 0029) get their deliveries here, once, and
 * are then marked done. A subscription no longer in the list is left as it is (another process may still
 * run it); its undelivered rows stay visible to the operator.
 */
export async function registerSubscriptions(
  db: Db,
  subscribers: readonly Pick<Subscriber, 'name' | 'topics'>[],
  now: Date,
): Promise<void> {
  if (subscribers.length === 0) return;
  const names = subscribers.map((s) => s.name);
  if (new Set(names).size !== names.length)
    throw new Error(`duplicate subscriber names: ${names.join(', ')}`);
  await inTransaction(db, async (tx) => {
    for (const s of subscribers) {
      await tx
        .insertInto('subscriptions')
        .values({ name: s.name, topics: [...s.topics], registeredAt: now })
        .onConflict((oc) => oc.column('name').doUpdateSet({ topics: [...s.topics] }))
        .execute();
    }
    await sql`
      with outbox_rows as (
        update outbox set status = 'done', processed_at = ${now}::timestamptz
        where status = 'pending'
        returning id, topic, key
      ),
      ${deliveriesCte('outbox_delivery_rows', 'outbox_rows', now)}
      select 1`.execute(tx);
  });
}

/**
 * Gives a message that went dead before per-subscriber delivery (migration 0029) one delivery per matching
 * subscription now, as the old retry did; true when it was such a message.
 */
export async function redeliverLegacyDead(tx: Tx, id: string, now: Date): Promise<boolean> {
  const r = await sql<{ n: number }>`
    with outbox_rows as (
      update outbox set status = 'done', attempts = 0, processed_at = ${now}::timestamptz
      where id = ${id}::uuid and status = 'dead'
      returning id, topic, key
    ),
    ${deliveriesCte('outbox_delivery_rows', 'outbox_rows', now)}
    select count(*)::int as n from outbox_rows`.execute(tx);
  return Number(r.rows[0]?.n ?? 0) === 1;
}

/** Exponential backoff with jitter: base 1 s doubling per attempt, capped at 10 minutes. */
export function backoffMs(attempts: number, random: () => number): number {
  const base = Math.min(600_000, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

export interface DispatcherOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly subscribers: readonly Subscriber[];
  /** How long a claimed delivery stays invisible to other dispatchers; a crashed one's come back after it. */
  readonly leaseMs?: number;
  readonly random?: () => number;
  /** How long one `runOnce` of a subscriber keeps claiming full batches before it returns. */
  readonly budgetMs?: number;
}

export interface RunStats {
  delivered: number;
  retried: number;
  dead: number;
}

export interface Dispatcher {
  /** Delivers what is due to one subscriber (its `concurrency` batches at a time) until none is left. */
  runSubscriber(name: string): Promise<RunStats>;
  /** Every subscriber at once; the stats per subscriber name. */
  runOnce(): Promise<Record<string, RunStats>>;
}

const DEFAULT_BATCH = 50;
const DEFAULT_MAX_ATTEMPTS = 8;

interface Claimed {
  seq: string;
  messageId: string;
  topic: string;
  key: string;
  payload: unknown;
  attempts: number;
  createdAt: Date | string;
}

/**
 * Delivers each message to each subscriber separately (`outbox_deliveries`). Safe with several processes:
 * one statement claims a batch of a subscriber's due deliveries (`FOR UPDATE SKIP LOCKED`) and leases them;
 * the subscriber's `handle` runs outside any transaction; the delivered rows are then deleted in one
 * statement and the failed ones given their backoff (or dead) in another. A subscriber's failures never
 * touch another's rows.
 */
export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const leaseMs = opts.leaseMs ?? 60_000;
  const random = opts.random ?? Math.random;
  const budgetMs = opts.budgetMs ?? 2000;
  const byName = new Map(opts.subscribers.map((s) => [s.name, s]));

  async function claim(
    s: Subscriber,
    now: Date,
  ): Promise<{ batch: Delivery[]; seqs: Map<string, string>; lease: Date }> {
    const lease = new Date(now.getTime() + leaseMs);
    const limit = s.batchSize ?? DEFAULT_BATCH;
    // With `orderedByKey`, only the first undelivered (pending or dead) delivery of a key is claimable:
    // a later one waits until it is delivered (deleted) or resolved; one in flight holds its key.
    const headOnly = s.orderedByKey
      ? sql`and not exists (
          select 1 from outbox_deliveries e
          where e.subscriber = d.subscriber and e.key = d.key and e.seq < d.seq and e.status <> 'resolved')`
      : sql``;
    const rows = await sql<Claimed>`
      update outbox_deliveries u set next_attempt_at = ${lease}::timestamptz
      from (
        select d.seq from outbox_deliveries d
        where d.subscriber = ${s.name} and d.status = 'pending' and d.next_attempt_at <= ${now}::timestamptz
        ${headOnly}
        order by d.next_attempt_at, d.seq
        limit ${limit}
        for update skip locked
      ) c, outbox o
      where u.seq = c.seq and o.id = u.message_id
      returning u.seq::text as seq, u.message_id, u.topic, u.key, o.payload, u.attempts, u.created_at`.execute(
      opts.db,
    );
    const sorted = rows.rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
    const seqs = new Map<string, string>();
    const batch = sorted.map((r) => {
      seqs.set(r.messageId, r.seq);
      return {
        id: r.messageId,
        topic: r.topic,
        key: r.key,
        payload: r.payload,
        attempts: Number(r.attempts),
        createdAt: new Date(r.createdAt),
      } satisfies Delivery;
    });
    return { batch, seqs, lease };
  }

  async function settle(
    s: Subscriber,
    batch: readonly Delivery[],
    seqs: ReadonlyMap<string, string>,
    lease: Date,
    failed: ReadonlyMap<string, string>,
  ): Promise<RunStats> {
    const stats: RunStats = { delivered: 0, retried: 0, dead: 0 };
    const done = batch.filter((d) => !failed.has(d.id)).map((d) => seqs.get(d.id)!);
    if (done.length) {
      // Only rows still under this claim's lease: one an operator put back meanwhile is delivered again.
      await sql`delete from outbox_deliveries
        where seq = any(${done}::bigint[]) and next_attempt_at = ${lease}::timestamptz`.execute(opts.db);
      stats.delivered = done.length;
    }
    const bad = batch.filter((d) => failed.has(d.id));
    if (bad.length) {
      const maxAttempts = s.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      const at = opts.clock.now();
      const next = bad.map((d) => new Date(at.getTime() + backoffMs(d.attempts + 1, random)).toISOString());
      await sql`
        update outbox_deliveries u set
          attempts = u.attempts + 1,
          last_error = f.error,
          status = case when u.attempts + 1 >= ${maxAttempts}::integer then 'dead' else 'pending' end,
          dead_at = case when u.attempts + 1 >= ${maxAttempts}::integer then ${at}::timestamptz end,
          next_attempt_at = f.next
        from unnest(${bad.map((d) => seqs.get(d.id)!)}::bigint[], ${bad.map((d) => failed.get(d.id)!.slice(0, 2000))}::text[], ${next}::timestamptz[]) as f (seq, error, next)
        where u.seq = f.seq and u.next_attempt_at = ${lease}::timestamptz`.execute(opts.db);
      for (const d of bad) {
        if (d.attempts + 1 >= maxAttempts) {
          stats.dead++;
          opts.logger.warn(
            {
              subscriber: s.name,
              messageId: d.id,
              topic: d.topic,
              attempts: d.attempts + 1,
              error: failed.get(d.id),
            },
            'outbox delivery dead',
          );
        } else stats.retried++;
      }
    }
    return stats;
  }

  /**
   * Claims and handles batches until a claim comes back short (empty for an `orderedByKey` subscriber: its
   * claim holds one delivery per key, and settling a batch makes each key's next one claimable, so a short
   * batch says nothing about what is left) or the time budget is spent.
   */
  async function worker(s: Subscriber, stats: RunStats, started: number): Promise<void> {
    const limit = s.batchSize ?? DEFAULT_BATCH;
    for (;;) {
      const { batch, seqs, lease } = await claim(s, opts.clock.now());
      if (batch.length === 0) return;
      let failed: ReadonlyMap<string, string>;
      try {
        failed = (await s.handle(batch))?.failed ?? new Map();
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        failed = new Map(batch.map((d) => [d.id, error]));
      }
      const r = await settle(s, batch, seqs, lease, failed);
      stats.delivered += r.delivered;
      stats.retried += r.retried;
      stats.dead += r.dead;
      // bench lifecycle-e2e: the portal's records had several changes waiting each, one taken per 200 ms run.
      if ((!s.orderedByKey && batch.length < limit) || performance.now() - started > budgetMs) return;
    }
  }

  async function runSubscriber(name: string): Promise<RunStats> {
    const s = byName.get(name);
    if (!s) throw new Error(`no subscriber ${name}`);
    const stats: RunStats = { delivered: 0, retried: 0, dead: 0 };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Math.max(1, s.concurrency ?? 1) }, () => worker(s, stats, started)),
    );
    return stats;
  }

  return {
    runSubscriber,
    async runOnce() {
      const out: Record<string, RunStats> = {};
      await Promise.all(
        opts.subscribers.map(async (s) => {
          out[s.name] = await runSubscriber(s.name);
        }),
      );
      return out;
    },
  };
}

import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/index.ts';

/** One subscriber's deliveries, counted in one grouped query. */
export interface SubscriberStatsRow {
  name: string;
  topics: string[];
  backlog: number;
  dueNow: number;
  dead: number;
  resolved: number;
  oldestPendingAt: Date | null;
  oldestDeadAt: Date | null;
}

/**
 * Every registered subscriber with its pending (due at `now` or not), dead and — with `withResolved` —
 * resolved deliveries. Without it the query reads only the not-resolved rows (the backlog and the dead
 * letters, both small), which is what /metrics runs at each scrape.
 */
export async function subscriberStats(
  tx: Tx,
  now: Date,
  opts: { withResolved: boolean },
): Promise<SubscriberStatsRow[]> {
  const rows = await tx
    .selectFrom('subscriptions as s')
    .leftJoin('outboxDeliveries as d', (j) => {
      const on = j.onRef('d.subscriber', '=', 's.name');
      return opts.withResolved ? on : on.on('d.status', '<>', 'resolved');
    })
    .select([
      's.name',
      's.topics',
      sql<number>`(count(*) filter (where d.status = 'pending'))::int`.as('backlog'),
      sql<number>`(count(*) filter (where d.status = 'pending' and d.next_attempt_at <= ${now}))::int`.as(
        'dueNow',
      ),
      sql<number>`(count(*) filter (where d.status = 'dead'))::int`.as('dead'),
      sql<number>`(count(*) filter (where d.status = 'resolved'))::int`.as('resolved'),
      sql<Date | null>`min(d.created_at) filter (where d.status = 'pending')`.as('oldestPendingAt'),
      sql<Date | null>`min(d.dead_at) filter (where d.status = 'dead')`.as('oldestDeadAt'),
    ])
    .groupBy(['s.name', 's.topics'])
    .orderBy('s.name')
    .execute();
  return rows.map((r) => ({
    ...r,
    oldestPendingAt: r.oldestPendingAt === null ? null : new Date(r.oldestPendingAt),
    oldestDeadAt: r.oldestDeadAt === null ? null : new Date(r.oldestDeadAt),
  }));
}

export async function subscriberExists(tx: Tx, name: string): Promise<boolean> {
  const row = await tx.selectFrom('subscriptions').select('name').where('name', '=', name).executeTakeFirst();
  return row !== undefined;
}

export interface DeadLetterRow {
  seq: number;
  messageId: string;
  subscriber: string;
  status: 'dead' | 'resolved';
  topic: string;
  key: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deadAt: Date | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolvedNote: string | null;
  payload: unknown;
}

/** Dead (or resolved) deliveries in `seq` order after `afterSeq`, with their message's payload. */
export async function listDeadLetters(
  tx: Tx,
  q: {
    subscriber?: string | undefined;
    status: 'dead' | 'resolved';
    afterSeq?: number | undefined;
    limit: number;
  },
): Promise<DeadLetterRow[]> {
  const rows = await tx
    .selectFrom('outboxDeliveries as d')
    .innerJoin('outbox as o', 'o.id', 'd.messageId')
    .select([
      'd.seq',
      'd.messageId',
      'd.subscriber',
      'd.status',
      'd.topic',
      'd.key',
      'd.attempts',
      'd.lastError',
      'd.createdAt',
      'd.deadAt',
      'd.resolvedAt',
      'd.resolvedBy',
      'd.resolvedNote',
      'o.payload',
    ])
    .where('d.status', '=', q.status)
    .$if(q.subscriber !== undefined, (b) => b.where('d.subscriber', '=', q.subscriber!))
    .$if(q.afterSeq !== undefined, (b) => b.where('d.seq', '>', String(q.afterSeq)))
    .orderBy('d.seq')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), status: r.status as 'dead' | 'resolved' }));
}

/**
 * Puts dead deliveries of `subscriber` back in its queue — pending, attempts 0, due at `now`, no longer
 * dead (the last error stays for reference) — all of them, or only `seqs`. Returns the seqs it changed.
 */
export async function retryDead(
  tx: Tx,
  subscriber: string,
  seqs: readonly number[] | undefined,
  now: Date,
): Promise<number[]> {
  const rows = await tx
    .updateTable('outboxDeliveries')
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, deadAt: null })
    .where('subscriber', '=', subscriber)
    .where('status', '=', 'dead')
    .$if(seqs !== undefined, (b) => b.where('seq', 'in', seqs!.map(String)))
    .returning('seq')
    .execute();
  return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
}

/** Closes dead deliveries of `subscriber` without delivering them, with who did it and why. */
export async function resolveDead(
  tx: Tx,
  subscriber: string,
  seqs: readonly number[],
  by: { userId: string; note: string },
  now: Date,
): Promise<number[]> {
  const rows = await tx
    .updateTable('outboxDeliveries')
    .set({ status: 'resolved', resolvedAt: now, resolvedBy: by.userId, resolvedNote: by.note })
    .where('subscriber', '=', subscriber)
    .where('status', '=', 'dead')
    .where('seq', 'in', seqs.map(String))
    .returning('seq')
    .execute();
  return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
}

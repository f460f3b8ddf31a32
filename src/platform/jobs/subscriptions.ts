/**
 * Subscribers of the outbox (issue 16). The shared contract: every lane writes subscribers of this shape;
 * `main.ts` is the only place that registers them (`subscribers(...)`), and the dispatcher in
 * `outbox.ts` delivers each message to each matching subscriber separately (table `outbox_deliveries`).
 */

/** One message as a subscriber receives it. */
export interface Delivery {
  /** The outbox message id: a subscriber is idempotent on it (delivery is at least once). */
  readonly id: string;
  readonly topic: string;
  /** What the message is about (a record id for record topics): ordering is per key. */
  readonly key: string;
  readonly payload: unknown;
  /** Earlier failed attempts of this subscriber for this message (0 on the first). */
  readonly attempts: number;
  readonly createdAt: Date;
}

/**
 * What a batch handler reports: the ids that failed, with the error (retried later with backoff, then
 * dead); every other delivery of the batch counts as delivered. Throwing fails the whole batch.
 */
export interface BatchOutcome {
  readonly failed?: ReadonlyMap<string, string>;
}

/** A named receiver of outbox topics. */
export interface Subscriber {
  /** Stable name, stored with each delivery: `^[a-z][a-z0-9-]{1,39}$` (e.g. `reports`, `portal`). */
  readonly name: string;
  /** Topics it receives; one ending in `.` is a prefix (`record.` matches `record.received`). */
  readonly topics: readonly string[];
  /**
   * Handles up to `batchSize` deliveries (in `seq` order; with `orderedByKey`, never two of one key in
   * flight and never one before an earlier undelivered one of its key). Runs outside any transaction.
   */
  readonly handle: (batch: readonly Delivery[]) => Promise<BatchOutcome | undefined>;
  readonly batchSize?: number;
  /** Batches of this subscriber handled at once in one process. */
  readonly concurrency?: number;
  readonly orderedByKey?: boolean;
  /** Attempts before a delivery goes dead (default 8 with backoff from 1 s doubling, capped). */
  readonly maxAttempts?: number;
}

/** True when `topic` is one of `patterns` (a pattern ending in `.` is a prefix). */
export function topicMatches(patterns: readonly string[], topic: string): boolean {
  return patterns.some((p) => (p.endsWith('.') ? topic.startsWith(p) : topic === p));
}

/** Adapts a one-message handler to a batch subscriber's `handle` (each message's failure is its own). */
export function oneByOne(
  handle: (delivery: Delivery) => Promise<void>,
): (batch: readonly Delivery[]) => Promise<BatchOutcome> {
  return async (batch) => {
    const failed = new Map<string, string>();
    for (const d of batch) {
      try {
        await handle(d);
      } catch (e) {
        failed.set(d.id, e instanceof Error ? e.message : String(e));
      }
    }
    return { failed };
  };
}

/**
 * Like {@link oneByOne}, but up to `limit` keys at once: the batch's deliveries are grouped by key, each
 * key's handled in order one after another, and a key whose delivery failed has its later ones in the batch
 * failed too (never delivered before an earlier one of their key). A subscriber `orderedByKey` gets at most
 * one delivery per key in a batch, so its batch is handled `limit` at a time: one slow call to another system
 * no longer holds up the whole batch (bench lifecycle-e2e: the portal's and civil-status' backlogs grew
 * through the load when each batch was handled one message after another).
 */
export function byKeyConcurrently(
  handle: (delivery: Delivery) => Promise<void>,
  limit: number,
): (batch: readonly Delivery[]) => Promise<BatchOutcome> {
  return async (batch) => {
    const failed = new Map<string, string>();
    const byKey = new Map<string, Delivery[]>();
    for (const d of batch) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
    const groups = [...byKey.values()];
    let next = 0;
    const lane = async () => {
      while (next < groups.length) {
        const group = groups[next++]!;
        let earlier: string | undefined;
        for (const d of group) {
          if (earlier !== undefined) {
            failed.set(d.id, `an earlier delivery of key ${d.key} failed: ${earlier}`);
            continue;
          }
          try {
            await handle(d);
          } catch (e) {
            earlier = e instanceof Error ? e.message : String(e);
            failed.set(d.id, earlier);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, groups.length)) }, lane));
    return { failed };
  };
}

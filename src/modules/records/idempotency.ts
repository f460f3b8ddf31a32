import { DomainError } from '../../core/errors/index.ts';
import { contentDigest } from '../../platform/canonical-json.ts';
import type { Tx } from '../../platform/db/index.ts';

/** A stored outcome: the HTTP status and body the first request got. */
export interface StoredOutcome {
  readonly statusCode: number;
  readonly body: unknown;
}

const PENDING = 0;

/** SHA-256 of the request's canonical JSON, so a key reused for a different request is caught. */
export function requestHash(body: unknown): string {
  return contentDigest(body);
}

/**
 * Claims an Idempotency-Key inside the command's transaction. The row is inserted first, so a second
 * request with the same key waits on the unique index until the first commits, then finds the stored
 * outcome (or, if the first rolled back, proceeds as the first). Returns the stored outcome, or
 * undefined when this request is the one to run.
 * @throws idempotency.key_reused when the key was used for a different request.
 */
export async function claimIdempotencyKey(
  tx: Tx,
  scope: string,
  key: string,
  hash: string,
  now: Date,
): Promise<StoredOutcome | undefined> {
  const inserted = await tx
    .insertInto('idempotencyKeys')
    .values({
      scope,
      key,
      requestHash: hash,
      statusCode: PENDING,
      response: JSON.stringify(null),
      createdAt: now,
    })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return undefined;
  const row = await tx
    .selectFrom('idempotencyKeys')
    .select(['requestHash', 'statusCode', 'response'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (row.requestHash !== hash) throw new DomainError('idempotency.key_reused', { key });
  return { statusCode: row.statusCode, body: row.response };
}

/** Stores the outcome of the request that claimed the key (same transaction). */
export async function storeIdempotentOutcome(
  tx: Tx,
  scope: string,
  key: string,
  outcome: StoredOutcome,
): Promise<void> {
  await tx
    .updateTable('idempotencyKeys')
    .set({ statusCode: outcome.statusCode, response: JSON.stringify(outcome.body) })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
}

/**
 * Deletes stored outcomes older than `days` (a daily job); returns how many went. A retry arriving
 * later runs as a new request, which is why clients retry within minutes, not weeks.
 */
export async function expireIdempotencyKeys(db: Tx, now: Date, days: number): Promise<number> {
  const before = new Date(now.getTime() - days * 24 * 3600_000);
  const result = await db.deleteFrom('idempotencyKeys').where('createdAt', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

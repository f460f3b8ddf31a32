import { sql } from 'kysely';
import type { Tx } from '../../platform/db/index.ts';

/**
 * How failed sign-ins are throttled: `limit` failures within `windowMs` (counted from the first) lock the
 * key for `lockMs(failures)`. The counts live in the database (`login_throttle`), so a lock holds across a
 * restart and across processes.
 */
export interface ThrottlePolicy {
  readonly limit: number;
  readonly windowMs: number;
  readonly lockMs: (failures: number, windowStart: Date, now: Date) => number;
}

const MINUTE = 60_000;

/**
 * An account (the username as typed, known or not, so a lock says nothing about whether it exists): after
 * `limit` wrong passwords within a day, locked 1 minute, then 2, 4, … at most 60 for each further one.
 * A successful sign-in clears the count.
 */
export function accountPolicy(limit: number): ThrottlePolicy {
  return {
    limit,
    windowMs: 24 * 60 * MINUTE,
    lockMs: (failures) => Math.min(60 * MINUTE, MINUTE * 2 ** Math.min(failures - limit, 6)),
  };
}

/**
 * A client address: `limit` wrong passwords within 15 minutes refuse it until the 15 minutes end. Correct
 * passwords do not count, so an office behind one address is not locked out by its own sign-ins.
 */
export function addressPolicy(limit: number): ThrottlePolicy {
  const windowMs = 15 * MINUTE;
  return { limit, windowMs, lockMs: (_f, start, now) => start.getTime() + windowMs - now.getTime() };
}

/** The latest moment any of `keys` is locked until, if later than `now`. */
export async function lockedUntil(tx: Tx, keys: readonly string[], now: Date): Promise<Date | undefined> {
  const rows = await tx
    .selectFrom('loginThrottle')
    .select('lockedUntil')
    .where('key', 'in', [...keys])
    .where('lockedUntil', '>', now)
    .execute();
  const times = rows.map((r) => new Date(r.lockedUntil!).getTime());
  return times.length ? new Date(Math.max(...times)) : undefined;
}

/** Counts one failure against `key` (a new window when the last one is over) and locks it at the limit. */
export async function recordFailure(tx: Tx, key: string, policy: ThrottlePolicy, now: Date): Promise<void> {
  const windowOpenedAfter = new Date(now.getTime() - policy.windowMs);
  const row = await tx
    .insertInto('loginThrottle')
    .values({ key, failures: 1, windowStart: now, lastFailureAt: now, lockedUntil: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`CASE WHEN login_throttle.window_start <= ${windowOpenedAfter} THEN 1 ELSE login_throttle.failures + 1 END`,
        windowStart: sql`CASE WHEN login_throttle.window_start <= ${windowOpenedAfter} THEN ${now} ELSE login_throttle.window_start END`,
        lastFailureAt: now,
      }),
    )
    .returning(['failures', 'windowStart'])
    .executeTakeFirstOrThrow();
  if (row.failures < policy.limit) return;
  const ms = policy.lockMs(row.failures, new Date(row.windowStart), now);
  if (ms <= 0) return;
  await tx
    .updateTable('loginThrottle')
    .set({ lockedUntil: new Date(now.getTime() + ms) })
    .where('key', '=', key)
    .execute();
}

/** Forgets the failures of `key` (after a successful sign-in). */
export async function clearFailures(tx: Tx, key: string): Promise<void> {
  await tx.deleteFrom('loginThrottle').where('key', '=', key).execute();
}

/** Drops counts whose last failure is older than a day (housekeeping). */
export async function deleteStaleFailures(tx: Tx, now: Date): Promise<number> {
  const res = await tx
    .deleteFrom('loginThrottle')
    .where('lastFailureAt', '<', new Date(now.getTime() - 24 * 60 * MINUTE))
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

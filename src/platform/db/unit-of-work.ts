import type { Transaction } from 'kysely';
import type { Db } from './database.ts';
import type { DB } from './schema.ts';

/** A transaction or the database itself: store functions take one as their first argument. */
export type Tx = Transaction<DB> | Db;

/**
 * Runs `work` in one transaction opened by the caller (a route or a job), never by a use case. Keep network
 * calls out of `work`: reach other systems through the outbox after commit.
 */
export function inTransaction<T>(db: Db, work: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}

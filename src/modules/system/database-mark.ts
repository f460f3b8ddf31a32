import type { Db, Tx } from '../../platform/db/index.ts';

/** What a database is for: a demo or a benchmark copy. No mark = production. */
export type DatabasePurpose = 'demo' | 'bench';

/** The database's mark, or undefined for an unmarked (production) database. */
export async function databaseMark(db: Db | Tx): Promise<DatabasePurpose | undefined> {
  const row = await db.selectFrom('databaseMark').select('purpose').executeTakeFirst();
  return row?.purpose;
}

/** Marks the database as a demo or benchmark copy (replacing an earlier mark). */
export async function markDatabase(db: Db | Tx, purpose: DatabasePurpose, now: Date): Promise<void> {
  await db
    .insertInto('databaseMark')
    .values({ onlyRow: true, purpose, markedAt: now })
    .onConflict((oc) => oc.column('onlyRow').doUpdateSet({ purpose, markedAt: now }))
    .execute();
}

/**
 * Refuses to go on unless the database is marked as a demo or benchmark copy: made-up history must never
 * land in a production database. @throws Error naming the command that marks it.
 */
export async function requireDemoOrBenchDatabase(db: Db, what: string): Promise<DatabasePurpose> {
  const mark = await databaseMark(db);
  if (!mark)
    throw new Error(
      `${what} refused: this database is not marked as a demo or benchmark copy (run \`motcua mark-database demo\` or \`motcua mark-database bench\` first, never on a production database)`,
    );
  return mark;
}

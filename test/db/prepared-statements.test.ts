import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../src/platform/db/index.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import { freshDatabase } from '../support/context.ts';

/**
 * On PostgreSQL, a statement the app runs again and again is prepared once per connection (named), so it is
 * not parsed and planned at every run; its answers stay those of the unnamed statement.
 */

let database: Database;
/** The suite's run on PostgreSQL (PGlite's driver always uses the extended protocol). */
const onPostgres = Boolean(inject('postgresUrl'));

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

describe('statements run often', () => {
  it('are prepared on the connection that runs them, and answer as before', async () => {
    const text = 'select code from agencies where key = $1';
    const prepared = await inTransaction(database.db, async (tx) => {
      for (let i = 0; i < 30; i++) {
        const key = i % 2 === 0 ? '31120-ubnd' : '92-ubnd';
        const { rows } = await sql<{ code: string }>`select code from agencies where key = ${key}`.execute(
          tx,
        );
        expect(rows).toHaveLength(1);
        expect(rows[0]!.code).toBe(
          (await tx.selectFrom('agencies').select('code').where('key', '=', key).executeTakeFirstOrThrow())
            .code,
        );
      }
      if (database.kind !== 'postgres') return [];
      const { rows } = await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements`.execute(tx);
      return rows;
    });
    if (database.kind === 'postgres') {
      expect(prepared).toContainEqual({
        name: expect.stringMatching(/^motcua_\d+_[0-9a-f]{24}$/),
        statement: text,
      });
    } else {
      expect(prepared).toEqual([]);
    }
  });

  it('keep answering after a migration changes what they return', async () => {
    const db = database.db;
    await sql`create table prepared_probe (a integer not null)`.execute(db);
    await sql`insert into prepared_probe values (1), (2)`.execute(db);
    const probe = (a: number) =>
      sql<Record<string, unknown>>`select * from prepared_probe where a = ${a}`.execute(db);
    for (let i = 0; i < 30; i++) expect((await probe(1 + (i % 2))).rows).toHaveLength(1);
    await sql`alter table prepared_probe add column b text not null default 'mới'`.execute(db);
    for (let i = 0; i < 10; i++) {
      expect((await probe(1)).rows).toEqual([{ a: 1, b: 'mới' }]);
    }
  });

  it.runIf(onPostgres)(
    'leave statements without parameters to the simple protocol (several statements in one text)',
    async () => {
      for (let i = 0; i < 30; i++) {
        await sql`select 1; select 2`.execute(database.db);
      }
      expect((await sql<{ n: number }>`select 3 as n`.execute(database.db)).rows).toEqual([{ n: 3 }]);
    },
  );
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/index.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import { freshDatabase } from '../support/context.ts';

/**
 * A query made outside a transaction while another request's transaction is open neither sees that
 * transaction's uncommitted rows nor commits or rolls back with it — on PostgreSQL by its isolation, on
 * PGlite (one connection) because Kysely lends the connection to one holder at a time. The record commands
 * that run without a transaction (ADR 0005) rely on it.
 */

let database: Database;

beforeAll(async () => {
  database = await freshDatabase();
  await sql`create table turn_probe (n integer not null)`.execute(database.db);
});
afterAll(() => database.close());

const numbers = async () =>
  (await sql<{ n: number }>`select n from turn_probe order by n`.execute(database.db)).rows.map((r) => r.n);

describe('a query beside an open transaction', () => {
  it('does not see its rows, and is not undone by its rollback', async () => {
    let open!: () => void;
    const opened = new Promise<void>((r) => {
      open = r;
    });
    let finish!: () => void;
    const finishing = new Promise<void>((r) => {
      finish = r;
    });
    const transaction = inTransaction(database.db, async (tx) => {
      await sql`insert into turn_probe values (1)`.execute(tx);
      open();
      await finishing;
      throw new Error('rolled back');
    });
    await opened;
    const read = numbers();
    const write = sql`insert into turn_probe values (2)`.execute(database.db);
    // Give the read and the write every chance to run before the transaction ends.
    await new Promise((r) => setTimeout(r, 50));
    finish();
    await expect(transaction).rejects.toThrow('rolled back');
    await write;
    // The read may come before or after the other write commits, never with the rolled-back row.
    expect(await read).not.toContain(1);
    expect(await numbers()).toEqual([2]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/modules/identity/index.ts';
import { verifyPassword } from '../../src/modules/identity/password.ts';
import { simulateCommand } from '../../src/modules/reports/index.ts';
import { simulateBulkCommand } from '../../src/modules/reports/simulate-bulk.ts';
import { simulatedOfficials } from '../../src/modules/reports/simulate-work.ts';
import { seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { databaseMark, markDatabase } from '../../src/modules/system/index.ts';
import { silentProgress } from '../../src/platform/progress.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/** `motcua simulate` writes made-up history only into a database marked as a demo or benchmark copy. */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const records = () => ctx.database.db.selectFrom('records').select('id').execute();
const opts = { records: 2, years: 1, seed: 7, progress: silentProgress };

describe('the simulation guard', () => {
  it('refuses an unmarked (production) database, in both modes, writing nothing', async () => {
    expect(await databaseMark(ctx.database.db)).toBeUndefined();
    const before = (await records()).length;
    await expect(simulateCommand(ctx.deps, opts)).rejects.toThrow(/not marked as a demo or benchmark/);
    await expect(simulateBulkCommand(ctx.deps, opts)).rejects.toThrow(/mark-database/);
    expect((await records()).length).toBe(before);
  });

  it('runs on a database marked bench', async () => {
    await markDatabase(ctx.database.db, 'bench', ctx.deps.clock.now());
    expect(await databaseMark(ctx.database.db)).toBe('bench');
    expect(await simulateCommand(ctx.deps, opts)).toMatch(/^simulated 2 records/);
  });

  it('the demo seed marks the database demo', async () => {
    await seedDemoAccounts(ctx.deps);
    expect(await databaseMark(ctx.database.db)).toBe('demo');
  });
});

describe('simulated officials', () => {
  it('get a random password, not one derived from their usernames', async () => {
    const agency = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow();
    const official = await (await simulatedOfficials(ctx.database.db)).official(agency.id, 'reception');
    const user = await ctx.database.db
      .selectFrom('users')
      .select(['username', 'passwordHash'])
      .where('id', '=', official.userId)
      .executeTakeFirstOrThrow();
    const stamp = user.username.split('.').at(-1)!;
    expect(await verifyPassword(`sim-${stamp}-password`, user.passwordHash)).toBe(false);
    // The check above does detect a derived password: the same hash check accepts a matching one.
    expect(await verifyPassword('x-derived', await hashPassword('x-derived'))).toBe(true);
  });
});

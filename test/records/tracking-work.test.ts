import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackRecord } from '../../src/modules/records/index.ts';
import type { Tx } from '../../src/platform/db/index.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  type TestContext,
} from '../support/context.ts';

/**
 * Tracking does the same work for an unknown code and for a wrong check (counted in queries, not timed):
 * the record is read only when the check matches.
 */

let ctx: TestContext;
let code: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const reception = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc' });
  code = (await receiveLandCorrection(ctx, reception, await landCorrectionProcedure(ctx), 'Lý Văn Phúc'))
    .code;
});
afterAll(() => ctx.close());

/** The database, counting the queries started through it. */
function counting(): { tx: Tx; queries: () => number } {
  let n = 0;
  const db = ctx.database.db;
  const tx = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'selectFrom' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        n++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Tx;
  return { tx, queries: () => n };
}

async function queriesFor(typed: string, check: string): Promise<{ found: boolean; queries: number }> {
  const c = counting();
  const found = await trackRecord(c.tx, typed, check).then(
    () => true,
    (e: { code?: string }) => {
      expect(e.code).toBe('record.not_found');
      return false;
    },
  );
  return { found, queries: c.queries() };
}

describe('tracking work', () => {
  it('is one query for an unknown code and for a wrong check, and reads the record only on a match', async () => {
    const unknown = await queriesFor('H13.999.01-260302-0001', '5678');
    const wrongCheck = await queriesFor(code, '0000');
    const right = await queriesFor(code, '5678');
    expect(unknown).toEqual({ found: false, queries: 1 });
    expect(wrongCheck).toEqual(unknown);
    expect(right).toEqual({ found: true, queries: 2 });
  });
});

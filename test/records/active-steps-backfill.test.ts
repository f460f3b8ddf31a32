import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';

/**
 * Migration 0026 fills the worklist projection (active_steps, active_step_tags) of records projected
 * before it from their state; what it writes must be what the write path (records.store `projection`)
 * writes for the same state, or worklists would lose or show those records.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
const migration = readFileSync(
  new URL('../../migrations/0026_record_active_steps.sql', import.meta.url),
  'utf8',
);
const backfill = migration.slice(migration.indexOf('WITH steps AS'), migration.indexOf('CREATE INDEX'));

beforeAll(async () => {
  ctx = await createTestContext();
  await signInLandCorrectionOfficials(ctx, 'backfill', tokens, users);
}, 300_000);
afterAll(() => ctx.close());

async function projected(id: string) {
  const row = await ctx.database.db
    .selectFrom('records')
    .select(['activeSteps', 'activeStepTags'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { activeSteps: row.activeSteps, tags: [...row.activeStepTags].sort() };
}

describe('migration 0026 backfill', () => {
  it('writes the active steps and worklist keys the write path writes', async () => {
    const procedure = await landCorrectionProcedure(ctx);
    const fresh = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Lưu Văn Hậu');
    const forwarded = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Lê Thị Hoa');
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${forwarded.id}/forward`,
      headers: { authorization: `Bearer ${tokens['nk.reception']}` },
      payload: { version: forwarded.version, assigneeId: users['ck.specialist'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const ids = [fresh.id, forwarded.id];
    const written = await Promise.all(ids.map(projected));
    expect(written[1]!.tags).toContain(`u:${users['ck.specialist']}`);
    expect(written[1]!.tags.filter((t) => t.startsWith('h:'))).toHaveLength(2);

    await ctx.database.db
      .updateTable('records')
      .set({ activeSteps: '[]', activeStepTags: [] })
      .where('id', 'in', ids)
      .execute();
    await sql.raw(backfill).execute(ctx.database.db);
    const restored = [];
    for (const id of ids) restored.push(await projected(id));
    expect(restored).toEqual(written);
  });
});

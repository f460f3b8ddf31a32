import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, auditVerifyCommand, verifyAudit } from '../../src/modules/audit/index.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;
const now = new Date('2026-03-02T03:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext();
  for (let i = 0; i < 40; i++) {
    await inTransaction(ctx.database.db, (tx) =>
      appendAudit(
        tx,
        [
          {
            actorId: undefined,
            actorRole: 'reception',
            action: 'record.receive',
            entityType: 'record',
            entityId: `r-${i}`,
            change: { i },
          },
        ],
        now,
      ),
    );
  }
});
afterAll(() => ctx.close());

/** What someone with database rights could do: switch the append-only trigger off for one statement. */
async function privileged(statement: ReturnType<typeof sql>) {
  await inTransaction(ctx.database.db, async (tx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(tx);
    await statement.execute(tx);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(tx);
  });
}

describe('the audit trail', () => {
  it('is intact after appends from many transactions', async () => {
    const v = await verifyAudit(ctx.database.db);
    expect(v).toMatchObject({ ok: true, rows: 40, problems: [] });
    expect(v.shards).toBeGreaterThan(1);
  });

  it('writes nothing when the surrounding transaction rolls back', async () => {
    await expect(
      inTransaction(ctx.database.db, async (tx) => {
        await appendAudit(tx, [{ action: 'x', entityType: 'record', entityId: 'gone', change: {} }], now);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const rows = await ctx.database.db
      .selectFrom('auditLog')
      .select('seq')
      .where('entityId', '=', 'gone')
      .execute();
    expect(rows).toEqual([]);
  });

  it('refuses an ordinary UPDATE or DELETE (append-only)', async () => {
    await expect(sql`UPDATE audit_log SET action = 'forged'`.execute(ctx.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log`.execute(ctx.database.db)).rejects.toThrow(/append-only/);
  });

  it('catches a row edited directly in the database', async () => {
    await privileged(sql`UPDATE audit_log SET actor_role = 'leader' WHERE entity_id = 'r-7'`);
    const result = await auditVerifyCommand(ctx.database.db);
    expect(result.ok).toBe(false);
    expect(result.text).toMatch(/edited — record r-7/);
  });

  it('catches a deleted row in the middle of a chain and a deleted last row', async () => {
    const row = await ctx.database.db
      .selectFrom('auditLog')
      .select(['shard', 'seq'])
      .where('entityId', '=', 'r-3')
      .executeTakeFirstOrThrow();
    const last = await ctx.database.db
      .selectFrom('auditLog')
      .select(['shard', (eb) => eb.fn.max('seq').as('seq')])
      .where('shard', '!=', row.shard)
      .groupBy('shard')
      .executeTakeFirstOrThrow();
    await privileged(sql`DELETE FROM audit_log WHERE shard = ${row.shard} AND seq = ${row.seq}`);
    await privileged(sql`DELETE FROM audit_log WHERE shard = ${last.shard} AND seq = ${last.seq}`);
    const v = await verifyAudit(ctx.database.db);
    const kinds = v.problems.map((p) => `${p.shard}:${p.kind}`);
    expect(kinds).toContain(`${row.shard}:deleted`);
    expect(kinds).toContain(`${last.shard}:head_mismatch`);
  });
});

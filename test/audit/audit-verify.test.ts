import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendAudit,
  auditVerifyCommand,
  legacyRowHash,
  sealLegacyAudit,
  setAuditKey,
  verifyAudit,
} from '../../src/modules/audit/index.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { TEST_AUDIT_KEY } from '../support/deps.ts';

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

  it('walks a chain longer than one batch without skipping or repeating rows', async () => {
    const v = await verifyAudit(ctx.database.db, undefined, 2);
    expect(v).toMatchObject({ ok: true, rows: 40, problems: [] });
  });

  it('is keyed: under another key every row reads as edited', async () => {
    setAuditKey('another-key-that-the-rows-were-not-made-with');
    try {
      const v = await verifyAudit(ctx.database.db);
      expect(v.problems.filter((p) => p.kind === 'edited')).toHaveLength(40);
    } finally {
      setAuditKey(TEST_AUDIT_KEY);
    }
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

  it("catches a row rewritten with a hash recomputed by the database's own function, head updated too (issue 13 #10)", async () => {
    // The last row of r-21's shard, so that no later row links to it: only the key can tell.
    const { shard } = await ctx.database.db
      .selectFrom('auditLog')
      .select('shard')
      .where('entityId', '=', 'r-21')
      .executeTakeFirstOrThrow();
    const last = await ctx.database.db
      .selectFrom('auditLog')
      .selectAll()
      .where('shard', '=', shard)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const rehash = sql`motcua_audit_hash(shard, seq, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      actor_id::text, actor_role, on_behalf_of, request_id, action, entity_type, entity_id, change_digest, prev_hash)`;
    // The recomputation is right for the unkeyed rule (what `audit verify` checked before the key).
    const { rows } = await sql<{ hash: string }>`SELECT ${rehash} AS hash FROM audit_log
      WHERE shard = ${shard} AND seq = ${last.seq}`.execute(ctx.database.db);
    expect(rows[0]!.hash).toBe(legacyRowHash({ ...last, seq: Number(last.seq), at: new Date(last.at) }));
    await privileged(
      sql`UPDATE audit_log SET actor_role = 'leader' WHERE shard = ${shard} AND seq = ${last.seq}`,
    );
    await privileged(sql`UPDATE audit_log SET hash = ${rehash} WHERE shard = ${shard} AND seq = ${last.seq}`);
    await sql`UPDATE audit_chains c SET last_hash = l.hash FROM audit_log l
      WHERE l.shard = c.shard AND l.seq = c.last_seq AND c.shard = ${shard}`.execute(ctx.database.db);
    const v = await verifyAudit(ctx.database.db);
    expect(v.problems).toContainEqual(
      expect.objectContaining({ shard, seq: Number(last.seq), kind: 'edited' }),
    );
    expect(v.problems.filter((p) => p.shard === shard && p.kind === 'head_mismatch')).toEqual([]);
  });

  it('catches an edited change digest or entity id, also past the first batch', async () => {
    const rows = await ctx.database.db
      .selectFrom('auditLog')
      .select(['shard', 'seq', 'entityId'])
      .where('entityId', 'in', ['r-30', 'r-31', 'r-32', 'r-33', 'r-34', 'r-35'])
      .orderBy('seq', 'desc')
      .execute();
    // A row beyond the first batch of 2 (seq 3 or more) if there is one, and another row.
    const [deep, other] = [rows[0]!, rows.find((r) => r.shard !== rows[0]!.shard) ?? rows[1]!];
    expect(deep.seq).toBeGreaterThan(2);
    await privileged(
      sql`UPDATE audit_log SET change_digest = repeat('f', 64) WHERE shard = ${deep.shard} AND seq = ${deep.seq}`,
    );
    await privileged(
      sql`UPDATE audit_log SET entity_id = 'r-999' WHERE shard = ${other.shard} AND seq = ${other.seq}`,
    );
    for (const batch of [2, 5000]) {
      const v = await verifyAudit(ctx.database.db, undefined, batch);
      const edited = v.problems.filter((p) => p.kind === 'edited').map((p) => `${p.shard}:${p.seq}`);
      expect(edited).toContain(`${deep.shard}:${deep.seq}`);
      expect(edited).toContain(`${other.shard}:${other.seq}`);
    }
  });

  it('checks rows from before the keyed chain against a sealed boundary', async () => {
    const db = ctx.database.db;
    const head = await db
      .selectFrom('auditChains')
      .select(['shard', 'lastSeq', 'lastHash'])
      .where('lastSeq', '>', 0)
      .orderBy('shard')
      .executeTakeFirstOrThrow();
    // Pretend the shard's rows predate migration 0022: unsealed, then sealed with the key.
    await sql`INSERT INTO audit_legacy (shard, last_seq, last_hash)
      VALUES (${head.shard}, ${head.lastSeq}, ${head.lastHash})`.execute(db);
    const unsealed = await verifyAudit(db);
    expect(unsealed.problems).toContainEqual(
      expect.objectContaining({
        shard: head.shard,
        kind: 'edited',
        detail: expect.stringMatching(/not sealed/),
      }),
    );
    expect(await sealLegacyAudit(db)).toBe(1);
    // Sealed, the keyed rows now count as unkeyed ones, which they are not: each is reported.
    const sealed = await verifyAudit(db);
    expect(sealed.problems.filter((p) => p.shard === head.shard && !p.seq)).toEqual([]);
    // Moving the boundary breaks the seal.
    await sql`UPDATE audit_legacy SET last_seq = last_seq - 1 WHERE shard = ${head.shard}`.execute(db);
    const moved = await verifyAudit(db);
    expect(moved.problems).toContainEqual(
      expect.objectContaining({ shard: head.shard, kind: 'edited', detail: expect.stringMatching(/seal/) }),
    );
    await sql`DELETE FROM audit_legacy WHERE shard = ${head.shard}`.execute(db);
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

import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  appendAudit,
  appendAuditCtes,
  auditKeyPads,
  GENESIS_HASH,
  rowHash,
  shardOf,
  verifyAudit,
} from '../../src/modules/audit/index.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * A record command appends its audit row inside its one write statement, hashing in SQL
 * (motcua_audit_hmac, migration 0022, keyed by pads the application passes); other changes append from TypeScript (rowHash). Both must make one
 * chain that `audit verify` accepts.
 */

let ctx: TestContext;
const now = new Date('2026-03-02T03:00:00.123Z');

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** Appends one entry the way a record command does, when `written` (the guard CTE returned a row). */
function appendInStatement(entry: AuditEntry, written = true) {
  return sql`with updated as (select 1 where ${written}::boolean), ${appendAuditCtes(entry, now, 'updated')}
    select 1`.execute(ctx.database.db);
}

/** Any Unicode text PostgreSQL can hold (everything but NUL), and a few that matter here. */
const text = fc.oneof(
  fc.string({ unit: 'binary' }).filter((t) => !t.includes('\u0000')),
  fc.constantFrom('Nguyễn Văn Ả', 'dòng 1\ndòng 2', '', '\\', "O'Brien"),
);

describe('the audit hash computed in SQL', () => {
  it('is the keyed rowHash of the same fields, for any text (Vietnamese, newlines, empty and absent fields)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          shard: fc.integer({ min: 0, max: 15 }),
          seq: fc.integer({ min: 1, max: 2 ** 40 }),
          actorId: fc.option(fc.uuid(), { nil: null }),
          actorRole: fc.option(text, { nil: null }),
          onBehalfOf: fc.option(text, { nil: null }),
          requestId: fc.option(text, { nil: null }),
          action: text,
          entityType: text,
          entityId: text,
          changeDigest: fc.stringMatching(/^[0-9a-f]{64}$/),
          prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
        }),
        async (r) => {
          const { innerPadHex, outerPadHex } = auditKeyPads();
          const { rows } = await sql<{ hash: string }>`select motcua_audit_hmac(decode(${innerPadHex}, 'hex'),
            decode(${outerPadHex}, 'hex'), ${r.shard}::integer,
            ${r.seq}::bigint, ${now.toISOString()}::text, ${r.actorId}::text, ${r.actorRole}::text,
            ${r.onBehalfOf}::text, ${r.requestId}::text, ${r.action}::text, ${r.entityType}::text,
            ${r.entityId}::text, ${r.changeDigest}::text, ${r.prevHash}::text) as hash`.execute(
            ctx.database.db,
          );
          expect(rows[0]!.hash).toBe(rowHash({ ...r, at: now }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("starts a shard's chain when the shard has no head yet", async () => {
    const heads = new Set(
      (await ctx.database.db.selectFrom('auditChains').select('shard').execute()).map((h) => h.shard),
    );
    const entityId = Array.from({ length: 1000 }, (_, i) => `record-first-${i}`).find(
      (id) => !heads.has(shardOf('record', id)),
    );
    expect(entityId, 'a fresh database has a shard without a head').toBeDefined();
    await appendInStatement({
      action: 'record.receive',
      entityType: 'record',
      entityId: entityId!,
      change: {},
    });
    const rows = await ctx.database.db
      .selectFrom('auditLog')
      .select(['seq', 'prevHash'])
      .where('entityId', '=', entityId!)
      .execute();
    expect(rows).toEqual([{ seq: 1, prevHash: GENESIS_HASH }]);
    expect(await verifyAudit(ctx.database.db)).toMatchObject({ ok: true, problems: [] });
  });

  it('chains with rows appended from TypeScript on the same shard, and verify accepts both', async () => {
    const entityId = 'record-sql-1';
    const shard = shardOf('record', entityId);
    const entry = (action: string): AuditEntry => ({
      actorId: '01900000-0000-7000-8000-000000000001',
      actorRole: 'reception,leader',
      requestId: 'req-1',
      action,
      entityType: 'record',
      entityId,
      change: { action, note: 'Hồ sơ đã tiếp nhận' },
    });
    await appendInStatement(entry('record.receive'));
    await inTransaction(ctx.database.db, (tx) => appendAudit(tx, [entry('record.document_added')], now));
    await appendInStatement(entry('record.forward'));
    await appendInStatement({ ...entry('record.assign'), actorId: undefined, actorRole: undefined });

    const rows = await ctx.database.db
      .selectFrom('auditLog')
      .select(['seq', 'action', 'prevHash', 'hash'])
      .where('shard', '=', shard)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.action)).toEqual([
      'record.receive',
      'record.document_added',
      'record.forward',
      'record.assign',
    ]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    const head = await ctx.database.db
      .selectFrom('auditChains')
      .select(['lastSeq', 'lastHash', 'prevHash'])
      .where('shard', '=', shard)
      .executeTakeFirstOrThrow();
    expect(head).toMatchObject({
      lastSeq: rows.at(-1)!.seq,
      lastHash: rows.at(-1)!.hash,
      prevHash: rows.at(-2)!.hash,
    });
    expect(await verifyAudit(ctx.database.db)).toMatchObject({ ok: true, problems: [] });
  });

  it('appends nothing when the statement wrote nothing (a version conflict)', async () => {
    const entry: AuditEntry = {
      action: 'record.forward',
      entityType: 'record',
      entityId: 'record-sql-2',
      change: {},
    };
    const shard = shardOf('record', 'record-sql-2');
    const before = await ctx.database.db
      .selectFrom('auditChains')
      .select(['lastSeq', 'lastHash'])
      .where('shard', '=', shard)
      .executeTakeFirst();
    await appendInStatement(entry, false);
    const after = await ctx.database.db
      .selectFrom('auditChains')
      .select(['lastSeq', 'lastHash'])
      .where('shard', '=', shard)
      .executeTakeFirst();
    expect(after).toEqual(before);
    const rows = await ctx.database.db
      .selectFrom('auditLog')
      .select('seq')
      .where('entityId', '=', 'record-sql-2')
      .execute();
    expect(rows).toHaveLength(0);
  });
});

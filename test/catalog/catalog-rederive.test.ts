import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompetentAgencyRule } from '../../src/core/catalog/index.ts';
import { competentAgency, type RoutingAgency } from '../../src/core/records/index.ts';
import { getCurrentVersionId, getProcedureFacts, importCatalog } from '../../src/modules/catalog/index.ts';
import { importCatalogCommand, seedIfEmpty } from '../../src/modules/seed/index.ts';
import { searchAgencies } from '../../src/modules/units/index.ts';
import { silentProgress } from '../../src/platform/progress.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

// A database imported by an earlier parser keeps the catalogue text but not what this parser derives from it
// (residence procedures routed to the commune People's Committee, not its police). Re-importing the same file,
// or starting on the existing database, re-derives it: a new version, local edits on top, records untouched.
let ctx: TestContext;
let admin: string;
/** Đăng ký tạm trú: decided by the commune police. */
const TEMPORARY_RESIDENCE = '1.004194';
const NINH_KIEU = '31135';
const CATALOG = new URL('../../data/vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl', import.meta.url);

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'city.admin.rederive' });
});
afterAll(() => ctx.close());

/** Cấp thẻ tư vấn viên pháp luật (Sở Tư pháp). */
const ADVISER = '1.000426';

/** The real catalogue line of `code`, parsed. */
function realLine(code: string): Record<string, unknown> {
  const line = readFileSync(CATALOG, 'utf8')
    .split('\n')
    .find((l) => l.includes(`"ma_thu_tuc": "${code}"`));
  if (!line) throw new Error(`no line for ${code}`);
  return JSON.parse(line);
}

const procedure = async (code: string) =>
  (await ctx.app.inject({ method: 'GET', url: `/api/procedures/${code}` })).json();

/** The newest stored version of `code`: its id, number and data. */
async function newestVersion(code: string) {
  const row = await ctx.database.db
    .selectFrom('procedureVersions as pv')
    .innerJoin('procedures as p', 'p.id', 'pv.procedureId')
    .select(['pv.id', 'pv.version', 'pv.data'])
    .where('p.code', '=', code)
    .orderBy('pv.version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { ...row, data: row.data as Record<string, unknown> & { competentAgencyRule: CompetentAgencyRule } };
}

/** Rewrites the newest version's stored rule as the parser before the police correction derived it. */
async function storeOldStyleRule(code: string) {
  const v = await newestVersion(code);
  const { body: _police, ...old } = v.data.competentAgencyRule as CompetentAgencyRule & { body?: string };
  expect(_police).toBe('police');
  const data = { ...v.data, competentAgencyRule: old };
  await ctx.database.db
    .updateTable('procedureVersions')
    .set({ data: sql`${JSON.stringify(data)}::jsonb` })
    .where('id', '=', v.id)
    .execute();
  return v;
}

async function competentFor(code: string, residenceUnitCode: string): Promise<string> {
  const agencies: RoutingAgency[] = (await searchAgencies(ctx.database.db, { limit: 1000, offset: 0 })).map(
    (a) => ({
      key: a.key,
      code: a.code,
      kind: a.kind,
      level: a.level,
      unitCode: a.unitKey.split(':')[1] ?? a.unitKey,
      name: a.name,
      sector: a.sector,
      servesUnitCodes: a.servesUnitCodes,
    }),
  );
  const facts = await getProcedureFacts(ctx.database.db, await getCurrentVersionId(ctx.database.db, code));
  const r = competentAgency(facts.competentAgencyRule, { residenceUnitCode }, agencies);
  return r.ok ? r.value.name : `unresolved: ${String((r.error.params as { reason: string }).reason)}`;
}

describe('re-deriving unchanged catalogue text parsed by an earlier parser', () => {
  it('re-import of the same file gives the procedure a new version routed to Công an phường, local edit kept', async () => {
    // A local edit first (a structured fee line), so the re-derived version must re-apply it.
    const edit = await ctx.app.inject({
      method: 'POST',
      url: `/api/catalog/procedures/${TEMPORARY_RESIDENCE}/versions`,
      headers: { authorization: `Bearer ${admin}` },
      payload: {
        effectiveFrom: '2026-03-02',
        decisionNo: '78/QĐ-UBND',
        changes: { fees: [{ name: 'Lệ phí đăng ký tạm trú', amountVnd: 15000, payer: 'applicant' }] },
      },
    });
    expect(edit.statusCode, edit.body).toBe(201);
    const old = await storeOldStyleRule(TEMPORARY_RESIDENCE);
    expect(await competentFor(TEMPORARY_RESIDENCE, NINH_KIEU)).toBe('Ủy ban nhân dân phường Ninh Kiều');

    const report = await importCatalogCommand(ctx.deps, { progress: silentProgress });
    expect(report).toMatchObject({ created: 0, newVersions: 0, sourceChangedSkipped: 0 });
    // Only the rewritten version differs from what this parser derives: a freshly seeded catalogue re-derives
    // nothing else.
    expect(report.rederived).toEqual([
      { code: TEMPORARY_RESIDENCE, version: old.version + 1, fields: ['competentAgencyRule'] },
    ]);
    expect(report.unchanged).toBe(report.totals.procedures - 1);
    expect(report.text).toMatch(/re-derived: 1 procedures/);
    expect(report.text).toContain(`${TEMPORARY_RESIDENCE} v${old.version + 1}: competentAgencyRule`);

    const after = await procedure(TEMPORARY_RESIDENCE);
    expect(after.version).toBe(old.version + 1);
    expect(after.details.competentAgencyRule).toMatchObject({ kind: 'residence_commune', body: 'police' });
    expect(after.details.fees).toEqual([expect.objectContaining({ amountVnd: 15000 })]);
    expect(await competentFor(TEMPORARY_RESIDENCE, NINH_KIEU)).toBe('Công an phường Ninh Kiều');
    // The earlier version is kept as it was (records received under it keep it).
    const kept = await ctx.database.db
      .selectFrom('procedureVersions')
      .select(['data'])
      .where('id', '=', old.id)
      .executeTakeFirstOrThrow();
    expect(
      (kept.data as { competentAgencyRule: CompetentAgencyRule }).competentAgencyRule,
    ).not.toHaveProperty('body');

    // Re-importing again changes nothing.
    const again = await importCatalogCommand(ctx.deps, { progress: silentProgress });
    expect(again.rederived).toEqual([]);
    expect(again.totals.versions).toBe(report.totals.versions);
  });

  it('starting on an existing database derived by this parser from this file parses nothing again', async () => {
    const stored = await ctx.database.db
      .selectFrom('seedFingerprint')
      .select('fingerprint')
      .executeTakeFirst();
    expect(stored?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const versions = async () =>
      Number(
        (
          await ctx.database.db
            .selectFrom('procedureVersions')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await versions();
    const started = await seedIfEmpty(ctx.deps, { demoAccounts: false });
    expect(started.lines).toContain('catalog: unchanged since it was last derived (same file, same parser)');
    expect(await versions()).toBe(before);
  });

  it('starting on an existing database re-derives it too, and says so', async () => {
    const old = await storeOldStyleRule(TEMPORARY_RESIDENCE);
    // Derived by an earlier parser: its fingerprint is not this one's.
    await ctx.database.db
      .updateTable('seedFingerprint')
      .set({ fingerprint: '0'.repeat(64) })
      .execute();
    const started = await seedIfEmpty(ctx.deps, { demoAccounts: false });
    expect(started.lines).toContain('catalog: re-derived: 1 procedures (new versions, local edits kept)');
    const after = await procedure(TEMPORARY_RESIDENCE);
    expect(after.version).toBe(old.version + 1);
    expect(after.details.competentAgencyRule).toMatchObject({ body: 'police' });
    expect(after.details.fees).toEqual([expect.objectContaining({ amountVnd: 15000 })]);
    const again = await seedIfEmpty(ctx.deps, { demoAccounts: false });
    expect(again.lines.some((l) => l.includes('re-derived'))).toBe(false);
    expect(again.lines).toContain('catalog: unchanged since it was last derived (same file, same parser)');
  });

  it('at start-up never reverts a text the administrator imported since (rederive-only)', async () => {
    const older = { ...realLine(TEMPORARY_RESIDENCE), ten_thu_tuc: 'Đăng ký tạm trú (văn bản cũ)' };
    // And a procedure the database lacks (its rows removed here: no record was received under it).
    const missing = realLine(ADVISER);
    const { db } = ctx.database;
    const adviser = await db
      .selectFrom('procedures')
      .select('id')
      .where('code', '=', ADVISER)
      .executeTakeFirstOrThrow();
    await db.updateTable('procedures').set({ currentVersionId: null }).where('id', '=', adviser.id).execute();
    await db.deleteFrom('procedureVersions').where('procedureId', '=', adviser.id).execute();
    await db.deleteFrom('procedures').where('id', '=', adviser.id).execute();
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-rederive-')), 'older.jsonl');
    writeFileSync(file, `${JSON.stringify(older)}\n${JSON.stringify(missing)}\n`);
    const before = await procedure(TEMPORARY_RESIDENCE);
    const report = await importCatalog(ctx.database.db, {
      file,
      effectiveFrom: '2026-03-02',
      now: ctx.deps.clock.now(),
      progress: silentProgress,
      sources: 'rederive-only',
    });
    expect(report).toMatchObject({ created: 0, newVersions: 0, unchanged: 0, sourceChangedSkipped: 2 });
    expect(report.rederived).toEqual([]);
    const after = await procedure(TEMPORARY_RESIDENCE);
    expect([after.version, after.name]).toEqual([before.version, before.name]);
    const absent = await ctx.app.inject({ method: 'GET', url: `/api/procedures/${ADVISER}` });
    expect(absent.statusCode).toBe(404);
  });
});

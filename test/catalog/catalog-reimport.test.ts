import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalog } from '../../src/modules/catalog/index.ts';
import { importCatalogCommand } from '../../src/modules/seed/index.ts';
import { silentProgress } from '../../src/platform/progress.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;
let admin: string;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'city.admin.reimport' });
});
afterAll(() => ctx.close());

const CATALOG = new URL('../../data/vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl', import.meta.url);
/** Thủ tục đăng ký khai sinh. */
const BIRTH = '1.001193';
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

const edit = (code: string, changes: unknown) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/catalog/procedures/${code}/versions`,
    headers: { authorization: `Bearer ${admin}` },
    payload: { effectiveFrom: '2026-03-02', decisionNo: '77/QĐ-UBND', changes } as Record<string, unknown>,
  });
const procedure = async (code: string) =>
  (await ctx.app.inject({ method: 'GET', url: `/api/procedures/${code}` })).json();

describe('re-importing the national catalogue over local edits', () => {
  it('keeps the local edits on top of the new text and reports the source diff with its collisions', async () => {
    const local = await edit(BIRTH, {
      crossBoundary: false,
      competentAgencyRule: { kind: 'residence_commune', basis: 'admin: reviewed' },
      fees: [{ name: 'Lệ phí đăng ký khai sinh', amountVnd: 8000, payer: 'applicant' }],
    });
    expect(local.statusCode).toBe(201);
    const edited = await procedure(BIRTH);

    // The national catalogue publishes a new text: a new name and another implementing agency.
    const birth = realLine(BIRTH);
    const changedBirth = {
      ...birth,
      ten_thu_tuc: `${birth.ten_thu_tuc} (sửa đổi)`,
      co_quan_thuc_hien: 'Ủy ban nhân dân cấp xã',
    };
    // And one procedure without local edits changes too.
    const adviser = realLine(ADVISER);
    const changedAdviser = { ...adviser, so_quyet_dinh: '999/QĐ-BTP' };
    const dir = mkdtempSync(join(tmpdir(), 'motcua-reimport-'));
    const file = join(dir, 'catalog.jsonl');
    writeFileSync(file, `${JSON.stringify(changedBirth)}\n${JSON.stringify(changedAdviser)}\n`);

    const report = await importCatalog(ctx.database.db, {
      file,
      effectiveFrom: '2026-03-02',
      now: new Date('2026-03-02T04:00:00Z'),
      progress: silentProgress,
    });
    expect(report).toMatchObject({ created: 0, newVersions: 2, unchanged: 0 });
    const birthDiff = report.sourceChanges.find((c) => c.code === BIRTH);
    expect(birthDiff).toMatchObject({
      version: edited.version + 1,
      sourceChanged: ['name', 'implementingAgencyText'],
      localEdits: ['competentAgencyRule', 'crossBoundary', 'fees'],
      collisions: ['competentAgencyRule'],
    });
    expect(report.sourceChanges.find((c) => c.code === ADVISER)).toMatchObject({
      sourceChanged: ['decisionNo'],
      localEdits: [],
      collisions: [],
    });

    const after = await procedure(BIRTH);
    expect(after.version).toBe(edited.version + 1);
    expect(after.name).toBe(changedBirth.ten_thu_tuc);
    expect(after.crossBoundary).toBe(false);
    expect(after.details.competentAgencyRule).toEqual({
      kind: 'residence_commune',
      basis: 'admin: reviewed',
    });
    expect(after.details.fees).toEqual([expect.objectContaining({ amountVnd: 8000 })]);
    expect((await procedure(ADVISER)).decisionNo).toBe('999/QĐ-BTP');

    const versions = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/catalog/procedures/${BIRTH}/versions`,
        headers: { authorization: `Bearer ${admin}` },
      })
    ).json();
    expect(versions.items[0]).toMatchObject({
      origin: 'import',
      inForce: true,
      localEdits: ['competentAgencyRule', 'crossBoundary', 'fees'],
    });
  });

  it('prints the diff in the CLI import report', async () => {
    const birth = realLine(BIRTH);
    const dir = mkdtempSync(join(tmpdir(), 'motcua-reimport-'));
    const file = join(dir, 'catalog.jsonl');
    writeFileSync(file, `${JSON.stringify({ ...birth, co_quan_thuc_hien: 'UBND cấp xã nơi cư trú' })}\n`);
    const report = await importCatalogCommand(ctx.deps, { file, progress: silentProgress });
    expect(report.text).toMatch(/changed in the source: 1 procedures \(1 with local edits, kept on top\)/);
    expect(report.text).toContain(`${BIRTH} v`);
    expect(report.text).toMatch(/COLLIDES with local edits: competentAgencyRule/);
  });
});

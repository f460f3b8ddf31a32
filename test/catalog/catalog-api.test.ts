import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitToWorkingHours, type TimeUnit } from '../../src/core/catalog/index.ts';
import { importCatalog } from '../../src/modules/catalog/index.ts';
import { silentProgress } from '../../src/platform/progress.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const get = (url: string) => ctx.app.inject({ method: 'GET', url });
const search = async (q: string, extra = '') =>
  (await get(`/api/procedures?q=${encodeURIComponent(q)}${extra}`)).json() as {
    total: number;
    items: { code: string; name: string; levels: string[]; rank: number }[];
  };

describe('procedure catalog', () => {
  it('holds the 1,601 real procedures, each with one version', async () => {
    const all = await search('', '&limit=1');
    expect(all.total).toBe(1601);
  });

  it('ranks "Thủ tục đăng ký khai sinh" first for the query with or without diacritics', async () => {
    const withMarks = await search('đăng ký khai sinh');
    const without = await search('dang ky khai sinh');
    expect(withMarks.items[0]?.name).toBe('Thủ tục đăng ký khai sinh');
    expect(without.items.map((i) => i.code)).toEqual(withMarks.items.map((i) => i.code));
    expect(withMarks.items.slice(0, 5).every((i) => /khai sinh/i.test(i.name))).toBe(true);
  });

  it('keeps words that matter in procedure names: "đăng ký lại khai sinh" is its own procedure', async () => {
    const res = await search('dang ky lai khai sinh');
    expect(res.items[0]?.name).toBe('Thủ tục đăng ký lại khai sinh');
  });

  it('finds a procedure by its code and filters by level and field', async () => {
    const byCode = await search('1.012753');
    expect(byCode.items[0]?.code).toBe('1.012753');
    const commune = await search('dat dai', '&level=commune&limit=100');
    expect(commune.items.length).toBeGreaterThan(0);
    expect(commune.items.every((i) => i.levels.includes('commune'))).toBe(true);
    const fields = (await get('/api/procedures/fields')).json().items as { field: string; count: number }[];
    expect(fields.reduce((n, f) => n + f.count, 0)).toBe(1601);
    const land = (await get(`/api/procedures?field=${encodeURIComponent('Đất đai')}&limit=1`)).json();
    expect(land.total).toBe(fields.find((f) => f.field === 'Đất đai')?.count);
  });

  it('returns one procedure with documents, fees, channels, legal basis and a process that sums to its limit', async () => {
    const code = (await search('Thủ tục đăng ký khai sinh')).items[0]!.code;
    const res = await get(`/api/procedures/${code}`);
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ code, version: 1, levels: expect.arrayContaining(['commune']) });
    const d = p.details as {
      documents: { name: string }[];
      channels: { channel: string }[];
      legalBasis: string[];
      process: { role: string; budgetWorkingHours: number }[];
    };
    expect(d.documents.length).toBeGreaterThan(0);
    expect(d.channels.length).toBeGreaterThan(0);
    expect(d.legalBasis.length).toBeGreaterThan(0);
    expect(Array.isArray(d.process)).toBe(true);
  });

  it('gives every procedure with a time limit a default process whose budgets sum to it', async () => {
    const rows = await ctx.database.db
      .selectFrom('procedureVersions')
      .select(['data', 'timeValue', 'timeUnit'])
      .execute();
    let checked = 0;
    for (const r of rows) {
      const data = r.data as { process: { budgetWorkingHours: number }[] };
      if (!r.timeUnit) continue;
      const sum = data.process.reduce((n, s) => n + s.budgetWorkingHours, 0);
      const limit = limitToWorkingHours({ value: Number(r.timeValue), unit: r.timeUnit as TimeUnit });
      expect(sum, `${r.timeValue} ${r.timeUnit}`).toBeCloseTo(Math.round(limit * 4) / 4, 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('answers an unknown code with 404 and a malformed one with 422', async () => {
    const missing = await get('/api/procedures/9.999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('procedure.not_found');
    const bad = await get('/api/procedures/khai-sinh');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toBe('params.code');
    const badLevel = await get('/api/procedures?level=district');
    expect(badLevel.statusCode).toBe(422);
    expect(badLevel.json().errors[0].path).toBe('query.level');
  });
});

describe('re-importing the catalog', () => {
  it('skips unchanged procedures and versions a changed one, keeping the old version', async () => {
    const source = readFileSync(
      new URL('../../data/vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl', import.meta.url),
      'utf8',
    );
    const lines = source.trim().split('\n');
    const first = JSON.parse(lines[0]!);
    const changed = { ...first, ten_thu_tuc: `${first.ten_thu_tuc} (sửa đổi)` };
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    const file = join(dir, 'c.jsonl');
    writeFileSync(file, [JSON.stringify(changed), ...lines.slice(1, 50), '{not json', ''].join('\n'));
    const report = await importCatalog(ctx.database.db, {
      file,
      effectiveFrom: '2026-12-01',
      now: ctx.deps.clock.now(),
      progress: silentProgress,
    });
    expect(report).toMatchObject({ created: 0, newVersions: 1, unchanged: 49 });
    expect(report.invalidLines).toEqual([{ line: 51, reason: 'not valid JSON' }]);
    const p = (await get(`/api/procedures/${first.ma_thu_tuc}`)).json();
    expect(p.version).toBe(2);
    expect(p.name).toBe(changed.ten_thu_tuc);
    expect(p.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });
});

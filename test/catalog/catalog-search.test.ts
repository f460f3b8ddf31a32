import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_MODIFIERS, SEARCH_SYNONYMS } from '../../src/core/catalog/index.ts';
import { normalizeSearchText } from '../../src/core/vn/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { CITIZEN_PHRASINGS, type CitizenPhrasing, HELD_OUT_PHRASINGS } from './citizen-phrasings.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

interface Found {
  total: number;
  items: { code: string; name: string }[];
}
const search = async (q: string, extra = ''): Promise<Found> => {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/procedures?q=${encodeURIComponent(q)}&limit=10${extra}`,
  });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const codes = async (q: string) => (await search(q)).items.map((i) => i.code);

/** Share of phrasings whose procedure is first, and among the first three. */
async function accuracy(set: readonly CitizenPhrasing[]) {
  let top1 = 0;
  let top3 = 0;
  const misses: string[] = [];
  for (const p of set) {
    const found = await codes(p.q);
    if (p.codes.includes(found[0] ?? '')) top1++;
    if (found.slice(0, 3).some((c) => p.codes.includes(c))) top3++;
    else misses.push(`${p.q} → ${found.slice(0, 3).join(', ')}`);
  }
  return { top1: top1 / set.length, top3: top3 / set.length, misses };
}

describe('citizen search over the real catalogue', () => {
  it('finds the procedure meant by at least 95% of the citizen phrasings among the first three, 90% first', async () => {
    const { top1, top3, misses } = await accuracy(CITIZEN_PHRASINGS);
    expect(misses).toEqual([]);
    expect(top3).toBeGreaterThanOrEqual(0.95);
    expect(top1).toBeGreaterThanOrEqual(0.9);
  });

  it('finds the procedure meant by at least 85% of the held-out phrasings among the first three', async () => {
    const { top3 } = await accuracy(HELD_OUT_PHRASINGS);
    expect(top3).toBeGreaterThanOrEqual(0.85);
  });

  it('gives household-business registration first for "đăng ký hộ kinh doanh", before stopping or closing one', async () => {
    for (const q of ['đăng ký hộ kinh doanh', 'dang ky ho kinh doanh', 'hộ kinh doanh', 'hkd']) {
      const { items } = await search(q);
      expect(items[0], q).toMatchObject({ code: '1.001612', name: 'Đăng ký thành lập hộ kinh doanh' });
    }
    const { items } = await search('đăng ký hộ kinh doanh');
    const followUps = items.filter((i) => /^(Dừng thực hiện|Tạm ngừng|Chấm dứt|Thu hồi)/.test(i.name));
    expect(followUps.length).toBeGreaterThan(0);
    for (const f of followUps) expect(items.indexOf(f)).toBeGreaterThan(0);
  });

  it('gives the follow-up first when the query asks for it', async () => {
    expect((await codes('tạm ngừng hộ kinh doanh'))[0]).toBe('1.001570');
    expect((await codes('giải thể hộ kinh doanh'))[0]).toBe('1.001266');
    expect((await codes('cấp lại cccd'))[0]).toBe('1.014064');
    expect((await codes('khai sinh lưu động'))[0]).toBe('1.003583');
    expect((await codes('đăng ký khai sinh có yếu tố nước ngoài'))[0]).toBe('2.000528');
  });

  it('gives the base procedure before its special cases: birth registration before mobile, foreign and combined', async () => {
    const { items } = await search('khai sinh');
    expect(items[0]).toMatchObject({ code: '1.001193', name: 'Thủ tục đăng ký khai sinh' });
    const special = items.filter((i) => /lưu động|nước ngoài|kết hợp/.test(i.name));
    expect(special.length).toBeGreaterThan(0);
    expect((await codes('làm giấy khai sinh'))[0]).toBe('1.001193');
    expect((await codes('khai sinh cho con'))[0]).toBe('1.001193');
  });

  it('finds the ID card from "cccd", "căn cước" and the old "cmnd", with or without capitals', async () => {
    for (const q of ['cccd', 'CCCD', 'căn cước', 'can cuoc', 'cmnd']) {
      expect((await codes(q)).slice(0, 3), q).toContain('1.014061');
    }
    expect((await codes('làm cccd cho con'))[0]).toBe('1.014062');
  });

  it('answers a query some of whose words no procedure holds with those holding the most of them', async () => {
    const { items, total } = await search('khai sinh xyzzy');
    expect(total).toBeGreaterThan(0);
    expect(items[0]?.code).toBe('1.001193');
    const past = await search('khai sinh', '&offset=1000');
    expect(past.items).toEqual([]);
  });

  it('pages through the ranked list without gaps or repeats', async () => {
    const page = async (offset: number) =>
      (
        await ctx.app.inject({ method: 'GET', url: `/api/procedures?q=dang%20ky&limit=10&offset=${offset}` })
      ).json() as Found;
    const whole = (
      await ctx.app.inject({ method: 'GET', url: '/api/procedures?q=dang%20ky&limit=40' })
    ).json() as Found;
    const pages = [await page(0), await page(10), await page(20), await page(30)];
    expect(pages.flatMap((p) => p.items.map((i) => i.code))).toEqual(whole.items.map((i) => i.code));
    expect(new Set(whole.items.map((i) => i.code)).size).toBe(40);
    expect(pages.every((p) => p.total === whole.total)).toBe(true);
  });

  it('finds every procedure by its own full name, first', async () => {
    const rows = await ctx.database.db
      .selectFrom('procedures')
      .innerJoin('procedureVersions', 'procedureVersions.id', 'procedures.currentVersionId')
      .select(['procedures.code', 'procedureVersions.name'])
      .orderBy('procedures.code')
      .execute();
    const sameName = new Map<string, string[]>();
    for (const r of rows) {
      const key = normalizeSearchText(r.name);
      sameName.set(key, [...(sameName.get(key) ?? []), r.code]);
    }
    // Every seventh, to keep the test short, of those a search box takes (200 characters).
    const sample = rows.filter((r, i) => i % 7 === 0 && r.name.length <= 200);
    const wrong: string[] = [];
    for (const r of sample) {
      const first = (await codes(r.name))[0] ?? '';
      if (!sameName.get(normalizeSearchText(r.name))?.includes(first)) wrong.push(`${r.code} → ${first}`);
    }
    expect(sample.length).toBeGreaterThan(200);
    expect(wrong).toEqual([]);
  });

  it('uses only catalogue wording that some real procedure holds, so a renamed procedure fails here', async () => {
    const rows = await ctx.database.db.selectFrom('procedureVersions').select(['searchText']).execute();
    const text = rows.map((r) => ` ${r.searchText} `).join('\n');
    const wording = [
      ...SEARCH_SYNONYMS.flatMap((s) => [...(s.to ?? []), ...(s.prefer ?? [])].flat()),
      ...SEARCH_MODIFIERS.flatMap((m) => m.inName),
    ];
    const absent = wording.filter((w) => !text.includes(` ${normalizeSearchText(w)} `));
    expect(wording.length).toBeGreaterThan(60);
    expect(absent).toEqual([]);
  });
});

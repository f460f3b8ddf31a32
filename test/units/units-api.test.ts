import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const get = (url: string) => ctx.app.inject({ method: 'GET', url });

describe('administrative units and agencies', () => {
  it('imported both generations: 34 provinces and 3,321 communes now; 63, 696 and 10,035 before 2025', async () => {
    const counts = await ctx.database.db
      .selectFrom('adminUnits')
      .select(['generation', 'level', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['generation', 'level'])
      .orderBy('generation')
      .orderBy('level')
      .execute();
    expect(counts.map((c) => [c.generation, c.level, Number(c.n)])).toEqual([
      ['2025', 1, 34],
      ['2025', 2, 3321],
      ['pre2025', 1, 63],
      ['pre2025', 2, 696],
      ['pre2025', 3, 10035],
    ]);
  });

  it('finds a ward with or without diacritics and either tone-mark placement', async () => {
    for (const q of ['Ninh Kiều', 'ninh kieu', 'NINH KIEU']) {
      const res = await get(`/api/units?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().items.map((u: { fullName: string }) => u.fullName)).toContain('Phường Ninh Kiều');
    }
    const a = (await get(`/api/units?q=${encodeURIComponent('Hòa')}&parentKey=2025:92`)).json().items;
    const b = (await get(`/api/units?q=${encodeURIComponent('Hoà')}&parentKey=2025:92`)).json().items;
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it('lists the 103 communes and wards of Can Tho', async () => {
    const res = await get('/api/units?parentKey=2025:92&limit=200');
    const items = res.json().items as { kind: string }[];
    expect(items).toHaveLength(103);
    expect(items.filter((u) => u.kind === 'ward')).toHaveLength(31);
    expect(items.filter((u) => u.kind === 'commune')).toHaveLength(72);
  });

  it('resolves a pre-2025 commune to the current unit of Resolution 1668, not the national mapping', async () => {
    const res = await get('/api/units/resolve?code=31240');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.from).toMatchObject({ generation: 'pre2025', code: '31240' });
    expect(body.current.map((c: { unit: { code: string } }) => c.unit.code)).toEqual(['31246']);
    expect(body.current[0]).toMatchObject({ share: 'full', confidence: 'authoritative' });
  });

  it('resolves a split ward to every unit it went to, with the share of each', async () => {
    const oldUnits = (
      await get(`/api/units?generation=pre2025&q=${encodeURIComponent('Thốt Nốt')}&level=3`)
    ).json().items;
    const ward = oldUnits.find((u: { fullName: string }) => u.fullName === 'Phường Thốt Nốt');
    expect(ward).toBeDefined();
    const res = (await get(`/api/units/resolve?code=${ward.code}`)).json();
    expect(res.current.length).toBeGreaterThan(1);
    expect(res.current.map((c: { share: string }) => c.share).sort()).toEqual(['partial', 'remainder']);
  });

  it('marks links outside Can Tho as low confidence', async () => {
    const res = (await get('/api/units/resolve?code=00004')).json();
    expect(res.current.length).toBeGreaterThan(0);
    expect(res.current.every((c: { confidence: string }) => c.confidence === 'low')).toBe(true);
  });

  it('seeds Can Tho agencies: one one-stop unit per commune, the city center and its reception points', async () => {
    const oneStop = (await get('/api/agencies?kind=one_stop&limit=200')).json().items;
    expect(oneStop).toHaveLength(103);
    expect(new Set(oneStop.map((a: { unitKey: string }) => a.unitKey)).size).toBe(103);
    const center = (await get('/api/agencies?kind=service_center')).json().items;
    expect(center).toHaveLength(1);
    const points = (await get('/api/agencies?kind=reception_point')).json().items;
    expect(points).toHaveLength(2);
    expect(points.every((p: { parentId: string }) => p.parentId === center[0].id)).toBe(true);
    const city = (await get('/api/agencies?kind=peoples_committee&level=city')).json().items;
    expect(city).toHaveLength(1);
    expect(city[0].code).toBe('H13');
    const departments = (await get('/api/agencies?kind=department&limit=50')).json().items;
    expect(departments.length).toBeGreaterThanOrEqual(10);
    expect(departments.every((d: { code: string }) => /^H13\.\d{3}$/.test(d.code))).toBe(true);
  });

  it('searches agencies without diacritics and fetches one by id', async () => {
    const list = (await get('/api/agencies?q=so tu phap')).json().items;
    expect(list[0].name).toBe('Sở Tư pháp thành phố Cần Thơ');
    const one = await get(`/api/agencies/${list[0].id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().code).toBe(list[0].code);
  });

  it('answers unknown ids and codes with 404 and malformed ones with 422 naming the field', async () => {
    const missing = await get('/api/agencies/00000000-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('agency.not_found');
    const badId = await get('/api/agencies/not-a-uuid');
    expect(badId.statusCode).toBe(422);
    expect(badId.json().errors[0].path).toBe('params.id');
    const unknownUnit = await get('/api/units/resolve?code=99999');
    expect(unknownUnit.statusCode).toBe(404);
    const badCode = await get('/api/units/resolve?code=abc');
    expect(badCode.statusCode).toBe(422);
    expect(badCode.json().errors[0].path).toBe('query.code');
    const badLimit = await get('/api/units?limit=100000');
    expect(badLimit.statusCode).toBe(422);
    expect(badLimit.json().errors[0].path).toBe('query.limit');
  });

  it('lists the sector bodies the catalogue names: the police of every commune, the tax offices, with service area and source', async () => {
    const police = (await get('/api/agencies?kind=sector_body&sector=police&level=commune&limit=200')).json()
      .items as { name: string; unitKey: string; servesUnitCodes: string[]; atOneStopCentre: boolean }[];
    expect(police).toHaveLength(103);
    const ninhKieu = police.find((a) => a.name === 'Công an phường Ninh Kiều');
    expect(ninhKieu).toMatchObject({
      unitKey: '2025:31135',
      servesUnitCodes: ['31135'],
      atOneStopCentre: true,
    });
    const tax = (await get('/api/agencies?kind=sector_body&sector=tax')).json().items as {
      key: string;
      servesUnitCodes: string[] | null;
      source: string;
    }[];
    expect(tax.map((a) => a.key).sort()).toEqual(['92-thue', '92-thue-co-so']);
    expect(tax.find((a) => a.key === '92-thue-co-so')?.servesUnitCodes).toBeNull();
    expect(tax.find((a) => a.key === '92-thue')?.source).toMatch(/^"Thuế tỉnh, thành phố" \(\d+\)/);
    const departments = (await get('/api/agencies?kind=department&limit=50')).json().items as {
      sector: string | null;
      source: string | null;
    }[];
    expect(departments.every((d) => d.sector === null && d.source === null)).toBe(true);
    expect((await get('/api/agencies?sector=army')).statusCode).toBe(422);
  });
});

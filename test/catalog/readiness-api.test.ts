import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueReadiness, readinessReportText } from '../../src/modules/catalog/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/** Catalogue readiness on the seeded catalogue: the administrators' API, the public page, online submission. */

let ctx: TestContext;
let admin: string;
let reception: string;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd' });
  reception = await ctx.signIn(['reception']);
});
afterAll(() => ctx.close());

const get = (url: string, token?: string) =>
  ctx.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

interface Reason {
  code: string;
  field: string;
  params: Record<string, unknown>;
  message_vi: string;
  message_en: string;
  fix: { field: string; vi: string; en: string };
}
interface Item {
  code: string;
  name: string;
  field: string;
  versionId: string;
  onlineLevel: string;
  receivable: boolean;
  onlineOfferedNotReceivable: boolean;
  channels: Record<'in_person' | 'online' | 'post', { receivable: boolean; reasons: Reason[] }>;
}

async function all(query: string): Promise<{ total: number; items: Item[] }> {
  const items: Item[] = [];
  let total = 0;
  for (let offset = 0; ; offset += 200) {
    const res = await get(`/api/catalog/readiness?${query}&limit=200&offset=${offset}`, admin);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    total = page.total;
    items.push(...page.items);
    if (items.length >= total || page.items.length === 0) break;
  }
  return { total, items };
}

async function applicantAgency(key: string): Promise<string> {
  const row = await ctx.database.db
    .selectFrom('agencies')
    .select('id')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('GET /api/catalog/readiness', () => {
  it('is for administrators only', async () => {
    expect((await get('/api/catalog/readiness')).statusCode).toBe(401);
    expect((await get('/api/catalog/readiness', reception)).statusCode).toBe(403);
    expect((await get('/api/catalog/readiness/summary', reception)).statusCode).toBe(403);
  });

  it('summarises the 1,601 procedures per channel, and each count matches the list filtered the same way', async () => {
    const res = await get('/api/catalog/readiness/summary', admin);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.procedures).toBe(1601);
    for (const c of ['in_person', 'online', 'post'] as const) {
      expect(s.channels[c].receivable + s.channels[c].notReceivable).toBe(1601);
      const listed = (await get(`/api/catalog/readiness?receivable=true&channel=${c}&limit=1`, admin)).json();
      expect(listed.total).toBe(s.channels[c].receivable);
    }
    for (const reason of ['time_limit.missing', 'agency.not_found', 'process.missing']) {
      const listed = (await get(`/api/catalog/readiness?reason=${reason}&limit=1`, admin)).json();
      expect(listed.total).toBe(s.reasons[reason]);
    }
    const any = (await get('/api/catalog/readiness?receivable=true&limit=1', admin)).json();
    expect(any.total).toBe(s.receivableAnyChannel);
    // Some procedures can be received and some cannot: the report has something to say.
    expect(s.channels.in_person.receivable).toBeGreaterThan(0);
    expect(s.channels.in_person.notReceivable).toBeGreaterThan(0);
  });

  it('lists each missing time limit with the published time cell and the field to fix', async () => {
    const { total, items } = await all('reason=time_limit.missing&channel=in_person');
    expect(total).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.channels.in_person.receivable).toBe(false);
      const reason = item.channels.in_person.reasons.find((r) => r.code === 'time_limit.missing')!;
      expect(reason.field).toBe('timeLimits.in_person');
      expect(reason.fix.field).toBe('timeLimits.in_person');
      expect(reason.params).toHaveProperty('sourceText');
      expect(reason.message_vi).toContain('thời hạn');
    }
  });

  it('names the competent-agency rule as the fix of an agency reason', async () => {
    const { items } = await all('reason=agency.not_found&receivable=false');
    expect(items.length).toBeGreaterThan(0);
    const reason = items[0]!.channels.in_person.reasons.find((r) => r.code === 'agency.not_found')!;
    expect(reason.fix.field).toBe('competentAgencyRule');
    expect(reason.params.communesTotal).toBe(103);
  });

  it('filters by field (lĩnh vực) and by words of the name or the code', async () => {
    const byField = await all('field=Hộ tịch');
    expect(byField.total).toBeGreaterThan(0);
    expect(byField.items.every((i) => i.field === 'Hộ tịch')).toBe(true);
    const byName = await all('q=khai sinh');
    expect(byName.total).toBeGreaterThan(0);
    expect(byName.items.every((i) => i.name.toLowerCase().includes('khai sinh'))).toBe(true);
    const byCode = await all('q=1.001193');
    expect(byCode.items.map((i) => i.code)).toEqual(['1.001193']);
  });

  it('refuses an unknown reason naming the query field', async () => {
    const res = await get('/api/catalog/readiness?reason=nope', admin);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('query.reason');
  });
});

describe('the readiness report (motcua catalog readiness)', () => {
  it('prints the counts per channel and, with --list, every procedure not receivable at the counter with its fix', async () => {
    const items = await catalogueReadiness(ctx.database.db);
    const blocked = items.filter((i) => !i.channels.in_person.receivable);
    const text = readinessReportText(items, true);
    const counter = text.split('\n').find((l) => l.startsWith('in_person'))!;
    expect(counter.split(/\s+/).slice(1).map(Number)).toEqual([
      items.length - blocked.length,
      blocked.length,
    ]);
    for (const i of blocked) expect(text).toContain(`${i.code}  `);
    expect(text).toContain('time_limit.missing → timeLimits.in_person');
    expect(readinessReportText(items)).not.toContain(`${blocked[0]!.code}  `);
  });
});

describe('receivability on the public procedure API and online submission', () => {
  it('shows whether a procedure can be received and the routing facts its forms ask', async () => {
    const birth = (await get('/api/procedures/1.001193')).json();
    expect(birth.receivable.in_person).toBe(true);
    expect(birth.reasons.in_person).toEqual([]);
    expect(birth.routingFacts).toEqual(['residenceUnitCode']);
    const land = (await get('/api/procedures/1.012796')).json();
    expect(land.routingFacts).toEqual(['landParcelUnitCode']);
    const adviser = (await get('/api/procedures/1.000426')).json();
    expect(adviser.routingFacts).toEqual([]);
  });

  it('refuses online submission of a procedure the catalogue offers online but no counter could receive, writing nothing', async () => {
    const { items } = await all('receivable=false&channel=online');
    const offered = items.find((i) => i.onlineOfferedNotReceivable);
    expect(offered).toBeDefined();
    const page = (await get(`/api/procedures/${offered!.code}`)).json();
    expect(page.receivable.online).toBe(false);
    expect(page.reasons.online[0].message_vi.length).toBeGreaterThan(0);
    const before = await ctx.database.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    for (const draft of ['false', 'true']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/public/records?draft=${draft}`,
        headers: { 'accept-language': 'en' },
        payload: {
          procedureVersionId: page.versionId,
          applicant: { kind: 'citizen', fullName: 'Đoàn Văn Hậu', phone: '0912000999' },
          routing: { residenceUnitCode: '31135' },
          receivingAgencyId: await applicantAgency('31135-ttpvhcc'),
        },
      });
      expect(res.statusCode).toBe(409);
      const problem = res.json();
      expect(problem.code).toBe('procedure.not_receivable');
      expect(problem.title_vi).toContain('chưa tiếp nhận');
      expect(problem.params.reason).toBe(offered!.channels.online.reasons[0]!.code);
      expect(problem.params.reason_en.length).toBeGreaterThan(0);
    }
    const after = await ctx.database.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses to submit a saved draft once its procedure can no longer be received online, and accepts it before', async () => {
    const adviser = (await get('/api/procedures/1.000426')).json();
    expect(adviser.receivable.online).toBe(true);
    const payload = {
      procedureVersionId: adviser.versionId,
      applicant: { kind: 'citizen', fullName: 'Đoàn Văn Hậu', phone: '0912000999' },
      routing: {},
      receivingAgencyId: await applicantAgency('92-ttpvhcc'),
    };
    const saved = await ctx.app.inject({ method: 'POST', url: '/api/public/records?draft=true', payload });
    expect(saved.statusCode).toBe(201);
    const { record, applicantToken } = saved.json();
    // Sở Tư pháp leaves the agency list (a reorganisation): no counter could receive the dossier now.
    await ctx.database.db
      .updateTable('agencies')
      .set({ validTo: '2026-01-01' })
      .where('key', '=', '92-so-tu-phap')
      .execute();
    try {
      const refused = await ctx.app.inject({
        method: 'POST',
        url: `/api/public/records/${record.id}/submit`,
        headers: { 'x-applicant-token': applicantToken },
        payload: { version: record.version },
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('procedure.not_receivable');
      expect(refused.json().params.reason).toBe('agency.not_found');
      const mine = await ctx.app.inject({
        method: 'GET',
        url: `/api/public/records/${record.id}/mine`,
        headers: { 'x-applicant-token': applicantToken },
      });
      expect(mine.json().status).toBe('draft');
      // The administrators' list follows the change at once (its cache is keyed on the agencies too).
      const listed = (await get('/api/catalog/readiness?q=1.000426', admin)).json();
      expect(listed.items[0].channels.in_person.reasons.map((r: Reason) => r.code)).toEqual([
        'agency.not_found',
      ]);
    } finally {
      await ctx.database.db
        .updateTable('agencies')
        .set({ validTo: null })
        .where('key', '=', '92-so-tu-phap')
        .execute();
    }
    expect((await get('/api/catalog/readiness?q=1.000426', admin)).json().items[0].receivable).toBe(true);
    const submitted = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${record.id}/submit`,
      headers: { 'x-applicant-token': applicantToken },
      payload: { version: record.version },
    });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().record.status).toBe('submitted');
  });
});

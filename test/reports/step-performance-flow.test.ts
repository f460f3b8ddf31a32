import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRecord } from '../../src/modules/reports/index.ts';
import { DEMO_LAND_PROCEDURE, DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { pdfText } from '../support/pdf-tools.ts';

/**
 * The demo's land procedure run through the record commands by the demo accounts (reception at the Ninh
 * Kiều counter, the ward's check, the land registration branch and the tax office in parallel, the ward's
 * decision, return at the counter), then read by the reports: the step performance of each agency that
 * held steps for the ward, and control slip 05 with every hand-over.
 */

let ctx: TestContext;
const tokens = new Map<string, { token: string; userId: string }>();
const names = new Map<string, string>();
const keys = new Map<string, string>();

async function as(username: string) {
  const known = tokens.get(username);
  if (known) return known;
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  expect(res.statusCode, username).toBe(200);
  const token = res.json().token as string;
  const me = await ctx.app.inject({
    method: 'GET',
    url: '/api/auth/me',
    headers: { authorization: `Bearer ${token}` },
  });
  const o = { token, userId: me.json().userId as string };
  tokens.set(username, o);
  return o;
}

async function get(username: string, url: string) {
  const { token } = await as(username);
  return ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}

type RecordView = {
  id: string;
  version: number;
  status: string;
  steps: { key: string }[];
  competentAgencyId: string;
};

async function act(username: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const { token } = await as(username);
  const current = (await get(username, `/api/records/${id}`)).json();
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/records/${id}/${action}`,
    headers: { authorization: `Bearer ${token}` },
    payload: { version: current.version, ...body },
  });
  expect(res.statusCode, `${username} ${action}: ${res.body}`).toBe(200);
  await inTransaction(ctx.database.db, (tx) => projectRecord(tx, id, ctx.deps.clock.now()));
  return res.json().record as RecordView;
}

let record: RecordView;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemoAccounts(ctx.deps);
  for (const a of await ctx.database.db.selectFrom('agencies').select(['id', 'key', 'name']).execute()) {
    names.set(a.key, a.name);
    keys.set(a.key, a.id);
  }
  const p = (await ctx.app.inject({ method: 'GET', url: `/api/procedures/${DEMO_LAND_PROCEDURE}` })).json();
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: { authorization: `Bearer ${(await as('tiepnhan.ninhkieu')).token}` },
    payload: {
      type: 'receive',
      checklist: (p.details.documents as { name: string }[])
        .slice(0, 2)
        .map((d) => ({ document: d.name, provided: true })),
      opening: {
        procedureVersionId: p.versionId,
        channel: 'in_person',
        applicant: { kind: 'citizen', fullName: 'Đoàn Thị Mai', phone: '0912 000 444' },
        routing: { landParcelUnitCode: '31135' },
      },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  record = res.json().record;
  const at = (key: string) => record.steps.findIndex((s) => s.key === key);
  record = await act('tiepnhan.ninhkieu', record.id, 'forward', {
    assigneeId: (await as('chuyenvien.ubnd.ninhkieu')).userId,
  });
  record = await act('chuyenvien.ubnd.ninhkieu', record.id, 'forward');
  record = await act('lanhdao.vpdkdd', record.id, 'assign', {
    stepIndex: at('land_office'),
    assigneeId: (await as('chuyenvien.vpdkdd')).userId,
  });
  record = await act('lanhdao.thue', record.id, 'assign', {
    stepIndex: at('tax_office'),
    assigneeId: (await as('chuyenvien.thue')).userId,
  });
  record = await act('chuyenvien.vpdkdd', record.id, 'forward', { stepIndex: at('land_office') });
  record = await act('chuyenvien.thue', record.id, 'forward', {
    stepIndex: at('tax_office'),
    assigneeId: (await as('lanhdao.ubnd.ninhkieu')).userId,
  });
  record = await act('lanhdao.ubnd.ninhkieu', record.id, 'approve');
  record = await act('lanhdao.ubnd.ninhkieu', record.id, 'issue-result', {
    documents: [{ name: 'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất' }],
  });
  record = await act('tiepnhan.ninhkieu', record.id, 'return-result', { method: 'counter' });
  expect(record.status).toBe('delivered');
}, 300_000);
afterAll(() => ctx.close());

const day = () => new Date(ctx.deps.clock.now().getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

describe('reports over a record the demo accounts ran across three agencies', () => {
  it('gives each agency that held steps for the ward its steps, and the ward none', async () => {
    const res = await get('giamsat.trungtam', `/api/reports/step-performance?from=${day()}&to=${day()}`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().rows as { agencyId: string; received: number; finished: { total: number } }[];
    const by = new Map(rows.map((r) => [r.agencyId, r]));
    expect(by.get(keys.get('92-vpdkdd-chi-nhanh')!)).toMatchObject({ received: 1, finished: { total: 1 } });
    expect(by.get(keys.get('92-thue-co-so')!)).toMatchObject({ received: 1, finished: { total: 1 } });
    // Reception and return at the Ninh Kiều counter.
    expect(by.get(keys.get('31135-ttpvhcc')!)).toMatchObject({ received: 2, finished: { total: 2 } });
    expect(by.has(record.competentAgencyId)).toBe(false);
    // The tax office's leader sees the tax office's row only.
    const own = await get('lanhdao.thue', `/api/reports/step-performance?from=${day()}&to=${day()}`);
    expect(own.statusCode).toBe(200);
    expect((own.json().rows as { agencyId: string }[]).map((r) => r.agencyId)).toEqual([
      keys.get('92-thue-co-so'),
    ]);
  });

  it('prints control slip 05 with the co-processing bodies and every hand-over', async () => {
    const res = await get('lanhdao.ubnd.ninhkieu', `/api/records/${record.id}/slips/05`);
    expect(res.statusCode, res.body).toBe(200);
    const text = pdfText(res.rawPayload).replace(/\s+/g, ' ');
    expect(text).toContain(
      `Cơ quan phối hợp giải quyết: ${names.get('92-vpdkdd-chi-nhanh')}; ${names.get('92-thue-co-so')}`,
    );
    // Counter → ward, ward → land, ward → tax, land → (join), tax → decision, decision → return, → applicant.
    expect(text.match(/1\. Giao:/g)).toHaveLength(7);
    expect(text).toContain('Người nộp hồ sơ');
  });
});

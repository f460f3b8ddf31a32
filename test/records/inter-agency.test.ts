import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processTemplate } from '../../src/core/catalog/index.ts';
import { createUser } from '../../src/modules/identity/index.ts';
import { projectRecord } from '../../src/modules/reports/index.ts';
import { DEMO_LAND_PROCEDURE, DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * Issue 15, the inter-agency journey of the README with the seeded demo accounts: a first-time land-use
 * certificate (1.013978) received at the Phường Ninh Kiều counter is checked by the ward's People's
 * Committee, goes to the land registration branch and the tax office in parallel (each sees only its own
 * step), comes back to the ward leader and is returned at the counter; it is counted once, by its
 * competent agency, and its control slip lists every hand-over. A hand-over to an agency with nobody to
 * take it is a state the monitor lists at once, and clears when it is retried with someone there.
 */

let ctx: TestContext;
const agencyKeys = new Map<string, string>();

interface Official {
  token: string;
  userId: string;
  agencyId: string;
}
const officials = new Map<string, Official>();

async function as(username: string): Promise<Official> {
  const known = officials.get(username);
  if (known) return known;
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  expect(res.statusCode, `${username} signs in`).toBe(200);
  const token = res.json().token as string;
  const me = (
    await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    })
  ).json() as { userId: string; agencyId: string };
  const o = { token, userId: me.userId, agencyId: me.agencyId };
  officials.set(username, o);
  return o;
}

async function get(username: string, url: string) {
  const who = await as(username);
  return ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${who.token}` } });
}

interface RecordView {
  id: string;
  procedureVersionId: string;
  version: number;
  status: string;
  code: string;
  competentAgencyId: string;
  receivingAgencyId: string;
  steps: { key: string; agencyId: string; role: string; assigneeId: string | null; dueAt: string | null }[];
  activeSteps?: number[];
  currentStep: number | null;
  transferFailure?: { reason: string; agencyId: string; attempts: number } | null;
  stepHistory: { key: string; agencyId?: string; finishedBy?: string | null; outcome?: string }[];
}

/** Runs an action as `username` on the record's newest version; answers the record. */
async function act(username: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const who = await as(username);
  const current = await get(username, `/api/records/${id}`);
  expect(current.statusCode, `${username} sees the record to ${action}`).toBe(200);
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/records/${id}/${action}`,
    headers: { authorization: `Bearer ${who.token}` },
    payload: { version: current.json().version, ...body },
  });
  expect(res.statusCode, `${username} ${action}: ${res.body}`).toBe(200);
  await inTransaction(ctx.database.db, (tx) => projectRecord(tx, id, ctx.deps.clock.now()));
  return res.json().record as RecordView;
}

async function receiveLand(fullName: string, versionId?: string): Promise<RecordView> {
  const p = (await ctx.app.inject({ method: 'GET', url: `/api/procedures/${DEMO_LAND_PROCEDURE}` })).json();
  const reception = await as('tiepnhan.ninhkieu');
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: { authorization: `Bearer ${reception.token}` },
    payload: {
      type: 'receive',
      checklist: (p.details.documents as { name: string }[])
        .slice(0, 2)
        .map((d) => ({ document: d.name, provided: true })),
      opening: {
        procedureVersionId: versionId ?? p.versionId,
        channel: 'in_person',
        applicant: { kind: 'citizen', fullName, phone: '0912 000 333' },
        routing: { landParcelUnitCode: '31135' },
      },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const record = res.json().record as RecordView;
  await inTransaction(ctx.database.db, (tx) => projectRecord(tx, record.id, ctx.deps.clock.now()));
  return record;
}

const stepIndex = (r: RecordView, key: string) => r.steps.findIndex((s) => s.key === key);

/** The record's rows in `username`'s worklist `scope`, with the active steps the list shows them. */
async function worklist(username: string, scope: 'waiting' | 'agency' | 'mine', id: string) {
  const res = await get(username, `/api/worklists?scope=${scope}&limit=200&sort=newest`);
  expect(res.statusCode).toBe(200);
  return (res.json().items as { id: string; currentStep: string; activeSteps: { key: string }[] }[]).filter(
    (i) => i.id === id,
  );
}

beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemoAccounts(ctx.deps);
  for (const r of await ctx.database.db.selectFrom('agencies').select(['id', 'key']).execute())
    agencyKeys.set(r.id, r.key);
}, 300_000);
afterAll(() => ctx.close());

describe('a land procedure across the ward, the land registration branch and the tax office', () => {
  let record: RecordView;

  it('is published by the demo seed with the land + tax process and the ward as competent agency', async () => {
    const p = (await ctx.app.inject({ method: 'GET', url: `/api/procedures/${DEMO_LAND_PROCEDURE}` })).json();
    const process = p.details.process as { key: string; after?: string[]; agency?: unknown }[];
    expect(process.map((s) => s.key)).toEqual([
      'reception',
      'commune_check',
      'land_office',
      'tax_office',
      'decision',
      'return',
    ]);
    expect(process.find((s) => s.key === 'decision')?.after).toEqual(['land_office', 'tax_office']);
  });

  it('goes from the Ninh Kiều counter to the ward, then to both bodies in parallel, each seeing only its step', async () => {
    record = await receiveLand('Huỳnh Thị Bích');
    expect(agencyKeys.get(record.competentAgencyId)).toBe('31135-ubnd');
    expect(record.steps.map((s) => `${s.key}@${agencyKeys.get(s.agencyId)}`)).toEqual([
      'reception@31135-ttpvhcc',
      'commune_check@31135-ubnd',
      'land_office@92-vpdkdd-chi-nhanh',
      'tax_office@92-thue-co-so',
      'decision@31135-ubnd',
      'return@31135-ttpvhcc',
    ]);
    // Before its step starts, the tax office does not see the record.
    expect((await get('chuyenvien.thue', `/api/records/${record.id}`)).statusCode).toBe(404);

    const wardSpecialist = await as('chuyenvien.ubnd.ninhkieu');
    record = await act('tiepnhan.ninhkieu', record.id, 'forward', { assigneeId: wardSpecialist.userId });
    record = await act('chuyenvien.ubnd.ninhkieu', record.id, 'forward');
    const land = stepIndex(record, 'land_office');
    const tax = stepIndex(record, 'tax_office');
    expect(record.activeSteps).toEqual([land, tax]);
    expect(record.currentStep).toBe(land);

    // Each leader assigns their own step to their specialist.
    for (const [body, key] of [
      ['vpdkdd', land],
      ['thue', tax],
    ] as const) {
      const leaderQueue = await worklist(`lanhdao.${body}`, 'waiting', record.id);
      expect(leaderQueue.map((i) => i.activeSteps.map((s) => s.key))).toEqual([[record.steps[key]!.key]]);
      const specialist = await as(`chuyenvien.${body}`);
      record = await act(`lanhdao.${body}`, record.id, 'assign', {
        stepIndex: key,
        assigneeId: specialist.userId,
      });
    }
    const landRows = await worklist('chuyenvien.vpdkdd', 'waiting', record.id);
    const taxRows = await worklist('chuyenvien.thue', 'waiting', record.id);
    expect(landRows.map((i) => [i.currentStep, i.activeSteps.map((s) => s.key)])).toEqual([
      ['land_office', ['land_office']],
    ]);
    expect(taxRows.map((i) => [i.currentStep, i.activeSteps.map((s) => s.key)])).toEqual([
      ['tax_office', ['tax_office']],
    ]);
    expect(await worklist('chuyenvien.thue', 'mine', record.id)).toHaveLength(1);
    // The ward's specialist passed it on: nothing waits for them.
    expect(await worklist('chuyenvien.ubnd.ninhkieu', 'waiting', record.id)).toEqual([]);
    // The tax office sees the record now, and only its own step in the list.
    expect((await get('chuyenvien.thue', `/api/records/${record.id}`)).statusCode).toBe(200);
  });

  it('comes back to the ward leader once both branches are done, and is returned at the counter', async () => {
    const land = stepIndex(record, 'land_office');
    const tax = stepIndex(record, 'tax_office');
    const decision = stepIndex(record, 'decision');
    record = await act('chuyenvien.vpdkdd', record.id, 'forward', { stepIndex: land });
    expect(record.activeSteps).toEqual([tax]);
    expect(await worklist('chuyenvien.vpdkdd', 'waiting', record.id)).toEqual([]);
    const leader = await as('lanhdao.ubnd.ninhkieu');
    record = await act('chuyenvien.thue', record.id, 'forward', {
      stepIndex: tax,
      assigneeId: leader.userId,
    });
    expect(record.activeSteps).toEqual([decision]);
    expect(await worklist('lanhdao.ubnd.ninhkieu', 'waiting', record.id)).toHaveLength(1);

    record = await act('lanhdao.ubnd.ninhkieu', record.id, 'approve');
    record = await act('lanhdao.ubnd.ninhkieu', record.id, 'issue-result', {
      documents: [{ name: 'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất' }],
    });
    expect(record.status).toBe('result_ready');
    record = await act('tiepnhan.ninhkieu', record.id, 'return-result', { method: 'counter' });
    expect(record.status).toBe('delivered');

    // The control slip's lines: every hand-over with the agency that held the step and who finished it.
    const lines = record.stepHistory.map((v) => `${v.key}@${agencyKeys.get(v.agencyId ?? '')}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'reception@31135-ttpvhcc',
        'commune_check@31135-ubnd',
        'land_office@92-vpdkdd-chi-nhanh',
        'tax_office@92-thue-co-so',
        'decision@31135-ubnd',
      ]),
    );
    const byKey = new Map(record.stepHistory.map((v) => [v.key, v]));
    expect(byKey.get('land_office')?.finishedBy).toBe((await as('chuyenvien.vpdkdd')).userId);
    expect(byKey.get('tax_office')?.finishedBy).toBe((await as('chuyenvien.thue')).userId);
  });

  it('is counted once in the statistics, by the ward that decides it', async () => {
    const day = new Date(ctx.deps.clock.now().getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const res = await get('giamsat.trungtam', `/api/reports/statistics?from=${day}&to=${day}&groupBy=agency`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      rows: { key: string; received: { total: number } }[];
      total: { received: { total: number } };
    };
    // Three agencies held steps of it; one row counts it, the competent ward's.
    expect(body.total.received.total).toBe(1);
    expect(body.rows.filter((r) => r.received.total > 0).map((r) => [r.key, r.received.total])).toEqual([
      [record.competentAgencyId, 1],
    ]);
  });
});

describe('a hand-over nobody can take', () => {
  it('is listed for the monitor as soon as the forward answers, and clears when retried with an official there', async () => {
    // The tax office has no specialist any more.
    const taxSpecialist = await as('chuyenvien.thue');
    await ctx.database.db
      .updateTable('users')
      .set({ active: false })
      .where('id', '=', taxSpecialist.userId)
      .execute();

    let record = await receiveLand('Dương Văn Khải');
    const wardSpecialist = await as('chuyenvien.ubnd.ninhkieu');
    record = await act('tiepnhan.ninhkieu', record.id, 'forward', { assigneeId: wardSpecialist.userId });
    record = await act('chuyenvien.ubnd.ninhkieu', record.id, 'forward');
    expect(record.transferFailure).toMatchObject({ reason: 'no_official', attempts: 1 });
    expect(agencyKeys.get(record.transferFailure!.agencyId)).toBe('92-thue-co-so');

    // Visible at once (polled with a bound, no timing asserted).
    let listed: {
      recordId: string;
      reason: string;
      toAgencyId: string;
      attempts: number;
      retryable: boolean;
    }[] = [];
    for (let i = 0; i < 50 && listed.length === 0; i++) {
      const res = await get('giamsat.trungtam', '/api/monitor/transfer-failures');
      expect(res.statusCode, res.body).toBe(200);
      listed = (res.json().items as typeof listed).filter((f) => f.recordId === record.id);
    }
    expect(listed).toEqual([
      expect.objectContaining({
        retryable: false,
        recordId: record.id,
        reason: 'no_official',
        toAgencyId: record.transferFailure!.agencyId,
      }),
    ]);
    // The leader of the ward deciding it sees it too; a specialist may not read the list.
    const wardLeader = await get('lanhdao.ubnd.ninhkieu', '/api/monitor/transfer-failures');
    expect(wardLeader.json().items.map((f: { recordId: string }) => f.recordId)).toContain(record.id);
    expect((await get('chuyenvien.ubnd.ninhkieu', '/api/monitor/transfer-failures')).statusCode).toBe(403);
    // Another body's leader does not see the ward's records.
    const otherLeader = await get('lanhdao.congan.ninhkieu', '/api/monitor/transfer-failures');
    expect(otherLeader.json().items.map((f: { recordId: string }) => f.recordId)).not.toContain(record.id);

    // Someone joins the tax office; the hand-over is retried and goes through.
    await createUser(
      ctx.database.db,
      {
        username: 'chuyenvien2.thue',
        displayName: 'Trịnh Công Sơn',
        password: DEMO_PASSWORD,
        agencyId: taxSpecialist.agencyId,
        roles: ['specialist'],
      },
      ctx.deps.clock.now(),
    );
    const ready = await get('giamsat.trungtam', '/api/monitor/transfer-failures');
    expect(ready.json().items.filter((f: { recordId: string }) => f.recordId === record.id)).toEqual([
      expect.objectContaining({ retryable: true, attempts: 1 }),
    ]);
    record = await act('chuyenvien.ubnd.ninhkieu', record.id, 'retry-transfer');
    expect(record.transferFailure ?? null).toBeNull();
    expect(record.activeSteps).toEqual([stepIndex(record, 'land_office'), stepIndex(record, 'tax_office')]);
    const after = await get('giamsat.trungtam', '/api/monitor/transfer-failures');
    expect(after.json().items.map((f: { recordId: string }) => f.recordId)).not.toContain(record.id);
  });
});

describe('a process change', () => {
  it('applies to the next record received while one received before keeps its steps', async () => {
    const before = await receiveLand('Tạ Minh Luân');
    const p = (await ctx.app.inject({ method: 'GET', url: `/api/procedures/${DEMO_LAND_PROCEDURE}` })).json();
    const admin = await as('quantri');
    const day = new Date(ctx.deps.clock.now().getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const published = await ctx.app.inject({
      method: 'POST',
      url: `/api/catalog/procedures/${DEMO_LAND_PROCEDURE}/versions`,
      headers: { authorization: `Bearer ${admin.token}` },
      payload: {
        effectiveFrom: day,
        decisionNo: '01/QĐ-UBND (thử nghiệm)',
        changes: { process: processTemplate('commune_appraisal', p.timeLimit) },
      },
    });
    expect(published.statusCode, published.body).toBe(201);
    const after = await receiveLand('Kha Thị Mỹ');
    expect(after.procedureVersionId).not.toBe(before.procedureVersionId);
    expect(after.steps.map((s) => s.key)).not.toContain('land_office');
    // The earlier record keeps its process and goes on along it.
    const wardSpecialist = await as('chuyenvien.ubnd.ninhkieu');
    const moved = await act('tiepnhan.ninhkieu', before.id, 'forward', { assigneeId: wardSpecialist.userId });
    expect(moved.steps.map((s) => s.key)).toEqual(before.steps.map((s) => s.key));
    expect(moved.steps.map((s) => s.key)).toContain('land_office');
    expect(moved.steps[moved.currentStep!]!.key).toBe('commune_check');
  });
});

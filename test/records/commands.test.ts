import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDeadlines } from '../../src/modules/records/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * Supplements under both clock rules, the apology extension, withdrawal, online submission and the
 * deadlines watch, through the HTTP API. Land correction 1.012796 (8 working days), received at phường Ninh
 * Kiều on Mon 2/3/2026 10:00 for a parcel in phường Cái Khế.
 */

interface World {
  ctx: TestContext;
  tokens: Record<string, string>;
  users: Record<string, string>;
  agencies: Record<string, string>;
  versionId: string;
  documents: string[];
}

async function world(env: Record<string, string> = {}): Promise<World> {
  const ctx = await createTestContext({ SESSION_TTL_HOURS: '720', ...env });
  const w: World = { ctx, tokens: {}, users: {}, agencies: {}, versionId: '', documents: [] };
  for (const r of await ctx.database.db.selectFrom('agencies').select(['id', 'key']).execute())
    w.agencies[r.key] = r.id;
  for (const [name, role, key] of [
    ['nk.reception', 'reception', '31135-ttpvhcc'],
    ['ck.specialist', 'specialist', '31120-ubnd'],
    ['ck.leader', 'leader', '31120-ubnd'],
  ] as const) {
    w.tokens[name] = await ctx.signIn([role], { agencyKey: key, username: `${name}.x` });
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${w.tokens[name]}` },
    });
    w.users[name] = me.json().userId;
  }
  const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
  w.versionId = p.versionId;
  w.documents = (p.details.documents as { name: string }[]).map((d) => d.name);
  return w;
}

function post(w: World, who: string, url: string, payload: object) {
  return w.ctx.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${w.tokens[who]}` },
    payload,
  });
}

async function ok(w: World, who: string, url: string, payload: object) {
  const res = await post(w, who, url, payload);
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().record as { id: string; version: number; [k: string]: unknown };
}

/** Received, forwarded to Cái Khế and assigned to the specialist. */
async function atAppraisal(w: World) {
  let r = await ok(w, 'nk.reception', '/api/records', {
    type: 'receive',
    checklist: w.documents.slice(0, 2).map((document) => ({ document, provided: true })),
    opening: {
      procedureVersionId: w.versionId,
      channel: 'in_person',
      applicant: { kind: 'citizen', fullName: 'Lê Thị Hoa', phone: '0987654321' },
      routing: { landParcelUnitCode: '31120' },
    },
  });
  r = await ok(w, 'nk.reception', `/api/records/${r.id}/forward`, { version: r.version });
  r = await ok(w, 'ck.leader', `/api/records/${r.id}/assign`, {
    version: r.version,
    assigneeId: w.users['ck.specialist'],
  });
  return r;
}

const DAY = 86_400_000;

describe.each([
  ['restart', 'restart'],
  ['pause', 'pause'],
])('a supplement with the %s clock rule in force at reception', (rule) => {
  let w: World;
  beforeAll(async () => {
    w = await world({ MOTCUA_SUPPLEMENT_CLOCK_RULE: rule });
  });
  afterAll(() => w.ctx.close());

  it(`stops the clock, computes both deadlines when the supplement arrives, and lets the ${rule} rule govern`, async () => {
    let r = await atAppraisal(w);
    expect((r.appointment as { dueDate: string }).dueDate).toBe('2026-03-12');
    w.ctx.deps.clock.advance(DAY); // Tue 3/3
    r = await ok(w, 'ck.specialist', `/api/records/${r.id}/request-supplement`, {
      version: r.version,
      reasons: ['Thiếu bản gốc Giấy chứng nhận'],
      missingDocuments: [],
    });
    expect(r.status).toBe('supplement_requested');
    w.ctx.deps.clock.advance(2 * DAY); // Thu 5/3
    r = await ok(w, 'nk.reception', `/api/records/${r.id}/supplement`, {
      version: r.version,
      documents: ['Bản gốc Giấy chứng nhận'],
    });
    const legal = r.legalDeadline as {
      governing: string;
      restart: { dueDate: string };
      pause: { dueDate: string };
      pausedWorkingDays: number;
    };
    expect(legal.governing).toBe(rule);
    expect(legal.pausedWorkingDays).toBeGreaterThan(0);
    expect(legal.restart.dueDate > legal.pause.dueDate).toBe(true);
    expect((r.appointment as { dueDate: string }).dueDate).toBe(legal[rule as 'restart' | 'pause'].dueDate);
    const again = await post(w, 'ck.specialist', `/api/records/${r.id}/request-supplement`, {
      version: r.version,
      reasons: ['Thêm một lần nữa'],
      missingDocuments: [],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('record.supplement_already_requested');
    w.ctx.deps.clock.advance(-3 * DAY);
  });
});

describe('extension, withdrawal, online submission and the deadlines watch', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(() => w.ctx.close());

  it('extends once with an apology and a new appointment, and refuses a second extension', async () => {
    let r = await atAppraisal(w);
    r = await ok(w, 'ck.leader', `/api/records/${r.id}/extend`, {
      version: r.version,
      newDueDate: '2026-03-17',
      reason: 'Cần xác minh thực địa',
    });
    expect(r.appointment).toMatchObject({ dueDate: '2026-03-17' });
    expect(r.extension).toMatchObject({
      reason: 'Cần xác minh thực địa',
      previous: { dueDate: '2026-03-12' },
    });
    const second = await post(w, 'ck.leader', `/api/records/${r.id}/extend`, {
      version: r.version,
      newDueDate: '2026-03-20',
      reason: 'Lần nữa',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('record.extension_already_used');
  });

  it('withdraws at the applicant’s request before a result exists, and not after', async () => {
    let r = await atAppraisal(w);
    const withdrawn = await post(w, 'nk.reception', `/api/records/${r.id}/withdraw`, {
      version: r.version,
      reason: 'Công dân rút hồ sơ',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().record).toMatchObject({ status: 'withdrawn' });
    r = await atAppraisal(w);
    r = await ok(w, 'ck.specialist', `/api/records/${r.id}/forward`, { version: r.version });
    r = await ok(w, 'ck.leader', `/api/records/${r.id}/approve`, { version: r.version });
    r = await ok(w, 'ck.specialist', `/api/records/${r.id}/issue-result`, {
      version: r.version,
      documents: [{ name: 'Giấy chứng nhận đã đính chính' }],
    });
    const late = await post(w, 'nk.reception', `/api/records/${r.id}/withdraw`, {
      version: r.version,
      reason: 'x',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('record.transition_not_allowed');
    expect(late.json().params.allowedActions).toEqual(['return_result']);
  });

  it('takes an online submission from the portal and lets the chosen one-stop unit receive it', async () => {
    const res = await w.ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: w.versionId,
        applicant: { kind: 'citizen', fullName: 'Phạm Văn Bình', phone: '0912000111' },
        routing: { landParcelUnitCode: '31120' },
        receivingAgencyId: w.agencies['31135-ttpvhcc'],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { record, applicantToken } = res.json();
    expect(record.status).toBe('submitted');
    expect(applicantToken.length).toBeGreaterThan(20);
    // A reception refused for a missing document uses no number of the day's record codes.
    const sequences = () =>
      w.ctx.database.db
        .selectFrom('recordCodeSequences')
        .select(['day', 'lastValue'])
        .where('agencyId', '=', w.agencies['31135-ttpvhcc']!)
        .execute();
    const before = await sequences();
    const refused = await post(w, 'nk.reception', `/api/records/${record.id}/receive`, {
      version: record.version,
      checklist: w.documents.slice(0, 2).map((document, i) => ({ document, provided: i === 0 })),
    });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().code).toBe('record.checklist_incomplete');
    expect(await sequences()).toEqual(before);
    const received = await ok(w, 'nk.reception', `/api/records/${record.id}/receive`, {
      version: record.version,
      checklist: w.documents.slice(0, 2).map((document) => ({ document, provided: true })),
    });
    expect(received.status).toBe('received');
    expect(received.code).toMatch(/^H13\.\d{3}\.01-260302-\d{4}$/);
    const last = before.reduce((n, s) => Math.max(n, Number(s.lastValue)), 0);
    expect(received.code).toMatch(new RegExp(`-${String(last + 1).padStart(4, '0')}$`));
  });

  it('marks records due soon and overdue without rewriting their history', async () => {
    const r = await atAppraisal(w);
    const events = async () =>
      (
        await w.ctx.database.db
          .selectFrom('recordEvents')
          .select('seq')
          .where('recordId', '=', r.id)
          .execute()
      ).length;
    const before = await events();
    const flag = async () =>
      (
        await w.ctx.database.db
          .selectFrom('records')
          .select('deadlineFlag')
          .where('id', '=', r.id)
          .executeTakeFirstOrThrow()
      ).deadlineFlag;
    await refreshDeadlines(w.ctx.database.db, new Date('2026-03-12T01:00:00Z'), 24);
    expect(await flag()).toBe('due_soon');
    await refreshDeadlines(w.ctx.database.db, new Date('2026-03-13T01:00:00Z'), 24);
    expect(await flag()).toBe('overdue');
    const res = await w.ctx.app.inject({
      method: 'GET',
      url: '/api/worklists?scope=agency&deadline=overdue',
      headers: { authorization: `Bearer ${w.tokens['ck.leader']}` },
    });
    expect(res.json().items.map((i: { id: string }) => i.id)).toContain(r.id);
    const mine = await w.ctx.app.inject({
      method: 'GET',
      url: '/api/worklists?scope=mine&stepDeadline=overdue',
      headers: { authorization: `Bearer ${w.tokens['ck.specialist']}` },
    });
    expect(mine.json().items.map((i: { id: string }) => i.id)).toContain(r.id);
    expect(await events()).toBe(before);
  });
});

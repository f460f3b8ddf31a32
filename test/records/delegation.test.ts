import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';

/**
 * Delegation in record actions (issue 17 item 4, docs/OFFICIALS.md): an official holding a delegation in force
 * from a leader takes the leader's actions on the leader's records, named as the actor with the leader as
 * `onBehalfOf` in the event, the audit and the timeline. Land correction 1.012796 received at Ninh Kiều and
 * decided by UBND phường Cái Khế, its approval step assigned to the leader.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let procedure: { versionId: string; documents: string[] };

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

async function post(who: string, url: string, payload: object) {
  return ctx.app.inject({ method: 'POST', url, headers: auth(who), payload });
}
async function ok(who: string, url: string, payload: object) {
  const res = await post(who, url, payload);
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().record as { id: string; version: number; code: string };
}
async function get(who: string, url: string) {
  return ctx.app.inject({ method: 'GET', url, headers: auth(who) });
}

/** Received, forwarded to Cái Khế, assigned to the specialist, and forwarded to the approval step of `leader`. */
async function atApproval(fullName: string, leader = 'ck.leader') {
  const r = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, fullName);
  let s = await ok('nk.reception', `/api/records/${r.id}/forward`, { version: r.version });
  s = await ok('ck.leader', `/api/records/${s.id}/assign`, {
    version: s.version,
    assigneeId: users['ck.specialist'],
  });
  return ok('ck.specialist', `/api/records/${s.id}/forward`, {
    version: s.version,
    assigneeId: users[leader],
  });
}

async function delegate(from: string, to: string, startsIn: number, endsIn: number) {
  const now = ctx.deps.clock.now().getTime();
  const res = await post(from, '/api/delegations', {
    toUserId: users[to],
    startsAt: new Date(now + startsIn).toISOString(),
    endsAt: new Date(now + endsIn).toISOString(),
    reason: 'Đi công tác',
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

async function signIn(name: string, role: 'leader' | 'specialist', agencyKey = '31120-ubnd') {
  tokens[name] = await ctx.signIn([role], { agencyKey, username: `${name}.deleg` });
  users[name] = (await get(name, '/api/auth/me')).json().userId;
}

const HOUR = 3600_000;

beforeAll(async () => {
  ctx = await createTestContext();
  await signInLandCorrectionOfficials(ctx, 'deleg', tokens, users);
  await ctx.database.db
    .updateTable('users')
    .set({ displayName: 'Bùi Thị Ngọc' })
    .where('id', '=', users['ck.leader']!)
    .execute();
  await signIn('ck.deputy', 'specialist');
  await ctx.database.db
    .updateTable('users')
    .set({ displayName: 'Ngô Minh Khoa' })
    .where('id', '=', users['ck.deputy']!)
    .execute();
  await signIn('ck.leader2', 'leader');
  procedure = await landCorrectionProcedure(ctx);
});
afterAll(() => ctx.close());

describe('a delegate approves on behalf of the leader', () => {
  it('refuses without a delegation, and nothing is written', async () => {
    const r = await atApproval('Nguyễn Văn Một');
    const res = await post('ck.deputy', `/api/records/${r.id}/approve`, {
      version: r.version,
      onBehalfOf: users['ck.leader'],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'delegation.not_in_force',
      params: { reason: 'none', leaderId: users['ck.leader'] },
    });
    expect(res.json().title_vi).toContain('ủy quyền');
    expect((await get('ck.leader', `/api/records/${r.id}`)).json().version).toBe(r.version);
    // Their own authority does not reach a leader's action either.
    const own = await post('ck.deputy', `/api/records/${r.id}/approve`, { version: r.version });
    expect([own.statusCode, own.json().code]).toEqual([403, 'auth.forbidden']);
  });

  it('with a delegation in force: worklist, action forms, the approval, its event, audit and timeline', async () => {
    const r = await atApproval('Trần Thị Hai');
    await delegate('ck.leader', 'ck.deputy', -HOUR, 7 * 24 * HOUR);

    // The delegate's own lists do not hold it; the leader's, seen through the delegation, do.
    const mine = await get('ck.deputy', '/api/worklists?scope=mine');
    expect(mine.json().items.map((i: { id: string }) => i.id)).not.toContain(r.id);
    for (const scope of ['mine', 'waiting']) {
      const forLeader = await get(
        'ck.deputy',
        `/api/worklists?scope=${scope}&onBehalfOf=${users['ck.leader']}`,
      );
      expect(forLeader.statusCode).toBe(200);
      expect(forLeader.json().items.map((i: { id: string }) => i.id)).toContain(r.id);
    }
    // Another leader of the agency, to whom the step is not assigned, may not approve it.
    const other = await post('ck.leader2', `/api/records/${r.id}/approve`, { version: r.version });
    expect(other.json().code).toBe('record.not_assigned');

    const forms = (await get('ck.deputy', `/api/records/${r.id}/actions`)).json();
    const approve = forms.items.find((f: { action: string }) => f.action === 'approve');
    expect(approve?.onBehalfOf).toEqual({ userId: users['ck.leader'], displayName: 'Bùi Thị Ngọc' });
    expect(
      forms.items
        .filter((f: { onBehalfOf: unknown }) => f.onBehalfOf === null)
        .map((f: { action: string }) => f.action),
    ).not.toContain('approve');

    const res = await post('ck.deputy', `/api/records/${r.id}/approve`, {
      version: r.version,
      onBehalfOf: users['ck.leader'],
      note: 'Đồng ý',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().record.status).toBe('approved');
    expect(res.json().events[0].by).toEqual({
      kind: 'official',
      userId: users['ck.deputy'],
      agencyId: expect.any(String),
      onBehalfOf: users['ck.leader'],
    });

    const event = await ctx.database.db
      .selectFrom('recordEvents')
      .select(['actorId', 'onBehalfOf'])
      .where('recordId', '=', r.id)
      .where('type', '=', 'approved')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ actorId: users['ck.deputy'], onBehalfOf: users['ck.leader'] });
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select(['actorId', 'onBehalfOf', 'actorRole'])
      .where('entityId', '=', r.id)
      .where('action', '=', 'record.approve')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      actorId: users['ck.deputy'],
      onBehalfOf: users['ck.leader'],
      actorRole: 'delegate',
    });

    const timeline = (await get('ck.leader', `/api/records/${r.id}/timeline`)).json();
    const approved = timeline.events.find((e: { type: string }) => e.type === 'approved');
    expect(approved).toMatchObject({
      actorName: 'Ngô Minh Khoa',
      onBehalfOf: users['ck.leader'],
      onBehalfOfName: 'Bùi Thị Ngọc',
    });
    const forwarded = timeline.events.find((e: { type: string }) => e.type === 'forwarded');
    expect(forwarded).toMatchObject({ onBehalfOf: null, onBehalfOfName: null });
  });
});

describe('a delegation not in force is refused with its reason', () => {
  async function refusal(who: string, leader: string) {
    const r = await atApproval(`Hồ sơ ${who}`, leader);
    const res = await post(who, `/api/records/${r.id}/approve`, {
      version: r.version,
      onBehalfOf: users[leader],
    });
    expect(res.statusCode).toBe(403);
    expect((await get(leader, `/api/records/${r.id}`)).json().version).toBe(r.version);
    const list = await get(who, `/api/worklists?scope=waiting&onBehalfOf=${users[leader]}`);
    expect([list.statusCode, list.json().params?.reason]).toEqual([403, res.json().params.reason]);
    return res.json();
  }

  it('not started yet', async () => {
    await signIn('ck.l.future', 'leader');
    await signIn('ck.d.future', 'specialist');
    await delegate('ck.l.future', 'ck.d.future', 24 * HOUR, 48 * HOUR);
    expect(await refusal('ck.d.future', 'ck.l.future')).toMatchObject({
      code: 'delegation.not_in_force',
      params: { reason: 'not_started' },
    });
  });

  it('revoked by the leader', async () => {
    await signIn('ck.l.revoked', 'leader');
    await signIn('ck.d.revoked', 'specialist');
    const id = await delegate('ck.l.revoked', 'ck.d.revoked', -HOUR, 24 * HOUR);
    expect((await post('ck.l.revoked', `/api/delegations/${id}/revoke`, {})).statusCode).toBe(204);
    expect((await refusal('ck.d.revoked', 'ck.l.revoked')).params.reason).toBe('revoked');
  });

  it('expired', async () => {
    await signIn('ck.l.expired', 'leader');
    await signIn('ck.d.expired', 'specialist');
    await delegate('ck.l.expired', 'ck.d.expired', -HOUR, 20 * 60_000);
    // Within the sessions' idle limit, past the delegation's end.
    ctx.deps.clock.advance(21 * 60_000);
    expect((await refusal('ck.d.expired', 'ck.l.expired')).params.reason).toBe('expired');
  });

  it('the leader moved to another agency', async () => {
    await signIn('ck.l.moved', 'leader');
    await signIn('ck.d.moved', 'specialist');
    await delegate('ck.l.moved', 'ck.d.moved', -HOUR, 24 * HOUR);
    const r = await atApproval('Hồ sơ chuyển đơn vị', 'ck.l.moved');
    const other = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ubnd')
      .executeTakeFirstOrThrow();
    await ctx.database.db
      .updateTable('users')
      .set({ agencyId: other.id })
      .where('id', '=', users['ck.l.moved']!)
      .execute();
    const res = await post('ck.d.moved', `/api/records/${r.id}/approve`, {
      version: r.version,
      onBehalfOf: users['ck.l.moved'],
    });
    expect([res.statusCode, res.json().params.reason]).toEqual([403, 'other_agency']);
    // And the record page no longer offers the leader's actions.
    const forms = (await get('ck.d.moved', `/api/records/${r.id}/actions`)).json();
    expect(forms.items.filter((f: { onBehalfOf: unknown }) => f.onBehalfOf !== null)).toEqual([]);
  });

  it('the leader deactivated (left the agency)', async () => {
    await signIn('ck.l.left', 'leader');
    await signIn('ck.d.left', 'specialist');
    await delegate('ck.l.left', 'ck.d.left', -HOUR, 24 * HOUR);
    const r = await atApproval('Hồ sơ lãnh đạo nghỉ', 'ck.l.left');
    await ctx.database.db
      .updateTable('users')
      .set({ active: false })
      .where('id', '=', users['ck.l.left']!)
      .execute();
    const res = await post('ck.d.left', `/api/records/${r.id}/approve`, {
      version: r.version,
      onBehalfOf: users['ck.l.left'],
    });
    expect([res.statusCode, res.json().params.reason]).toEqual([403, 'leader_inactive']);
    expect((await get('ck.leader2', `/api/records/${r.id}`)).json().version).toBe(r.version);
  });

  it('a malformed leader id names the field', async () => {
    const res = await post('ck.deputy', '/api/records/018f0000-0000-7000-8000-000000000000/approve', {
      version: 1,
      onBehalfOf: 'lanhdao',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('body.onBehalfOf');
  });
});

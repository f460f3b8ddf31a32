import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  type TestContext,
} from '../support/context.ts';

/**
 * Assignees are checked (issue 13, item 4): a land-correction record (1.012796) received at the one-stop
 * unit of phường Ninh Kiều for a parcel in phường Cái Khế goes to UBND phường Cái Khế; only an active
 * official of that agency with the step's role may be named, and the dialog's list offers exactly them.
 */

let ctx: TestContext;
let procedure: { versionId: string; documents: string[] };
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};

const auth = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });

async function user(name: string, role: 'reception' | 'specialist' | 'leader', agencyKey: string) {
  tokens[name] = await ctx.signIn([role], { agencyKey, username: `${name}.assignees` });
  users[name] = (
    await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth(name) })
  ).json().userId;
}

const post = (name: string, url: string, payload: object) =>
  ctx.app.inject({ method: 'POST', url, headers: auth(name), payload });
const get = (name: string, url: string) => ctx.app.inject({ method: 'GET', url, headers: auth(name) });

beforeAll(async () => {
  ctx = await createTestContext();
  await user('nk.reception', 'reception', '31135-ttpvhcc');
  await user('nk.specialist', 'specialist', '31135-ubnd');
  await user('ck.specialist', 'specialist', '31120-ubnd');
  await user('ck.retired', 'specialist', '31120-ubnd');
  await user('ck.leader', 'leader', '31120-ubnd');
  await ctx.database.db
    .updateTable('users')
    .set({ active: false })
    .where('id', '=', users['ck.retired']!)
    .execute();
  procedure = await landCorrectionProcedure(ctx);
});
afterAll(() => ctx.close());

describe('naming the assignee of a step', () => {
  it.each([
    ['a made-up id', () => '0190a000-0000-7000-8000-000000000000', 'unknown'],
    ['a value that is not an id', () => 'not-an-id', 'unknown'],
    ['an official of another agency', () => users['nk.specialist']!, 'other_agency'],
    ['a deactivated official of the step’s agency', () => users['ck.retired']!, 'inactive'],
    ['the step agency’s leader for a specialist step', () => users['ck.leader']!, 'wrong_role'],
  ])('refuses to forward to %s with 422 naming assigneeId, and writes nothing', async (_l, id, reason) => {
    const r = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Trần Thị Bích');
    const assigneeId = id();
    const res = await post('nk.reception', `/api/records/${r.id}/forward`, {
      version: r.version,
      assigneeId,
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem).toMatchObject({ code: 'record.assignee_not_eligible', params: { reason, stepIndex: 1 } });
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(['body.assigneeId']);
    const after = (await get('nk.reception', `/api/records/${r.id}`)).json();
    expect({ version: after.version, currentStep: after.currentStep }).toEqual({
      version: r.version,
      currentStep: 0,
    });
    // Nobody else's worklist shows it.
    const mine = (await get('nk.specialist', '/api/worklists?scope=mine')).json();
    expect(mine.items.map((x: { id: string }) => x.id)).not.toContain(r.id);
  });

  it('forwards to an active specialist of the competent agency, whose worklist then has it', async () => {
    const r = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Lê Văn Cường');
    const res = await post('nk.reception', `/api/records/${r.id}/forward`, {
      version: r.version,
      assigneeId: users['ck.specialist'],
    });
    expect(res.statusCode).toBe(200);
    const mine = (await get('ck.specialist', '/api/worklists?scope=mine')).json();
    expect(mine.items.map((x: { id: string }) => x.id)).toContain(r.id);
  });

  it('checks assign and reassign by the step agency’s leader', async () => {
    let r = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Phạm Thị Dung');
    r = (await post('nk.reception', `/api/records/${r.id}/forward`, { version: r.version })).json().record;
    const wrong = await post('ck.leader', `/api/records/${r.id}/assign`, {
      version: r.version,
      assigneeId: users['nk.specialist'],
    });
    expect([wrong.statusCode, wrong.json().code]).toEqual([422, 'record.assignee_not_eligible']);
    const assigned = await post('ck.leader', `/api/records/${r.id}/assign`, {
      version: r.version,
      assigneeId: users['ck.specialist'],
    });
    expect(assigned.statusCode).toBe(200);
    const reassign = await post('ck.leader', `/api/records/${r.id}/reassign`, {
      version: assigned.json().record.version,
      assigneeId: 'x',
    });
    expect([reassign.statusCode, reassign.json().code]).toEqual([422, 'record.assignee_not_eligible']);
  });
});

describe('GET /api/records/:id/assignees', () => {
  it('lists for the forward dialog the active specialists of the next step’s agency, with the step', async () => {
    const r = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Võ Thị Em');
    const res = await get('nk.reception', `/api/records/${r.id}/assignees`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.step).toMatchObject({ index: 1, key: 'appraisal', role: 'specialist' });
    expect(body.step.agencyName).toMatch(/Cái Khế/);
    expect(body.items.map((o: { id: string }) => o.id)).toEqual([users['ck.specialist']]);
    // The leader's assign dialog, once forwarded unassigned: the same list for the current step.
    const fwd = (await post('nk.reception', `/api/records/${r.id}/forward`, { version: r.version })).json();
    const assign = (await get('ck.leader', `/api/records/${fwd.record.id}/assignees?action=assign`)).json();
    expect(assign.items.map((o: { id: string }) => o.id)).toEqual([users['ck.specialist']]);
    // The approval step is the leader's.
    const next = (await get('ck.leader', `/api/records/${r.id}/assignees?action=forward`)).json();
    expect({ role: next.step.role, ids: next.items.map((o: { id: string }) => o.id) }).toEqual({
      role: 'leader',
      ids: [users['ck.leader']],
    });
  });

  it('answers 404 for a record the caller cannot see, and is in the OpenAPI document', async () => {
    const r = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Đỗ Văn Giang');
    await user('other.reception', 'reception', '31120-ttpvhcc');
    const res = await get('other.reception', `/api/records/${r.id}/assignees`);
    expect([res.statusCode, res.json().code]).toEqual([404, 'record.not_found']);
    const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths['/api/v1/records/{id}/assignees'].get.responses)).toContain('200');
  });
});

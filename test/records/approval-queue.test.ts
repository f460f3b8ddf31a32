import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';

/**
 * The leader's approval queue: GET /api/worklists filtered by the role of the current step, at my agency,
 * oldest step due time first, with keyset pagination. Land correction 1.012796 received at Ninh Kiều and
 * decided by UBND phường Cái Khế.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let versionId: string;
let documents: string[];

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

async function ok(who: string, url: string, payload: object) {
  const res = await ctx.app.inject({ method: 'POST', url, headers: auth(who), payload });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().record as { id: string; version: number; code: string };
}

async function received(fullName: string) {
  return ok('nk.reception', '/api/records', {
    type: 'receive',
    checklist: documents.slice(0, 2).map((document) => ({ document, provided: true })),
    opening: {
      procedureVersionId: versionId,
      channel: 'in_person',
      applicant: { kind: 'citizen', fullName, phone: '0939 111 222' },
      routing: { landParcelUnitCode: '31120' },
    },
  });
}

/** Forwarded to Cái Khế and assigned to the specialist; with `toLeader`, forwarded on to the approval step. */
async function moved(r: { id: string; version: number }, toLeader: boolean) {
  let s = await ok('nk.reception', `/api/records/${r.id}/forward`, { version: r.version });
  s = await ok('ck.leader', `/api/records/${s.id}/assign`, {
    version: s.version,
    assigneeId: users['ck.specialist'],
  });
  if (toLeader) s = await ok('ck.specialist', `/api/records/${s.id}/forward`, { version: s.version });
  return s;
}

function queue(who: string, query: string, lang = 'vi') {
  return ctx.app.inject({
    method: 'GET',
    url: `/api/worklists?${query}`,
    headers: { ...auth(who), 'accept-language': lang },
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  await signInLandCorrectionOfficials(ctx, 'queue', tokens, users);
  tokens['nk.leader'] = await ctx.signIn(['leader'], { agencyKey: '31135-ttpvhcc', username: 'nk.leader.q' });
  ({ versionId, documents } = await landCorrectionProcedure(ctx));
});
afterAll(() => ctx.close());

describe('GET /api/worklists?stepRole=leader&sort=step_due', () => {
  let first: { id: string };
  let second: { id: string };
  let atSpecialist: { id: string };

  beforeAll(async () => {
    // Created in one order, brought to the leader in the other: the queue follows the step's due time.
    const later = await received('Lê Văn Bảy');
    const earlier = await received('Trần Thị Tám');
    atSpecialist = await moved(await received('Phạm Văn Chín'), false);
    first = await moved(earlier, true);
    ctx.deps.clock.advance(60 * 60 * 1000);
    second = await moved(later, true);
  });

  it('lists the records whose current step is the leader’s at my agency, oldest step due first', async () => {
    const res = await queue('ck.leader', 'scope=agency&stepRole=leader&sort=step_due&status=in_process');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: string; currentStep: string; currentStepDueAt: string }[];
    expect(items.map((i) => i.id)).toEqual([first.id, second.id]);
    expect(items.every((i) => i.currentStep === 'approval')).toBe(true);
    expect(Date.parse(items[0]!.currentStepDueAt)).toBeLessThan(Date.parse(items[1]!.currentStepDueAt));
    expect(items.map((i) => i.id)).not.toContain(atSpecialist.id);
  });

  it('leaves out records that wait for a leader of another agency, even one that received them', async () => {
    const res = await queue('nk.leader', 'scope=agency&stepRole=leader&sort=step_due');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
    const specialistSteps = await queue('ck.leader', 'scope=agency&stepRole=specialist');
    expect(specialistSteps.json().items.map((i: { id: string }) => i.id)).toEqual([atSpecialist.id]);
  });

  it('pages by keyset in the same order, and the last page has no next', async () => {
    const page1 = await queue('ck.leader', 'scope=agency&stepRole=leader&sort=step_due&limit=1');
    expect(page1.json().items.map((i: { id: string }) => i.id)).toEqual([first.id]);
    const next = page1.json().next as string;
    expect(next).toContain(first.id);
    const page2 = await queue(
      'ck.leader',
      `scope=agency&stepRole=leader&sort=step_due&limit=1&after=${encodeURIComponent(next)}`,
    );
    expect(page2.json().items.map((i: { id: string }) => i.id)).toEqual([second.id]);
    const page3 = await queue(
      'ck.leader',
      `scope=agency&stepRole=leader&sort=step_due&limit=1&after=${encodeURIComponent(page2.json().next)}`,
    );
    expect(page3.json()).toEqual({ items: [], next: null });
  });

  it('drops a record from the queue once the leader approves it', async () => {
    const current = (
      await ctx.app.inject({ method: 'GET', url: `/api/records/${first.id}`, headers: auth('ck.leader') })
    ).json();
    expect(current.availableActions).toContain('approve');
    await ok('ck.leader', `/api/records/${first.id}/approve`, { version: current.version });
    const res = await queue('ck.leader', 'scope=agency&stepRole=leader&sort=step_due&status=in_process');
    expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([second.id]);
  });

  it('answers an unknown role or a cursor of the other sort with problem+json naming the field, in Vietnamese and English', async () => {
    const role = await queue('ck.leader', 'scope=agency&stepRole=boss');
    expect(role.statusCode).toBe(422);
    expect(role.headers['content-type']).toContain('application/problem+json');
    expect(role.json().errors[0]).toMatchObject({ path: 'query.stepRole' });
    expect(role.json().errors[0].message_vi).toBeTruthy();
    const en = await queue('ck.leader', 'scope=agency&stepRole=boss', 'en');
    expect(en.json().title).toBe(en.json().title_en);
    expect(en.json().title).not.toBe(role.json().title);
    const cursor = await queue('ck.leader', `scope=agency&sort=step_due&after=${first.id}`);
    expect(cursor.statusCode).toBe(422);
    expect(cursor.json().errors.map((e: { path: string }) => e.path)).toEqual(['query.after']);
    const byId = await queue('ck.leader', 'scope=agency&after=infinity_x');
    expect(byId.statusCode).toBe(422);
    expect(byId.json().errors[0].path).toBe('query.after');
  });
});

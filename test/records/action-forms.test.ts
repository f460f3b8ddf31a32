import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  type TestContext,
} from '../support/context.ts';

/**
 * The workspace's action forms come from the server (issue 15, item 6): GET /api/records/:id/actions lists
 * the actions the caller may take now, each with the JSON Schema of its command and how to show its fields,
 * and changes with the record's state and with who asks.
 */

let ctx: TestContext;
let procedure: { versionId: string; documents: string[] };
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};

const auth = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });
const post = (name: string, url: string, payload: object) =>
  ctx.app.inject({ method: 'POST', url, headers: auth(name), payload });
const get = (name: string, url: string) => ctx.app.inject({ method: 'GET', url, headers: auth(name) });

interface Form {
  action: string;
  step: { stepIndex: number; key: string; agencyName: string | null } | null;
  schema: { properties: Record<string, unknown>; required: string[] };
  fields: { name: string; widget: string; required: boolean; label: { vi: string }; options?: unknown[] }[];
}
async function forms(name: string, id: string): Promise<Map<string, Form>> {
  const res = await get(name, `/api/records/${id}/actions`);
  expect(res.statusCode).toBe(200);
  return new Map((res.json().items as Form[]).map((f) => [f.action, f]));
}

async function user(name: string, role: 'reception' | 'specialist' | 'leader', agencyKey: string) {
  tokens[name] = await ctx.signIn([role], { agencyKey, username: `${name}.forms` });
  users[name] = (await get(name, '/api/auth/me')).json().userId;
}

beforeAll(async () => {
  ctx = await createTestContext();
  await user('nk.reception', 'reception', '31135-ttpvhcc');
  await user('ck.specialist', 'specialist', '31120-ubnd');
  await user('ck.leader', 'leader', '31120-ubnd');
  procedure = await landCorrectionProcedure(ctx);
});
afterAll(() => ctx.close());

describe('GET /api/records/:id/actions', () => {
  it('describes each available action by its command schema, and follows the state and the actor', async () => {
    const r = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Huỳnh Văn Lộc');
    const reception = await forms('nk.reception', r.id);
    const forward = reception.get('forward')!;
    expect(forward.step).toMatchObject({ stepIndex: 0, key: 'reception' });
    expect(forward.step?.agencyName).toMatch(/Ninh Kiều/);
    expect(Object.keys(forward.schema.properties)).toEqual(expect.arrayContaining(['assigneeId', 'note']));
    expect(forward.schema.properties).not.toHaveProperty('type');
    expect(forward.fields.find((f) => f.name === 'assigneeId')).toMatchObject({
      widget: 'official',
      required: false,
      label: { vi: 'Người xử lý' },
    });
    expect(reception.get('stop')?.fields.map((f) => [f.name, f.widget, f.required])).toEqual([
      ['reason', 'long_text', true],
    ]);
    // Nothing for Cái Khế's specialist before the record reaches them.
    expect((await forms('ck.specialist', r.id)).size).toBe(0);

    let v = (await post('nk.reception', `/api/records/${r.id}/forward`, { version: r.version })).json()
      .record;
    expect((await forms('nk.reception', r.id)).has('forward')).toBe(false);
    const leader = await forms('ck.leader', r.id);
    expect(leader.get('assign')?.fields).toEqual([
      expect.objectContaining({ name: 'assigneeId', widget: 'official', required: true }),
    ]);
    expect(leader.get('assign')?.step?.agencyName).toMatch(/Cái Khế/);
    v = (
      await post('ck.leader', `/api/records/${r.id}/assign`, {
        version: v.version,
        assigneeId: users['ck.specialist'],
      })
    ).json().record;
    const specialist = await forms('ck.specialist', r.id);
    expect(specialist.get('request_supplement')?.fields.map((f) => [f.name, f.widget, f.required])).toEqual([
      ['reasons', 'lines', true],
      ['missingDocuments', 'documents', false],
    ]);
    await post('ck.specialist', `/api/records/${r.id}/forward`, { version: v.version });
    const approval = await forms('ck.leader', r.id);
    expect([...approval.keys()]).toEqual(expect.arrayContaining(['send_back', 'approve', 'reject']));
    // Back to the appraisal step only (not the reception step), named as the procedure's process names it.
    const toStep = approval.get('send_back')?.fields.find((f) => f.name === 'toStep');
    expect(toStep?.options).toEqual([
      {
        value: 1,
        label: { vi: expect.stringMatching(/^2\. .*thẩm định/), en: expect.stringMatching(/^2\. /) },
      },
    ]);
    expect(approval.get('send_back')?.step).toMatchObject({ stepIndex: 2 });
  });

  it('answers 404 for a record the caller cannot see, and is described in the OpenAPI document', async () => {
    const r = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Mai Văn Tùng');
    await user('other.reception', 'reception', '31120-ttpvhcc');
    const res = await get('other.reception', `/api/records/${r.id}/actions`);
    expect([res.statusCode, res.json().code]).toEqual([404, 'record.not_found']);
    const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = doc.paths['/api/v1/records/{id}/actions'].get;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '404']));
    const assignees = doc.paths['/api/v1/records/{id}/assignees'].get;
    expect(assignees.parameters.map((p: { name: string }) => p.name)).toContain('stepIndex');
  });
});

describe('GET /api/records/:id/assignees for the step acted on', () => {
  it('lists every target step with its officials, and nothing for a step that is not active', async () => {
    const r = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Tạ Thị Xuân');
    const next = (await get('nk.reception', `/api/records/${r.id}/assignees?stepIndex=0`)).json();
    expect(next.targets.map((t: { step: { index: number } }) => t.step.index)).toEqual([1]);
    expect(next.targets[0].items.map((o: { id: string }) => o.id)).toEqual([users['ck.specialist']]);
    const inactive = (await get('nk.reception', `/api/records/${r.id}/assignees?stepIndex=2`)).json();
    expect(inactive).toEqual({ step: null, items: [], targets: [] });
  });
});

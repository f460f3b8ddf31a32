import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordCommand } from '../../src/core/records/index.ts';
import { createTestContext, landCorrectionProcedure, type TestContext } from '../support/context.ts';

/**
 * The record routes declare, in the OpenAPI document, every problem status they answer, each described with
 * its codes; a real refusal answers one of the declared statuses, with its code in that status's description.
 */

let ctx: TestContext;
let reception: string;
let procedure: { versionId: string; documents: string[] };
type Operation = { responses: Record<string, { description?: string }> };
let doc: { paths: Record<string, Record<string, Operation>> };

const opening = (routing: Record<string, string>) => ({
  type: 'receive',
  checklist: procedure.documents.slice(0, 2).map((document) => ({ document, provided: true, originals: 1 })),
  opening: {
    procedureVersionId: procedure.versionId,
    channel: 'in_person',
    applicant: { kind: 'citizen', fullName: 'Lâm Thị Khai', phone: '0912 345 678' },
    routing,
  },
});

beforeAll(async () => {
  ctx = await createTestContext();
  reception = await ctx.signIn(['reception'], {
    agencyKey: '31135-ttpvhcc',
    username: 'nk.reception.openapi',
  });
  procedure = await landCorrectionProcedure(ctx);
  doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
});
afterAll(() => ctx.close());

/** The operation at `path` as the document names it (under /api/v1; the routes are written without it). */
const operation = (path: string, method = 'post') =>
  doc.paths[path.replace(/^\/api\/(?!v1\/)/, '/api/v1/')]![method]!;
const problemStatuses = (op: Operation) =>
  Object.keys(op.responses)
    .map(Number)
    .filter((s) => s >= 400);

/** The answer is a declared problem: its status is declared, and that status's description names its code. */
function expectDeclared(op: Operation, res: { statusCode: number; json: () => { code: string } }) {
  expect(problemStatuses(op)).toContain(res.statusCode);
  expect(op.responses[String(res.statusCode)]!.description).toContain(`\`${res.json().code}\``);
}

describe('problems declared by the record routes', () => {
  it('POST /api/records (counter reception) declares 401, 403, 404, 409, 422 and 503 with their codes', () => {
    const op = operation('/api/v1/records');
    expect(problemStatuses(op)).toEqual([401, 403, 404, 409, 422, 429, 500, 503]);
    const d = (s: number) => op.responses[String(s)]!.description;
    expect(d(401)).toContain('`auth.unauthenticated`');
    expect(d(403)).toContain('`record.outside_reception_scope`');
    expect(d(404)).toContain('`procedure.not_found`');
    expect(d(409)).toContain('`procedure.version_not_in_force`');
    expect(d(409)).toContain('`record.procedure_not_configured`');
    expect(d(422)).toContain('`record.competent_agency_unresolved`');
    expect(d(422)).toContain('`idempotency.key_reused`');
    expect(d(503)).toContain('`system.database_unavailable`');
  });

  it('a command declares record.not_found, record.version_conflict and its own refusals', () => {
    const forward = operation('/api/v1/records/{id}/forward');
    expect(problemStatuses(forward)).toEqual([401, 403, 404, 409, 422, 429, 500, 503]);
    expect(forward.responses['404']!.description).toContain('`record.not_found`');
    expect(forward.responses['409']!.description).toContain('`record.version_conflict`');
    expect(forward.responses['409']!.description).toContain('`record.transition_not_allowed`');
    expect(forward.responses['422']!.description).toContain('`record.assignee_not_eligible`');
    expect(operation('/api/v1/records/{id}/extend').responses['409']!.description).toContain(
      '`record.extension_too_late`',
    );
    const submit = operation('/api/v1/public/records/{id}/submit');
    expect(submit.responses['401']!.description).toContain('`applicant.token_expired`');
    expect(submit.responses['409']!.description).toContain('`procedure.not_receivable`');
    expect(problemStatuses(submit)).toContain(429);
  });

  it('every route of records.routes.ts and assignees.routes.ts declares its problems', () => {
    const commands = RecordCommand.options
      .map((o) => o.shape.type.value)
      .filter((a) => a !== 'create_draft')
      .map((a) => ['post', `/api/records/{id}/${a.replaceAll('_', '-')}`]);
    const routes = [
      ['post', '/api/records'],
      ['get', '/api/records'],
      ['post', '/api/public/records'],
      ...['submit', 'supplement', 'withdraw', 'rating'].map((a) => ['post', `/api/public/records/{id}/${a}`]),
      ['get', '/api/public/records/{id}/mine'],
      ['get', '/api/records/{id}'],
      ['get', '/api/records/{id}/timeline'],
      ['get', '/api/records/{id}/assignees'],
      ['get', '/api/worklists'],
      ['get', '/api/public/records/{code}'],
      ...commands,
    ];
    expect(commands.length).toBeGreaterThan(15);
    for (const [method, path] of routes) {
      const op = operation(path!, method);
      expect(problemStatuses(op).length, `${method} ${path}`).toBeGreaterThan(1);
      expect(problemStatuses(op), `${method} ${path}`).toContain(422);
      expect(problemStatuses(op), `${method} ${path}`).toContain(503);
    }
  });

  it('real refusals answer declared statuses', async () => {
    const counter = operation('/api/v1/records');
    const anonymous = await ctx.app.inject({ method: 'POST', url: '/api/records', payload: opening({}) });
    expect(anonymous.json().code).toBe('auth.unauthenticated');
    expectDeclared(counter, anonymous);

    // The land-correction procedure needs the parcel's commune: without it the competent agency is unknown.
    const auth = { authorization: `Bearer ${reception}` };
    const unresolved = await ctx.app.inject({
      method: 'POST',
      url: '/api/records',
      headers: auth,
      payload: opening({}),
    });
    expect(unresolved.json().code).toBe('record.competent_agency_unresolved');
    expectDeclared(counter, unresolved);

    const received = await ctx.app.inject({
      method: 'POST',
      url: '/api/records',
      headers: auth,
      payload: opening({ landParcelUnitCode: '31135' }),
    });
    expect(received.statusCode, received.body).toBe(201);
    const record = received.json().record as { id: string; version: number };

    const forward = operation('/api/v1/records/{id}/forward');
    const stale = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${record.id}/forward`,
      headers: auth,
      payload: { version: record.version + 5 },
    });
    expect(stale.json().code).toBe('record.version_conflict');
    expectDeclared(forward, stale);
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: '/api/records/0190f0e6-0000-7000-8000-000000000000/forward',
      headers: auth,
      payload: { version: 1 },
    });
    expect(unknown.json().code).toBe('record.not_found');
    expectDeclared(forward, unknown);
  });
});

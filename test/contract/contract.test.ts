import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Describes } from '../../src/contracts/common.ts';
import {
  ActionName,
  type CommandResponse,
  CommandSchemaNode,
  type RecordView,
} from '../../src/contracts/records.ts';
import { DomainError } from '../../src/core/errors/index.ts';
import { commandForm } from '../../src/core/records/action-forms.ts';
import type { presentRecord } from '../../src/modules/records/records.service.ts';
import { createHttpApp } from '../../src/platform/http/index.ts';
import { createMetrics } from '../../src/platform/metrics.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { testDeps } from '../support/deps.ts';

/**
 * Issue 16 item 7: the documented response schemas are enforced on every real answer (so the API tests are
 * contract tests), `/api/v1` is the same API as its alias `/api/`, and a deprecated version says so.
 */

/** A bare app (no database) whose log lines are kept. */
async function bareApp(
  deprecations: Parameters<typeof createHttpApp>[0]['deprecations'] = [],
  checkAnswers = false,
) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const app = await createHttpApp({
    logger,
    metrics: createMetrics(),
    version: 'test',
    rateLimitPerMinute: 1000,
    authenticate: async () => null,
    deprecations,
    checkAnswers,
  });
  return { app, lines };
}

describe('every answer is validated against its documented schema', () => {
  it('the record schema describes the record presenter exactly (a renamed field fails typecheck)', () => {
    const record: Describes<typeof RecordView, ReturnType<typeof presentRecord>> = true;
    const command: Describes<
      typeof CommandResponse,
      { record: ReturnType<typeof presentRecord>; events: z.output<typeof CommandResponse>['events'] }
    > = true;
    expect([record, command]).toEqual([true, true]);
  });

  it('a route answering another shape than it declares gets a 500 problem, logged with the mismatch', async () => {
    const { app, lines } = await bareApp();
    const Thing = z.object({ id: z.string(), count: z.number().int() });
    app.get(
      '/api/things/wrong',
      { config: { access: 'public' }, schema: { response: { 200: Thing } } },
      // A presenter that renamed `count`: compiles here only through the cast, as a drifted one would.
      async () => ({ id: 'a', total: 3 }) as unknown as z.infer<typeof Thing>,
    );
    app.get(
      '/api/things/right',
      { config: { access: 'public' }, schema: { response: { 200: Thing } } },
      async () => ({ id: 'a', count: 3, internal: 'not in the contract' }) as z.infer<typeof Thing>,
    );
    await app.ready();

    const wrong = await app.inject({ method: 'GET', url: '/api/things/wrong' });
    expect(wrong.statusCode).toBe(500);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json()).toMatchObject({ status: 500, code: 'system.internal' });
    expect(wrong.body).not.toContain('count');
    const logged = lines.find((l) => l.msg === 'request failed');
    expect(logged, JSON.stringify(lines)).toBeDefined();
    expect(JSON.stringify(logged)).toContain('count');

    // A member the schema does not name is not sent: the schema is the whole answer.
    const right = await app.inject({ method: 'GET', url: '/api/v1/things/right' });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toEqual({ id: 'a', count: 3 });
    await app.close();
  });

  it('the API tests run with MOTCUA_CHECK_ANSWERS on (docs/API.md)', () => {
    expect(testDeps({} as never).config.MOTCUA_CHECK_ANSWERS).toBe(true);
  });

  it('with checkAnswers (the tests), an answer under a status or media type it does not document is a 500', async () => {
    const { app, lines } = await bareApp([], true);
    const Thing = z.object({ id: z.string() });
    // Declares 200, answers 201: the serializer has no schema for 201 and would send anything.
    app.post(
      '/api/things',
      { config: { access: 'public' }, schema: { response: { 200: Thing } } },
      // (The type provider refuses 201 at compile time; a cast, as a drifted handler would need, gets past it.)
      async (_req, reply) => reply.status(201 as 200).send({ id: 'a', secret: 'never documented' } as never),
    );
    // A file route that answers JSON instead of its PDF.
    app.get(
      '/api/things/pdf',
      {
        config: { access: 'public' },
        schema: {
          response: { 200: { description: 'a PDF', content: { 'application/pdf': { schema: z.string() } } } },
        },
      },
      async (_req, reply) => reply.type('application/json').send('{"not":"a pdf"}'),
    );
    app.get(
      '/api/things/ok',
      { config: { access: 'public' }, schema: { response: { 200: Thing } } },
      async () => ({
        id: 'a',
      }),
    );
    // A refusal under a status the route does not declare (409 is never added for a route).
    app.get(
      '/api/things/conflict',
      { config: { access: 'public' }, schema: { response: { 200: Thing } } },
      async () => {
        throw new DomainError('holiday.duplicate', { day: '2026-01-01' });
      },
    );
    await app.ready();
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { origin: 'http://localhost' },
    });
    expect(created.statusCode).toBe(500);
    expect(created.json()).toMatchObject({ code: 'system.internal' });
    expect(created.body).not.toContain('secret');
    expect(JSON.stringify(lines)).toContain('status 201 is not documented');
    const pdf = await app.inject({ method: 'GET', url: '/api/things/pdf' });
    expect(pdf.statusCode).toBe(500);
    expect(JSON.stringify(lines)).toContain('documented as application/pdf, answered as application/json');
    const conflict = await app.inject({ method: 'GET', url: '/api/things/conflict' });
    expect(conflict.statusCode).toBe(500);
    expect(conflict.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(conflict.json()).toMatchObject({ status: 500, code: 'system.internal' });
    expect(JSON.stringify(lines)).toContain('GET /api/things/conflict: status 409 is not documented');
    // A documented answer, and the platform's own problems (404, 422), pass.
    expect((await app.inject({ method: 'GET', url: '/api/things/ok' })).json()).toEqual({ id: 'a' });
    expect((await app.inject({ method: 'GET', url: '/api/things/ok?x=%00' })).statusCode).toBe(422);
    await app.close();
  });

  it('a problem answer is validated too, under application/problem+json', async () => {
    const { app } = await bareApp();
    app.get(
      '/api/things/:id',
      { config: { access: 'public' }, schema: { params: z.object({ id: z.uuid() }) } },
      async () => ({}),
    );
    await app.ready();
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/things/nope',
      headers: { 'x-request-id': 'trace-1234' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'request.invalid',
      traceId: 'trace-1234',
      instance: '/api/v1/things/nope',
      errors: [expect.objectContaining({ path: 'params.id' })],
    });
    await app.close();
  });
});

describe('the contracts', () => {
  it('import only zod, each other and the pure core (the web app typechecks them, no server code)', () => {
    const root = resolve(import.meta.dirname, '../..');
    const seen = new Set<string>();
    const outside: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/g)) {
        if (!spec!.startsWith('.')) {
          if (spec !== 'zod') outside.push(`${relative(root, file)} imports ${spec}`);
          continue;
        }
        const target = resolve(dirname(file), spec!);
        const at = relative(root, target);
        if (!at.startsWith('src/contracts/') && !at.startsWith('src/core/'))
          outside.push(`${relative(root, file)} imports ${at}`);
        else visit(target);
      }
    };
    const dir = join(root, 'src/contracts');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) visit(join(dir, f));
    expect(seen.size).toBeGreaterThan(15);
    expect(outside).toEqual([]);
  });

  it("every command's form schema is described exactly by CommandSchemaNode (no keyword dropped)", () => {
    for (const action of ActionName.options) {
      const { schema } = commandForm(action);
      // Strict: a keyword not named in the contract fails here, and the actions answer would fail (500).
      expect(CommandSchemaNode.parse(schema), action).toEqual(schema);
    }
    expect(() => CommandSchemaNode.parse({ type: 'string', exclusiveMinimum: 0 })).toThrow();
  });
});

describe('API versions', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('/api/v1/records/:id and /api/records/:id answer the same record', async () => {
    const reception = await ctx.signIn(['reception', 'specialist', 'leader'], {
      agencyKey: '31135-ttpvhcc',
      username: 'nk.reception.versions',
    });
    const auth = { authorization: `Bearer ${reception}` };
    // Any record will do: search the seed's, or open one at the counter through the versioned path.
    const worklist = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/worklists?scope=agency',
      headers: auth,
    });
    expect(worklist.statusCode, worklist.body).toBe(200);
    const alias = await ctx.app.inject({ method: 'GET', url: '/api/worklists?scope=agency', headers: auth });
    expect(alias.json()).toEqual(worklist.json());

    const unknown = '0190f0e6-0000-7000-8000-000000000000';
    const missing = await ctx.app.inject({ method: 'GET', url: `/api/v1/records/${unknown}`, headers: auth });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      code: 'record.not_found',
      instance: `/api/v1/records/${unknown}`,
    });

    const id = await anyRecordId(ctx, auth);
    const v1 = await ctx.app.inject({ method: 'GET', url: `/api/v1/records/${id}`, headers: auth });
    const plain = await ctx.app.inject({ method: 'GET', url: `/api/records/${id}`, headers: auth });
    expect(v1.statusCode, v1.body).toBe(200);
    expect(v1.json()).toEqual(plain.json());
    expect(v1.json()).toMatchObject({ id, availableActions: expect.any(Array) });
  });

  it('a deprecated version answers with Deprecation, Sunset and a successor Link; a short notice is refused', async () => {
    const since = new Date('2027-01-01T00:00:00Z');
    const sunset = new Date('2028-01-01T00:00:00Z');
    const { app } = await bareApp([{ prefix: '/api/v1/', since, sunset, successor: '/openapi.json' }]);
    app.get(
      '/api/ping',
      { config: { access: 'public' }, schema: { response: { 200: z.object({ ok: z.boolean() }) } } },
      async () => ({ ok: true }),
    );
    await app.ready();
    const old = await app.inject({ method: 'GET', url: '/api/v1/ping' });
    expect(old.json()).toEqual({ ok: true });
    expect(old.headers.deprecation).toBe(`@${since.getTime() / 1000}`);
    expect(old.headers.sunset).toBe('Sat, 01 Jan 2028 00:00:00 GMT');
    expect(old.headers.link).toBe('</openapi.json>; rel="successor-version"');
    const current = await app.inject({ method: 'GET', url: '/api/ping' });
    expect(current.headers.deprecation).toBeUndefined();
    await app.close();
    await expect(
      bareApp([{ prefix: '/api/v1/', since, sunset: new Date('2027-06-01T00:00:00Z'), successor: '/x' }]),
    ).rejects.toThrow(/365 days/);
  });
});

/** A record the caller may see: one of the agency's, or one opened at the counter. */
async function anyRecordId(ctx: TestContext, auth: Record<string, string>): Promise<string> {
  const list = (
    await ctx.app.inject({ method: 'GET', url: '/api/v1/worklists?scope=agency', headers: auth })
  ).json().items as { id: string }[];
  if (list[0]) return list[0].id;
  const { landCorrectionProcedure } = await import('../support/context.ts');
  const procedure = await landCorrectionProcedure(ctx);
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/records',
    headers: auth,
    payload: {
      type: 'receive',
      checklist: procedure.documents
        .slice(0, 2)
        .map((document) => ({ document, provided: true, originals: 1 })),
      opening: {
        procedureVersionId: procedure.versionId,
        channel: 'in_person',
        applicant: { kind: 'citizen', fullName: 'Lâm Thị Khai', phone: '0912 345 678' },
        routing: { landParcelUnitCode: '31135' },
      },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { record: { id: string } }).record.id;
}

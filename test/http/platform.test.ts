import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unversioned } from '../../src/platform/http/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('platform', () => {
  it('reports health with a database check', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: { kind: ctx.database.kind, ok: true } });
  });

  it('answers 503 problem+json from health when the database is gone', async () => {
    const { createTestContext: make } = await import('../support/context.ts');
    const other = await make();
    await other.database.close();
    const res = await other.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('system.database_unavailable');
    await other.app.close();
  });

  it('serves an OpenAPI 3.1 description of every declared route, and the docs UI', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${unversioned(path).replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const hidden = new Set(['GET /openapi.json', 'GET /metrics']);
    for (const r of ctx.app.accessTable) {
      if (hidden.has(`${r.method} ${r.url}`)) continue;
      expect(documented, `${r.method} ${r.url}`).toContain(`${r.method} ${r.url}`);
    }
    const ui = await ctx.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('exposes Prometheus metrics including request durations', async () => {
    await ctx.app.inject({ method: 'GET', url: '/api/health' });
    const res = await ctx.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('motcua_http_request_duration_seconds_bucket');
    expect(res.body).toContain('route="/api/health"');
  });

  it('answers an unknown route with a 404 problem in Vietnamese by default and English on request', async () => {
    const vi = await ctx.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(vi.statusCode).toBe(404);
    expect(vi.headers['content-type']).toContain('application/problem+json');
    expect(vi.json()).toMatchObject({
      status: 404,
      code: 'request.not_found',
      title: 'Không tìm thấy địa chỉ yêu cầu',
      title_en: 'No such route',
    });
    const en = await ctx.app.inject({
      method: 'GET',
      url: '/api/nothing-here',
      headers: { 'accept-language': 'en-US' },
    });
    expect(en.json().title).toBe('No such route');
  });

  it('echoes a caller request id and puts it in the problem traceId', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/nope',
      headers: { 'x-request-id': 'counter-42-abcdef' },
    });
    expect(res.headers['x-request-id']).toBe('counter-42-abcdef');
    expect(res.json().traceId).toBe('counter-42-abcdef');
  });

  it('answers malformed JSON with 422 naming the body, without a stack trace', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('request.invalid');
    expect(body.errors[0].path).toBe('body');
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

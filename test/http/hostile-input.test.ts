import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * Issue 13 item 7 and "must show" (b): a probe over every operation in /openapi.json with hostile input —
 * NUL bytes, unpaired surrogates, far dates, too-long path parameters, huge, deeply nested and malformed
 * bodies — signed in and anonymous. No answer is a 5xx, and every error is problem+json.
 */

type Schema = {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Operation = {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

/** A value for `schema` whose every string is `text` (date fields get `date` when given). */
function sample(schema: Schema | undefined, text: string, date: string | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return text;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alt = schema.oneOf ?? schema.anyOf;
  if (alt?.length) return sample(alt[0], text, date, depth + 1);
  if (schema.allOf?.length) {
    return Object.assign({}, ...schema.allOf.map((s) => sample(s, text, date, depth + 1)));
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'object' || schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([k, s]) => [k, sample(s, text, date, depth + 1)]),
    );
  }
  if (type === 'array') return [sample(schema.items, text, date, depth + 1)];
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  const isDate =
    schema.format === 'date' || schema.format === 'date-time' || /\\d\{4\}/.test(schema.pattern ?? '');
  return isDate && date ? (schema.format === 'date-time' ? `${date}T00:00:00Z` : date) : text;
}

const HOSTILE = [
  { name: 'NUL', text: 'a\u0000b', date: undefined },
  { name: 'lone surrogate', text: 'x\ud800y', date: undefined },
  { name: 'trailing surrogate', text: '\udc00', date: undefined },
  { name: 'far future date', text: '9999-12-31', date: '9999-12-31' },
  { name: 'far past date', text: 'probe', date: '0001-01-01' },
];

let ctx: TestContext;
let paths: Record<string, Record<string, Operation>>;
/** Signed in before the probe, which also probes sign-in and so uses up its rate limit. */
const tokens: string[] = [];
let monitorToken: string;

beforeAll(async () => {
  ctx = await createTestContext();
  for (let i = 0; i < 4; i++)
    tokens.push(await ctx.signIn(['reception', 'specialist', 'leader', 'monitor', 'admin']));
  monitorToken = await ctx.signIn(['monitor'], { username: 'probe.monitor' });
  paths = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths;
});
afterAll(() => ctx.close());

/** Percent-encodes like encodeURIComponent; an unpaired surrogate goes as its (invalid) 3-byte UTF-8 form. */
function enc(value: string): string {
  return [...value]
    .map((ch) => {
      const c = ch.charCodeAt(0);
      if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
        return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
          .map((b) => `%${b.toString(16).toUpperCase()}`)
          .join('');
      }
      return encodeURIComponent(ch);
    })
    .join('');
}

function fillPath(path: string, value: string): string {
  return path.replace(/\{(\w+)\}/g, () => enc(value));
}

function queryOf(op: Operation, text: string, date: string | undefined): string {
  const q = (op.parameters ?? [])
    .filter((p) => p.in === 'query')
    .map((p) => {
      const v = sample(p.schema, text, date);
      return `${enc(p.name)}=${enc(typeof v === 'string' ? v : String(v))}`;
    });
  return q.length ? `?${q.join('&')}` : '';
}

describe('hostile input over every operation of the OpenAPI description', () => {
  it('gets no 5xx and only problem+json errors, signed in and anonymous', async () => {
    const failures: string[] = [];
    const operations = Object.entries(paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    expect(operations.length).toBeGreaterThan(40);
    let probes = 0;
    let token = tokens.shift() ?? '';
    for (const { path, method, op } of operations) {
      // A probe of sign-out (or a password change) ends the session: sign in again for the next operation.
      const me = await ctx.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: `Bearer ${token}` },
      });
      if (me.statusCode === 401) token = tokens.shift() ?? '';
      const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
      const variants: { url: string; payload?: string; type?: string; label: string }[] = [];
      for (const h of HOSTILE) {
        const url = fillPath(path, h.date ?? h.text) + queryOf(op, h.text, h.date);
        const body = jsonSchema ? JSON.stringify(sample(jsonSchema, h.text, h.date)) : undefined;
        variants.push({ url, label: h.name, ...(body ? { payload: body, type: 'application/json' } : {}) });
      }
      const plain = fillPath(path, '00000000-0000-0000-0000-000000000000');
      variants.push({ url: fillPath(path, 'x'.repeat(300)), label: 'long path parameter' });
      if (method !== 'GET' && method !== 'DELETE') {
        const huge = JSON.stringify({ filler: 'x'.repeat(3 * 1024 * 1024) });
        variants.push({ url: plain, payload: huge, type: 'application/json', label: 'huge body' });
        const nested = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
        variants.push({ url: plain, payload: nested, type: 'application/json', label: 'nested array' });
        const deepObject = `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`;
        variants.push({ url: plain, payload: deepObject, type: 'application/json', label: 'nested object' });
        variants.push({ url: plain, payload: '{"a":', type: 'application/json', label: 'malformed JSON' });
        variants.push({ url: plain, payload: 'hello', type: 'text/plain', label: 'wrong media type' });
      }
      for (const v of variants) {
        for (const signedIn of [true, false]) {
          probes++;
          const res = await ctx.app.inject({
            method: method as 'GET',
            url: v.url,
            headers: {
              ...(signedIn ? { authorization: `Bearer ${token}` } : {}),
              ...(v.type ? { 'content-type': v.type } : {}),
            },
            ...(v.payload !== undefined ? { payload: v.payload } : {}),
          });
          const where = `${method} ${path} [${v.label}${signedIn ? ', signed in' : ''}] → ${res.statusCode}`;
          if (res.statusCode >= 500) failures.push(`${where} ${res.body.slice(0, 200)}`);
          else if (
            res.statusCode >= 400 &&
            !String(res.headers['content-type']).includes('application/problem+json')
          ) {
            failures.push(`${where} not problem+json: ${res.headers['content-type']}`);
          }
        }
      }
    }
    expect(probes).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  }, 600_000);

  it('names the field, in Vietnamese and English, for NUL, a lone surrogate and a far date', async () => {
    const nul = await ctx.app.inject({ method: 'GET', url: '/api/procedures?q=%00' });
    expect(nul.statusCode).toBe(422);
    expect(nul.headers['content-type']).toContain('application/problem+json');
    expect(nul.json()).toMatchObject({
      code: 'request.invalid',
      errors: [{ path: 'query.q', code: 'invalid_characters' }],
    });
    expect(nul.json().errors[0].message_vi).toMatch(/ký tự/);

    const surrogate = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      headers: { 'content-type': 'application/json' },
      payload: '{"applicant":{"fullName":"\\ud800"}}',
    });
    expect(surrogate.statusCode).toBe(422);
    expect(surrogate.json().errors).toContainEqual(
      expect.objectContaining({ path: 'body.applicant.fullName', code: 'invalid_characters' }),
    );

    const far = await ctx.app.inject({
      method: 'GET',
      url: '/api/reports/statistics?from=2026-01-01&to=9999-12-31',
      headers: { authorization: `Bearer ${monitorToken}`, 'accept-language': 'en' },
    });
    expect(far.statusCode).toBe(422);
    expect(far.json()).toMatchObject({
      title: 'The request is not valid',
      errors: [{ path: 'query.to', code: 'date_out_of_range' }],
    });
  });

  it('answers a too-long path parameter and too-large headers with problem+json', async () => {
    const long = await ctx.app.inject({ method: 'GET', url: `/api/procedures/${'9'.repeat(150)}` });
    expect(long.statusCode).toBeLessThan(500);
    expect(long.statusCode).toBeGreaterThanOrEqual(400);
    expect(long.headers['content-type']).toContain('application/problem+json');

    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/api/health', headers: { 'x-filler': 'x'.repeat(40_000) } },
        (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(431);
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({
      status: 431,
      code: 'request.invalid',
      errors: [{ path: 'headers' }],
    });
  });
});

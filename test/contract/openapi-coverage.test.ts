import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformProblems } from '../../src/platform/http/contract.ts';
import { unversioned } from '../../src/platform/http/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * Issue 16 item 7: every operation of /openapi.json describes its success body with a real schema (or, for
 * a file, its media type) and declares the problem+json answers the platform gives it. The zod serializer
 * validates every answer against these schemas, so the API tests that call an operation are its contract
 * tests.
 */

/**
 * Operations whose success body is not described yet, one `"METHOD /api/v1/path"` per line, sorted. Each
 * module's lane removes its lines when it converts them (issue 16 item 7); the list only shrinks.
 */
const PENDING: readonly string[] = [
  // PENDING-LIST-START
  // Still vague: the values a message interpolates (`params`) and stored JSON that older versions wrote.
  'GET /api/v1/agencies/{id}/register',
  'GET /api/v1/catalog/procedures/{code}/versions', // contracts-b: an edit's `changes` (the stored change set) is a map
  'GET /api/v1/catalog/procedures/{code}/versions/{version}', // contracts-b: `changes`; `data` passes keys of older imports through
  'GET /api/v1/catalog/readiness', // contracts-b: a reason's message `params` are a map
  'GET /api/v1/procedures/{code}', // contracts-b: `details` passes keys of older imports through
  'GET /api/v1/records/{id}/actions', // contracts-a: each action form's command JSON Schema is undescribed
  'POST /api/v1/catalog/bulk-edits', // contracts-b: a warning's message `params`
  'POST /api/v1/catalog/procedures/{code}/process/preview', // contracts-b: an issue's message `params`
  'POST /api/v1/catalog/procedures/{code}/versions', // contracts-b: `changes`, a warning's `params`
  // PENDING-LIST-END
];

type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

let ctx: TestContext;
let doc: { paths: Record<string, Record<string, Operation>> };
beforeAll(async () => {
  ctx = await createTestContext();
  doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
});
afterAll(() => ctx.close());

/** Where a JSON schema leaves a body undescribed: `{}` itself, any-valued extra members, items of any kind. */
function vagueSpots(schema: unknown, at = '$'): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const s = schema as Schema;
  const out: string[] = [];
  if (at === '$' && Object.keys(s).length === 0) out.push(`${at}: {}`);
  const extra = s.additionalProperties;
  if (extra === true || (typeof extra === 'object' && extra !== null && Object.keys(extra).length === 0))
    out.push(`${at}: additionalProperties of any kind`);
  const items = s.items;
  if (typeof items === 'object' && items !== null && Object.keys(items).length === 0)
    out.push(`${at}: items of any kind`);
  for (const [key, value] of Object.entries(s)) {
    if (key === 'additionalProperties' && extra !== undefined && typeof extra === 'object') {
      out.push(...vagueSpots(value, `${at}.*`));
    } else if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, sub] of Object.entries(value)) out.push(...vagueSpots(sub, `${at}.${name}`));
    } else if (key === 'items') {
      out.push(...vagueSpots(value, `${at}[]`));
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value)) {
      value.forEach((sub, i) => {
        out.push(...vagueSpots(sub, `${at}|${i}`));
      });
    }
  }
  return out;
}

function operations() {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, op })),
    )
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** What is wrong with an operation's success answers (empty: described). */
function successGaps(op: Operation): string[] {
  // A redirect (the single sign-on steps) is a success without a body.
  const ok = Object.entries(op.responses).filter(([s]) => s.startsWith('2') || s === '302');
  if (ok.length === 0) return ['no 2xx response'];
  return ok.flatMap(([status, res]) => {
    if (status === '204' || status === '302') return [];
    const content = res.content ?? {};
    const json = content['application/json'];
    if (!json) {
      const files = Object.keys(content).filter((t) => t !== 'application/json');
      return files.length > 0 ? [] : [`${status}: no body schema`];
    }
    return vagueSpots(json.schema ?? {}).map((spot) => `${status} ${spot}`);
  });
}

describe('OpenAPI coverage', () => {
  it('documents the versioned paths only (/api/ is the alias)', () => {
    const paths = Object.keys(doc.paths);
    expect(paths.length).toBeGreaterThan(80);
    for (const p of paths) expect(p.startsWith('/api/v1/') || !p.startsWith('/api/'), p).toBe(true);
  });

  it('every operation declares the problem+json answers the platform gives it', () => {
    const access = new Map(ctx.app.accessTable.map((r) => [`${r.method} ${r.url}`, r.access]));
    const gaps: string[] = [];
    for (const { key, path, op } of operations()) {
      const [method] = key.split(' ');
      const route = `${method} ${unversioned(path).replace(/\{(\w+)\}/g, ':$1')}`;
      expect(access.has(route), route).toBe(true);
      const expected = platformProblems({
        method: method!,
        access: access.get(route),
        hasParams: path.includes('{'),
      });
      for (const status of expected.keys()) {
        const res = op.responses[String(status)];
        const schema = res?.content?.['application/problem+json']?.schema as
          | { properties?: Record<string, unknown> }
          | undefined;
        // A page (GET /verify/:code) answers its 404 as a page: a status the route declares in its own media type.
        const page = Object.keys(res?.content ?? {}).some((t) => t.startsWith('text/'));
        if (page) continue;
        if (!schema) gaps.push(`${key} ${status}`);
        else
          for (const member of ['type', 'title', 'status', 'detail', 'code', 'traceId', 'errors'])
            if (!schema.properties?.[member]) gaps.push(`${key} ${status}: no ${member}`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('every operation describes its success body, except the pending ones listed here', () => {
    const undescribed = operations()
      .filter(({ op }) => successGaps(op).length > 0)
      .map(({ key }) => key);
    const gaps = Object.fromEntries(
      operations()
        .filter(({ key, op }) => !PENDING.includes(key) && successGaps(op).length > 0)
        .map(({ key, op }) => [key, successGaps(op)]),
    );
    expect(gaps).toEqual({});
    // A converted operation leaves the list (it only shrinks), and the list stays sorted for merges.
    expect(PENDING.filter((k) => !undescribed.includes(k))).toEqual([]);
    expect([...PENDING].sort((a, b) => a.localeCompare(b))).toEqual(PENDING);
  });

  it('the vague-schema check finds what it should', () => {
    expect(vagueSpots({})).toEqual(['$: {}']);
    expect(vagueSpots({ type: 'object', additionalProperties: {} })).toHaveLength(1);
    expect(vagueSpots({ type: 'object', properties: { a: { type: 'array', items: {} } } })).toEqual([
      '$.a: items of any kind',
    ]);
    expect(vagueSpots({ type: 'object', properties: { payload: {} } })).toEqual([]);
  });
});

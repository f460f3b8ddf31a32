import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformProblems } from '../../src/platform/http/contract.ts';
import { unversioned } from '../../src/platform/http/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * Issue 16 item 7: every operation of /openapi.json describes its success body with a real schema (or, for
 * a file, its media type) and declares the problem+json answers the platform gives it. The zod serializer
 * validates every answer against these schemas, so the API tests that call an operation are its contract
 * tests. No operation is exempt: a vague schema fails here.
 */

type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

let ctx: TestContext;
let doc: {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
};
beforeAll(async () => {
  ctx = await createTestContext();
  doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
});
afterAll(() => ctx.close());

/** The schema a `#/components/schemas/...` reference names. */
function component(ref: string, components: Record<string, unknown>): Schema | undefined {
  const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
  return name === undefined ? undefined : (components[decodeURIComponent(name)] as Schema | undefined);
}

/** JSON Schema keywords that say nothing of a value's shape. */
const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'deprecated', 'readOnly']);

/** A schema any JSON value passes: `{}`, `true`, or annotations only. */
function anyValue(schema: unknown): boolean {
  if (schema === true) return true;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return false;
  return Object.keys(schema).every((k) => ANNOTATIONS.has(k));
}

/**
 * Where a JSON schema leaves a body undescribed: the whole body of any kind, a map or list whose members may
 * be of any kind, or a member of any kind that does not even say what it is. A member of any kind with a
 * description (an event's free-form payload) is a documented choice, not a gap.
 */
function vagueSpots(
  schema: unknown,
  at = '$',
  components: Record<string, unknown> = doc?.components?.schemas ?? {},
  seen = new Set<string>(),
): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const s = schema as Schema;
  const out: string[] = [];
  // A component (a recursive schema) is checked where it is first referenced; a dangling reference is a gap.
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/components/schemas/', '');
    if (!s.$ref.startsWith('#/components/schemas/') || !(name in components))
      return [`${at}: $ref ${s.$ref} to nothing`];
    if (seen.has(name)) return [];
    return vagueSpots(components[name], `${at}<${name}>`, components, new Set([...seen, name]));
  }
  if (at === '$' && anyValue(s)) out.push(`${at}: any value`);
  else if (anyValue(s) && typeof s.description !== 'string') out.push(`${at}: any value, undescribed`);
  if (s.additionalProperties !== undefined && anyValue(s.additionalProperties))
    out.push(`${at}: additionalProperties of any kind`);
  if (s.items !== undefined && anyValue(s.items)) out.push(`${at}: items of any kind`);
  for (const [key, value] of Object.entries(s)) {
    if (key === 'additionalProperties' && typeof value === 'object' && !anyValue(value)) {
      out.push(...vagueSpots(value, `${at}.*`, components, seen));
    } else if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, sub] of Object.entries(value))
        out.push(...vagueSpots(sub, `${at}.${name}`, components, seen));
    } else if ((key === 'items' || key === 'not') && !anyValue(value)) {
      out.push(...vagueSpots(value, `${at}[]`, components, seen));
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value)) {
      value.forEach((sub, i) => {
        out.push(...vagueSpots(sub, `${at}|${i}`, components, seen));
      });
    } else if ((key === '$defs' || key === 'definitions') && value && typeof value === 'object') {
      for (const [name, sub] of Object.entries(value))
        out.push(...vagueSpots(sub, `${at}#${name}`, components, seen));
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
        const declared = res?.content?.['application/problem+json']?.schema;
        const schema = (
          typeof declared?.$ref === 'string'
            ? component(declared.$ref, doc.components?.schemas ?? {})
            : declared
        ) as { properties?: Record<string, unknown> } | undefined;
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

  it('every operation describes its success body: a real schema, or the media types of a file', () => {
    const gaps = Object.fromEntries(
      operations()
        .filter(({ op }) => successGaps(op).length > 0)
        .map(({ key, op }) => [key, successGaps(op)]),
    );
    expect(gaps).toEqual({});
  });

  it('the vague-schema check finds what it should', () => {
    expect(vagueSpots({})).toEqual(['$: any value']);
    expect(vagueSpots({ description: 'anything' })).toEqual(['$: any value']);
    // A map of unknowns (z.record(z.string(), z.unknown())), as zod writes it and as `true`.
    expect(vagueSpots({ type: 'object', additionalProperties: {} })).toEqual([
      '$: additionalProperties of any kind',
    ]);
    expect(vagueSpots({ type: 'object', additionalProperties: true })).toHaveLength(1);
    // z.looseObject: named members and any others.
    expect(
      vagueSpots({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: {} }),
    ).toEqual(['$: additionalProperties of any kind']);
    expect(vagueSpots({ type: 'object', properties: { a: { type: 'array', items: {} } } })).toEqual([
      '$.a: items of any kind',
    ]);
    // Deep inside a union and a list.
    expect(
      vagueSpots({
        type: 'object',
        properties: {
          list: {
            type: 'array',
            items: {
              anyOf: [{ type: 'null' }, { type: 'object', additionalProperties: { description: 'x' } }],
            },
          },
        },
      }),
    ).toEqual(['$.list[]|1: additionalProperties of any kind']);
    // A member of any kind must at least say what it is.
    expect(vagueSpots({ type: 'object', properties: { payload: {} } })).toEqual([
      '$.payload: any value, undescribed',
    ]);
    expect(
      vagueSpots({ type: 'object', properties: { payload: { description: 'the event’s own data' } } }),
    ).toEqual([]);
    // A reference is followed into the components, once; a reference to nothing is a gap.
    const components = {
      Node: {
        type: 'object',
        properties: { kids: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, extra: {} },
      },
    };
    expect(vagueSpots({ $ref: '#/components/schemas/Node' }, '$', components)).toEqual([
      '$<Node>.extra: any value, undescribed',
    ]);
    expect(
      vagueSpots({ type: 'object', properties: { a: { $ref: '#/components/schemas/schema0' } } }, '$', {}),
    ).toEqual(['$.a: $ref #/components/schemas/schema0 to nothing']);
    // A precise map: string or number values.
    expect(
      vagueSpots({
        type: 'object',
        additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      }),
    ).toEqual([]);
  });

  it('names the record and the problem once, as components', () => {
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(['Problem', 'Record', 'RecordEvent', 'CommandResponse']),
    );
    const receive = doc.paths['/api/v1/records/{id}/receive']?.post;
    expect(receive?.responses['200']?.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/CommandResponse',
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/platform/http/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;
const tokens = new Map<Role, string>();

beforeAll(async () => {
  ctx = await createTestContext();
  // The administrator is the city's (the holiday table is a city-level administrator's only).
  for (const role of ROLES)
    tokens.set(role, await ctx.signIn([role], role === 'admin' ? { agencyKey: '92-ubnd' } : {}));
});
afterAll(() => ctx.close());

/** Public routes of other systems' callbacks, authenticated by a signature over the body (issue 16). */
const SIGNED = new Set([
  '/api/integrations/post/callbacks',
  '/api/payments/callbacks',
  '/api/notify/receipts/:provider',
]);

function concrete(url: string): string {
  return url
    .replace(':id', '00000000-0000-7000-8000-000000000000')
    .replace(':code', '1.000000')
    .replace(':key', '2025:31117');
}

async function call(method: string, url: string, token?: string) {
  return ctx.app.inject({
    method: method as 'GET',
    url: concrete(url),
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
  });
}

describe('authorization matrix: every route declares who may call it', () => {
  it('has routes to check', () => {
    expect(ctx.app.accessTable.length).toBeGreaterThan(10);
  });

  it('refuses anonymous callers on every non-public route with 401', async () => {
    for (const r of ctx.app.accessTable.filter((r) => r.access !== 'public')) {
      const res = await call(r.method, r.url);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().code).toBe(
        r.access === 'citizen' ? 'citizen.unauthenticated' : 'auth.unauthenticated',
      );
    }
  });

  it("refuses an official's session on every citizen route (a citizen signs in with e-ID only)", async () => {
    const citizenRoutes = ctx.app.accessTable.filter((r) => r.access === 'citizen');
    expect(citizenRoutes.length).toBeGreaterThan(5);
    for (const r of citizenRoutes) {
      const res = await call(r.method, r.url, tokens.get('monitor'));
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().code).toBe('citizen.unauthenticated');
    }
  });

  it('refuses roles not listed with 403 and lets listed roles through', async () => {
    for (const r of ctx.app.accessTable) {
      if (typeof r.access === 'string') continue;
      for (const role of ROLES) {
        const res = await call(r.method, r.url, tokens.get(role));
        const label = `${r.method} ${r.url} as ${role}`;
        if (r.access.roles.includes(role)) expect([401, 403], label).not.toContain(res.statusCode);
        else {
          expect(res.statusCode, label).toBe(403);
          expect(res.json().code).toBe('auth.forbidden');
        }
      }
    }
  });

  it('lets anonymous callers reach public routes and any official reach authenticated ones', async () => {
    for (const r of ctx.app.accessTable) {
      if (r.access === 'public' && SIGNED.has(r.url)) {
        // Callers of a signed callback authenticate with their signature, not a session.
        const res = await call(r.method, r.url);
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
        expect(res.json().code).toMatch(/\.bad_signature$/);
      } else if (r.access === 'public') {
        const res = await call(r.method, r.url);
        expect([401, 403], `${r.method} ${r.url}`).not.toContain(res.statusCode);
      }
      // Signing out (with or without single sign-on) would end the session the next calls use.
      if (r.access === 'authenticated' && r.url !== '/api/auth/logout' && r.url !== '/api/auth/sso/logout') {
        const res = await call(r.method, r.url, tokens.get('reception'));
        expect([401, 403], `${r.method} ${r.url}`).not.toContain(res.statusCode);
      }
    }
  });
});

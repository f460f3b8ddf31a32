import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, receiveLandCorrection, type TestContext } from '../support/context.ts';
import { multipart } from '../support/multipart.ts';

/**
 * Issue 13 items 8 and 12: security headers on every answer, Secure cookies over HTTPS (TRUST_PROXY),
 * the client address from the proxy header only with TRUST_PROXY, an Origin check on cookie-authenticated
 * writes, polyglot uploads downloaded with nosniff, bidi controls kept out of file names, and /metrics
 * restricted to loopback or a token.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function loginCookie(app: TestContext['app'], username: string, headers: Record<string, string> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: 'correct horse battery' },
    headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

describe('security headers', () => {
  it('sends CSP, nosniff, frame protection, HSTS and Referrer-Policy on pages, the API and /verify', async () => {
    for (const url of ['/api/health', '/api/procedures', '/verify/ABCDEFGHJK', '/docs/', '/openapi.json']) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBeLessThan(500);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("object-src 'none'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security'], url).toMatch(/max-age=\d+/);
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
    }
  });
});

describe('behind a proxy (TRUST_PROXY)', () => {
  it('marks the session cookie Secure when served over HTTPS, and not over plain HTTP', async () => {
    await ctx.signIn(['reception'], { username: 'cookie.direct' });
    const plain = await loginCookie(ctx.app, 'cookie.direct', { 'x-forwarded-proto': 'https' });
    // Without TRUST_PROXY the forwarded header is not believed: plain HTTP, no Secure flag.
    expect(String(plain.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);

    const proxied = await createTestContext({ TRUST_PROXY: 'true' });
    try {
      await proxied.signIn(['reception'], { username: 'cookie.proxied' });
      const https = await loginCookie(proxied.app, 'cookie.proxied', { 'x-forwarded-proto': 'https' });
      expect(String(https.headers['set-cookie'])).toMatch(/motcua_session=[^;]+;.*;\s*Secure/i);
      const http = await loginCookie(proxied.app, 'cookie.proxied', { 'x-forwarded-proto': 'http' });
      expect(String(http.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
    } finally {
      await proxied.close();
    }
  });

  it('takes the client address from X-Forwarded-For only with TRUST_PROXY', async () => {
    const statuses = async (app: TestContext['app']) => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await app.inject({
          method: 'GET',
          url: '/api/procedures?limit=1',
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
        });
        out.push(res.statusCode);
      }
      return out;
    };
    const direct = await createTestContext({ RATE_LIMIT_PER_MINUTE: '3' });
    const proxied = await createTestContext({ RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' });
    try {
      // One socket address: the fourth request is over the limit whatever the header says.
      expect(await statuses(direct.app)).toEqual([200, 200, 200, 429]);
      // Four client addresses named by the trusted proxy: four buckets.
      expect(await statuses(proxied.app)).toEqual([200, 200, 200, 200]);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });
});

describe('cookie-authenticated writes', () => {
  it('are refused from another origin or a cross-site fetch, and accepted from the same host', async () => {
    await ctx.signIn(['reception'], { username: 'csrf.victim' });
    const cookieOf = async () => {
      const res = await loginCookie(ctx.app, 'csrf.victim');
      return String(res.headers['set-cookie']).split(';')[0] ?? '';
    };
    const cookie = await cookieOf();
    const evil = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, origin: 'https://evil.example', host: 'motcua.local' },
    });
    expect(evil.statusCode).toBe(403);
    expect(evil.headers['content-type']).toContain('application/problem+json');
    expect(evil.json().code).toBe('request.cross_origin');

    const fetchSite = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'sec-fetch-site': 'cross-site', host: 'motcua.local' },
    });
    expect(fetchSite.statusCode).toBe(403);

    // Still signed in: the refused requests did nothing.
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);

    const same = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, origin: 'http://motcua.local', host: 'motcua.local' },
    });
    expect(same.statusCode).toBeLessThan(300);
  });

  it('accept the host of MOTCUA_PUBLIC_URL as Origin when a proxy forwards another Host', async () => {
    const behind = await createTestContext({ MOTCUA_PUBLIC_URL: 'https://motcua.example.vn' });
    try {
      await behind.signIn(['reception'], { username: 'csrf.public' });
      const cookie =
        String((await loginCookie(behind.app, 'csrf.public')).headers['set-cookie']).split(';')[0] ?? '';
      const res = await behind.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie, origin: 'https://motcua.example.vn', host: 'localhost:3000' },
      });
      expect(res.statusCode).toBeLessThan(300);
    } finally {
      await behind.close();
    }
  });
});

describe('uploaded files', () => {
  it('serves a PDF/HTML polyglot as a download with nosniff, and refuses bidi controls in file names', async () => {
    const reception = await ctx.signIn(['reception'], {
      agencyKey: '31135-ttpvhcc',
      username: 'poly.reception',
    });
    const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
    const documents = (p.details.documents as { name: string }[]).map((d) => d.name);
    const record = await receiveLandCorrection(
      ctx,
      reception,
      { versionId: p.versionId, documents },
      'Đa Định Dạng',
    );
    const auth = { authorization: `Bearer ${reception}` };
    const polyglot = new TextEncoder().encode(
      '%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF',
    );
    const send = async (name: string) => {
      const body = await multipart({ component: documents[0] ?? '' }, { bytes: polyglot, name });
      return ctx.app.inject({
        method: 'POST',
        url: `/api/records/${record.id}/documents`,
        payload: body.payload,
        headers: { ...body.headers, ...auth },
      });
    };
    const rtl = await send('invoice\u202efdp.exe');
    expect(rtl.statusCode).toBe(422);
    expect(rtl.json().errors[0].path).toBe('body.file.filename');

    const ok = await send('polyglot.pdf');
    expect(ok.statusCode, ok.body).toBe(201);
    const content = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${record.id}/documents/${ok.json().document.id}/content`,
      headers: auth,
    });
    expect(content.statusCode).toBe(200);
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(content.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('lists and serves a file name stored before with its bidi controls removed', async () => {
    const reception = await ctx.signIn(['reception'], {
      agencyKey: '31135-ttpvhcc',
      username: 'bidi.reception',
    });
    const row = await ctx.database.db
      .selectFrom('recordDocuments')
      .select(['id', 'recordId'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await ctx.database.db
      .updateTable('recordDocuments')
      .set({ fileName: 'invoice\u202efdp.exe' })
      .where('id', '=', row.id)
      .execute();
    const auth = { authorization: `Bearer ${reception}` };
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${row.recordId}/documents`,
      headers: auth,
    });
    expect(list.json().items.find((d: { id: string }) => d.id === row.id).fileName).toBe('invoicefdp.exe');
    const content = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${row.recordId}/documents/${row.id}/content`,
      headers: auth,
    });
    expect(content.headers['content-disposition']).toBe("attachment; filename*=UTF-8''invoicefdp.exe");
  });
});

describe('/metrics', () => {
  it('answers direct loopback connections only, unless a token is configured', async () => {
    const local = await ctx.app.inject({ method: 'GET', url: '/metrics' });
    expect(local.statusCode).toBe(200);
    const remote = await ctx.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '198.51.100.7' });
    expect(remote.statusCode).toBe(403);
    expect(remote.headers['content-type']).toContain('application/problem+json');
    const proxied = await ctx.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    expect(proxied.statusCode).toBe(403);

    const token = 'metrics-token-0123456789';
    const withToken = await createTestContext({ MOTCUA_METRICS_TOKEN: token });
    try {
      const none = await withToken.app.inject({ method: 'GET', url: '/metrics' });
      expect(none.statusCode).toBe(401);
      const wrong = await withToken.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer metrics-token-9876543210' },
      });
      expect(wrong.statusCode).toBe(401);
      const right = await withToken.app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: '198.51.100.7',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('motcua_http_request_duration_seconds');
    } finally {
      await withToken.close();
    }
  });
});

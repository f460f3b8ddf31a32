import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { App } from '../../src/platform/http/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { callback, setCookies, startSso } from './sso-support.ts';

/**
 * ID tokens the relying party must refuse. A real provider cannot be made to sign a wrong issuer, audience
 * or nonce, so a stand-in answers discovery, keys and the token endpoint (through the HTTP client Motcua's
 * relying party is given), signing with jose; only the one thing a case names differs from a good token,
 * and the good token is accepted.
 */

const ISSUER = 'https://sso.example.test/city';
const CLIENT_ID = 'motcua-test';
const keys = await generateKeyPair('RS256', { extractable: true });
const otherKeys = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };

/** What the stand-in puts in the next ID token (from the nonce Motcua sent). */
let nextToken: (nonce: string) => Promise<string>;
let lastNonce = '';

const now = () => Math.floor(Date.now() / 1000);
const goodClaims = (nonce: string): JWTPayload => ({
  iss: ISSUER,
  aud: CLIENT_ID,
  sub: 'stand-in-001',
  sid: 'sid-001',
  iat: now(),
  exp: now() + 300,
  nonce,
  name: 'Trần Văn Minh',
  preferred_username: 'minh.tv',
  agency_code: 'H13.102.01',
  position: 'Chuyên viên',
});

function sign(claims: JWTPayload, key = keys.privateKey, typ = 'JWT'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1', typ }).sign(key);
}

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

const standIn: typeof fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  if (url.pathname.endsWith('/.well-known/openid-configuration'))
    return json({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/auth`,
      token_endpoint: `${ISSUER}/token`,
      jwks_uri: `${ISSUER}/jwks`,
      end_session_endpoint: `${ISSUER}/session/end`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  if (url.pathname.endsWith('/jwks')) return json({ keys: [jwk] });
  if (url.pathname.endsWith('/token')) {
    const body = new URLSearchParams(String(init?.body));
    if (body.get('code') !== 'the-code' || !body.get('code_verifier'))
      return new Response(JSON.stringify({ error: 'invalid_grant' }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      });
    return json({
      access_token: 'at',
      token_type: 'Bearer',
      expires_in: 300,
      id_token: await nextToken(lastNonce),
    });
  }
  return new Response('not found', { status: 404 });
};

let ctx: TestContext;
let app: App;

beforeAll(async () => {
  ctx = await createTestContext();
  const deps = {
    ...ctx.deps,
    config: {
      ...ctx.deps.config,
      MOTCUA_SSO_ISSUER: ISSUER,
      MOTCUA_SSO_CLIENT_ID: CLIENT_ID,
      MOTCUA_SSO_CLIENT_SECRET: 'stand-in-secret',
      MOTCUA_SSO_REDIRECT_BASE: 'https://motcua.example.test',
    },
  };
  app = await buildApp(deps, { ssoFetch: standIn });
  await ctx.database.db
    .insertInto('ssoRoleRules')
    .values({
      id: '01900000-0000-7000-8000-000000000001',
      agencyCode: null,
      position: 'Chuyên viên',
      roles: ['specialist'],
      createdBy: await adminId(),
      createdAt: ctx.deps.clock.now(),
    })
    .execute();
});
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

async function adminId(): Promise<string> {
  await ctx.signIn(['admin'], { username: 'rules.owner' });
  return (
    await ctx.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'rules.owner')
      .executeTakeFirstOrThrow()
  ).id;
}

/** One sign-in through the stand-in with the ID token `make` signs. */
async function signInWith(make: (nonce: string) => Promise<string>) {
  const { location, stateCookie } = await startSso(app);
  const auth = new URL(location);
  lastNonce = auth.searchParams.get('nonce')!;
  nextToken = make;
  return callback(
    app,
    `https://motcua.example.test/api/auth/sso/callback?code=the-code&state=${auth.searchParams.get('state')}`,
    stateCookie,
  );
}

describe('ID token validation at the callback', () => {
  it('accepts a good token (the stand-in is right, so each refusal below is for its one change)', async () => {
    const res = await signInWith((nonce) => sign(goodClaims(nonce)));
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/can-bo');
    expect(setCookies(res).motcua_session).toBeTruthy();
  });

  const cases: [string, string, (nonce: string) => Promise<string>][] = [
    ['a wrong issuer', 'issuer', (n) => sign({ ...goodClaims(n), iss: 'https://evil.example.test/city' })],
    ['a wrong audience', 'audience', (n) => sign({ ...goodClaims(n), aud: 'another-client' })],
    [
      'an expired ID token',
      'expired',
      (n) => sign({ ...goodClaims(n), iat: now() - 3600, exp: now() - 1800 }),
    ],
    ['a nonce mismatch', 'nonce', () => sign(goodClaims('not-the-nonce-we-sent'))],
    ['a token signed by another key', 'signature', (n) => sign(goodClaims(n), otherKeys.privateKey)],
  ];
  for (const [what, reason, make] of cases)
    it(`refuses ${what} with 401 sso.token_invalid (reason ${reason}) as problem+json`, async () => {
      const res = await signInWith(make);
      expect(res.statusCode, res.body).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'sso.token_invalid', status: 401, params: { reason } });
      expect(res.json().title).toBeTruthy();
      expect(setCookies(res).motcua_session).toBeUndefined();
    });

  it('refuses an agency code Motcua does not have with sso.unknown_agency, making no account', async () => {
    const before = await ctx.database.db.selectFrom('ssoIdentities').select('subject').execute();
    const res = await signInWith((n) =>
      sign({ ...goodClaims(n), sub: 'stand-in-002', agency_code: 'X99.1' }),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'sso.unknown_agency', params: { agencyCode: 'X99.1' } });
    expect(await ctx.database.db.selectFrom('ssoIdentities').select('subject').execute()).toEqual(before);
  });
});

describe('back-channel logout tokens', () => {
  const logoutClaims = (over: JWTPayload = {}): JWTPayload => ({
    iss: ISSUER,
    aud: CLIENT_ID,
    iat: now(),
    jti: crypto.randomUUID(),
    sid: 'sid-001',
    events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    ...over,
  });
  const post = (token: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/sso/backchannel-logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ logout_token: token }).toString(),
    });

  it.each([
    ['signed by another key', () => sign(logoutClaims(), otherKeys.privateKey, 'logout+jwt')],
    [
      'for another client',
      () => sign(logoutClaims({ aud: 'another-client' }), keys.privateKey, 'logout+jwt'),
    ],
    ['without the logout event', () => sign(logoutClaims({ events: {} }), keys.privateKey, 'logout+jwt')],
    ['with a nonce', () => sign(logoutClaims({ nonce: 'x' }), keys.privateKey, 'logout+jwt')],
    ['typed as an ID token', () => sign(logoutClaims(), keys.privateKey, 'JWT')],
  ])('refuses a logout token %s with 422 sso.logout_token_invalid', async (_what, make) => {
    const res = await post(await make());
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('sso.logout_token_invalid');
  });

  it('ends every Motcua session of the provider session it names, and only those', async () => {
    const a = setCookies(await signInWith((n) => sign(goodClaims(n)))).motcua_session!;
    const other = setCookies(await signInWith((n) => sign({ ...goodClaims(n), sid: 'sid-002' })))
      .motcua_session!;
    const me = (t: string) =>
      app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${t}` } });
    expect((await me(a)).statusCode).toBe(200);
    const res = await post(await sign(logoutClaims(), keys.privateKey, 'logout+jwt'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().ended).toBeGreaterThanOrEqual(1);
    expect((await me(a)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(200);
  });
});

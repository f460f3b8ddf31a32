import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { App } from '../../src/platform/http/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { citizenCallback, startCitizen } from './citizen-support.ts';
import { setCookies } from './sso-support.ts';

/**
 * ID tokens the citizens' relying party must refuse. A real provider cannot be made to sign a wrong issuer,
 * audience or nonce, so a stand-in answers discovery, keys and the token endpoint (through the HTTP client
 * the relying party is given), signing with jose; only the one thing a case names differs from a good
 * token, and the good token is accepted.
 */

const ISSUER = 'https://vneid.example.test/oidc';
const CLIENT_ID = 'motcua-citizen-test';
const keys = await generateKeyPair('RS256', { extractable: true });
const otherKeys = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };

let nextToken: (nonce: string) => Promise<string>;
let lastNonce = '';

const now = () => Math.floor(Date.now() / 1000);
const goodClaims = (nonce: string): JWTPayload => ({
  iss: ISSUER,
  aud: CLIENT_ID,
  sub: 'vneid-sub-001',
  sid: 'vneid-sid-001',
  iat: now(),
  exp: now() + 300,
  nonce,
  personal_id: '092085001234',
  name: 'Nguyễn Văn An',
  birthdate: '1985-03-14',
  gender: 'male',
  address: { formatted: '12 Hai Bà Trưng, phường Ninh Kiều, thành phố Cần Thơ' },
  identity_level: 2,
});

function sign(claims: JWTPayload, key = keys.privateKey, typ = 'JWT'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1', typ }).sign(key);
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

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
      return json({ error: 'invalid_grant' }, 400);
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
  app = await buildApp(
    {
      ...ctx.deps,
      config: {
        ...ctx.deps.config,
        MOTCUA_VNEID_ISSUER: ISSUER,
        MOTCUA_VNEID_CLIENT_ID: CLIENT_ID,
        MOTCUA_VNEID_CLIENT_SECRET: 'stand-in-secret',
        MOTCUA_SSO_REDIRECT_BASE: 'https://motcua.example.test',
      },
    },
    { ssoFetch: standIn },
  );
});
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

/** One sign-in through the stand-in with the ID token `make` signs. */
async function signInWith(make: (nonce: string) => Promise<string>) {
  const { location, stateCookie } = await startCitizen(app);
  const auth = new URL(location);
  lastNonce = auth.searchParams.get('nonce')!;
  nextToken = make;
  return citizenCallback(
    app,
    `https://motcua.example.test/api/citizen/auth/callback?code=the-code&state=${auth.searchParams.get('state')}`,
    stateCookie,
  );
}

const citizens = () => ctx.database.db.selectFrom('citizens').select('personalId').execute();

describe('VNeID ID token validation at the citizen callback', () => {
  it('accepts a good token (the stand-in is right, so each refusal below is for its one change)', async () => {
    const res = await signInWith((nonce) => sign(goodClaims(nonce)));
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/ho-so-cua-toi');
    expect(setCookies(res).motcua_citizen).toBeTruthy();
  });

  const cases: [string, string, (nonce: string) => Promise<string>][] = [
    ['a wrong issuer', 'issuer', (n) => sign({ ...goodClaims(n), iss: 'https://evil.example.test/vneid' })],
    ['a wrong audience', 'audience', (n) => sign({ ...goodClaims(n), aud: 'another-client' })],
    [
      'an expired ID token',
      'expired',
      (n) => sign({ ...goodClaims(n), iat: now() - 3600, exp: now() - 1800 }),
    ],
    ['a nonce mismatch (a replayed token)', 'nonce', () => sign(goodClaims('not-the-nonce-we-sent'))],
    ['a token signed by another key', 'signature', (n) => sign(goodClaims(n), otherKeys.privateKey)],
    ['a token without a personal ID', 'claims', (n) => sign({ ...goodClaims(n), personal_id: undefined })],
    ['a malformed personal ID', 'claims', (n) => sign({ ...goodClaims(n), personal_id: '0920850012' })],
  ];
  for (const [what, reason, make] of cases)
    it(`refuses ${what} with 401 sso.token_invalid (reason ${reason}), opening no session`, async () => {
      const before = await citizens();
      const res = await signInWith(make);
      expect(res.statusCode, res.body).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'sso.token_invalid', status: 401, params: { reason } });
      expect(res.json().title).toBeTruthy();
      expect(setCookies(res).motcua_citizen).toBeUndefined();
      expect(await citizens()).toEqual(before);
      const audited = await ctx.database.db
        .selectFrom('auditLog')
        .select(['action', 'entityId'])
        .where('requestId', '=', res.headers['x-request-id'] as string)
        .execute();
      expect(audited).toEqual([{ action: 'citizen.sign_in_failed', entityId: ISSUER }]);
    });

  it('refuses an identity below level 2 with 403 citizen.identity_level_too_low, making no account', async () => {
    const res = await signInWith((n) =>
      sign({ ...goodClaims(n), sub: 'vneid-sub-002', personal_id: '094201007788', identity_level: 1 }),
    );
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json()).toMatchObject({ code: 'citizen.identity_level_too_low', params: { level: 1 } });
    expect((await citizens()).map((c) => c.personalId)).not.toContain('094201007788');
  });

  it('refuses the provider moving a known subject to another personal ID', async () => {
    const res = await signInWith((n) => sign({ ...goodClaims(n), personal_id: '092192004321' }));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'sso.token_invalid', params: { reason: 'claims' } });
  });

  it('refuses a replayed callback (state already used) with 422 sso.state_invalid', async () => {
    const { location, stateCookie } = await startCitizen(app);
    const auth = new URL(location);
    lastNonce = auth.searchParams.get('nonce')!;
    nextToken = (n) => sign(goodClaims(n));
    const url = `https://motcua.example.test/api/citizen/auth/callback?code=the-code&state=${auth.searchParams.get('state')}`;
    expect((await citizenCallback(app, url, stateCookie)).statusCode).toBe(302);
    const replay = await citizenCallback(app, url, stateCookie);
    expect(replay.statusCode).toBe(422);
    expect(replay.json().code).toBe('sso.state_invalid');
  });
});

describe('citizen back-channel logout tokens', () => {
  const logoutClaims = (over: JWTPayload = {}): JWTPayload => ({
    iss: ISSUER,
    aud: CLIENT_ID,
    iat: now(),
    jti: crypto.randomUUID(),
    sid: 'vneid-sid-001',
    events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    ...over,
  });
  const post = (token: string) =>
    app.inject({
      method: 'POST',
      url: '/api/citizen/auth/backchannel-logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ logout_token: token }).toString(),
    });

  it.each([
    ['signed by another key', () => sign(logoutClaims(), otherKeys.privateKey, 'logout+jwt')],
    [
      'for another client',
      () => sign(logoutClaims({ aud: 'another-client' }), keys.privateKey, 'logout+jwt'),
    ],
    ['with a nonce', () => sign(logoutClaims({ nonce: 'x' }), keys.privateKey, 'logout+jwt')],
    ['typed as an ID token', () => sign(logoutClaims(), keys.privateKey, 'JWT')],
  ])('refuses a logout token %s with 422 sso.logout_token_invalid', async (_what, make) => {
    const res = await post(await make());
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('sso.logout_token_invalid');
  });

  it('ends the citizen sessions of the provider session it names, and only those', async () => {
    const a = setCookies(await signInWith((n) => sign(goodClaims(n)))).motcua_citizen!;
    const other = setCookies(await signInWith((n) => sign({ ...goodClaims(n), sid: 'vneid-sid-002' })))
      .motcua_citizen!;
    const me = (c: string) =>
      app.inject({ method: 'GET', url: '/api/citizen/me', cookies: { motcua_citizen: c } });
    expect((await me(a)).statusCode).toBe(200);
    const res = await post(await sign(logoutClaims(), keys.privateKey, 'logout+jwt'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().ended).toBeGreaterThanOrEqual(1);
    expect((await me(a)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(200);
  });
});

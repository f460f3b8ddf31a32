import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEV_SSO_CLIENT,
  IDP_DEMO_PASSWORD,
  type SpawnedIdentityProvider,
  spawnIdentityProvider,
} from '../../src/modules/identity/provider/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { callback, freePort, IdpBrowser, setCookies, startSso } from './sso-support.ts';

/**
 * Officials' single sign-on against the development identity provider running as its own process
 * (`motcua idp`): authorization code + PKCE, accounts made just in time, roles from claim rules, the
 * "chờ phân quyền" state, one-time state, RP-initiated and back-channel logout.
 */

let idp: SpawnedIdentityProvider;
let ctx: TestContext;
let base: string;
let cityAdmin: string;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const me = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });

/** Signs in at the provider as `login` (unless its session is still on) and comes back to Motcua. */
async function ssoSignIn(login: string, browser = new IdpBrowser()) {
  const { location, stateCookie } = await startSso(ctx.app);
  const back = await browser.follow(location, base, { login, password: IDP_DEMO_PASSWORD });
  const res = await callback(ctx.app, back, stateCookie);
  return { res, back, stateCookie, browser, token: setCookies(res).motcua_session };
}

/** The Motcua sessions opened by single sign-on for chuyenvien.ninhkieu (city-0002). */
async function ssoSessionCount(): Promise<number> {
  const rows = await ctx.database.db
    .selectFrom('ssoSessions')
    .select('sessionId')
    .where('subject', '=', 'city-0002')
    .execute();
  return rows.length;
}

async function addRule(payload: { agencyCode: string | null; position: string | null; roles: string[] }) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/sso/role-rules',
    headers: bearer(cityAdmin),
    payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  idp = await spawnIdentityProvider({ port: 0, motcuaUrl: base, ...DEV_SSO_CLIENT });
  ctx = await createTestContext({
    MOTCUA_SSO_ISSUER: idp.cityIssuer,
    MOTCUA_SSO_CLIENT_ID: DEV_SSO_CLIENT.clientId,
    MOTCUA_SSO_CLIENT_SECRET: DEV_SSO_CLIENT.clientSecret,
    MOTCUA_SSO_REDIRECT_BASE: base,
  });
  // Back-channel logout comes from the provider over HTTP.
  await ctx.app.listen({ host: '127.0.0.1', port });
  const root = await ctx.database.db
    .selectFrom('agencies')
    .select('code')
    .where('parentId', 'is', null)
    .executeTakeFirstOrThrow();
  cityAdmin = await ctx.signIn(['admin'], { agencyCode: root.code, username: 'quantri.sso' });
});
afterAll(async () => {
  await ctx?.close();
  await idp?.close();
});

describe('single sign-on with the development identity provider', () => {
  it('says single sign-on is on and redirects to the provider with PKCE, state and nonce', async () => {
    const status = await ctx.app.inject({ method: 'GET', url: '/api/auth/sso' });
    expect(status.json()).toEqual({ enabled: true, issuer: idp.cityIssuer });
    const { location, stateCookie } = await startSso(ctx.app);
    const url = new URL(location);
    expect(url.origin + url.pathname).toBe(`${idp.cityIssuer}/auth`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBe(stateCookie);
    expect(url.searchParams.get('nonce')).toMatch(/.{20,}/);
    expect(url.searchParams.get('redirect_uri')).toBe(`${base}/api/auth/sso/callback`);
  });

  it('makes the account on the first sign-in, with the agency of its code and the roles of the rules', async () => {
    await addRule({ agencyCode: null, position: 'Chuyên viên', roles: ['specialist'] });
    const { res, token } = await ssoSignIn('chuyenvien.ninhkieu');
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/can-bo');
    const actor = (await me(token!)).json();
    expect(actor).toMatchObject({
      username: 'chuyenvien.ninhkieu',
      displayName: 'Trần Văn Minh',
      roles: ['specialist'],
    });
    const agency = await ctx.database.db
      .selectFrom('agencies')
      .select('code')
      .where('id', '=', actor.agencyId)
      .executeTakeFirstOrThrow();
    expect(agency.code).toBe('H13.102.01');
    // The same person again: the same account.
    const again = await ssoSignIn('chuyenvien.ninhkieu');
    expect((await me(again.token!)).json().userId).toBe(actor.userId);
  });

  it('lets an official no rule maps in only to "chờ phân quyền", and every other route refuses them', async () => {
    const { res, token } = await ssoSignIn('vanthu.ninhkieu');
    expect(res.headers.location).toBe('/can-bo/cho-phan-quyen');
    expect((await me(token!)).json().roles).toEqual([]);
    for (const url of ['/api/users', '/api/records?limit=5']) {
      const refused = await ctx.app.inject({ method: 'GET', url, headers: bearer(token!) });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().code).toBe('auth.awaiting_roles');
    }
    // An administrator's rule maps them at the next sign-in.
    await addRule({ agencyCode: 'H13.102*', position: 'văn thư', roles: ['reception'] });
    const next = await ssoSignIn('vanthu.ninhkieu');
    expect(next.res.headers.location).toBe('/can-bo');
    expect((await me(next.token!)).json().roles).toEqual(['reception']);
  });

  it('refuses a replayed state and a state without its cookie with sso.state_invalid', async () => {
    await addRule({ agencyCode: 'H13.102.01', position: 'Công chức tiếp nhận', roles: ['reception'] });
    const first = await ssoSignIn('tiepnhan.ninhkieu');
    expect(first.res.statusCode).toBe(302);
    const replay = await callback(ctx.app, first.back, first.stateCookie);
    expect(replay.statusCode).toBe(422);
    expect(replay.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(replay.json()).toMatchObject({ code: 'sso.state_invalid', status: 422 });

    const { location } = await startSso(ctx.app);
    const back = await new IdpBrowser().follow(location, base, {
      login: 'tiepnhan.ninhkieu',
      password: IDP_DEMO_PASSWORD,
    });
    const noCookie = await callback(ctx.app, back, undefined);
    expect(noCookie.json().code).toBe('sso.state_invalid');
    // A browser is sent back to the sign-in page with the reason.
    const html = await callback(ctx.app, back, undefined, 'text/html');
    expect(html.headers.location).toBe('/can-bo/dang-nhap?sso_error=sso.state_invalid');
  });

  it('signs out everywhere: RP-initiated logout at the provider ends the other Motcua sessions by back-channel', async () => {
    const browser = new IdpBrowser();
    const one = await ssoSignIn('chuyenvien.ninhkieu', browser);
    // The provider's session is still on: the second sign-in skips its login page (same provider session).
    const two = await ssoSignIn('chuyenvien.ninhkieu', browser);
    expect((await me(two.token!)).statusCode).toBe(200);

    const before = await ssoSessionCount();
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sso/logout',
      headers: bearer(one.token!),
    });
    expect(out.statusCode, out.body).toBe(200);
    const endSessionUrl = new URL(out.json().endSessionUrl);
    expect(endSessionUrl.origin + endSessionUrl.pathname).toBe(`${idp.cityIssuer}/session/end`);
    expect(endSessionUrl.searchParams.get('id_token_hint')).toBeTruthy();
    expect(endSessionUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/can-bo/dang-nhap`);
    expect((await me(one.token!)).statusCode).toBe(401);

    const confirmed = await browser.confirmLogout(endSessionUrl.href);
    expect(confirmed.status).toBeGreaterThanOrEqual(300);
    expect(confirmed.headers.get('location')).toBe(`${base}/can-bo/dang-nhap`);
    // The provider has called the back-channel logout endpoint before redirecting: the other session is over.
    expect((await me(two.token!)).statusCode).toBe(401);
    // Both sessions of that provider session are gone; those of the official's earlier sign-ins stay.
    expect(await ssoSessionCount()).toBe(before - 2);
  });

  it('refuses a logout token that is not a JWT from the provider', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sso/backchannel-logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'logout_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('sso.logout_token_invalid');
  });
});

describe('claim rules administration', () => {
  it('lists, adds and removes rules for a city administrator; refuses others', async () => {
    const id = await addRule({ agencyCode: 'H13.101', position: 'Phó Chủ tịch', roles: ['leader'] });
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/sso/role-rules',
      headers: bearer(cityAdmin),
    });
    expect(list.json().items).toContainEqual(
      expect.objectContaining({ id, agencyCode: 'H13.101', position: 'Phó Chủ tịch', roles: ['leader'] }),
    );
    const communeAdmin = await ctx.signIn(['admin'], { agencyCode: 'H13.101' });
    const refused = await ctx.app.inject({
      method: 'POST',
      url: '/api/sso/role-rules',
      headers: bearer(communeAdmin),
      payload: { agencyCode: null, position: null, roles: ['monitor'] },
    });
    expect(refused.statusCode).toBe(403);
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/sso/role-rules',
      headers: bearer(cityAdmin),
      payload: { agencyCode: 'H13 *x', position: null, roles: [] },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['body.agencyCode', 'body.roles']);
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/sso/role-rules/${id}`,
      headers: bearer(cityAdmin),
    });
    expect(del.statusCode).toBe(204);
    const again = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/sso/role-rules/${id}`,
      headers: bearer(cityAdmin),
    });
    expect(again.json().code).toBe('sso.rule_not_found');
  });
});

describe('linking single sign-on to an existing local account (docs/IDENTITY.md, Linking)', () => {
  /** A local (password) account of `agencyCode`, its id. */
  async function local(
    username: string,
    agencyCode: string,
    roles: ('leader' | 'reception')[],
    email?: string,
  ) {
    const token = await ctx.signIn(roles, { agencyCode, username });
    const id = (await me(token)).json().userId as string;
    if (email) await ctx.database.db.updateTable('users').set({ email }).where('id', '=', id).execute();
    return id;
  }
  const users = async () =>
    Number(
      (
        await ctx.database.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const identity = (userId: string) =>
    ctx.database.db
      .selectFrom('ssoIdentities')
      .select(['subject', 'linkedBy'])
      .where('userId', '=', userId)
      .executeTakeFirst();

  it('links by e-mail (ignoring case): the same account, its roles kept, audited; no second account', async () => {
    const id = await local('ngoc.bt', 'H13.101', ['leader'], 'LanhDao.UBND.CaiKhe@cantho.gov.vn');
    const before = await users();
    const { res, token } = await ssoSignIn('lanhdao.ubnd.caikhe');
    expect([res.statusCode, res.headers.location]).toEqual([302, '/can-bo']);
    // No claim rule names a Phó Chủ tịch here: the linked account keeps the roles administrators gave it.
    expect((await me(token!)).json()).toMatchObject({ userId: id, username: 'ngoc.bt', roles: ['leader'] });
    expect(await users()).toBe(before);
    expect(await identity(id)).toEqual({ subject: expect.any(String), linkedBy: 'email' });
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select('actorId')
      .where('action', '=', 'user.sso_linked')
      .where('entityId', '=', id)
      .execute();
    expect(audit).toEqual([{ actorId: id }]);
    // The next sign-in finds the identity: the same account again, roles still kept.
    const again = await ssoSignIn('lanhdao.ubnd.caikhe');
    expect((await me(again.token!)).json()).toMatchObject({ userId: id, roles: ['leader'] });
    const sessions = (
      await ctx.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: bearer(again.token!) })
    ).json().items;
    expect(sessions.find((s: { current: boolean }) => s.current).method).toBe('sso');
  });

  it('links by username when no account has the e-mail', async () => {
    const id = await local('tiepnhan.trungtam', 'H13.014', ['reception']);
    const { token } = await ssoSignIn('tiepnhan.trungtam');
    expect((await me(token!)).json()).toMatchObject({ userId: id, roles: ['reception'] });
    expect((await identity(id))?.linkedBy).toBe('username');
  });

  it('refuses, rather than duplicates, an account of another agency with the same username', async () => {
    const id = await local('chuyenvien.ubnd.caikhe', 'H13.102', ['leader']);
    const before = await users();
    const { res } = await ssoSignIn('chuyenvien.ubnd.caikhe');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'sso.link_refused',
      params: { reason: 'other_agency', userId: id },
    });
    expect(res.json().title_vi).toContain('quản trị viên');
    expect(await users()).toBe(before);
    expect(await identity(id)).toBeUndefined();
    // A browser is sent to the sign-in page, which says why.
    const { location, stateCookie } = await startSso(ctx.app);
    const back = await new IdpBrowser().follow(location, base, {
      login: 'chuyenvien.ubnd.caikhe',
      password: IDP_DEMO_PASSWORD,
    });
    const html = await callback(ctx.app, back, stateCookie, 'text/html');
    expect(html.headers.location).toBe('/can-bo/dang-nhap?sso_error=sso.link_refused');
  });

  it('refuses an account already linked to another identity', async () => {
    // ngoc.bt (linked above) also has the e-mail lanhdao.ubnd.ninhkieu's provider account sends.
    const linked = await ctx.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'ngoc.bt')
      .executeTakeFirstOrThrow();
    await ctx.database.db
      .updateTable('users')
      .set({ email: 'lanhdao.ubnd.ninhkieu@cantho.gov.vn' })
      .where('id', '=', linked.id)
      .execute();
    const { res } = await ssoSignIn('lanhdao.ubnd.ninhkieu');
    expect([res.statusCode, res.json().params.reason]).toEqual([409, 'already_linked']);
  });
});

import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import {
  DEV_SSO_CLIENT,
  IDP_DEMO_PASSWORD,
  type SpawnedIdentityProvider,
  spawnIdentityProvider,
} from '../../src/modules/identity/provider/index.ts';
import type { App } from '../../src/platform/http/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { callback, freePort, IdpBrowser, setCookies, startSso } from './sso-support.ts';

/**
 * The identity provider failing in the middle of a sign-in (docs/IDENTITY.md, Faults): the official has
 * authenticated at the provider, which sent the browser back with a code, and then Motcua's exchange of that
 * code fails: the token endpoint's connection is reset, the token endpoint does not answer, or the provider
 * process is gone. The provider is the real one (`motcua idp`, its own process); a reset and a silence are
 * real sockets: Motcua's HTTP client is pointed at a server that resets each connection, or accepts and says
 * nothing, for the token request only. Each time the official gets a clear problem (503 sso.unavailable, or
 * the sign-in page with ?sso_error=sso.unavailable in a browser), no account, identity or session is made,
 * and the state cannot be used again.
 */

let idp: SpawnedIdentityProvider;
let ctx: TestContext;
let app: App;
let base: string;
let fault: 'none' | 'reset' | 'silent' | 'gateway' = 'none';
let resetServer: Server;
let silentServer: Server;
let gatewayServer: Server;
const held: Socket[] = [];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`),
    ),
  );
}
let resetUrl: string;
let silentUrl: string;
let gatewayUrl: string;

/** Motcua's HTTP client towards the provider: the token request goes to the failing socket of the moment. */
const network: typeof fetch = (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  if (fault !== 'none' && url.pathname.endsWith('/token')) {
    const to = new URL(
      url.pathname,
      fault === 'reset' ? resetUrl : fault === 'silent' ? silentUrl : gatewayUrl,
    );
    return fetch(to, init);
  }
  return fetch(input, init);
};

/** What a sign-in may have left behind: accounts, identities, sessions. */
async function traces() {
  const db = ctx.database.db;
  const count = async (table: 'users' | 'ssoIdentities' | 'sessions' | 'ssoSessions') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    users: await count('users'),
    identities: await count('ssoIdentities'),
    sessions: await count('sessions'),
    ssoSessions: await count('ssoSessions'),
  };
}

const browser = new IdpBrowser();

/** Up to the provider's redirect back to Motcua: the callback URL with the code, and the state cookie. */
async function authenticated(login = 'chuyenvien.ninhkieu') {
  const { location, stateCookie } = await startSso(app);
  const back = await browser.follow(location, base, { login, password: IDP_DEMO_PASSWORD });
  return { back, stateCookie };
}

async function refusedCleanly(back: string, stateCookie: string, accept?: string) {
  const before = await traces();
  const res = await callback(app, back, stateCookie, accept);
  expect(await traces()).toEqual(before);
  expect(setCookies(res).motcua_session).toBeUndefined();
  // The state was spent by the failed attempt: the same callback again is refused, not retried.
  fault = 'none';
  const replay = await callback(app, back, stateCookie);
  expect([replay.statusCode, replay.json().code]).toEqual([422, 'sso.state_invalid']);
  expect(await traces()).toEqual(before);
  return res;
}

beforeAll(async () => {
  resetServer = createServer((socket) => socket.resetAndDestroy());
  silentServer = createServer((socket) => {
    held.push(socket);
    socket.on('error', () => {});
  });
  // A reverse proxy in front of a provider whose process dropped: 502 with its own HTML page.
  const page = '<html><h1>502 Bad Gateway</h1></html>';
  gatewayServer = createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () =>
      socket.end(
        `HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: ${page.length}\r\nconnection: close\r\n\r\n${page}`,
      ),
    );
  });
  gatewayUrl = await listen(gatewayServer);
  resetUrl = await listen(resetServer);
  silentUrl = await listen(silentServer);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  idp = await spawnIdentityProvider({ port: 0, motcuaUrl: base, ...DEV_SSO_CLIENT });
  ctx = await createTestContext();
  const deps = {
    ...ctx.deps,
    config: {
      ...ctx.deps.config,
      MOTCUA_SSO_ISSUER: idp.cityIssuer,
      MOTCUA_SSO_CLIENT_ID: DEV_SSO_CLIENT.clientId,
      MOTCUA_SSO_CLIENT_SECRET: DEV_SSO_CLIENT.clientSecret,
      MOTCUA_SSO_REDIRECT_BASE: base,
    },
  };
  app = await buildApp(deps, { ssoFetch: network });
});
afterAll(async () => {
  await app?.close();
  await ctx?.close();
  await idp?.close();
  for (const s of held) s.destroy();
  resetServer?.close();
  silentServer?.close();
  gatewayServer?.close();
});

describe('the identity provider failing during the code exchange', () => {
  it('a connection reset at the token endpoint: 503 sso.unavailable, nothing made, state spent', async () => {
    const { back, stateCookie } = await authenticated();
    fault = 'reset';
    const res = await refusedCleanly(back, stateCookie);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      code: 'sso.unavailable',
      title_vi: expect.stringContaining('thử lại'),
    });
    // The provider is still there: a new sign-in (its session is still on) goes through.
    const again = await authenticated();
    const ok = await callback(app, again.back, again.stateCookie);
    expect([ok.statusCode, ok.headers.location]).toEqual([302, '/can-bo/cho-phan-quyen']);
  });

  it('a token endpoint that does not answer: the browser is sent to the sign-in page with the reason', async () => {
    const { back, stateCookie } = await authenticated('lanhdao.ninhkieu');
    fault = 'silent';
    // Motcua gives up after its timeout towards the provider (10 s), not after the browser's.
    const res = await refusedCleanly(back, stateCookie, 'text/html');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/can-bo/dang-nhap?sso_error=sso.unavailable');
  });

  it('a gateway answering 502 for the provider: 503 sso.unavailable, nothing made', async () => {
    const { back, stateCookie } = await authenticated('chuyenvien.ubnd.ninhkieu');
    fault = 'gateway';
    const res = await refusedCleanly(back, stateCookie);
    expect([res.statusCode, res.json().code]).toEqual([503, 'sso.unavailable']);
  });

  it('the provider process gone after the official authenticated: 503 sso.unavailable, nothing made', async () => {
    const { back, stateCookie } = await authenticated('tiepnhan.ninhkieu');
    await idp.close();
    const res = await refusedCleanly(back, stateCookie);
    expect([res.statusCode, res.json().code]).toEqual([503, 'sso.unavailable']);
  });
});

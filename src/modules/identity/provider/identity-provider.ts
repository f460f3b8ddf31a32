import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { DEMO_CITIZENS, DEMO_OFFICIALS, IDP_DEMO_PASSWORD } from './accounts.ts';

/** What the development identity provider registers as its one client (Motcua) on both issuers. */
export interface IdpClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Motcua's public base URL: redirect, post-logout and back-channel logout URIs are made from it. */
  readonly motcuaUrl: string;
}

export interface RunningIdentityProvider {
  /** Base URL of the server; the issuers are `${url}/city` and `${url}/vneid`. */
  readonly url: string;
  readonly cityIssuer: string;
  readonly vneidIssuer: string;
  close(): Promise<void>;
}

/** The client Motcua is, by default, on the development provider (the values MOTCUA_SSO_* default to). */
export const DEV_SSO_CLIENT = {
  clientId: 'motcua',
  clientSecret: 'motcua-dev-sso-secret-change-me',
} as const;

type Person = { readonly sub: string } & Record<string, unknown>;

interface IssuerSpec {
  readonly path: '/city' | '/vneid';
  readonly title: string;
  readonly people: readonly Person[];
  /** How a person is named at the login form (the username for officials, the personal ID for citizens). */
  readonly loginOf: (p: Person) => string;
  readonly loginLabel: string;
  readonly claims: Configuration['claims'];
  readonly scope: string;
  /** Motcua's paths as this issuer's client: callback, page after signing out, back-channel logout. */
  readonly rp: { readonly callback: string; readonly postLogout: string; readonly backchannel: string };
}

const ISSUERS: readonly IssuerSpec[] = [
  {
    path: '/city',
    title: 'Đăng nhập một lần — Thành phố Cần Thơ (môi trường phát triển)',
    people: DEMO_OFFICIALS,
    loginOf: (p) => String(p.preferred_username),
    loginLabel: 'Tên đăng nhập',
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
      official: ['agency_code', 'position'],
    },
    scope: 'openid profile email official',
    rp: {
      callback: '/api/auth/sso/callback',
      postLogout: '/can-bo/dang-nhap',
      backchannel: '/api/auth/sso/backchannel-logout',
    },
  },
  {
    path: '/vneid',
    title: 'VNeID — Định danh điện tử (môi trường phát triển)',
    people: DEMO_CITIZENS,
    loginOf: (p) => String(p.personal_id),
    loginLabel: 'Số định danh cá nhân',
    claims: {
      openid: ['sub'],
      profile: ['name', 'birthdate', 'gender'],
      address: ['address'],
      citizen: ['personal_id', 'identity_level'],
    },
    scope: 'openid profile address citizen',
    rp: {
      callback: '/api/citizen/auth/callback',
      postLogout: '/ho-so-cua-toi',
      backchannel: '/api/citizen/auth/backchannel-logout',
    },
  },
];

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.2rem}.err{color:#b00020}</style>
</head><body>${body}</body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function makeProvider(issuer: string, spec: IssuerSpec, client: IdpClient): Promise<Provider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: `${spec.path.slice(1)}-1` };
  const motcua = client.motcuaUrl.replace(/\/$/, '');
  const config: Configuration = {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [`${motcua}${spec.rp.callback}`],
        post_logout_redirect_uris: [`${motcua}${spec.rp.postLogout}`],
        backchannel_logout_uri: `${motcua}${spec.rp.backchannel}`,
        backchannel_logout_session_required: true,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [crypto.randomUUID(), crypto.randomUUID()] },
    claims: spec.claims,
    // Every granted claim in the ID token, so the relying party needs no userinfo round trip.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // The confirmation is submitted at once: the relying party asked for the sign-out.
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = page(
            'Đăng xuất',
            `${form}<p>Đang đăng xuất…</p><script>var f=document.getElementById('op.logoutForm');var i=document.createElement('input');i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();</script>`,
          );
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `${spec.path}/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const person = spec.people.find((p) => p.sub === id);
      if (!person) return undefined;
      return { accountId: person.sub, claims: () => ({ ...person }) };
    },
    // The provider refuses to call special-use addresses (SSRF protection) with its own dispatcher; this
    // development provider calls back a Motcua on this machine (127.0.0.1), so it uses the plain fetch.
    fetch: (url, options) => {
      const { dispatcher: _, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(url, rest);
    },
    ttl: { IdToken: 600, AccessToken: 600, Session: 8 * 3600, Grant: 8 * 3600, Interaction: 600 },
  };
  const provider = new Provider(issuer, config);
  // What went wrong calling a relying party back is worth seeing in the provider's console.
  provider.on('backchannel.error', (_ctx, err, client) =>
    process.stderr.write(`back-channel logout to ${client.clientId} failed: ${(err as Error).message}\n`),
  );
  return provider;
}

/**
 * The development identity provider: a real OpenID Connect provider (oidc-provider) standing in for two
 * issuers on one server, the city SSO at `/city` (officials) and VNeID at `/vneid` (citizens), each with
 * a login page for the demo people (`accounts.ts`) and Motcua registered as a confidential client
 * (authorization code with PKCE, RP-initiated and back-channel logout). Keys are made at start and live
 * in memory: tokens from a previous run are not accepted. For development, demos and tests only.
 */
export async function startIdentityProvider(opts: {
  port?: number;
  host?: string;
  /** The host name the issuers carry (default 127.0.0.1, or `host` when it is not a wildcard). */
  publicHost?: string;
  /** When the port is taken, listen on a free one instead of failing. */
  anyPortIfTaken?: boolean;
  client?: Partial<IdpClient>;
}): Promise<RunningIdentityProvider> {
  const client: IdpClient = {
    clientId: opts.client?.clientId ?? DEV_SSO_CLIENT.clientId,
    clientSecret: opts.client?.clientSecret ?? DEV_SSO_CLIENT.clientSecret,
    motcuaUrl: opts.client?.motcuaUrl ?? 'http://localhost:3000',
  };
  const host = opts.host ?? '127.0.0.1';
  const handlers = new Map<
    string,
    { spec: IssuerSpec; provider: Provider; callback: ReturnType<Provider['callback']> }
  >();
  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(err instanceof Error ? err.message : 'error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://idp');
    if (url.pathname === '/' || url.pathname === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuers: [...handlers.keys()] }));
      return;
    }
    const prefix = `/${url.pathname.split('/')[1]}`;
    const entry = handlers.get(prefix);
    if (!entry) {
      res.writeHead(404).end();
      return;
    }
    const interaction = url.pathname.match(/^\/[a-z]+\/interaction\/([\w-]+)(\/login)?$/);
    if (interaction) return loginPage(entry, req, res, interaction[1]!, Boolean(interaction[2]));
    // Mounted under a path as an Express app would be: the provider reads the prefix from originalUrl.
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
    req.url = req.url!.slice(prefix.length) || '/';
    entry.callback(req, res);
  }

  async function loginPage(
    entry: { spec: IssuerSpec; provider: Provider },
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    submitted: boolean,
  ): Promise<void> {
    const { spec, provider } = entry;
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    let error = '';
    if (submitted && req.method === 'POST') {
      const form = await readForm(req);
      const login = (form.get('login') ?? '').trim().toLowerCase();
      const person = spec.people.find((p) => spec.loginOf(p).toLowerCase() === login);
      if (person && form.get('password') === IDP_DEMO_PASSWORD) {
        const grant = new provider.Grant({
          accountId: person.sub,
          clientId: String(details.params.client_id),
        });
        grant.addOIDCScope(String(details.params.scope ?? 'openid'));
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: person.sub }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      error = '<p class="err" role="alert">Tên đăng nhập hoặc mật khẩu không đúng.</p>';
    }
    const people = spec.people.map(
      (p) => `<li><code>${escapeHtml(spec.loginOf(p))}</code> — ${escapeHtml(String(p.name))}</li>`,
    );
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      page(
        spec.title,
        `<h1>${escapeHtml(spec.title)}</h1>${error}
<form method="post" action="${spec.path}/interaction/${escapeHtml(uid)}/login">
<label for="login">${spec.loginLabel}</label><input id="login" name="login" autocomplete="username" required autofocus>
<label for="password">Mật khẩu</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button></form>
<details><summary>Tài khoản thử (mật khẩu ${IDP_DEMO_PASSWORD})</summary><ul>${people.join('')}</ul></details>`,
      ),
    );
  }

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(opts.port ?? 0);
  } catch (err) {
    if (!opts.anyPortIfTaken || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    await listen(0);
  }
  const port = (server.address() as AddressInfo).port;
  const publicHost = opts.publicHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
  const url = `http://${publicHost}:${port}`;
  for (const spec of ISSUERS) {
    const provider = await makeProvider(`${url}${spec.path}`, spec, client);
    handlers.set(spec.path, { spec, provider, callback: provider.callback() });
  }
  return {
    url,
    cityIssuer: `${url}/city`,
    vneidIssuer: `${url}/vneid`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

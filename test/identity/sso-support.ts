import { createServer } from 'node:net';
import type { App } from '../../src/platform/http/index.ts';

/** A port free right now (Motcua's redirect URIs are registered at the provider before Motcua listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A browser's cookie jar and redirects at the identity provider, without a browser. */
export class IdpBrowser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /**
   * Follows the provider's redirects from `url` until one leaves for `until` (Motcua), signing in at the
   * login page on the way when it shows. Returns the URL that leaves.
   */
  async follow(url: string, until: string, login?: { login: string; password: string }): Promise<string> {
    let next = url;
    for (let hops = 0; hops < 12; hops++) {
      if (next.startsWith(until)) return next;
      const res = await this.request(next);
      if (res.status >= 300 && res.status < 400) {
        next = new URL(res.headers.get('location')!, next).href;
        continue;
      }
      const html = await res.text();
      const action = html.match(/<form method="post" action="([^"]+\/login)"/)?.[1];
      if (!action || !login) throw new Error(`stuck at ${next} (${res.status}): ${html.slice(0, 300)}`);
      const posted = await this.request(new URL(action, next).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(login).toString(),
      });
      if (posted.status < 300 || posted.status >= 400)
        throw new Error(`sign-in refused at the provider: ${(await posted.text()).slice(0, 300)}`);
      next = new URL(posted.headers.get('location')!, next).href;
    }
    throw new Error('too many redirects');
  }

  /** Submits the provider's logout confirmation (what its page's script does in a browser). */
  async confirmLogout(endSessionUrl: string): Promise<Response> {
    const res = await this.request(endSessionUrl);
    const html = await res.text();
    const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
    const xsrf = html.match(/name="xsrf" value="([^"]+)"/)?.[1];
    if (!action || !xsrf) throw new Error(`no logout form: ${html.slice(0, 300)}`);
    return this.request(new URL(action, endSessionUrl).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
  }
}

/** Cookies an `inject` answer set, by name. */
export function setCookies(res: { cookies: { name: string; value: string }[] }): Record<string, string> {
  return Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
}

/** Starts a sign-in at Motcua: the provider URL it redirects to and the state cookie it set. */
export async function startSso(app: App): Promise<{ location: string; stateCookie: string }> {
  const res = await app.inject({ method: 'GET', url: '/api/auth/sso/login' });
  if (res.statusCode !== 302) throw new Error(`sso login: ${res.statusCode} ${res.body}`);
  return { location: String(res.headers.location), stateCookie: setCookies(res).motcua_sso_state! };
}

/** Hands the provider's redirect back to Motcua's callback (as the browser would, with the state cookie). */
export function callback(app: App, url: string, stateCookie: string | undefined, accept?: string) {
  const u = new URL(url);
  return app.inject({
    method: 'GET',
    url: `${u.pathname}${u.search}`,
    cookies: stateCookie ? { motcua_sso_state: stateCookie } : {},
    headers: accept ? { accept } : {},
  });
}

import helmet from '@fastify/helmet';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors/index.ts';
import { CITIZEN_COOKIE, SESSION_COOKIE } from './access.ts';
import type { App } from './app.ts';

/**
 * The Content-Security-Policy of every answer. The web apps load only their own bundled scripts; antd
 * writes its styles at run time (style elements), and the verification page has one inline style.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameSrc: ["'self'", 'blob:'],
  workerSrc: ["'self'", 'blob:'],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Motcua is also served over plain HTTP inside an office network; upgrading would break it there.
  upgradeInsecureRequests: null,
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True when a state-changing request authenticated by the session cookie comes from another site: its
 * Origin names another host than the one it was sent to (or than `publicUrl`), or, without Origin, the
 * browser says `Sec-Fetch-Site: cross-site`. Requests with a Bearer token (no ambient credential) and
 * requests from non-browser clients that send neither header are not cross-site.
 */
export function isCrossSiteCookieWrite(req: FastifyRequest, publicUrl: string | undefined): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  if (req.headers.authorization?.startsWith('Bearer ')) return false;
  if (!req.cookies?.[SESSION_COOKIE] && !req.cookies?.[CITIZEN_COOKIE]) return false;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return true;
    }
    const allowed = new Set([req.host]);
    if (publicUrl) allowed.add(new URL(publicUrl).host);
    return !allowed.has(host);
  }
  return req.headers['sec-fetch-site'] === 'cross-site';
}

/**
 * Browser hardening for every answer: helmet's headers (CSP, nosniff, frame-ancestors and
 * X-Frame-Options, HSTS, Referrer-Policy…), the Origin check of cookie-authenticated writes, and the
 * Secure flag on cookies set over HTTPS (directly or, with TRUST_PROXY, as the proxy's X-Forwarded-Proto says).
 */
export async function installBrowserSecurity(
  app: App,
  opts: { publicUrl?: string | undefined },
): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Cross-origin isolation would refuse nothing the apps need, but the verification page is opened from QR
    // codes and links of other sites.
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', async (req) => {
    if (isCrossSiteCookieWrite(req, opts.publicUrl)) {
      throw new DomainError('request.cross_origin', { origin: req.headers.origin ?? null });
    }
  });
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.protocol !== 'https') return;
    const cookies = reply.getHeader('set-cookie');
    if (cookies === undefined) return;
    const list = Array.isArray(cookies) ? cookies.map(String) : [String(cookies)];
    reply.header(
      'set-cookie',
      list.map((c) => (/;\s*secure(\s*;|$)/i.test(c) ? c : `${c}; Secure`)),
    );
  });
}

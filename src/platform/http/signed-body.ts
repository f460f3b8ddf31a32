import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../core/errors/index.ts';
import type { App } from './app.ts';

/*
 * Callbacks signed over their exact bytes (the post's, the payment platform's, the notification providers'
 * delivery receipts): one signature scheme and one way of keeping the raw body.
 */

declare module 'fastify' {
  interface FastifyRequest {
    /** The request body as sent, in a scope of {@link keepRawJsonBody} (signed callbacks are checked over it). */
    rawBody?: string;
  }
}

/** `sha256=<hex>`: the HMAC-SHA256 of `body` (UTF-8) under `secret`, as the systems that call back sign. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** True when `header` is the signature of `body` under `secret` (constant-time comparison). */
export function signatureMatches(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Parses JSON in `scope` (a plugin scope holding the signed routes) while keeping the body as sent in
 * `req.rawBody`; a body that is not JSON is 422 request.invalid.
 */
export function keepRawJsonBody(scope: App): void {
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    req.rawBody = body as string;
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch {
      done(new DomainError('request.invalid', { reason: 'the body is not JSON' }), undefined);
    }
  });
}

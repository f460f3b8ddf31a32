import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex>`: the HMAC-SHA256 of `body` under `secret`, as the payment platform signs its callbacks. */
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

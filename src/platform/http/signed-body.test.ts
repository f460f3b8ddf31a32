import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureMatches, signBody } from './signed-body.ts';

const SECRET = 'a-shared-secret-of-at-least-32-chars';
const BODY = '{"maSuKien":"evt-1","soTien":50000,"ghiChu":"Lệ phí hộ tịch"}';

describe('signed callbacks (post, payment platform, notification receipts)', () => {
  it('signs as sha256= and the hex HMAC-SHA256 of the UTF-8 body', () => {
    const hex = createHmac('sha256', SECRET).update(Buffer.from(BODY, 'utf8')).digest('hex');
    expect(signBody(SECRET, BODY)).toBe(`sha256=${hex}`);
  });

  it('accepts the signature of the exact body, surrounding spaces aside', () => {
    expect(signatureMatches(SECRET, BODY, signBody(SECRET, BODY))).toBe(true);
    expect(signatureMatches(SECRET, BODY, ` ${signBody(SECRET, BODY)} `)).toBe(true);
  });

  it('refuses a missing, empty, truncated or other secret’s signature, and one of another body', () => {
    const good = signBody(SECRET, BODY);
    expect(signatureMatches(SECRET, BODY, undefined)).toBe(false);
    expect(signatureMatches(SECRET, BODY, '')).toBe(false);
    expect(signatureMatches(SECRET, BODY, good.slice(0, -1))).toBe(false);
    expect(signatureMatches(SECRET, BODY, signBody(`${SECRET}-forged`, BODY))).toBe(false);
    expect(signatureMatches(SECRET, `${BODY} `, good)).toBe(false);
    expect(signatureMatches(SECRET, BODY, good.toUpperCase())).toBe(false);
  });
});

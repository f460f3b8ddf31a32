import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

/** Whatever body a client sends to an upload endpoint, the answer is a 4xx problem, never a 5xx. */

let ctx: TestContext;
let token: string;
beforeAll(async () => {
  ctx = await createTestContext();
  token = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc' });
});
afterAll(() => ctx.close());

const bodies: [string, string, string][] = [
  [
    'multipart without its boundary in the body',
    'multipart/form-data; boundary=xyz',
    'garbage without boundary',
  ],
  ['multipart without a boundary parameter', 'multipart/form-data', '--x\r\n'],
  [
    'a truncated file part',
    'multipart/form-data; boundary=xyz',
    '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 trunc',
  ],
  ['JSON', 'application/json', '{}'],
  ['plain text', 'text/plain', 'hello'],
];

describe('malformed upload bodies', () => {
  for (const [what, contentType, body] of bodies) {
    for (const url of ['/api/records/01900000-0000-7000-8000-000000000000/documents', '/api/public/verify']) {
      it(`answers ${what} to ${url.split('/')[2]} with a 4xx problem`, async () => {
        const res = await ctx.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
          payload: body,
        });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(res.headers['content-type']).toContain('application/problem+json');
      });
    }
  }
});

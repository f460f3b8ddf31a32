import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_VERIFY } from '../../src/modules/signing/results.routes.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { multipart } from '../support/multipart.ts';

/**
 * Issue 13 item 11: the public verification of an uploaded PDF does bounded work for anyone — its size,
 * the signatures it checks and its answer are bounded, and it is rate limited per client address.
 */

let ctx: TestContext;
let plainPdf: Uint8Array;
beforeAll(async () => {
  ctx = await createTestContext();
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Khong co chu ky');
  plainPdf = await doc.save();
});
afterAll(() => ctx.close());

/** A PDF followed by `n` fake signature dictionaries whose byte ranges cover the file. */
function withFakeSignatures(n: number): Uint8Array {
  const head = Buffer.from(plainPdf);
  const dicts: string[] = [];
  for (let i = 0; i < n; i++) {
    dicts.push(
      `<< /Type /Sig /ByteRange [0 10 40 ${head.length - 40}] /Contents <${'30'.repeat(8)}> /Reason (${'x'.repeat(50)}) >>\n`,
    );
  }
  return Buffer.concat([head, Buffer.from(dicts.join(''), 'latin1')]);
}

async function verify(bytes: Uint8Array, remoteAddress: string) {
  const body = await multipart({}, { bytes, name: 'crafted.pdf' });
  return ctx.app.inject({
    method: 'POST',
    url: '/api/public/verify',
    payload: body.payload,
    headers: body.headers,
    remoteAddress,
  });
}

describe('public verification of an uploaded PDF', () => {
  it('refuses more signatures than it checks, with a small problem+json answer', async () => {
    const res = await verify(withFakeSignatures(40_000), '198.51.100.1');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'result.too_many_signatures',
      params: { max: PUBLIC_VERIFY.maxSignatures, found: 40_000 },
      errors: [{ path: 'body.file' }],
    });
    expect(res.body.length).toBeLessThan(5_000);
  });

  it('checks up to the limit and answers in bounded size', async () => {
    const res = await verify(withFakeSignatures(PUBLIC_VERIFY.maxSignatures), '198.51.100.2');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().valid).toBe(false);
    expect(res.json().signatures).toHaveLength(PUBLIC_VERIFY.maxSignatures);
    expect(res.body.length).toBeLessThan(PUBLIC_VERIFY.maxSignatures * 2_000);
  });

  it('refuses a file larger than its own size limit', async () => {
    const big = Buffer.concat([Buffer.from(plainPdf), Buffer.alloc(PUBLIC_VERIFY.maxBytes, 0x20)]);
    const res = await verify(big, '198.51.100.3');
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('file.too_large');
  });

  it('is rate limited per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= PUBLIC_VERIFY.perMinute; i++) {
      statuses.push((await verify(plainPdf, '198.51.100.4')).statusCode);
    }
    expect(statuses.slice(0, PUBLIC_VERIFY.perMinute).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    expect((await verify(plainPdf, '198.51.100.5')).statusCode).toBe(200);
  });
});

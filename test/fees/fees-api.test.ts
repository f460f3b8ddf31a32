import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVietQr } from '../../src/core/payments/vietqr.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import { pdfPages, pdfText, qpdfCheck } from '../support/pdf-tools.ts';

// jsqr is CommonJS with an ES-style default in its types; require gives the function itself.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;

/**
 * Issue 18 items 2–3: fee lines on the procedure version (edited by an administrator), the amount computed at
 * reception and asked for at status 6, shown on the record and to the citizen, and the VietQR code of the
 * payment to the agency's fee account, decoded by an independent QR reader.
 */

let ctx: TestContext;
let admin: string;
let communeAdmin: string;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let procedure: { versionId: string; documents: string[] };
let caiKhe: string;

const CODE = '1.012796';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'fees.city.admin' });
  communeAdmin = await ctx.signIn(['admin'], { agencyKey: '31135-ttpvhcc', username: 'fees.nk.admin' });
  await signInLandCorrectionOfficials(ctx, 'fees', tokens, users);
  const edit = await ctx.app.inject({
    method: 'POST',
    url: `/api/catalog/procedures/${CODE}/versions`,
    headers: auth(admin),
    payload: {
      effectiveFrom: '2026-03-02',
      decisionNo: '18/QĐ-UBND',
      changes: {
        fees: [
          {
            name: 'Lệ phí cấp giấy chứng nhận',
            amountVnd: 100_000,
            payer: 'applicant',
            legalBasis: 'Nghị quyết số 01/2026/NQ-HĐND',
            exemptions: [
              {
                who: 'Hộ nghèo',
                legalBasis: 'Nghị quyết số 01/2026/NQ-HĐND, Điều 3',
                category: 'poor_household',
              },
            ],
          },
          { name: 'Phí trích lục bản đồ', amountVnd: 15_000, unit: 'per_copy', payer: 'applicant' },
        ],
      },
    },
  });
  expect(edit.statusCode, edit.body).toBe(201);
  procedure = await landCorrectionProcedure(ctx);
  caiKhe = (
    await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31120-ubnd')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => ctx.close());

async function receive(fees?: Record<string, unknown>) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: auth(tokens['nk.reception']!),
    payload: {
      type: 'receive',
      checklist: procedure.documents
        .slice(0, 2)
        .map((document) => ({ document, provided: true, originals: 1 })),
      opening: {
        procedureVersionId: procedure.versionId,
        channel: 'in_person',
        applicant: { kind: 'citizen', fullName: 'Trần Thị Phí', phone: '0912 345 678' },
        routing: { landParcelUnitCode: '31120' },
      },
      ...(fees ? { fees } : {}),
    },
  });
}

async function awaitingPayment(fees: Record<string, unknown>) {
  const received = await receive(fees);
  expect(received.statusCode, received.body).toBe(201);
  const r = received.json().record;
  const fwd = await ctx.app.inject({
    method: 'POST',
    url: `/api/records/${r.id}/forward`,
    headers: auth(tokens['nk.reception']!),
    payload: { version: r.version, assigneeId: users['ck.specialist'] },
  });
  expect(fwd.statusCode, fwd.body).toBe(200);
  const asked = await ctx.app.inject({
    method: 'POST',
    url: `/api/records/${r.id}/request-payment`,
    headers: auth(tokens['ck.specialist']!),
    payload: { version: fwd.json().record.version },
  });
  expect(asked.statusCode, asked.body).toBe(200);
  return asked.json().record as { id: string; code: string; status: string; payment: { totalVnd: number } };
}

describe('fee lines of a procedure', () => {
  it('answers the administrator’s lines and an estimate for the given facts', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/procedures/${CODE}/fees?channel=in_person&quantities=1:4&categories=poor_household`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ source: 'administrator', status: 'administrator' });
    expect(body.lines).toHaveLength(2);
    expect(body.categories).toContain('poor_household');
    expect(body.estimate).toMatchObject({ totalVnd: 60_000, source: 'administrator' });
  });

  it('derives lines from the published text of a procedure nobody edited (1.000688: 800,000 halved until 31/12/2026)', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/procedures/1.000688/fees?channel=in_person&on=2026-12-06',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      source: 'catalogue',
      status: 'structured',
      estimate: { totalVnd: 400_000 },
    });
    const later = await ctx.app.inject({
      method: 'GET',
      url: '/api/procedures/1.000688/fees?channel=in_person&on=2027-01-04',
    });
    expect(later.json().estimate.totalVnd).toBe(800_000);
  });

  it('refuses malformed quantities and an unknown procedure', async () => {
    const bad = await ctx.app.inject({
      method: 'GET',
      url: `/api/procedures/${CODE}/fees?channel=online&quantities=two`,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toMatch(/quantities/);
    const missing = await ctx.app.inject({ method: 'GET', url: '/api/procedures/9.999999/fees' });
    expect(missing.statusCode).toBe(404);
  });
});

describe('fees at reception and at status 6', () => {
  it('computes the amount at reception and keeps it on the record, the record API and public tracking', async () => {
    const res = await receive({ quantities: [{ line: 1, quantity: 2 }] });
    expect(res.statusCode, res.body).toBe(201);
    const record = res.json().record;
    expect(record.fees).toMatchObject({ totalVnd: 130_000, channel: 'in_person', source: 'administrator' });
    const again = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${record.id}`,
      headers: auth(tokens['nk.reception']!),
    });
    expect(again.json().fees.lines.map((l: { amountVnd: number }) => l.amountVnd)).toEqual([100_000, 30_000]);
    const tracked = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${record.code}?check=5678`,
    });
    expect(tracked.statusCode, tracked.body).toBe(200);
    expect(tracked.json().fees).toMatchObject({ totalVnd: 130_000 });
    expect(tracked.json().fees.lines[1]).toMatchObject({
      name: 'Phí trích lục bản đồ',
      quantity: 2,
      amountVnd: 30_000,
    });
  });

  it('prints the amount, its lines and the exemption with its legal basis on the receipt slip (form 01)', async () => {
    const record = (
      await receive({ categories: ['poor_household'], quantities: [{ line: 1, quantity: 2 }] })
    ).json().record;
    expect(record.fees.totalVnd).toBe(30_000);
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${record.id}/slips/01`,
      headers: auth(tokens['nk.reception']!),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const pdf = res.rawPayload;
    expect(qpdfCheck(pdf).ok).toBe(true);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Phí, lệ phí phải nộp: 30.000 đồng');
    expect(text).toContain('Phí trích lục bản đồ');
    expect(text).toContain('2 bản × 15.000 đồng');
    expect(text).toMatch(/Miễn: Hộ nghèo \(Nghị quyết số 01\/2026\/NQ-HĐND, Điều 3\)/);
    expect(pdfPages(pdf)).toBeGreaterThanOrEqual(1);
  });

  it('refuses an unknown exemption category, naming the field, and writes nothing', async () => {
    const before = await ctx.database.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await receive({ categories: ['friend_of_the_mayor'] });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().code).toBe('record.fee_category_unknown');
    expect(JSON.stringify(res.json().errors)).toContain('fees.categories.0');
    const after = await ctx.database.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('asks for the computed amount at status 6 when the specialist gives no items', async () => {
    const r = await awaitingPayment({ quantities: [{ line: 1, quantity: 1 }] });
    expect(r.status).toBe('awaiting_payment');
    expect(r.payment.totalVnd).toBe(115_000);
  });
});

describe('VietQR for a payment', () => {
  it('needs the agency’s fee account, which only an administrator who manages the agency sets', async () => {
    const r = await awaitingPayment({});
    const none = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${r.id}/payment-qr`,
      headers: auth(tokens['ck.specialist']!),
    });
    expect(none.statusCode).toBe(409);
    expect(none.json().code).toBe('fees.bank_account_missing');

    const account = {
      bankBin: '970436',
      bankName: 'Vietcombank',
      accountNumber: '0071000888999',
      accountName: 'UBND PHUONG CAI KHE',
    };
    const other = await ctx.app.inject({
      method: 'PUT',
      url: `/api/agencies/${caiKhe}/bank-account`,
      headers: auth(communeAdmin),
      payload: account,
    });
    expect(other.statusCode).toBe(404);
    const bad = await ctx.app.inject({
      method: 'PUT',
      url: `/api/agencies/${caiKhe}/bank-account`,
      headers: auth(admin),
      payload: { ...account, bankBin: '9704' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toMatch(/bankBin/);
    const set = await ctx.app.inject({
      method: 'PUT',
      url: `/api/agencies/${caiKhe}/bank-account`,
      headers: auth(admin),
      payload: account,
    });
    expect(set.statusCode, set.body).toBe(200);
    const read = await ctx.app.inject({
      method: 'GET',
      url: `/api/agencies/${caiKhe}/bank-account`,
      headers: auth(admin),
    });
    expect(read.json()).toMatchObject(account);
  });

  it('encodes the amount, the account and the record code; the PNG decodes to the same payload', async () => {
    const r = await awaitingPayment({ quantities: [{ line: 1, quantity: 3 }] });
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${r.id}/payment-qr`,
      headers: auth(tokens['ck.specialist']!),
    });
    expect(res.statusCode, res.body).toBe(200);
    const qr = res.json();
    expect(qr).toMatchObject({ amountVnd: 145_000, reference: r.code, agencyId: caiKhe });
    expect(parseVietQr(qr.payload)).toEqual({
      initiation: 'dynamic',
      bin: '970436',
      account: '0071000888999',
      service: 'QRIBFTTA',
      amountVnd: 145_000,
      reference: r.code,
    });

    const png = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${r.id}/payment-qr.png`,
      headers: auth(tokens['ck.specialist']!),
    });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    const image = PNG.sync.read(png.rawPayload);
    const decoded = jsQR(
      new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
      image.width,
      image.height,
    );
    expect(decoded?.data).toBe(qr.payload);

    const svg = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${r.id}/payment-qr.svg`,
      headers: auth(tokens['ck.specialist']!),
    });
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toMatch(/^<svg/);
  });

  it('gives the citizen the same code with the tracking check, and nothing with a wrong one', async () => {
    const r = await awaitingPayment({});
    const official = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/records/${r.id}/payment-qr`,
        headers: auth(tokens['ck.specialist']!),
      })
    ).json();
    const mine = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${r.code}/payment-qr?check=5678`,
    });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().payload).toBe(official.payload);
    const tracked = (
      await ctx.app.inject({ method: 'GET', url: `/api/public/records/${r.code}?check=5678` })
    ).json();
    expect(tracked.payment).toMatchObject({ totalVnd: 115_000, confirmedAt: null });
    const wrong = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${r.code}/payment-qr.png?check=0000`,
    });
    expect(wrong.statusCode).toBe(404);
  });

  it('answers 409 fees.no_payment_due for a record that awaits no payment', async () => {
    const received = (await receive({})).json().record;
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${received.id}/payment-qr.png`,
      headers: auth(tokens['nk.reception']!),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('fees.no_payment_due');
  });
});

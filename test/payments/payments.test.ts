import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningFakePlatform,
  signBody,
  startFakePaymentPlatform,
} from '../../src/modules/payments/index.ts';
import { createTestContext, signInLandCorrectionOfficials, type TestContext } from '../support/context.ts';
import { TEST_NOW } from '../support/deps.ts';
import { pdfText } from '../support/pdf-tools.ts';
import { recordAwaitingPayment } from './support.ts';

/**
 * Payments (issue 18) through the API against the fake national payment platform (an HTTP server): the
 * citizen pays online and the record continues; refused callbacks are refused and logged; the e-receipt;
 * counter payments and refunds; bank transfers matched from the statement; the reports.
 */

const SECRET = 'test-payment-secret-0123456789abcdef012345';
let ctx: TestContext;
let fake: RunningFakePlatform;
let appUrl = '';
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
const auth = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });

beforeAll(async () => {
  fake = await startFakePaymentPlatform({
    secret: SECRET,
    callbackUrl: () => `${appUrl}/api/payments/callbacks`,
    now: TEST_NOW,
  });
  ctx = await createTestContext({ MOTCUA_PAYMENT_URL: fake.url, MOTCUA_PAYMENT_SECRET: SECRET });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  appUrl = `http://127.0.0.1:${(ctx.app.server.address() as { port: number }).port}`;
  await signInLandCorrectionOfficials(ctx, 'payments', tokens, users);
  tokens.monitor = await ctx.signIn(['monitor'], { username: 'payments.monitor' });
}, 180_000);
afterAll(async () => {
  await fake?.close();
  await ctx?.close();
});

const mine = (token: string) => ({ 'x-applicant-token': token });

async function callback(body: object, signature?: string) {
  const text = JSON.stringify(body);
  return await ctx.app.inject({
    method: 'POST',
    url: '/api/payments/callbacks',
    headers: {
      'content-type': 'application/json',
      'x-payment-signature': signature ?? signBody(SECRET, text),
    },
    payload: text,
  });
}

async function recordView(id: string) {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/records/${id}`,
    headers: auth('ck.specialist'),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('online payment', () => {
  let rec: Awaited<ReturnType<typeof recordAwaitingPayment>>;
  let payment: { id: string; redirectUrl: string; amountVnd: number };

  it('starts a payment of the amount due and sends the citizen to the platform; asking again returns it', async () => {
    rec = await recordAwaitingPayment(ctx, tokens, users, 'Nguyễn Thị Thanh Toán', 150_000);
    const due = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${rec.id}/payments`,
      headers: mine(rec.token),
    });
    expect(due.json()).toMatchObject({ awaitingPayment: true, amountDueVnd: 150_000, items: [] });
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${rec.id}/payments`,
      headers: mine(rec.token),
      payload: { channel: 'online' },
    });
    expect(res.statusCode, res.body).toBe(200);
    payment = res.json();
    expect(payment).toMatchObject({
      amountVnd: 150_000,
      currency: 'VND',
      state: 'pending',
      channel: 'online',
    });
    expect(payment.redirectUrl.startsWith(`${fake.url}/pay/`)).toBe(true);
    const again = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${rec.id}/payments`,
      headers: mine(rec.token),
      payload: { channel: 'online' },
    });
    expect(again.json().id).toBe(payment.id);
    // Someone else's token sees nothing.
    const other = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${rec.id}/payments`,
      headers: mine('x'.repeat(40)),
      payload: { channel: 'online' },
    });
    expect(other.statusCode).toBe(404);
  });

  it('refuses and logs forged, unknown, wrong-amount and wrong-currency callbacks, changing nothing', async () => {
    const p = fake.payments.get(payment.id)!;
    const good = {
      maSuKien: 'ev-forged',
      maGiaoDich: p.maGiaoDich,
      maThamChieu: payment.id,
      trangThai: 'THANH_CONG',
      soTien: 150_000,
      donViTienTe: 'VND',
      thoiGian: TEST_NOW.toISOString(),
    };
    const forged = await callback(good, signBody('not-the-secret', JSON.stringify(good)));
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'payment.bad_signature' });
    const unsigned = await ctx.app.inject({ method: 'POST', url: '/api/payments/callbacks', payload: good });
    expect(unsigned.statusCode).toBe(401);
    const unknown = await callback({
      ...good,
      maSuKien: 'ev-unknown',
      maThamChieu: '0190a0a0-0000-7000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'payment.unknown' });
    const otherTransaction = await callback({ ...good, maSuKien: 'ev-other', maGiaoDich: 'GD-NOT-OURS' });
    expect(otherTransaction.statusCode).toBe(404);
    const amount = await callback({ ...good, maSuKien: 'ev-amount', soTien: 1_000 });
    expect(amount.statusCode).toBe(422);
    expect(amount.json()).toMatchObject({ code: 'payment.amount_mismatch', title_en: expect.any(String) });
    const currency = await callback({ ...good, maSuKien: 'ev-currency', donViTienTe: 'USD' });
    expect(currency.statusCode).toBe(422);
    expect(currency.json()).toMatchObject({ code: 'payment.currency_mismatch' });
    const invalid = await callback({ ...good, maSuKien: 'ev-invalid', soTien: 'nhiều' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json()).toMatchObject({ code: 'request.invalid' });
    const logged = await ctx.database.db
      .selectFrom('paymentCallbacks')
      .select(['outcome', 'eventId'])
      .where('eventId', 'in', [
        'ev-forged',
        'ev-unknown',
        'ev-other',
        'ev-amount',
        'ev-currency',
        'ev-invalid',
      ])
      .execute();
    expect(logged.map((l) => l.outcome).sort()).toEqual([
      'bad_signature',
      'bad_signature',
      'invalid',
      'unknown_payment',
      'unknown_payment',
      'wrong_amount',
      'wrong_currency',
    ]);
    expect((await recordView(rec.id)).status).toBe('awaiting_payment');
  });

  it('takes the citizen’s payment on the platform’s page: the callback confirms the record once, which continues', async () => {
    const page = await fetch(payment.redirectUrl);
    expect(await page.text()).toContain('150.000');
    const paid = await fetch(`${payment.redirectUrl}?ketQua=THANH_CONG`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toContain(`/ho-so/${rec.id}`);
    const after = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${rec.id}/payments`,
      headers: mine(rec.token),
    });
    const [p] = after.json().items;
    expect(p).toMatchObject({
      id: payment.id,
      state: 'paid',
      receiptNumber: expect.stringMatching(/^BL2026-\d{6}$/),
    });
    expect(after.json().awaitingPayment).toBe(false);
    const record = await recordView(rec.id);
    expect(record.status).toBe('in_process');
    // The same callback again (a duplicate, late) changes nothing.
    const final = fake.sent.filter(
      (s) => s.body.maThamChieu === payment.id && s.body.trangThai === 'THANH_CONG',
    );
    const dup = await callback(final[0]!.body);
    expect(dup.json()).toMatchObject({ outcome: 'duplicate', state: 'paid', receiptNumber: p.receiptNumber });
    const events = await ctx.database.db
      .selectFrom('recordEvents')
      .select('payload')
      .where('recordId', '=', rec.id)
      .where('type', '=', 'payment_confirmed')
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]!.payload)).toContain('online_portal');
    // Checking by query after the callback settled it answers the same.
    const check = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${rec.id}/payments/${payment.id}/check`,
      headers: mine(rec.token),
    });
    expect(check.json()).toMatchObject({ state: 'paid', receiptNumber: p.receiptNumber });
  });

  it('gives the e-receipt as a PDF in Vietnamese to the citizen and to officials', async () => {
    const citizen = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${rec.id}/payments/${payment.id}/receipt.pdf`,
      headers: mine(rec.token),
    });
    expect(citizen.statusCode).toBe(200);
    expect(citizen.headers['content-type']).toBe('application/pdf');
    const text = pdfText(citizen.rawPayload);
    expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(text).toContain('Nguyễn Thị Thanh Toán');
    expect(text).toContain('Một trăm năm mươi nghìn đồng');
    expect(text).toContain(rec.code);
    const official = await ctx.app.inject({
      method: 'GET',
      url: `/api/payments/${payment.id}/receipt.pdf`,
      headers: auth('nk.reception'),
    });
    expect(official.statusCode).toBe(200);
    expect(Buffer.compare(official.rawPayload, citizen.rawPayload)).toBe(0);
  });

  it("answers 404 payment.not_found for a payment of another record, even to that record's applicant", async () => {
    const other = await recordAwaitingPayment(ctx, tokens, users, 'Trần Văn Khác', 20_000);
    for (const [method, tail] of [
      ['GET', 'receipt.pdf'],
      ['POST', 'check'],
    ] as const) {
      const res = await ctx.app.inject({
        method,
        url: `/api/public/records/${other.id}/payments/${payment.id}/${tail}`,
        headers: mine(other.token),
      });
      expect([res.statusCode, res.json().code]).toEqual([404, 'payment.not_found']);
    }
  });

  it('answers 503 when the platform does not answer, and the retry makes one payment there', async () => {
    const r = await recordAwaitingPayment(ctx, tokens, users, 'Lê Văn Chờ', 50_000);
    fake.faults.failNext('lost');
    const first = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${r.id}/payments`,
      headers: mine(r.token),
      payload: { channel: 'online' },
    });
    expect(first.statusCode).toBe(503);
    expect(first.json()).toMatchObject({ code: 'payment.platform_unavailable' });
    const retry = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${r.id}/payments`,
      headers: mine(r.token),
      payload: { channel: 'online' },
    });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(fake.payments.get(retry.json().id)?.requests).toBe(2);
    await fake.pay(retry.json().id, 'failure');
    const failed = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${r.id}/payments`,
      headers: auth('nk.reception'),
    });
    expect(failed.json().items[0]).toMatchObject({ state: 'failed', receiptNumber: null });
    expect((await recordView(r.id)).status).toBe('awaiting_payment');
  });
});

describe('an expired attempt', () => {
  it('is settled as expired by asking the platform when the citizen starts again, and a new attempt begins', async () => {
    const r = await recordAwaitingPayment(ctx, tokens, users, 'Hồ Văn Hết Hạn', 60_000);
    const start = () =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/public/records/${r.id}/payments`,
        headers: mine(r.token),
        payload: { channel: 'online' },
      });
    const first = (await start()).json();
    ctx.deps.clock.advance(31 * 60_000);
    await fetch(`${fake.url}/_fake/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: ctx.deps.clock.now().toISOString() }),
    });
    const second = await start();
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().id).not.toBe(first.id);
    expect(second.json().state).toBe('pending');
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${r.id}/payments`,
      headers: mine(r.token),
    });
    const states = Object.fromEntries(
      list.json().items.map((p: { id: string; state: string }) => [p.id, p.state]),
    );
    expect(states[first.id]).toBe('expired');
    // The platform no longer takes the expired one.
    expect(await (await fetch(first.redirectUrl)).text()).toContain('HET_HAN');
  });
});

describe('counter payments and refunds', () => {
  it('records cash with the receipt number, confirms the record, and refunds with a reason once (audited)', async () => {
    const r = await recordAwaitingPayment(ctx, tokens, users, 'Phạm Văn Tiền Mặt', 70_000);
    const claim = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${r.id}/confirm-payment`,
      headers: auth('nk.reception'),
      payload: { version: r.version, paidVia: 'online_portal' },
    });
    expect(claim.statusCode).toBe(403);
    expect(claim.json().params).toMatchObject({ reason: 'online_payment_by_platform_only' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${r.id}/payments/counter`,
      headers: auth('nk.reception'),
      payload: { channel: 'cash', receiptNumber: 'BL-QUAY-0007' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      channel: 'cash',
      state: 'paid',
      counterReceipt: 'BL-QUAY-0007',
      amountVnd: 70_000,
    });
    expect((await recordView(r.id)).status).toBe('in_process');
    const again = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${r.id}/payments/counter`,
      headers: auth('nk.reception'),
      payload: { channel: 'card', receiptNumber: 'BL-QUAY-0008' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'payment.not_awaiting' });
    const noReason = await ctx.app.inject({
      method: 'POST',
      url: `/api/payments/${res.json().id}/refund`,
      headers: auth('ck.leader'),
      payload: { reason: '' },
    });
    expect(noReason.statusCode).toBe(422);
    expect(JSON.stringify(noReason.json().errors)).toContain('reason');
    const refund = await ctx.app.inject({
      method: 'POST',
      url: `/api/payments/${res.json().id}/refund`,
      headers: auth('ck.leader'),
      payload: { reason: 'Nộp thừa do tính sai lệ phí' },
    });
    expect(refund.statusCode, refund.body).toBe(200);
    expect(refund.json()).toMatchObject({
      refundReason: 'Nộp thừa do tính sai lệ phí',
      refundedAt: expect.any(String),
    });
    const twice = await ctx.app.inject({
      method: 'POST',
      url: `/api/payments/${res.json().id}/refund`,
      headers: auth('ck.leader'),
      payload: { reason: 'Nộp thừa do tính sai lệ phí' },
    });
    expect(twice.json()).toMatchObject({ code: 'payment.already_refunded' });
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', r.id)
      .where('action', 'like', 'payment.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['payment.paid', 'payment.refunded']);
    const specialistRefund = await ctx.app.inject({
      method: 'POST',
      url: `/api/payments/${res.json().id}/refund`,
      headers: auth('ck.specialist'),
      payload: { reason: 'Thử hoàn trả khi không có quyền' },
    });
    expect(specialistRefund.statusCode).toBe(403);
  });
});

describe('bank transfers', () => {
  it('matches a transfer carrying the record code (rewritten by the bank) once; another amount is left for an official', async () => {
    const r = await recordAwaitingPayment(ctx, tokens, users, 'Trần Chuyển Khoản', 120_000);
    const start = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${r.id}/payments`,
      headers: mine(r.token),
      payload: { channel: 'transfer' },
    });
    expect(start.json()).toMatchObject({ state: 'pending', transferReference: `MOTCUA ${r.code}` });
    const wrong = await recordAwaitingPayment(ctx, tokens, users, 'Võ Thiếu Tiền', 90_000);
    const bankStyle = (code: string) => `TRAN CHUYEN KHOAN CK MOTCUA ${code.replace(/[.-]/g, '')}`;
    fake.transfer({ amountVnd: 120_000, reference: bankStyle(r.code), at: TEST_NOW.toISOString() });
    fake.transfer({ amountVnd: 9_000, reference: bankStyle(wrong.code), at: TEST_NOW.toISOString() });
    fake.transfer({ amountVnd: 5_000, reference: 'CHUYEN TIEN AN TRUA', at: TEST_NOW.toISOString() });
    const imported = await ctx.app.inject({
      method: 'POST',
      url: '/api/payments/transfers/import',
      headers: auth('monitor'),
      payload: { date: '2026-03-02' },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ matched: 1, alreadyImported: 0 });
    expect(
      imported
        .json()
        .unmatched.map((u: { outcome: string }) => u.outcome)
        .sort(),
    ).toEqual(['no_record', 'wrong_amount']);
    expect((await recordView(r.id)).status).toBe('in_process');
    expect((await recordView(wrong.id)).status).toBe('awaiting_payment');
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${r.id}/payments`,
      headers: auth('nk.reception'),
    });
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({ id: start.json().id, channel: 'transfer', state: 'paid' });
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/payments/transfers/import',
      headers: auth('monitor'),
      payload: { date: '2026-03-02' },
    });
    expect(again.json()).toMatchObject({ matched: 0, alreadyImported: 3 });
  });
});

describe('reports', () => {
  it('reconciles the day with no differences, and counts fees by channel and in the register', async () => {
    const run = await ctx.app.inject({
      method: 'POST',
      url: '/api/payments/reconcile',
      headers: auth('monitor'),
      payload: { date: '2026-03-02' },
    });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ providerRows: 1, localRows: 1, matched: 1, differences: [] });
    const byChannel = await ctx.app.inject({
      method: 'GET',
      url: '/api/reports/payments?from=2026-03-01&to=2026-03-31&groupBy=channel',
      headers: auth('monitor'),
    });
    expect(byChannel.statusCode, byChannel.body).toBe(200);
    const rows = Object.fromEntries(byChannel.json().rows.map((r: { key: string }) => [r.key, r]));
    expect(rows.online).toMatchObject({ payments: 1, collectedVnd: 150_000, netVnd: 150_000 });
    expect(rows.cash).toMatchObject({ payments: 1, collectedVnd: 70_000, refundedVnd: 70_000, netVnd: 0 });
    expect(rows.transfer).toMatchObject({ payments: 1, collectedVnd: 120_000 });
    expect(byChannel.json().total).toMatchObject({ payments: 3, collectedVnd: 340_000, netVnd: 270_000 });
    const xlsx = await ctx.app.inject({
      method: 'GET',
      url: '/api/reports/payments/register.xlsx?from=2026-03-01&to=2026-03-31',
      headers: auth('monitor'),
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['x-payment-count']).toBe('3');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Sổ theo dõi thu phí')!;
    const cells = ws.getSheetValues().flat().map(String);
    expect(cells).toContain('Tiền mặt tại Bộ phận Một cửa');
    expect(cells).toContain('340000');
  });

  it('scores Decision 766 indicator 3.5 from procedures whose fees were paid through the platform', async () => {
    const index = async () => {
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/reports/index766?from=2026-03-01&to=2026-03-31',
        headers: auth('monitor'),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().counts.procedures as { withFees: number; withFeesOnlinePayment: number };
    };
    // The land-correction procedure's catalogue entry names no fee: its online payment does not count…
    expect((await index()).withFeesOnlinePayment).toBe(0);
    // …once the catalogue gives it a fee line, the payment made through the platform makes it count.
    await sql`update procedure_versions pv set data = jsonb_set(pv.data, '{fees}', '[{"name":"Lệ phí","amountVnd":150000}]')
      from procedures p where p.current_version_id = pv.id and p.code = '1.012796'`.execute(ctx.database.db);
    const after = await index();
    expect(after.withFeesOnlinePayment).toBe(1);
    expect(after.withFees).toBeGreaterThanOrEqual(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEV_SSO_CLIENT,
  IDP_DEMO_PASSWORD,
  type SpawnedIdentityProvider,
  spawnIdentityProvider,
} from '../../src/modules/identity/provider/index.ts';
import {
  notifySubscriber,
  sendSubscriber,
  smtpAdapter,
  startLocalSmtp,
} from '../../src/modules/notify/index.ts';
import type { RunningSmtp } from '../../src/modules/notify/providers/local-smtp.ts';
import { type RunningFakePlatform, startFakePaymentPlatform } from '../../src/modules/payments/index.ts';
import { createDispatcher, registerSubscriptions } from '../../src/platform/jobs/outbox.ts';
import { AN, BICH, citizenCallback, paymentRequestedFor, startCitizen } from '../identity/citizen-support.ts';
import { freePort, IdpBrowser, setCookies } from '../identity/sso-support.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import { pdfText } from '../support/pdf-tools.ts';
import { recordAwaitingPayment } from './support.ts';

/**
 * Paying without the submission's token (issue 18, issue 17 item 2): by the tracking check on /tra-cuu (the
 * citizen followed the e-mail's link on another device) and signed in with e-ID on "Hồ sơ của tôi", against
 * the fake national payment platform (an HTTP server) and the development VNeID provider (its own process);
 * the citizen's messages with their delivery state, through the local SMTP server.
 */

const SECRET = 'test-owner-payment-secret-0123456789abcdef';
let ctx: TestContext;
let fake: RunningFakePlatform;
let idp: SpawnedIdentityProvider;
let smtp: RunningSmtp;
let base = '';
let dispatchAll: () => Promise<void>;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  fake = await startFakePaymentPlatform({ secret: SECRET, callbackUrl: `${base}/api/payments/callbacks` });
  idp = await spawnIdentityProvider({ port: 0, motcuaUrl: base, ...DEV_SSO_CLIENT });
  smtp = await startLocalSmtp();
  ctx = await createTestContext({
    MOTCUA_PAYMENT_URL: fake.url,
    MOTCUA_PAYMENT_SECRET: SECRET,
    MOTCUA_PAYMENT_RETURN_URL: base,
    MOTCUA_VNEID_ISSUER: idp.vneidIssuer,
    MOTCUA_VNEID_CLIENT_ID: DEV_SSO_CLIENT.clientId,
    MOTCUA_VNEID_CLIENT_SECRET: DEV_SSO_CLIENT.clientSecret,
    MOTCUA_SSO_REDIRECT_BASE: base,
    SESSION_TTL_HOURS: '720',
  });
  // The platform's callbacks and payments run on the real time.
  ctx.deps.clock.set(new Date());
  await ctx.app.listen({ host: '127.0.0.1', port });
  await signInLandCorrectionOfficials(ctx, 'owner-pay', tokens, users);
  const { db } = ctx.database;
  const clock = ctx.deps.clock;
  const subscribers = [
    notifySubscriber({ db, clock, publicUrl: base }),
    sendSubscriber({
      db,
      clock,
      port: smtpAdapter({ url: smtp.url, from: 'Motcua <motcua@motcua.test>', timeoutMs: 15_000 }),
    }),
  ];
  await registerSubscriptions(db, subscribers, clock.now());
  const dispatcher = createDispatcher({ db, clock, logger: ctx.deps.logger, subscribers });
  dispatchAll = async () => {
    for (const s of subscribers) await dispatcher.runSubscriber(s.name);
  };
}, 180_000);
afterAll(async () => {
  await ctx?.close();
  await fake?.close();
  await smtp?.close();
  await idp?.close();
});

/** Pays an online attempt on the platform's page as the citizen would; answers where it sends them back. */
async function payOnPlatform(redirectUrl: string): Promise<string> {
  const paid = await fetch(`${redirectUrl}?ketQua=THANH_CONG`, { method: 'POST', redirect: 'manual' });
  expect(paid.status).toBe(303);
  return paid.headers.get('location') ?? '';
}

async function paidPayments(recordId: string) {
  return await ctx.database.db
    .selectFrom('payments')
    .select(['id', 'state'])
    .where('recordId', '=', recordId)
    .where('state', '=', 'paid')
    .execute();
}

describe('paying from the tracking page, by the tracking check', () => {
  let rec: Awaited<ReturnType<typeof recordAwaitingPayment>>;
  const url = (check: string, tail = '') =>
    `/api/public/records/${encodeURIComponent(rec.code)}/tracked-payments${tail}?check=${check}`;

  beforeAll(async () => {
    // The phone is 0912 000 456: the check is 0456.
    rec = await recordAwaitingPayment(ctx, tokens, users, 'Lâm Thị Tra Cứu', 120_000);
  });

  it('answers a wrong check or an unknown code with the same 404 as tracking, a malformed check 422', async () => {
    const tracking = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${encodeURIComponent(rec.code)}?check=9999`,
    });
    expect(tracking.statusCode).toBe(404);
    for (const [method, u] of [
      ['GET', url('9999')],
      ['POST', url('9999')],
      ['GET', `/api/public/records/ZZZZ-ZZZZ-ZZZZZ/tracked-payments?check=0456`],
    ] as const) {
      const res = await ctx.app.inject({
        method,
        url: u,
        payload: method === 'POST' ? { channel: 'online' } : undefined,
      });
      expect(res.statusCode, u).toBe(404);
      expect(res.json()).toMatchObject({ code: 'record.not_found', title_en: expect.any(String) });
      expect(res.body).not.toContain('Lâm Thị Tra Cứu');
    }
    const malformed = await ctx.app.inject({ method: 'GET', url: url('45a6') });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().code).toBe('request.invalid');
    const badChannel = await ctx.app.inject({
      method: 'POST',
      url: url('0456'),
      payload: { channel: 'cash' },
    });
    expect(badChannel.statusCode).toBe(422);
    expect(
      await ctx.database.db.selectFrom('payments').select('id').where('recordId', '=', rec.id).execute(),
    ).toEqual([]);
  });

  it('pays online once: asking twice gives one attempt, paying again is refused, one e-receipt', async () => {
    const due = await ctx.app.inject({ method: 'GET', url: url('0456') });
    expect(due.statusCode, due.body).toBe(200);
    expect(due.json()).toMatchObject({ awaitingPayment: true, amountDueVnd: 120_000, items: [] });
    const first = await ctx.app.inject({ method: 'POST', url: url('0456'), payload: { channel: 'online' } });
    expect(first.statusCode, first.body).toBe(200);
    const again = await ctx.app.inject({ method: 'POST', url: url('0456'), payload: { channel: 'online' } });
    expect(again.json().id).toBe(first.json().id);
    expect(first.json()).toMatchObject({ state: 'pending', amountVnd: 120_000, channel: 'online' });
    const back = await payOnPlatform(first.json().redirectUrl);
    expect(back).toBe(`${base}/tra-cuu?code=${encodeURIComponent(rec.code)}&thanhToan=THANH_CONG`);
    // Back on the tracking page: asking the platform settles it if its callback has not arrived yet.
    const checked = await ctx.app.inject({
      method: 'POST',
      url: url('0456', `/${first.json().id}/check`),
    });
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({
      state: 'paid',
      receiptNumber: expect.stringMatching(/^BL\d{4}-\d{6}$/),
    });
    const paidTwice = await ctx.app.inject({
      method: 'POST',
      url: url('0456'),
      payload: { channel: 'online' },
    });
    expect(paidTwice.statusCode).toBe(409);
    expect(paidTwice.json().code).toBe('payment.not_awaiting');
    expect(await paidPayments(rec.id)).toHaveLength(1);
    const after = await ctx.app.inject({ method: 'GET', url: url('0456') });
    expect(after.json()).toMatchObject({ awaitingPayment: false, amountDueVnd: null });
    const receipt = await ctx.app.inject({
      method: 'GET',
      url: url('0456', `/${first.json().id}/receipt.pdf`),
    });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    const text = pdfText(receipt.rawPayload);
    expect(text).toContain('120.000');
    expect(text).toContain(rec.code);
    // A wrong check gets no receipt.
    const wrong = await ctx.app.inject({
      method: 'GET',
      url: url('1111', `/${first.json().id}/receipt.pdf`),
    });
    expect(wrong.statusCode).toBe(404);
    const record = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${rec.id}`,
      headers: { authorization: `Bearer ${tokens['ck.specialist']}` },
    });
    expect(record.json().status).toBe('in_process');
  });
});

describe('Hồ sơ của tôi: payments and messages of my records (e-ID)', () => {
  let an: string;
  let bich: string;
  let rec: { id: string };
  const as = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.app.inject({ method, url, payload, cookies: { motcua_citizen: cookie } });

  async function citizenSignIn(personalId: string) {
    const { location, stateCookie } = await startCitizen(ctx.app);
    const back = await new IdpBrowser().follow(location, base, {
      login: personalId,
      password: IDP_DEMO_PASSWORD,
    });
    const res = await citizenCallback(ctx.app, back, stateCookie);
    return setCookies(res).motcua_citizen!;
  }

  beforeAll(async () => {
    const procedure = await landCorrectionProcedure(ctx);
    rec = await paymentRequestedFor(ctx, tokens, users, procedure, {
      ...AN,
      email: 'nguyen.van.an@example.vn',
      notifyBy: ['email'],
    });
    await dispatchAll();
    // The competent agency's account, which the VietQR code names.
    tokens.admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'admin.owner-pay' });
    const caiKhe = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31120-ubnd')
      .executeTakeFirstOrThrow();
    const account = await ctx.app.inject({
      method: 'PUT',
      url: `/api/agencies/${caiKhe.id}/bank-account`,
      headers: { authorization: `Bearer ${tokens.admin}` },
      payload: {
        bankBin: '970436',
        bankName: 'Vietcombank',
        accountNumber: '0071000888999',
        accountName: 'UBND PHUONG CAI KHE',
      },
    });
    expect(account.statusCode, account.body).toBe(200);
    an = await citizenSignIn(AN.personalId);
    bich = await citizenSignIn(BICH.personalId);
  });

  it('shows another citizen nothing: 404 on every payment and message route, 401 without a session', async () => {
    const urls = [
      ['GET', `/api/citizen/records/${rec.id}/payments`],
      ['POST', `/api/citizen/records/${rec.id}/payments`],
      ['GET', `/api/citizen/records/${rec.id}/messages`],
    ] as const;
    for (const [method, url] of urls) {
      const res = await as(bich, method, url, method === 'POST' ? { channel: 'online' } : undefined);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('record.not_found');
      expect(res.body).not.toContain('nguyen.van.an');
      const anonymous = await ctx.app.inject({
        method,
        url,
        payload: method === 'POST' ? { channel: 'online' } : undefined,
      });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.json().code).toBe('citizen.unauthenticated');
    }
    expect(
      await ctx.database.db.selectFrom('payments').select('id').where('recordId', '=', rec.id).execute(),
    ).toEqual([]);
  });

  it('lists the messages sent to me with their delivery state, without the providers’ errors', async () => {
    const res = await as(an, 'GET', `/api/citizen/records/${rec.id}/messages`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { kind: string; status: string; recipient: string; steps: object[] }[];
    expect(items.map((m) => m.kind)).toEqual(expect.arrayContaining(['record_received', 'payment_due']));
    for (const m of items) {
      expect(m.recipient).toBe('nguyen.van.an@example.vn');
      expect(m.status).toBe('sent');
      expect(m.steps.length).toBeGreaterThan(0);
      expect(m).not.toHaveProperty('lastError');
    }
    expect(smtp.mailbox.filter((m) => m.to.includes('nguyen.van.an@example.vn')).length).toBe(items.length);
  });

  it('shows me the VietQR code of the amount due; another citizen gets 404', async () => {
    const qr = await as(an, 'GET', `/api/citizen/records/${rec.id}/payment-qr.png`);
    expect(qr.statusCode, qr.body).toBe(200);
    expect(qr.headers['content-type']).toBe('image/png');
    expect(qr.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
    const other = await as(bich, 'GET', `/api/citizen/records/${rec.id}/payment-qr.png`);
    expect(other.statusCode).toBe(404);
  });

  it('pays my record online and downloads the e-receipt; paying again is refused', async () => {
    const due = await as(an, 'GET', `/api/citizen/records/${rec.id}/payments`);
    expect(due.statusCode, due.body).toBe(200);
    expect(due.json()).toMatchObject({ awaitingPayment: true, amountDueVnd: 50_000 });
    const started = await as(an, 'POST', `/api/citizen/records/${rec.id}/payments`, { channel: 'online' });
    expect(started.statusCode, started.body).toBe(200);
    const back = await payOnPlatform(started.json().redirectUrl);
    expect(back).toBe(`${base}/ho-so-cua-toi/${rec.id}?thanhToan=THANH_CONG`);
    const checked = await as(
      an,
      'POST',
      `/api/citizen/records/${rec.id}/payments/${started.json().id}/check`,
    );
    expect(checked.json()).toMatchObject({ state: 'paid' });
    const otherReceipt = await as(
      bich,
      'GET',
      `/api/citizen/records/${rec.id}/payments/${started.json().id}/receipt.pdf`,
    );
    expect(otherReceipt.statusCode).toBe(404);
    const receipt = await as(
      an,
      'GET',
      `/api/citizen/records/${rec.id}/payments/${started.json().id}/receipt.pdf`,
    );
    expect(receipt.statusCode).toBe(200);
    expect(pdfText(receipt.rawPayload)).toContain(AN.fullName);
    const again = await as(an, 'POST', `/api/citizen/records/${rec.id}/payments`, { channel: 'online' });
    expect(again.statusCode).toBe(409);
    expect(await paidPayments(rec.id)).toHaveLength(1);
  });
});

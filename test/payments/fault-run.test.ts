import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedFakePlatform, spawnFakePaymentPlatform } from '../../src/modules/payments/index.ts';
import { createTestContext, signInLandCorrectionOfficials, type TestContext } from '../support/context.ts';
import { TEST_NOW } from '../support/deps.ts';
import { recordAwaitingPayment } from './support.ts';

/**
 * The fault run of issue 18: the fake national payment platform runs as its own process (`motcua
 * fake-payment`), switched through its HTTP control into duplicate, late, reordered, forged, wrong-amount and
 * lost callbacks and a timeout of the create call. Every payment must end exactly once in the right state,
 * the reconciliation must report no difference, and no payment gets two receipts.
 */

const SECRET = 'fault-run-payment-secret-0123456789abcdef01';
let ctx: TestContext;
let fake: SpawnedFakePlatform;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
const auth = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });

async function control(path: string, body: unknown = {}) {
  const res = await fetch(`${fake.url}/_fake/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return await res.json();
}

beforeAll(async () => {
  fake = await spawnFakePaymentPlatform({ secret: SECRET, callbackUrl: 'http://127.0.0.1:9/nowhere' });
  // A short client time limit: the timeout fault never answers, so the call must give up.
  ctx = await createTestContext({
    MOTCUA_PAYMENT_URL: fake.url,
    MOTCUA_PAYMENT_SECRET: SECRET,
    MOTCUA_PAYMENT_TIMEOUT_MS: '3000',
  });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (ctx.app.server.address() as { port: number }).port;
  await control('callback-url', { url: `http://127.0.0.1:${port}/api/payments/callbacks` });
  await control('clock', { now: TEST_NOW.toISOString() });
  await signInLandCorrectionOfficials(ctx, 'payfault', tokens, users);
  tokens.monitor = await ctx.signIn(['monitor'], { username: 'payfault.monitor' });
}, 180_000);
afterAll(async () => {
  await fake?.close();
  await ctx?.close();
});

type Outcome = 'success' | 'failure' | 'abandon';
const PLAN: Outcome[] = [
  'success',
  'success',
  'success',
  'success',
  'success',
  'success',
  'success',
  'success',
  'failure',
  'abandon',
];

describe('fault run of the payment platform', () => {
  it('ends every payment exactly once in the right state, with one receipt each and no reconciliation difference', async () => {
    const records: Awaited<ReturnType<typeof recordAwaitingPayment>>[] = [];
    for (const [i] of PLAN.entries()) {
      records.push(
        await recordAwaitingPayment(ctx, tokens, users, `Người Nộp Số ${i + 1}`, 100_000 + i * 1_000),
      );
    }
    // The first create call times out; callbacks: one fault per payment, in order (late held until a flush).
    await control('faults', { next: ['timeout'] });
    await control('callback-faults', {
      next: [
        'duplicate',
        'late',
        'reorder',
        'forged',
        'wrong_amount',
        'lost',
        'duplicate',
        'reorder',
        'late',
      ],
      lateMs: 600_000,
    });
    const payments: string[] = [];
    for (const r of records) {
      const start = () =>
        ctx.app.inject({
          method: 'POST',
          url: `/api/public/records/${r.id}/payments`,
          headers: { 'x-applicant-token': r.token },
          payload: { channel: 'online' },
        });
      let res = await start();
      if (res.statusCode === 503) {
        expect(res.json().code).toBe('payment.platform_unavailable');
        res = await start(); // the citizen tries again: the same attempt
      }
      expect(res.statusCode, res.body).toBe(200);
      payments.push(res.json().id);
    }
    expect(new Set(payments).size).toBe(PLAN.length);
    for (const [i, outcome] of PLAN.entries()) {
      if (outcome === 'abandon') continue;
      expect((await control('pay', { reference: payments[i], result: outcome })).outcome).toBe('done');
    }
    // The held callbacks arrive late; one settled payment's final callback is sent once more, later still.
    await control('flush');
    await fetch(`${fake.url}/_fake/resend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference: payments[0] }),
    });
    // Half an hour later the abandoned attempt has expired at the platform; the reconciliation asks about
    // every pending payment first (the lost callback) and then compares the day's statement.
    ctx.deps.clock.advance(31 * 60_000);
    await control('clock', { now: ctx.deps.clock.now().toISOString() });
    const run = await ctx.app.inject({
      method: 'POST',
      url: '/api/payments/reconcile',
      headers: auth('monitor'),
      payload: { date: '2026-03-02' },
    });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ providerRows: 8, localRows: 8, matched: 8, differences: [] });
    expect(run.json().settled).toBeGreaterThanOrEqual(2); // the lost callback's payment and the expired one

    const rows = await ctx.database.db
      .selectFrom('payments')
      .select(['id', 'recordId', 'state', 'receiptNumber', 'recordConfirmedAt'])
      .where('id', 'in', payments)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const expected = { success: 'paid', failure: 'failed', abandon: 'expired' } as const;
    for (const [i, outcome] of PLAN.entries()) {
      const p = byId.get(payments[i]!)!;
      expect(p.state, `payment ${i + 1}`).toBe(expected[outcome]);
      expect(p.receiptNumber !== null, `payment ${i + 1} receipt`).toBe(outcome === 'success');
      expect(p.recordConfirmedAt !== null).toBe(outcome === 'success');
    }
    const receipts = rows.map((r) => r.receiptNumber).filter(Boolean);
    expect(new Set(receipts).size).toBe(8);
    // Each paid record's payment confirmed once, and it continues; the others still await payment.
    const confirmations = await ctx.database.db
      .selectFrom('recordEvents')
      .select(['recordId'])
      .where('type', '=', 'payment_confirmed')
      .where(
        'recordId',
        'in',
        records.map((r) => r.id),
      )
      .execute();
    expect(confirmations).toHaveLength(8);
    expect(new Set(confirmations.map((c) => c.recordId)).size).toBe(8);
    const statuses = await ctx.database.db
      .selectFrom('records')
      .select(['id', 'status'])
      .where(
        'id',
        'in',
        records.map((r) => r.id),
      )
      .execute();
    const statusOf = new Map(statuses.map((s) => [s.id, s.status]));
    for (const [i, outcome] of PLAN.entries()) {
      expect(statusOf.get(records[i]!.id)).toBe(outcome === 'success' ? 'in_process' : 'awaiting_payment');
    }
    // What the faults did, as Motcua logged it.
    const log = await ctx.database.db.selectFrom('paymentCallbacks').select('outcome').execute();
    const seen = new Set(log.map((l) => l.outcome));
    for (const o of ['applied', 'duplicate', 'superseded', 'bad_signature', 'wrong_amount'] as const) {
      expect(seen.has(o), o).toBe(true);
    }
    const fakeLog = await (await fetch(`${fake.url}/_fake/log`)).json();
    expect(fakeLog.struck).toMatchObject({
      duplicate: 2,
      late: 2,
      reorder: 2,
      forged: 1,
      wrong_amount: 1,
      lost: 1,
    });

    // The failed payment's citizen tries again and pays: a new attempt, the record continues.
    const failed = records[8]!;
    const retry = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${failed.id}/payments`,
      headers: { 'x-applicant-token': failed.token },
      payload: { channel: 'online' },
    });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json().id).not.toBe(payments[8]);
    expect((await control('pay', { reference: retry.json().id, result: 'success' })).outcome).toBe('done');
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/payments/reconcile',
      headers: auth('monitor'),
      payload: { date: '2026-03-02' },
    });
    expect(again.json()).toMatchObject({ providerRows: 9, matched: 9, differences: [] });
  });
});

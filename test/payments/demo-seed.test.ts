import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVietQr } from '../../src/core/payments/vietqr.ts';
import { type RunningFakePlatform, startFakePaymentPlatform } from '../../src/modules/payments/index.ts';
import {
  DEMO_BANK,
  DEMO_DELEGATION,
  DEMO_PASSWORD,
  demoAccountNumber,
  seedDemoAccounts,
} from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * The README's fee journey with the demo accounts as the demo seed makes them (docs/FEES.md, PAYMENTS.md,
 * OFFICIALS.md): `tiepnhan.ninhkieu` receives a temporary-residence record (1.004194, its fee from the
 * published catalogue, no administrator's lines) for the demo citizen Nguyễn Văn An; the fee is computed;
 * `chuyenvien.congan.ninhkieu` asks for it; the VietQR code names the police's demo account; the transfer
 * is matched from the statement; and the same specialist approves for `lanhdao.congan.ninhkieu` under the
 * demo delegation, recorded as on the leader's behalf.
 */

const SECRET = 'demo-seed-payment-secret-0123456789abcdef';
let ctx: TestContext;
let fake: RunningFakePlatform;

async function signIn(username: string) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  expect(res.statusCode, username).toBe(200);
  const token = res.json().token as string;
  const me = (
    await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    })
  ).json() as { userId: string; agencyId: string };
  return { token, ...me };
}

async function post(who: { token: string }, url: string, payload: object) {
  const res = await ctx.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${who.token}` },
    payload,
  });
  expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

beforeAll(async () => {
  fake = await startFakePaymentPlatform({ secret: SECRET, callbackUrl: 'http://127.0.0.1:9/unused' });
  ctx = await createTestContext({ MOTCUA_PAYMENT_URL: fake.url, MOTCUA_PAYMENT_SECRET: SECRET });
  ctx.deps.clock.set(new Date());
  await seedDemoAccounts(ctx.deps);
});
afterAll(async () => {
  await ctx?.close();
  await fake?.close();
});

describe('the demo seed’s fees, accounts and delegation', () => {
  it('gives each demo official’s agency a demo fee account that is not a real account number', async () => {
    const rows = await ctx.database.db
      .selectFrom('agencyBankAccounts')
      .innerJoin('agencies', 'agencies.id', 'agencyBankAccounts.agencyId')
      .select([
        'agencies.name',
        'agencies.code',
        'agencyBankAccounts.accountNumber',
        'agencyBankAccounts.bankBin',
      ])
      .execute();
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'Công an phường Ninh Kiều',
        'Ủy ban nhân dân phường Ninh Kiều',
        'Ủy ban nhân dân phường Cái Khế',
      ]),
    );
    for (const r of rows) {
      expect(r.accountNumber).toBe(demoAccountNumber(r.code));
      expect(r.accountNumber).toMatch(/^DEMO/);
      expect(r.bankBin).toBe(DEMO_BANK.bankBin);
    }
    const audited = await ctx.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'agency.bank_account_set')
      .execute();
    expect(audited).toHaveLength(rows.length);
  });

  it('takes a demo citizen’s counter record with its catalogue fee to paid by VietQR, approved by the delegate', async () => {
    const reception = await signIn('tiepnhan.ninhkieu');
    const specialist = await signIn(DEMO_DELEGATION.to);
    const leader = await signIn(DEMO_DELEGATION.from);
    const admin = await signIn('quantri');
    const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.004194' })).json();
    const fees = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.004194/fees' })).json();
    expect(fees.source).toBe('catalogue');

    let record = (
      await post(reception, '/api/records', {
        type: 'receive',
        checklist: (p.details.documents as { name: string }[])
          .slice(0, 1)
          .map((d) => ({ document: d.name, provided: true })),
        opening: {
          procedureVersionId: p.versionId,
          channel: 'in_person',
          applicant: {
            kind: 'citizen',
            fullName: 'Nguyễn Văn An',
            personalId: '092085001234',
            phone: '0912 345 678',
          },
          routing: { residenceUnitCode: '31135' },
        },
      })
    ).record;
    const view = async () =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/records/${record.id}`,
          headers: { authorization: `Bearer ${specialist.token}` },
        })
      ).json();
    expect(record.fees).toMatchObject({ totalVnd: 10_000, source: 'catalogue', channel: 'in_person' });

    record = (
      await post(reception, `/api/records/${record.id}/forward`, {
        version: record.version,
        assigneeId: specialist.userId,
      })
    ).record;
    record = (
      await post(specialist, `/api/records/${record.id}/request-payment`, { version: record.version })
    ).record;
    expect(record.status).toBe('awaiting_payment');

    // The VietQR transfer names the deciding police's demo account and the record code.
    const qr = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${record.id}/payment-qr`,
      headers: { authorization: `Bearer ${specialist.token}` },
    });
    expect(qr.statusCode, qr.body).toBe(200);
    const decoded = parseVietQr(qr.json().payload);
    expect(decoded).toMatchObject({ bin: DEMO_BANK.bankBin, amountVnd: 10_000 });
    expect(decoded.account).toMatch(/^DEMO/);
    expect(decoded.reference).toContain(record.code);

    // The citizen's transfer appears on the statement and is matched.
    const now = new Date();
    const sent = await fetch(`${fake.url}/_fake/transfers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        amountVnd: 10_000,
        reference: `NGUYEN VAN AN ${decoded.reference}`,
        at: now.toISOString(),
      }),
    });
    expect(sent.status).toBe(200);
    const day = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(await post(admin, '/api/payments/transfers/import', { date: day })).toMatchObject({ matched: 1 });
    const paid = await view();
    expect(paid.status).toBe('in_process');
    expect(paid.payment.confirmedAt).toBeTruthy();

    // The specialist forwards to the leader's step and, under the demo delegation, approves it for them.
    record = (await post(specialist, `/api/records/${record.id}/forward`, { version: paid.version })).record;
    const actions = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${record.id}/actions`,
      headers: { authorization: `Bearer ${specialist.token}` },
    });
    const approve = (
      actions.json().items as { action: string; onBehalfOf: { userId: string } | null }[]
    ).find((a) => a.action === 'approve');
    expect(approve?.onBehalfOf?.userId).toBe(leader.userId);
    record = (
      await post(specialist, `/api/records/${record.id}/approve`, {
        version: record.version,
        onBehalfOf: leader.userId,
      })
    ).record;
    const approved = await ctx.database.db
      .selectFrom('recordEvents')
      .select(['actorId', 'onBehalfOf'])
      .where('recordId', '=', record.id)
      .where('type', '=', 'approved')
      .executeTakeFirstOrThrow();
    expect(approved).toEqual({ actorId: specialist.userId, onBehalfOf: leader.userId });
  });
});

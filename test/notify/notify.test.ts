import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissionReference } from '../../src/core/records/index.ts';
import {
  type NotificationPort,
  notifySubscriber,
  SEND_ATTEMPTS,
  sendOne,
  sendSubscriber,
  signReceipt,
  smsAdapter,
  smtpAdapter,
  startFakeProvider,
  startLocalSmtp,
  zaloAdapter,
} from '../../src/modules/notify/index.ts';
import type { RunningFakeProvider } from '../../src/modules/notify/providers/fake-provider.ts';
import type { RunningSmtp } from '../../src/modules/notify/providers/local-smtp.ts';
import { createDispatcher, registerSubscriptions } from '../../src/platform/jobs/outbox.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';

/**
 * Notifications (issue 18) through the real outbox dispatcher: records made by real commands through the
 * API, e-mail to a real SMTP server (smtp-server) parsed back with mailparser, SMS and Zalo ZNS to their
 * fakes as HTTP servers that call back with signed receipts.
 */

const SECRET = 'test-notify-secret-0123456789abcdef0123456';
const PUBLIC = 'https://dichvucong.example.vn';
let ctx: TestContext;
let smtp: RunningSmtp;
let sms: RunningFakeProvider;
let zalo: RunningFakeProvider;
let run: () => Promise<void>;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let procedure: { versionId: string; documents: string[] };

beforeAll(async () => {
  ctx = await createTestContext({ MOTCUA_NOTIFY_SECRET: SECRET });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(ctx.app.server.address() as { port: number }).port}`;
  smtp = await startLocalSmtp();
  const fake = (kind: 'sms' | 'zalo') =>
    startFakeProvider({
      kind,
      secret: SECRET,
      token: 'tok',
      receiptUrl: `${base}/api/notify/receipts/${kind}`,
      receiptDelayMs: 10,
      retryAfterSeconds: 30,
    });
  sms = await fake('sms');
  zalo = await fake('zalo');
  const { db } = ctx.database;
  const clock = ctx.deps.clock;
  const list = [
    notifySubscriber({ db, clock, publicUrl: PUBLIC }),
    sendSubscriber({
      db,
      clock,
      port: smtpAdapter({ url: smtp.url, from: 'Motcua <no-reply@motcua.test>', timeoutMs: 15_000 }),
    }),
    sendSubscriber({ db, clock, port: smsAdapter({ baseUrl: sms.url, token: 'tok', timeoutMs: 15_000 }) }),
    // The timeout fault never answers: a short limit there.
    sendSubscriber({ db, clock, port: zaloAdapter({ baseUrl: zalo.url, token: 'tok', timeoutMs: 15_000 }) }),
  ];
  await registerSubscriptions(db, list, clock.now());
  const dispatcher = createDispatcher({ db, clock, logger: ctx.deps.logger, subscribers: list });
  run = async () => {
    for (const s of list) await dispatcher.runSubscriber(s.name);
  };
  await signInLandCorrectionOfficials(ctx, 'notify', tokens, users);
  procedure = await landCorrectionProcedure(ctx);
}, 120_000);
afterAll(async () => {
  await sms?.close();
  await zalo?.close();
  await smtp?.close();
  await ctx?.close();
});

const auth = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });

async function receive(applicant: Record<string, unknown>) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: auth('nk.reception'),
    payload: {
      type: 'receive',
      checklist: procedure.documents
        .slice(0, 2)
        .map((document) => ({ document, provided: true, originals: 1 })),
      opening: {
        procedureVersionId: procedure.versionId,
        channel: 'in_person',
        applicant: { kind: 'citizen', ...applicant },
        routing: { landParcelUnitCode: '31120' },
      },
    },
  });
}

interface Shown {
  id: string;
  kind: string;
  channel: string;
  status: string;
  recipient: string;
  body: string;
  attempts: number;
  steps: { status: string; detail: string | null }[];
}
async function shown(recordId: string): Promise<Shown[]> {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/records/${recordId}/notifications`,
    headers: auth('nk.reception'),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}
const byChannel = (items: Shown[], channel: string) => items.find((m) => m.channel === channel)!;

describe('delivery through the backbone', () => {
  it('the applicant of a received record gets the e-mail with the code (real SMTP), an SMS and a Zalo message, delivered by receipt', async () => {
    const res = await receive({
      fullName: 'Trần Thị Thư',
      email: 'tran.thi.thu@example.vn',
      phone: '0912 345 678',
      notifyBy: ['email', 'sms', 'zalo'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const record = res.json().record as { id: string; code: string };
    await run();
    const mail = smtp.mailbox.find((m) => m.to.includes('tran.thi.thu@example.vn'));
    expect(mail, 'the SMTP server received the mail').toBeDefined();
    expect(mail!.subject).toContain(record.code);
    expect(mail!.text).toContain(`Mã hồ sơ: ${record.code}`);
    expect(mail!.text).toMatch(/Ngày hẹn trả kết quả: \d{2}\/\d{2}\/\d{4}/);
    expect(mail!.text).toContain(`${PUBLIC}/tra-cuu?code=`);
    await sms.settled();
    await zalo.settled();
    const items = await shown(record.id);
    expect(items.map((m) => m.channel).sort()).toEqual(['email', 'sms', 'zalo']);
    expect(items.every((m) => m.kind === 'record_received')).toBe(true);
    expect(byChannel(items, 'email')).toMatchObject({ status: 'sent', recipient: 'tran.thi.thu@example.vn' });
    expect(byChannel(items, 'sms')).toMatchObject({ status: 'delivered', recipient: '+84912345678' });
    expect(byChannel(items, 'zalo').status).toBe('delivered');
    expect(byChannel(items, 'sms').steps.map((s) => s.status)).toEqual(['queued', 'sent', 'delivered']);
    const [smsMessage] = [...sms.messages.values()].filter((m) => m.to === '+84912345678');
    expect(smsMessage!.text).toContain(record.code);
    const zaloMessage = [...zalo.messages.values()].find((m) => m.clientRef === byChannel(items, 'zalo').id);
    expect(zaloMessage?.template?.id).toBe('record_received');
    // Delivered again (a retried outbox delivery): nothing is sent twice.
    const before = smtp.mailbox.length;
    await run();
    expect(smtp.mailbox.length).toBe(before);
  });

  it('without a choice: e-mail when an address is given; a chosen channel without its contact is refused naming the field', async () => {
    const bad = await receive({ fullName: 'Lê Văn Bình', phone: '0912 345 679', notifyBy: ['email'] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('request.invalid');
    expect(JSON.stringify(bad.json().issues ?? bad.json())).toContain('applicant.email');
    const ok = await receive({ fullName: 'Lê Văn Bình', email: 'le.van.binh@example.vn' });
    expect(ok.statusCode, ok.body).toBe(201);
    await run();
    const items = await shown(ok.json().record.id);
    expect(items.map((m) => m.channel)).toEqual(['email']);
    const raw = smtp.mailbox.find((m) => m.to.includes('le.van.binh@example.vn'));
    expect(raw?.motcuaMessage).toBe(items[0]!.id);
  });
});

describe('an online submission', () => {
  it('the applicant gets the e-mail with the reference and how to track it (the receipt’s promise kept)', async () => {
    const agency = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: procedure.versionId,
        applicant: {
          kind: 'citizen',
          fullName: 'Châu Văn Trực',
          phone: '0912000777',
          email: 'chau.van.truc@example.vn',
          notifyBy: ['email'],
          language: 'en',
        },
        routing: { landParcelUnitCode: '31120' },
        receivingAgencyId: agency.id,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { record } = res.json() as { record: { id: string } };
    await run();
    const reference = submissionReference(record.id);
    const mail = smtp.mailbox.find((m) => m.to.includes('chau.van.truc@example.vn'));
    expect(mail?.subject).toBe(`Online submission received: ${reference}`);
    expect(mail!.text).toContain(`${PUBLIC}/tra-cuu?code=${reference}`);
    expect(mail!.text).toContain('last 4 digits');
  });
});

describe('faults', () => {
  it('a provider failing: the message shows failed, is retried and then sent', async () => {
    sms.sendFaults.failNext('error', 'timeout');
    const res = await receive({ fullName: 'Phạm Văn Cường', phone: '0912 345 680', notifyBy: ['sms'] });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().record.id;
    await run();
    expect(byChannel(await shown(id), 'sms')).toMatchObject({ status: 'failed' });
    ctx.deps.clock.advance(10 * 60_000);
    await run();
    ctx.deps.clock.advance(10 * 60_000);
    await run();
    await sms.settled();
    const m = byChannel(await shown(id), 'sms');
    expect(m.status).toBe('delivered');
    expect(m.steps.map((s) => s.status)).toEqual([
      'queued',
      'failed',
      'retried',
      'failed',
      'retried',
      'sent',
      'delivered',
    ]);
  }, 60_000);

  it('a provider refusing every time: after its attempts the message is dead, and so is the delivery operators see', async () => {
    zalo.sendFaults.set('refuse', { rate: 1 });
    try {
      const res = await receive({ fullName: 'Võ Thị Dung', phone: '0912 345 681', notifyBy: ['zalo'] });
      const id = res.json().record.id;
      for (let i = 0; i < SEND_ATTEMPTS; i++) {
        await run();
        ctx.deps.clock.advance(11 * 60_000);
      }
      const m = byChannel(await shown(id), 'zalo');
      expect(m.status).toBe('dead');
      expect(m.attempts).toBe(SEND_ATTEMPTS);
      expect(m.steps.at(-1)!.detail).toContain('-118');
      const dead = await ctx.app.inject({
        method: 'GET',
        url: '/api/integrations/dead-letters?subscriber=notify-zalo',
        headers: { authorization: `Bearer ${await ctx.signIn(['admin'], { username: 'notify.admin' })}` },
      });
      expect(dead.statusCode, dead.body).toBe(200);
      expect(dead.json().items.length).toBeGreaterThanOrEqual(1);
    } finally {
      zalo.sendFaults.clear();
    }
  }, 120_000);

  it('throttling: nothing is sent on the channel before the provider’s Retry-After, then everything goes', async () => {
    sms.sendFaults.failNext('throttle');
    const first = (await receive({ fullName: 'Đỗ Văn Em', phone: '0912 345 682', notifyBy: ['sms'] })).json()
      .record.id;
    await run();
    expect(byChannel(await shown(first), 'sms').steps.map((s) => s.status)).toEqual(['queued', 'throttled']);
    const calls = sms.calls();
    const second = (await receive({ fullName: 'Đỗ Văn Em', phone: '0912 345 683', notifyBy: ['sms'] })).json()
      .record.id;
    ctx.deps.clock.advance(5_000);
    await run();
    expect(sms.calls(), 'no call while throttled').toBe(calls);
    expect(byChannel(await shown(second), 'sms').status).toBe('queued');
    ctx.deps.clock.advance(30_000);
    await run();
    await sms.settled();
    expect(byChannel(await shown(first), 'sms').status).toBe('delivered');
    expect(byChannel(await shown(second), 'sms').status).toBe('delivered');
  }, 60_000);

  it('e-mail: the SMTP server answering 451 is throttling, 550 a refusal; both retried and visible', async () => {
    smtp.faults.failNext('throttle');
    const res = await receive({
      fullName: 'Hồ Thị Giang',
      email: 'ho.thi.giang@example.vn',
      notifyBy: ['email'],
    });
    const id = res.json().record.id;
    await run();
    const m = byChannel(await shown(id), 'email');
    expect(m.status).toBe('failed');
    expect(m.steps.at(-1)).toMatchObject({ status: 'throttled' });
    expect(m.steps.at(-1)!.detail).toContain('451');
    smtp.faults.failNext('refuse');
    ctx.deps.clock.advance(120_000);
    await run();
    expect(byChannel(await shown(id), 'email').steps.at(-1)!.detail).toContain('550');
    ctx.deps.clock.advance(120_000);
    await run();
    expect(byChannel(await shown(id), 'email').status).toBe('sent');
    expect(smtp.mailbox.filter((x) => x.to.includes('ho.thi.giang@example.vn'))).toHaveLength(1);
  }, 60_000);
});

describe('delivery receipts', () => {
  let providerId: string;
  let messageId: string;
  const post = (provider: string, body: object, secret = SECRET) => {
    const text = JSON.stringify(body);
    return ctx.app.inject({
      method: 'POST',
      url: `/api/notify/receipts/${provider}`,
      headers: { 'content-type': 'application/json', 'x-notify-signature': signReceipt(secret, text) },
      payload: text,
    });
  };
  const receipts = () => ctx.database.db.selectFrom('notificationReceipts').selectAll().execute();

  beforeAll(async () => {
    sms.receiptFaults.set('lost_receipt', { next: 1 });
    const res = await receive({ fullName: 'Mai Văn Hùng', phone: '0912 345 684', notifyBy: ['sms'] });
    const id = res.json().record.id;
    await run();
    const m = byChannel(await shown(id), 'sms');
    expect(m.status).toBe('sent');
    messageId = m.id;
    const row = await ctx.database.db
      .selectFrom('notificationMessages')
      .select('providerMessageId')
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    providerId = row.providerMessageId!;
  });

  it('refuses a receipt with a bad signature (401) and records it, without changing the message', async () => {
    const body = {
      eventId: 'ev-forged',
      messageId: providerId,
      status: 'delivered',
      occurredAt: '2026-03-02T03:01:00Z',
    };
    const res = await post('sms', body, 'another-secret-0123456789abcdef0123456789');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('notify.bad_signature');
    const unsigned = await ctx.app.inject({ method: 'POST', url: '/api/notify/receipts/sms', payload: body });
    expect(unsigned.statusCode).toBe(401);
    expect((await receipts()).filter((r) => r.outcome === 'bad_signature').length).toBeGreaterThanOrEqual(2);
    const m = await ctx.database.db
      .selectFrom('notificationMessages')
      .select('status')
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    expect(m.status).toBe('sent');
  });

  it('an unknown message id answers 404 and is recorded', async () => {
    const res = await post('sms', {
      eventId: 'ev-unknown',
      messageId: 'SMSNOPE',
      status: 'delivered',
      occurredAt: '2026-03-02T03:01:00Z',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('notify.unknown_message');
    expect(
      (await receipts()).some((r) => r.outcome === 'unknown_message' && r.eventId === 'ev-unknown'),
    ).toBe(true);
  });

  it('a repeated receipt is idempotent: applied once, the repeat answered duplicate', async () => {
    const body = {
      eventId: 'ev-1',
      messageId: providerId,
      status: 'delivered',
      occurredAt: '2026-03-02T03:01:00Z',
    };
    const first = await post('sms', body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ outcome: 'applied', status: 'delivered' });
    const again = await post('sms', body);
    expect(again.json()).toEqual({ outcome: 'duplicate', status: 'delivered' });
    const late = await post('sms', { ...body, eventId: 'ev-2', status: 'failed' });
    expect(late.json()).toEqual({ outcome: 'superseded', status: 'delivered' });
    const m = (
      await ctx.database.db
        .selectFrom('notificationEvents')
        .select('status')
        .where('messageId', '=', messageId)
        .execute()
    ).map((e) => e.status);
    expect(m.filter((s) => s === 'delivered')).toHaveLength(1);
  });

  it('an undelivered receipt makes the message failed and sends it again as a new message', async () => {
    sms.receiptFaults.set('undelivered', { next: 1 });
    const res = await receive({ fullName: 'Lý Thị Kim', phone: '0912 345 685', notifyBy: ['sms'] });
    const id = res.json().record.id;
    await run();
    await sms.settled();
    expect(byChannel(await shown(id), 'sms')).toMatchObject({ status: 'failed' });
    await run();
    await sms.settled();
    const m = byChannel(await shown(id), 'sms');
    expect(m.status).toBe('delivered');
    expect(m.steps.map((s) => s.status)).toEqual([
      'queued',
      'sent',
      'undelivered',
      'retried',
      'sent',
      'delivered',
    ]);
    expect([...sms.messages.values()].filter((x) => x.clientRef.startsWith(m.id))).toHaveLength(2);
  });
});

describe('a message that never arrives', () => {
  it('is sent again twice after undelivered receipts, then dead (visible, not sent a fourth time)', async () => {
    sms.receiptFaults.set('undelivered', { next: 3 });
    const res = await receive({ fullName: 'Kha Văn Lạc', phone: '0912 345 687', notifyBy: ['sms'] });
    const id = res.json().record.id;
    for (let i = 0; i < 4; i++) {
      await run();
      await sms.settled();
    }
    const m = byChannel(await shown(id), 'sms');
    expect(m.status).toBe('dead');
    expect(m.steps.filter((s) => s.status === 'undelivered')).toHaveLength(3);
    expect([...sms.messages.values()].filter((x) => x.clientRef.startsWith(m.id))).toHaveLength(3);
  });
});

describe('a receipt faster than the send’s answer', () => {
  it('is kept (404, recorded) and applied when the answer is written', async () => {
    let planned = false;
    // A provider that delivers and calls back before it answers the send.
    const fast: NotificationPort = {
      channel: 'sms',
      async send() {
        const text = JSON.stringify({
          eventId: 'ev-fast',
          messageId: 'SMSFAST0001',
          status: 'delivered',
          occurredAt: '2026-03-02T03:00:01Z',
        });
        const early = await ctx.app.inject({
          method: 'POST',
          url: '/api/notify/receipts/sms',
          headers: { 'content-type': 'application/json', 'x-notify-signature': signReceipt(SECRET, text) },
          payload: text,
        });
        expect(early.statusCode).toBe(404);
        planned = true;
        return { providerMessageId: 'SMSFAST0001', duplicate: false };
      },
    };
    // The first attempt through the fake fails, so the message waits; it is then sent through the fast one.
    sms.sendFaults.failNext('refuse');
    const res = await receive({ fullName: 'Tạ Văn Nhanh', phone: '0912 345 686', notifyBy: ['sms'] });
    const id = res.json().record.id;
    await run();
    const [m] = await shown(id);
    expect(m!.status).toBe('failed');
    await sendOne(
      { db: ctx.database.db, clock: ctx.deps.clock, port: fast },
      {
        id: '00000000-0000-7000-8000-000000000001',
        topic: 'notify.sms',
        key: id,
        payload: { notificationId: m!.id, recordId: id },
        attempts: 1,
        createdAt: ctx.deps.clock.now(),
      },
    );
    expect(planned).toBe(true);
    const after = byChannel(await shown(id), 'sms');
    expect(after.status).toBe('delivered');
    expect(after.steps.map((s) => s.status)).toEqual(['queued', 'failed', 'retried', 'sent', 'delivered']);
    const kept = (
      await ctx.database.db
        .selectFrom('notificationReceipts')
        .select(['outcome'])
        .where('eventId', '=', 'ev-fast')
        .execute()
    ).map((r) => r.outcome);
    expect(kept.sort()).toEqual(['applied', 'unknown_message']);
  });
});

describe('the embedded demo', () => {
  it('starts a local SMTP server and the fake providers, says where, and sends through them; a provider URL needs the secret', async () => {
    const { startIntegrations } = await import('../../src/main.ts');
    const { loadConfig } = await import('../../src/platform/config.ts');
    const { notifySecret } = await import('../../src/modules/notify/index.ts');
    // As `npm start` does (a fixed SMTP port, here taken by the tests' server: a free one instead).
    const demo = await startIntegrations(
      { ...ctx.deps, config: loadConfig({ PORT: '0', MOTCUA_SMTP_FAKE_PORT: String(smtp.port) }) },
      { fakePortalPort: 0 },
    );
    try {
      const lines = demo.lines.join('\n');
      expect(lines).toMatch(
        new RegExp(
          `E-mail: local SMTP server at smtp://127\\.0\\.0\\.1:\\d+ \\(port ${smtp.port} was taken\\)`,
        ),
      );
      expect(lines).toMatch(/SMS: fake provider in-process at http:\/\/127\.0\.0\.1:\d+/);
      expect(lines).toMatch(/Zalo ZNS: fake provider in-process at http:\/\/127\.0\.0\.1:\d+/);
      const sent = await demo.notify.sms.send({
        id: 'demo-1',
        channel: 'sms',
        to: '+84912345678',
        kind: 'record_received',
        language: 'vi',
        subject: 's',
        text: 't',
        short: 'Ho so da duoc tiep nhan',
        params: {},
      });
      expect(sent.duplicate).toBe(false);
      await demo.notify.email.send({
        id: 'demo-2',
        channel: 'email',
        to: 'demo@example.vn',
        kind: 'record_received',
        language: 'vi',
        subject: 'Thử',
        text: 'Nội dung',
        short: 's',
        params: {},
      });
    } finally {
      await demo.close();
    }
    expect(() => notifySecret(loadConfig({ MOTCUA_SMS_URL: 'https://sms.example.vn' }))).toThrow(
      /MOTCUA_NOTIFY_SECRET/,
    );
  });

  it('its local SMTP server takes mail from any SMTP client (nodemailer) and parses it', async () => {
    const t = nodemailer.createTransport(smtp.url);
    await t.sendMail({
      from: 'a@example.vn',
      to: 'b@example.vn',
      subject: 'Xin chào',
      text: 'Nội dung tiếng Việt',
    });
    t.close();
    const got = smtp.mailbox.at(-1)!;
    expect(got.subject).toBe('Xin chào');
    expect(got.text.trim()).toBe('Nội dung tiếng Việt');
    expect((await simpleParser('Subject: x\r\n\r\ny')).subject).toBe('x');
  });
});

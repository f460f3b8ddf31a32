import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningFakeCivilStatus } from '../../src/modules/integrations/civil-status/fake-server.ts';
import {
  civilStatusSubscriber,
  hotichAdapter,
  pullResults,
  reconcile,
  startFakeCivilStatus,
} from '../../src/modules/integrations/civil-status/index.ts';
import type { RunningFakePost } from '../../src/modules/integrations/post/fake-server.ts';
import {
  postSubscriber,
  signBody,
  startFakePost,
  vnpostAdapter,
} from '../../src/modules/integrations/post/index.ts';
import type { Delivery } from '../../src/platform/jobs/subscriptions.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';

/**
 * The civil-status and Vietnam Post connectors (issue 16) against their fakes run as HTTP servers, on
 * records made by real commands through the API; the subscribers get Delivery objects built from the
 * outbox messages those commands wrote.
 */

const SECRET = 'test-post-secret-0123456789abcdef0123456789';
let ctx: TestContext;
let civil: RunningFakeCivilStatus;
let postFake: RunningFakePost;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
const auth = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });

beforeAll(async () => {
  ctx = await createTestContext({ MOTCUA_POST_SECRET: SECRET });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const address = ctx.app.server.address() as { port: number };
  civil = await startFakeCivilStatus();
  postFake = await startFakePost({
    secret: SECRET,
    callbackUrl: `http://127.0.0.1:${address.port}/api/integrations/post/callbacks`,
  });
  await signInLandCorrectionOfficials(ctx, 'connectors', tokens, users);
  tokens.monitor = await ctx.signIn(['monitor'], { username: 'connectors.monitor' });
}, 120_000);
afterAll(async () => {
  await civil?.close();
  await postFake?.close();
  await ctx?.close();
});

/** The outbox messages a record's commands wrote, as a subscriber receives them. */
async function deliveries(recordId: string, topic: string): Promise<Delivery[]> {
  const rows = await ctx.database.db
    .selectFrom('outbox')
    .select(['id', 'topic', 'key', 'payload', 'createdAt'])
    .where('key', '=', recordId)
    .where('topic', '=', topic)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    topic: r.topic,
    key: r.key,
    payload: r.payload,
    attempts: 0,
    createdAt: r.createdAt,
  }));
}

// Generous timeouts (a loaded machine); the timeout fault never answers, so a short one is enough there.
const civilPort = (timeoutMs = 15_000) => hotichAdapter({ baseUrl: civil.url, timeoutMs });
const postPort = (timeoutMs = 15_000) => vnpostAdapter({ baseUrl: postFake.url, secret: SECRET, timeoutMs });

async function receiveBirthRegistration(fullName: string): Promise<{ id: string; code: string }> {
  const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.001193' })).json();
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: auth('nk.reception'),
    payload: {
      type: 'receive',
      checklist: (p.details.documents as { name: string }[])
        .slice(0, 1)
        .map((d) => ({ document: d.name, provided: true, originals: 1 })),
      opening: {
        procedureVersionId: p.versionId,
        channel: 'in_person',
        applicant: { kind: 'citizen', fullName, phone: '0912 345 678' },
        routing: { residenceUnitCode: '31135' },
      },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().record;
}

describe('adapters', () => {
  it('refuse wrong-shaped answers as invalid_response, and a 5xx or a timeout as retryable', async () => {
    civil.faults.failNext('garbled');
    await expect(civilPort().resultsSince(new Date(0), 10)).rejects.toMatchObject({
      name: 'IntegrationError',
      failure: 'invalid_response',
    });
    civil.faults.failNext('error');
    await expect(civilPort().resultsSince(new Date(0), 10)).rejects.toMatchObject({
      failure: 'unavailable',
      retryable: true,
    });
    civil.faults.failNext('timeout');
    await expect(civilPort(300).resultsSince(new Date(0), 10)).rejects.toMatchObject({
      failure: 'unavailable',
    });
    postFake.faults.failNext('garbled');
    await expect(
      postPort().createShipment({
        reference: 'ref-garbled',
        recordCode: 'X',
        recipient: { name: 'A', phone: null, address: 'B' },
        contents: 'C',
      }),
    ).rejects.toMatchObject({ failure: 'invalid_response' });
  });
});

describe('civil status', () => {
  let record: { id: string; code: string };
  let other: { id: string; code: string };

  it('hands a received civil-status record over exactly once despite lost answers, timeouts and 5xx', async () => {
    record = await receiveBirthRegistration('Trần Thị Bé');
    const [delivery] = await deliveries(record.id, 'record.received');
    expect(delivery).toBeDefined();
    const sub = civilStatusSubscriber(ctx.database.db, civilPort(5000), ctx.deps.clock);
    civil.faults.failNext('lost', 'timeout', 'error');
    for (let attempt = 0; attempt < 3; attempt++) {
      const out = await sub.handle([{ ...delivery!, attempts: attempt }]);
      expect(out?.failed?.size).toBe(1);
    }
    expect((await sub.handle([delivery!]))?.failed?.size ?? 0).toBe(0);
    // Delivered again (at least once): nothing more happens on either side.
    expect((await sub.handle([delivery!]))?.failed?.size ?? 0).toBe(0);
    const there = civil.system.records.get(record.code);
    expect(there).toMatchObject({ maHoSo: record.code, maTTHC: '1.001193' });
    expect(there!.handovers).toBe(2); // the lost one and its retry, taken once
    expect([...civil.system.records.values()].filter((r) => r.maHoSo === record.code)).toHaveLength(1);
    const view = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${record.id}/civil-status`,
      headers: auth('nk.reception'),
    });
    expect(view.json()).toMatchObject({ handedOver: true, result: null });
  });

  it('does not hand over a record of another sector', async () => {
    const procedure = await landCorrectionProcedure(ctx);
    const res = await ctx.app.inject({
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
          applicant: { kind: 'citizen', fullName: 'Lê Văn Đất' },
          routing: { landParcelUnitCode: '31120' },
        },
      },
    });
    const land = res.json().record;
    const sub = civilStatusSubscriber(ctx.database.db, civilPort(), ctx.deps.clock);
    await sub.handle(await deliveries(land.id, 'record.received'));
    expect(civil.system.records.has(land.code)).toBe(false);
  });

  it('pulls the registration back and shows it on the record, by the system actor civil-status', async () => {
    civil.system.register(record.code, { soDangKy: '125/2026', quyenSo: '01/2026', nguoiKy: 'Phạm Văn Ký' });
    civil.faults.failNext('duplicate');
    const pulled = await pullResults(ctx.database.db, civilPort(), ctx.deps.clock);
    expect(pulled.applied).toBe(1);
    const view = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${record.id}/civil-status`,
      headers: auth('nk.reception'),
    });
    expect(view.statusCode).toBe(200);
    expect(view.json().result).toMatchObject({
      registrationNumber: '125/2026',
      bookNumber: '01/2026',
      signer: 'Phạm Văn Ký',
      source: 'pull',
      by: { kind: 'system', integration: 'civil-status' },
    });
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorRole'])
      .where('entityId', '=', record.id)
      .where('action', 'like', 'civil_status.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'civil_status.handed_over',
      'civil_status.result_synced',
    ]);
    expect(new Set(audit.map((a) => a.actorRole))).toEqual(new Set(['system:civil-status']));
  });

  it('the reconciliation catches syncs the pull lost, repairs them and stores the run', async () => {
    other = await receiveBirthRegistration('Võ Văn Mới');
    const sub = civilStatusSubscriber(ctx.database.db, civilPort(), ctx.deps.clock);
    await sub.handle(await deliveries(other.id, 'record.received'));
    // The unstable connection: a registration and a correction that never show in the pulled changes.
    const old = '2000-01-01T00:00:00.000Z';
    civil.system.register(other.code, { soDangKy: '126/2026' });
    civil.system.records.get(other.code)!.result!.capNhatLuc = old;
    civil.system.records.get(record.code)!.result = {
      ...civil.system.records.get(record.code)!.result!,
      nguoiKy: 'Phạm Văn Sửa',
      capNhatLuc: old,
    };
    expect((await pullResults(ctx.database.db, civilPort(), ctx.deps.clock)).applied).toBe(0);
    const run = await reconcile(ctx.database.db, civilPort(), ctx.deps.clock, { trigger: 'cli' });
    expect(run.differences.map((d) => [d.recordCode, d.kind, d.repaired]).sort()).toEqual(
      [
        [record.code, 'result_differs', true],
        [other.code, 'result_missing_here', true],
      ].sort(),
    );
    const again = await reconcile(ctx.database.db, civilPort(), ctx.deps.clock, { trigger: 'job' });
    expect(again.differences).toEqual([]);
    const runs = await ctx.app.inject({
      method: 'GET',
      url: '/api/integrations/civil-status/reconciliations',
      headers: auth('monitor'),
    });
    expect(runs.statusCode).toBe(200);
    expect(runs.json().items[1]).toMatchObject({ id: run.id, repaired: 2, trigger: 'cli' });
    const view = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${other.id}/civil-status`,
      headers: auth('nk.reception'),
    });
    expect(view.json().result).toMatchObject({ registrationNumber: '126/2026', source: 'reconciliation' });
  });
});

describe('Vietnam Post', () => {
  let id: string;
  let tracking: string;
  const callback = (body: object, signature?: string) => {
    const text = JSON.stringify(body);
    return ctx.app.inject({
      method: 'POST',
      url: '/api/integrations/post/callbacks',
      headers: {
        'content-type': 'application/json',
        'x-post-signature': signature ?? signBody(SECRET, text),
      },
      payload: text,
    });
  };

  it('hands a result to be returned by post over once despite lost answers, and shows the tracking number', async () => {
    const procedure = await landCorrectionProcedure(ctx);
    const received = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Nguyễn Văn Bưu', {
      returnPoint: { kind: 'post', address: '12 Đường 30/4, phường Ninh Kiều, Cần Thơ' },
    });
    id = received.id;
    let version = received.version;
    let res: Awaited<ReturnType<typeof ctx.app.inject>>;
    const step = async (who: string, action: string, body: object = {}) => {
      res = await ctx.app.inject({
        method: 'POST',
        url: `/api/records/${id}/${action}`,
        headers: auth(who),
        payload: { version, ...body },
      });
      expect(res.statusCode, res.body).toBe(200);
      version = res.json().record.version;
    };
    await step('nk.reception', 'forward');
    await step('ck.leader', 'assign', { assigneeId: users['ck.specialist'] });
    await step('ck.specialist', 'forward');
    await step('ck.leader', 'approve');
    await step('ck.specialist', 'issue-result', {
      documents: [{ name: 'Giấy chứng nhận đã đính chính', number: 'CS 1' }],
    });
    const [delivery] = await deliveries(id, 'record.result_issued');
    const sub = postSubscriber(ctx.database.db, postPort(), ctx.deps.clock);
    postFake.faults.failNext('lost', 'error');
    expect((await sub.handle([delivery!]))?.failed?.size).toBe(1);
    expect((await sub.handle([delivery!]))?.failed?.size).toBe(1);
    expect((await sub.handle([delivery!]))?.failed?.size ?? 0).toBe(0);
    expect((await sub.handle([delivery!]))?.failed?.size ?? 0).toBe(0);
    const made = [...postFake.shipments.values()].filter((s) => s.maDonHang === delivery!.id);
    expect(made).toHaveLength(1);
    expect(made[0]!.requests).toBe(2);
    const shown = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${id}/shipments`,
      headers: auth('nk.reception'),
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.json().items).toHaveLength(1);
    tracking = shown.json().items[0].trackingNumber;
    expect(tracking).toMatch(/^EL\d{9}VN$/);
    expect(shown.json().items[0]).toMatchObject({
      status: 'handed_over',
      address: '12 Đường 30/4, phường Ninh Kiều, Cần Thơ',
    });
  });

  it('refuses a callback with a bad signature (401, nothing written) and one for an unknown tracking number (404, recorded)', async () => {
    const body = {
      eventId: 'evt-bad',
      trackingNumber: tracking,
      status: 'delivered',
      occurredAt: '2026-03-03T01:00:00Z',
    };
    const before = await ctx.database.db.selectFrom('postCallbacks').select('id').execute();
    const bad = await callback(body, signBody('another-secret-0123456789abcdef0123', JSON.stringify(body)));
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().code).toBe('post.bad_signature');
    const unsigned = await ctx.app.inject({
      method: 'POST',
      url: '/api/integrations/post/callbacks',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    expect(unsigned.statusCode).toBe(401);
    const garbage = await ctx.app.inject({
      method: 'POST',
      url: '/api/integrations/post/callbacks',
      headers: { 'content-type': 'application/json', 'x-post-signature': 'sha256=00' },
      payload: '{"not":"a callback"}',
    });
    expect(garbage.statusCode).toBe(401);
    // Refused before anything is written: not a row for any of the three.
    expect(await ctx.database.db.selectFrom('postCallbacks').select('id').execute()).toEqual(before);
    const unknown = await callback({ ...body, eventId: 'evt-unknown', trackingNumber: 'EL000000000VN' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('post.unknown_shipment');
    const invalid = await callback({ ...body, status: 'lost' });
    expect(invalid.statusCode).toBe(422);
    const logged = await ctx.database.db.selectFrom('postCallbacks').select(['outcome', 'eventId']).execute();
    expect(logged).toEqual(expect.arrayContaining([{ outcome: 'unknown_tracking', eventId: 'evt-unknown' }]));
    expect(logged.filter((l) => l.outcome === 'bad_signature')).toEqual([]);
    const shown = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${id}/shipments`,
      headers: auth('nk.reception'),
    });
    expect(shown.json().items[0].status).toBe('handed_over');
  });

  it('a delivered callback (sent twice by the post) returns the record as system post; an older returned one arriving late changes nothing', async () => {
    postFake.callbackFaults.failNext('duplicate');
    await postFake.deliver(tracking, {
      at: new Date('2026-03-04T02:00:00Z'),
      recipientName: 'Nguyễn Văn Bưu',
    });
    const sent = postFake.sent.filter((s) => s.body.trackingNumber === tracking);
    expect(sent.map((s) => s.status)).toEqual([200, 200]);
    const record = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${id}`,
      headers: auth('nk.reception'),
    });
    expect(record.json()).toMatchObject({
      status: 'delivered',
      delivery: { method: 'post', trackingNumber: tracking, recipientName: 'Nguyễn Văn Bưu' },
    });
    const events = await ctx.database.db
      .selectFrom('recordEvents')
      .select(['type', 'payload'])
      .where('recordId', '=', id)
      .where('type', '=', 'result_returned')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ by: { kind: 'system', integration: 'post' } });
    const late = await callback({
      eventId: 'evt-late-return',
      trackingNumber: tracking,
      status: 'returned',
      occurredAt: '2026-03-03T09:00:00Z',
      reason: 'Không có người nhận',
    });
    expect(late.statusCode).toBe(200);
    expect(late.json()).toMatchObject({ outcome: 'superseded', status: 'delivered', recordReturned: true });
    const outcomes = await ctx.database.db
      .selectFrom('postCallbacks')
      .select('outcome')
      .where('trackingNumber', '=', tracking)
      .where('outcome', 'in', ['applied', 'duplicate', 'superseded'])
      .execute();
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['applied', 'duplicate', 'superseded']);
  });

  it('a returned-to-sender callback is listed for the return point with the reason', async () => {
    // A second shipment of the same record (a re-sent result), returned to sender.
    const [delivery] = await deliveries(id, 'record.result_issued');
    const again = { ...delivery!, id: '00000000-0000-7000-8000-000000000001' };
    await ctx.database.db
      .insertInto('outbox')
      .values({
        id: again.id,
        topic: again.topic,
        key: again.key,
        payload: JSON.stringify(again.payload),
        idempotencyKey: `test:resend:${id}`,
        nextAttemptAt: ctx.deps.clock.now(),
        createdAt: ctx.deps.clock.now(),
      })
      .execute();
    expect(
      (await postSubscriber(ctx.database.db, postPort(), ctx.deps.clock).handle([again]))?.failed?.size ?? 0,
    ).toBe(0);
    const shown = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${id}/shipments`,
      headers: auth('nk.reception'),
    });
    const second = shown.json().items.find((s: { trackingNumber: string }) => s.trackingNumber !== tracking);
    const at = '2026-03-05T03:00:00Z';
    const first = await callback({
      eventId: 'evt-ret-1',
      trackingNumber: second.trackingNumber,
      status: 'returned',
      occurredAt: at,
      reason: 'Sai địa chỉ',
    });
    expect(first.json()).toMatchObject({ outcome: 'applied', status: 'returned' });
    const dup = await callback({
      eventId: 'evt-ret-1',
      trackingNumber: second.trackingNumber,
      status: 'returned',
      occurredAt: at,
      reason: 'Sai địa chỉ',
    });
    expect(dup.statusCode).toBe(200);
    expect(dup.json()).toMatchObject({ outcome: 'duplicate' });
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/integrations/post/returned',
      headers: auth('nk.reception'),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ recordId: id, trackingNumber: second.trackingNumber, reason: 'Sai địa chỉ' }),
    ]);
    const elsewhere = await ctx.app.inject({
      method: 'GET',
      url: '/api/integrations/post/returned',
      headers: auth('ck.leader'),
    });
    // A leader of another agency (UBND Cái Khế, not the return point) sees none of them.
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.json().items).toEqual([]);
  });
});

describe('embedded demo', () => {
  it('starts the fakes in-process without URLs, and refuses a post URL without its secret', async () => {
    const { startIntegrations } = await import('../../src/main.ts');
    const { loadConfig } = await import('../../src/platform/config.ts');
    const { postSecret } = await import('../../src/modules/integrations/post/index.ts');
    const demo = await startIntegrations({ ...ctx.deps, config: loadConfig({ PORT: '0' }) });
    try {
      expect(demo.lines.join('\n')).toMatch(
        /Civil status: fake system in-process at http:\/\/127\.0\.0\.1:\d+/,
      );
      expect(demo.lines.join('\n')).toMatch(
        /Vietnam Post: fake post in-process at http:\/\/127\.0\.0\.1:\d+/,
      );
      // The in-process fake answers through the real adapter.
      expect(await demo.civilStatus.resultsSince(new Date(0), 10)).toEqual([]);
    } finally {
      await demo.close();
    }
    expect(() => postSecret(loadConfig({ MOTCUA_POST_URL: 'https://post.example.vn' }))).toThrow(
      /MOTCUA_POST_SECRET/,
    );
  });

  it('runs the fake portal on a free port, and says so, when its fixed port is taken', async () => {
    const { createServer } = await import('node:net');
    const { pino } = await import('pino');
    const { startIntegrations } = await import('../../src/main.ts');
    const { loadConfig } = await import('../../src/platform/config.ts');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const logged: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => logged.push(line) });
    try {
      const demo = await startIntegrations(
        { ...ctx.deps, logger, config: loadConfig({ PORT: '0' }) },
        { fakePortalPort: taken },
      );
      try {
        const line = demo.lines.find((l) => l.startsWith('National portal:'))!;
        expect(line).toContain(`(port ${taken} was taken)`);
        const url = /fake at (http:\/\/127\.0\.0\.1:(\d+))/.exec(line)!;
        expect(Number(url[2])).not.toBe(taken);
        // The adapter talks to the fake where it did start.
        expect(await demo.portal.statusesOf(['none'])).toEqual(new Map());
        expect(logged.map((l) => JSON.parse(l))).toEqual([
          expect.objectContaining({ level: 40, port: taken, url: url[1] }),
        ]);
      } finally {
        await demo.close();
      }
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('stops the fakes it started when the jobs cannot start (the subscriptions cannot be registered)', async () => {
    const { startJobs } = await import('../../src/main.ts');
    const { loadConfig } = await import('../../src/platform/config.ts');
    const servers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    // Servers closed just before (an earlier test's) lose their handles at the next turns of the loop.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    const before = servers();
    const broken = ctx.database.db.withPlugin({
      transformQuery: () => {
        throw new Error('database gone');
      },
      transformResult: async (a) => a.result,
    });
    const config = loadConfig({ PORT: '0' });
    await expect(
      startJobs({ ...ctx.deps, config, database: { ...ctx.database, db: broken } }),
    ).rejects.toThrow('database gone');
    // A closed server's handle goes at the next turn of the event loop.
    await expect.poll(servers, { timeout: 30_000 }).toBe(before);
  });
});

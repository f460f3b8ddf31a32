import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationLogHandler } from '../../src/modules/notify/index.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import {
  createDispatcher,
  enqueue,
  type OutboxMessage,
  registerSubscriptions,
} from '../../src/platform/jobs/outbox.ts';
import { byKeyConcurrently, type Delivery, type Subscriber } from '../../src/platform/jobs/subscriptions.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';

/**
 * The outbox with subscriptions (issue 16): one delivery per (message, subscriber), written in the
 * statement that writes the message, each with its own attempts, backoff and dead letter. Runs on PGlite,
 * and on PostgreSQL with MOTCUA_TEST_DATABASE_URL (where the two dispatchers really run side by side).
 */

let ctx: TestContext;
let admin: string;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn(['admin']);
});
afterAll(() => ctx.close());

const db = () => ctx.database.db;
const now = () => ctx.deps.clock.now();
const msg = (topic: string, key: string, i: number): OutboxMessage => ({
  topic,
  key,
  payload: { i },
  idempotencyKey: `test:${topic}:${key}:${i}`,
});
const put = (messages: OutboxMessage[]) => inTransaction(db(), (tx) => enqueue(tx, messages, now()));

function dispatcher(subscribers: Subscriber[]) {
  return createDispatcher({
    db: db(),
    clock: ctx.deps.clock,
    logger: ctx.deps.logger,
    subscribers,
    random: () => 0.5,
  });
}

const deliveriesOf = (subscriber: string) =>
  db()
    .selectFrom('outboxDeliveries')
    .select(['messageId', 'key', 'status', 'attempts', 'lastError', 'deadAt', 'nextAttemptAt'])
    .where('subscriber', '=', subscriber)
    .orderBy('seq')
    .execute();

/** Puts a dead or pending delivery back, as the operator's retry does. */
const retry = (subscriber: string) =>
  db()
    .updateTable('outboxDeliveries')
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now(), deadAt: null })
    .where('subscriber', '=', subscriber)
    .where('status', '=', 'dead')
    .execute();

/** Runs the dispatcher, moving the clock past every backoff, until nothing is left pending. */
async function drain(d: ReturnType<typeof dispatcher>, subscribers: string[], rounds = 20) {
  for (let r = 0; r < rounds; r++) {
    await d.runOnce();
    const pending = await db()
      .selectFrom('outboxDeliveries')
      .select('nextAttemptAt')
      .where('subscriber', 'in', subscribers)
      .where('status', '=', 'pending')
      .orderBy('nextAttemptAt')
      .execute();
    if (pending.length === 0) return;
    const wait = new Date(pending[0]!.nextAttemptAt).getTime() - now().getTime();
    if (wait > 0) ctx.deps.clock.advance(wait);
  }
}

describe('the outbox', () => {
  it('never delivers a message whose transaction rolled back, and stores a repeated key once', async () => {
    await registerSubscriptions(db(), [{ name: 'rollback', topics: ['rb.'] }], now());
    await expect(
      inTransaction(db(), async (tx) => {
        await enqueue(tx, [msg('rb.x', 'rb-1', 1)], now());
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await put([msg('rb.x', 'rb-2', 2), msg('rb.x', 'rb-2', 2)]);
    await put([msg('rb.x', 'rb-2', 2)]);
    const rows = await db().selectFrom('outbox').select('key').where('key', 'in', ['rb-1', 'rb-2']).execute();
    expect(rows.map((r) => r.key)).toEqual(['rb-2']);
    expect((await deliveriesOf('rollback')).map((r) => r.key)).toEqual(['rb-2']);
  });

  it('writes one delivery per matching subscription in the same statement: exact topics and prefixes', async () => {
    await registerSubscriptions(
      db(),
      [
        { name: 'exact', topics: ['m.one'] },
        { name: 'prefix', topics: ['m.'] },
        { name: 'other', topics: ['m.two', 'z.'] },
      ],
      now(),
    );
    await put([msg('m.one', 'k', 1), msg('m.two', 'k', 2), msg('m.onex', 'k', 3), msg('mx.one', 'k', 4)]);
    const topics = async (s: string) =>
      (
        await db()
          .selectFrom('outboxDeliveries')
          .select('topic')
          .where('subscriber', '=', s)
          .orderBy('seq')
          .execute()
      ).map((r) => r.topic);
    expect(await topics('exact')).toEqual(['m.one']);
    expect(await topics('prefix')).toEqual(['m.one', 'm.two', 'm.onex']);
    expect(await topics('other')).toEqual(['m.two']);
  });

  it('gives a record command (one statement, enqueueCte) its deliveries', async () => {
    await registerSubscriptions(db(), [{ name: 'records-seen', topics: ['record.'] }], now());
    const tokens: Record<string, string> = {};
    await signInLandCorrectionOfficials(ctx, 'outbox', tokens, {});
    const record = await receiveLandCorrection(
      ctx,
      tokens['nk.reception']!,
      await landCorrectionProcedure(ctx),
      'Lê Thị Hàng Đợi',
    );
    const messages = await db()
      .selectFrom('outbox')
      .select(['id', 'topic'])
      .where('key', '=', record.id)
      .execute();
    expect(messages.map((m) => m.topic)).toContain('record.received');
    const deliveries = await db()
      .selectFrom('outboxDeliveries')
      .select(['messageId', 'topic', 'status'])
      .where('subscriber', '=', 'records-seen')
      .where('key', '=', record.id)
      .execute();
    expect(deliveries.map((d) => d.messageId).sort()).toEqual(messages.map((m) => m.id).sort());
  });

  it('a failing subscriber never delays or repeats another: reports once each, portal retried then dead', async () => {
    const seen: string[] = [];
    const portalAttempts = new Map<string, number>();
    const reports: Subscriber = {
      name: 'reports-p1',
      topics: ['p1.'],
      handle: async (batch) => {
        seen.push(...batch.map((d) => d.id));
        return {};
      },
    };
    const portal: Subscriber = {
      name: 'portal-p1',
      topics: ['p1.'],
      maxAttempts: 3,
      handle: async (batch) => {
        for (const d of batch) portalAttempts.set(d.id, (portalAttempts.get(d.id) ?? 0) + 1);
        throw new Error('portal unavailable');
      },
    };
    await registerSubscriptions(db(), [reports, portal], now());
    await put(Array.from({ length: 30 }, (_, i) => msg('p1.received', `p1-${i % 7}`, i)));
    const d = dispatcher([reports, portal]);
    const first = await d.runOnce();
    expect(first['reports-p1']).toEqual({ delivered: 30, retried: 0, dead: 0 });
    expect(first['portal-p1']).toEqual({ delivered: 0, retried: 30, dead: 0 });
    expect(seen).toHaveLength(30);
    expect(await deliveriesOf('reports-p1')).toEqual([]);
    await drain(d, ['reports-p1', 'portal-p1']);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    expect([...portalAttempts.values()]).toEqual(Array(30).fill(3));
    const dead = await deliveriesOf('portal-p1');
    expect(dead).toHaveLength(30);
    for (const row of dead) {
      expect(row).toMatchObject({ status: 'dead', attempts: 3, lastError: 'portal unavailable' });
      expect(row.deadAt).not.toBeNull();
    }
    // The operator's retry (status pending, attempts 0, due now) delivers it once the portal is back.
    const back: Subscriber = { ...portal, handle: async () => ({}) };
    await retry('portal-p1');
    const after = await dispatcher([reports, back]).runOnce();
    expect(after['portal-p1']!.delivered).toBe(30);
    expect(after['reports-p1']!.delivered).toBe(0);
    expect(await deliveriesOf('portal-p1')).toEqual([]);
    expect(seen).toHaveLength(30);
  });

  it('fails only the deliveries a batch names, and backs them off with growing waits', async () => {
    const s: Subscriber = {
      name: 'partial',
      topics: ['pa.'],
      maxAttempts: 4,
      handle: async (batch) => ({
        failed: new Map(batch.filter((d) => d.key === 'bad').map((d) => [d.id, 'no'])),
      }),
    };
    await registerSubscriptions(db(), [s], now());
    await put([msg('pa.x', 'good', 1), msg('pa.x', 'bad', 2), msg('pa.x', 'good', 3)]);
    const d = dispatcher([s]);
    expect((await d.runOnce()).partial).toEqual({ delivered: 2, retried: 1, dead: 0 });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [row] = await deliveriesOf('partial');
      expect(row).toMatchObject({ key: 'bad', attempts: attempt, status: 'pending' });
      waits.push(new Date(row!.nextAttemptAt).getTime() - now().getTime());
      expect((await d.runOnce()).partial!.retried).toBe(0); // not due yet
      ctx.deps.clock.advance(waits.at(-1)!);
      await d.runOnce();
    }
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
    expect(waits[2]!).toBeGreaterThan(waits[1]!);
    expect(await deliveriesOf('partial')).toMatchObject([{ key: 'bad', attempts: 4, status: 'dead' }]);
  });

  it('orderedByKey: never two of one key in flight, never one before an earlier undelivered one of its key', async () => {
    const delivered: Delivery[] = [];
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    let failFirst = true;
    const s: Subscriber = {
      name: 'ordered',
      topics: ['o.'],
      orderedByKey: true,
      concurrency: 3,
      batchSize: 4,
      maxAttempts: 1,
      handle: async (batch) => {
        for (const d of batch) {
          if (inFlight.has(d.key)) overlaps.push(d.key);
          inFlight.add(d.key);
        }
        await new Promise((r) => setTimeout(r, 5));
        for (const d of batch) inFlight.delete(d.key);
        const failed = new Map<string, string>();
        for (const d of batch) {
          // The very first message of key a fails (and, with maxAttempts 1, goes dead).
          if (failFirst && d.key === 'a' && (d.payload as { i: number }).i === 0) {
            failFirst = false;
            failed.set(d.id, 'first of a fails');
          } else delivered.push(d);
        }
        return { failed };
      },
    };
    await registerSubscriptions(db(), [s], now());
    const keys = ['a', 'b', 'c', 'd', 'e'];
    await put(Array.from({ length: 40 }, (_, i) => msg('o.changed', keys[i % 5]!, Math.floor(i / 5))));
    const d = dispatcher([s]);
    for (let r = 0; r < 15; r++) await d.runOnce();
    expect(overlaps).toEqual([]);
    const order = (k: string) =>
      delivered.filter((x) => x.key === k).map((x) => (x.payload as { i: number }).i);
    for (const k of ['b', 'c', 'd', 'e']) expect(order(k)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // a's first is dead: nothing later of a was delivered before it.
    expect(order('a')).toEqual([]);
    const left = await deliveriesOf('ordered');
    expect(left[0]).toMatchObject({ key: 'a', status: 'dead', lastError: 'first of a fails' });
    expect(left.filter((x) => x.status === 'pending')).toHaveLength(7);
    // Retrying the dead one delivers it, then the rest of a in order.
    await retry('ordered');
    for (let r = 0; r < 10; r++) await d.runOnce();
    expect(order('a')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await deliveriesOf('ordered')).toEqual([]);
  });

  it('orderedByKey with byKeyConcurrently (portal, civil status, post): several keys at once, each in order, none twice in flight', async () => {
    const delivered: Delivery[] = [];
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    let most = 0;
    const s: Subscriber = {
      name: 'ordered-lanes',
      topics: ['l.'],
      orderedByKey: true,
      concurrency: 2,
      batchSize: 5,
      handle: byKeyConcurrently(async (d) => {
        if (inFlight.has(d.key)) overlaps.push(d.key);
        inFlight.add(d.key);
        most = Math.max(most, inFlight.size);
        await new Promise((r) => setTimeout(r, 5));
        inFlight.delete(d.key);
        delivered.push(d);
      }, 3),
    };
    await registerSubscriptions(db(), [s], now());
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    await put(Array.from({ length: 36 }, (_, i) => msg('l.changed', keys[i % 6]!, Math.floor(i / 6))));
    await drain(dispatcher([s]), ['ordered-lanes']);
    expect(overlaps).toEqual([]);
    expect(most).toBeGreaterThan(1);
    for (const k of keys)
      expect(delivered.filter((x) => x.key === k).map((x) => (x.payload as { i: number }).i)).toEqual([
        0, 1, 2, 3, 4, 5,
      ]);
    expect(await deliveriesOf('ordered-lanes')).toEqual([]);
  });

  it('orderedByKey: one run goes on past a short batch, each key’s next delivery claimable once the one before it is settled', async () => {
    const delivered: Delivery[] = [];
    const batches: number[] = [];
    const s: Subscriber = {
      name: 'ordered-run',
      topics: ['r.'],
      orderedByKey: true,
      batchSize: 5,
      handle: async (batch) => {
        batches.push(batch.length);
        delivered.push(...batch);
        return {};
      },
    };
    await registerSubscriptions(db(), [s], now());
    // Two keys, six messages each: every claim holds one of each key, two of the five a batch could take.
    await put(Array.from({ length: 12 }, (_, i) => msg('r.changed', i % 2 ? 'y' : 'x', Math.floor(i / 2))));
    const d = createDispatcher({
      db: db(),
      clock: ctx.deps.clock,
      logger: ctx.deps.logger,
      subscribers: [s],
      budgetMs: 600_000,
    });
    expect(await d.runSubscriber('ordered-run')).toEqual({ delivered: 12, retried: 0, dead: 0 });
    expect(batches).toEqual([2, 2, 2, 2, 2, 2]);
    for (const k of ['x', 'y'])
      expect(delivered.filter((x) => x.key === k).map((x) => (x.payload as { i: number }).i)).toEqual([
        0, 1, 2, 3, 4, 5,
      ]);
    expect(await deliveriesOf('ordered-run')).toEqual([]);
  });

  it('is idempotent by message id: a delivery handed out again (its handler failed after doing the work) is logged once', async () => {
    const handle = notificationLogHandler(db(), ctx.deps.clock);
    let calls = 0;
    const s: Subscriber = {
      name: 'notify-lease',
      topics: ['n.'],
      handle: async (batch) => {
        calls++;
        return handle(batch);
      },
    };
    await registerSubscriptions(db(), [s], now());
    await put([msg('n.x', 'lease-1', 1)]);
    // A handler that does the work and then fails: the delivery comes back and is handled again.
    const crashed: Subscriber = {
      ...s,
      handle: async (batch) => {
        await handle(batch);
        throw new Error('process died after delivering');
      },
    };
    await createDispatcher({
      db: db(),
      clock: ctx.deps.clock,
      logger: ctx.deps.logger,
      subscribers: [crashed],
      random: () => 0.5,
    }).runOnce();
    ctx.deps.clock.advance(5_000);
    expect((await dispatcher([s]).runOnce())['notify-lease']!.delivered).toBe(1);
    expect(calls).toBe(1);
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/notifications?key=lease-1',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.json().items).toHaveLength(1);
  });

  it('two dispatchers on one database deliver each (message, subscriber) once', async () => {
    const counts = new Map<string, number>();
    const make = (name: string): Subscriber => ({
      name,
      topics: ['two.'],
      batchSize: 25,
      concurrency: 2,
      handle: async (batch) => {
        for (const d of batch) counts.set(`${name}:${d.id}`, (counts.get(`${name}:${d.id}`) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 1));
        return {};
      },
    });
    const list = [make('two-a'), make('two-b')];
    await registerSubscriptions(db(), list, now());
    await put(Array.from({ length: 300 }, (_, i) => msg('two.x', `two-${i}`, i)));
    const a = dispatcher(list);
    const b = dispatcher(list);
    for (let r = 0; r < 5; r++) await Promise.all([a.runOnce(), b.runOnce()]);
    expect(counts.size).toBe(600);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await deliveriesOf('two-a')).toEqual([]);
    expect(await deliveriesOf('two-b')).toEqual([]);
  });

  it('gives messages still pending from before subscriptions their deliveries at registration, once', async () => {
    await db()
      .insertInto('outbox')
      .values({
        id: '01900000-0000-7000-8000-000000000001',
        topic: 'legacy.x',
        key: 'legacy-1',
        payload: JSON.stringify({}),
        idempotencyKey: 'legacy:1',
        status: 'pending',
        nextAttemptAt: now(),
        createdAt: now(),
      })
      .execute();
    const s = { name: 'legacy', topics: ['legacy.'] };
    await registerSubscriptions(db(), [s], now());
    await registerSubscriptions(db(), [s], now());
    expect((await deliveriesOf('legacy')).map((r) => r.key)).toEqual(['legacy-1']);
    const row = await db()
      .selectFrom('outbox')
      .select('status')
      .where('key', '=', 'legacy-1')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('done');
  });

  it('retries a message that went dead before subscriptions as one delivery per matching subscriber', async () => {
    const id = '01900000-0000-7000-8000-000000000002';
    await db()
      .insertInto('outbox')
      .values({
        id,
        topic: 'legacy.y',
        key: 'legacy-2',
        payload: JSON.stringify({}),
        idempotencyKey: 'legacy:2',
        status: 'dead',
        attempts: 8,
        lastError: 'national portal unreachable',
        nextAttemptAt: now(),
        createdAt: now(),
      })
      .execute();
    const retry = () =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/outbox/${id}/retry`,
        headers: { authorization: `Bearer ${admin}` },
      });
    expect((await retry()).statusCode).toBe(204);
    expect((await deliveriesOf('legacy')).map((r) => r.key)).toContain('legacy-2');
    // Retried once: the message is no longer dead, so a second retry finds nothing to put back.
    expect((await retry()).statusCode).toBe(404);
  });

  it('answers bad query parameters with 422', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/outbox?status=lost',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('query.status');
  });

  it('answers GET /api/outbox (deprecated) with Deprecation, Sunset (a year on at least) and the successor, and says so in OpenAPI', async () => {
    for (const url of ['/api/outbox', '/api/v1/outbox?status=dead']) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${admin}` } });
      expect(res.statusCode).toBe(200);
      const since = Number(String(res.headers.deprecation).replace(/^@/, '')) * 1000;
      expect(String(res.headers.deprecation)).toMatch(/^@\d+$/);
      const sunset = Date.parse(String(res.headers.sunset));
      expect(sunset - since).toBeGreaterThanOrEqual(365 * 24 * 3600 * 1000);
      expect(res.headers.link).toBe('</api/v1/integrations/subscribers>; rel="successor-version"');
    }
    // The retry of a legacy message and the other APIs are not deprecated.
    const other = await ctx.app.inject({
      method: 'GET',
      url: '/api/integrations/subscribers',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(other.headers.deprecation).toBeUndefined();
    const openapi = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(openapi.paths['/api/v1/outbox'].get.deprecated).toBe(true);
    expect(openapi.paths['/api/v1/integrations/subscribers'].get.deprecated).toBeUndefined();
  });
});

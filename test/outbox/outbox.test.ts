import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationLogHandler } from '../../src/modules/notify/index.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import { createOutboxDispatcher, enqueue } from '../../src/platform/jobs/outbox.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;
let admin: string;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn(['admin']);
});
afterAll(() => ctx.close());

const msg = (i: number, topic = 'record.received') => ({
  topic,
  key: `rec-${i}`,
  payload: { i },
  idempotencyKey: `test:${topic}:${i}`,
});

function dispatcher(handlerFor: Parameters<typeof createOutboxDispatcher>[0]['handlerFor'], maxAttempts = 3) {
  return createOutboxDispatcher({
    db: ctx.database.db,
    clock: ctx.deps.clock,
    logger: ctx.deps.logger,
    handlerFor,
    maxAttempts,
    random: () => 0.5,
  });
}

describe('the outbox', () => {
  it('never delivers a message whose transaction rolled back, and stores a repeated key once', async () => {
    await expect(
      inTransaction(ctx.database.db, async (tx) => {
        await enqueue(tx, [msg(1)], ctx.deps.clock.now());
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await inTransaction(ctx.database.db, (tx) => enqueue(tx, [msg(2), msg(2)], ctx.deps.clock.now()));
    const rows = await ctx.database.db
      .selectFrom('outbox')
      .select('key')
      .where('key', 'in', ['rec-1', 'rec-2'])
      .execute();
    expect(rows.map((r) => r.key)).toEqual(['rec-2']);
  });

  it('delivers through the notification-log handler, once', async () => {
    const d = dispatcher(() => notificationLogHandler(ctx.database.db, ctx.deps.clock));
    const first = await d.runOnce();
    expect(first.delivered).toBeGreaterThanOrEqual(1);
    expect((await d.runOnce()).delivered).toBe(0);
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/notifications?key=rec-2',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.json().items).toHaveLength(1);
  });

  it('retries a failing handler with growing backoff, then goes dead, visible and retryable through the API', async () => {
    await inTransaction(ctx.database.db, (tx) => enqueue(tx, [msg(3, 'test.flaky')], ctx.deps.clock.now()));
    const d = dispatcher(() => async () => {
      throw new Error('peer unavailable');
    });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const r = await d.runOnce();
      expect(r.retried + r.dead).toBe(1);
      const row = await ctx.database.db
        .selectFrom('outbox')
        .select(['status', 'attempts', 'nextAttemptAt', 'lastError'])
        .where('key', '=', 'rec-3')
        .executeTakeFirstOrThrow();
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toBe('peer unavailable');
      if (row.status === 'pending') {
        waits.push(new Date(row.nextAttemptAt).getTime() - ctx.deps.clock.now().getTime());
        ctx.deps.clock.advance(waits.at(-1)!);
      } else expect(row.status).toBe('dead');
    }
    expect(waits).toHaveLength(2);
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
    const headers = { authorization: `Bearer ${admin}` };
    const dead = await ctx.app.inject({ method: 'GET', url: '/api/outbox?status=dead', headers });
    const item = dead.json().items.find((m: { key: string }) => m.key === 'rec-3');
    expect(item).toMatchObject({ attempts: 3, lastError: 'peer unavailable' });
    const retry = await ctx.app.inject({ method: 'POST', url: `/api/outbox/${item.id}/retry`, headers });
    expect(retry.statusCode).toBe(204);
    const again = await ctx.app.inject({ method: 'POST', url: `/api/outbox/${item.id}/retry`, headers });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('outbox.not_found');
  });

  it('sends a message with no handler for its topic straight to the dead letters', async () => {
    await inTransaction(ctx.database.db, (tx) =>
      enqueue(tx, [msg(4, 'nobody.listens')], ctx.deps.clock.now()),
    );
    const r = await dispatcher(() => undefined).runOnce();
    expect(r.dead).toBeGreaterThanOrEqual(1);
  });

  it('lets two dispatchers run at once and delivers every message exactly once', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ ...msg(100 + i), key: `many-${i}` }));
    await inTransaction(ctx.database.db, (tx) => enqueue(tx, many, ctx.deps.clock.now()));
    const handler = notificationLogHandler(ctx.database.db, ctx.deps.clock);
    const a = dispatcher(() => handler);
    const b = dispatcher(() => handler);
    for (let round = 0; round < 5; round++) await Promise.all([a.runOnce(), b.runOnce()]);
    const delivered = await ctx.database.db
      .selectFrom('notificationLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('key', 'like', 'many-%')
      .executeTakeFirstOrThrow();
    expect(Number(delivered.n)).toBe(120);
    const pending = await ctx.database.db
      .selectFrom('outbox')
      .select('id')
      .where('status', '=', 'pending')
      .where('topic', '=', 'record.received')
      .execute();
    expect(pending).toEqual([]);
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
});

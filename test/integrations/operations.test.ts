import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLettersAnswer, SubscribersAnswer } from '../../src/contracts/integrations.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * The operators' integrations API and gauges (issue 16, item 6) on rows written straight into
 * subscriptions, outbox and outbox_deliveries (the dispatcher is not involved).
 */

let ctx: TestContext;
let admin: string;
let monitor: string;
let reception: string;
let adminId: string;
const seqOf: Record<string, number> = {};

const at = (secondsFromNow: number) => new Date(ctx.deps.clock.now().getTime() + secondsFromNow * 1000);

async function message(name: string, payload: unknown, key = randomUUID()): Promise<string> {
  const id = randomUUID();
  await ctx.database.db
    .insertInto('outbox')
    .values({
      id,
      topic: 'record.received',
      key,
      payload: JSON.stringify(payload),
      idempotencyKey: `ops-test:${name}`,
      status: 'done',
      nextAttemptAt: at(-3600),
      createdAt: at(-3600),
    })
    .execute();
  return id;
}

async function delivery(
  name: string,
  subscriber: string,
  row: { status: 'pending' | 'dead'; createdAgo: number; nextIn?: number; error?: string },
): Promise<void> {
  const recordId = randomUUID();
  const messageId = await message(
    name,
    { recordId, code: `REC-${name}`, seq: 1, status: 'received', event: { type: 'received' } },
    recordId,
  );
  const inserted = await ctx.database.db
    .insertInto('outboxDeliveries')
    .values({
      messageId,
      subscriber,
      topic: 'record.received',
      key: recordId,
      status: row.status,
      attempts: row.status === 'dead' ? 8 : 1,
      nextAttemptAt: at(row.nextIn ?? 0),
      createdAt: at(-row.createdAgo),
      lastError: row.error ?? null,
      deadAt: row.status === 'dead' ? at(-row.createdAgo + 60) : null,
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  seqOf[name] = Number(inserted.seq);
}

const get = (url: string, token = admin) =>
  ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
const post = (url: string, payload: unknown, token = admin) =>
  ctx.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { authorization: `Bearer ${token}` },
  });

async function deliveryRow(name: string) {
  return ctx.database.db
    .selectFrom('outboxDeliveries')
    .selectAll()
    .where('seq', '=', String(seqOf[name]))
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn(['admin']);
  monitor = await ctx.signIn(['monitor']);
  reception = await ctx.signIn(['reception']);
  adminId = (await get('/api/auth/me')).json().userId;
  await ctx.database.db
    .insertInto('subscriptions')
    .values([
      { name: 'portal', topics: ['record.'], registeredAt: at(-86400) },
      { name: 'portal-intake', topics: ['portal.'], registeredAt: at(-86400) },
      { name: 'reports', topics: ['record.', 'record-changed.'], registeredAt: at(-86400) },
    ])
    .execute();
  // portal: two pending (one due, one backing off), three dead; reports: one dead.
  await delivery('p-due', 'portal', { status: 'pending', createdAgo: 600, nextIn: -1 });
  await delivery('p-wait', 'portal', { status: 'pending', createdAgo: 120, nextIn: 60 });
  await delivery('p-dead1', 'portal', { status: 'dead', createdAgo: 7200, error: 'portal answered 503' });
  await delivery('p-dead2', 'portal', { status: 'dead', createdAgo: 3600, error: 'timeout after 10 s' });
  await delivery('p-dead3', 'portal', {
    status: 'dead',
    createdAgo: 1800,
    error: 'invalid_response: status',
  });
  await delivery('r-dead', 'reports', { status: 'dead', createdAgo: 900, error: 'counter overflow' });
});
afterAll(() => ctx?.close());

describe('GET /api/integrations/subscribers', () => {
  it('gives each subscriber its system, backlog, lag, due and backing-off counts and dead letters', async () => {
    const res = await get('/api/integrations/subscribers', monitor);
    expect(res.statusCode).toBe(200);
    const body = SubscribersAnswer.parse(res.json());
    expect(body.items.map((s) => [s.system, s.name])).toEqual([
      ['motcua', 'reports'],
      ['portal', 'portal'],
      ['portal', 'portal-intake'],
    ]);
    const portal = body.items.find((s) => s.name === 'portal')!;
    expect(portal).toMatchObject({
      topics: ['record.'],
      backlog: 2,
      lagSeconds: 600,
      dueNow: 1,
      backingOff: 1,
      dead: 3,
      resolved: 0,
      oldestDeadAt: at(-7200 + 60).toISOString(),
    });
    expect(body.items.find((s) => s.name === 'portal-intake')).toMatchObject({
      backlog: 0,
      lagSeconds: 0,
      dead: 0,
    });
  });

  it('is refused to an official who is neither administrator nor monitor', async () => {
    const res = await get('/api/integrations/subscribers', reception);
    expect(res.statusCode).toBe(403);
  });
});

describe('GET /api/integrations/dead-letters', () => {
  it('pages the dead letters of a subscriber by seq with the record code, attempts, error and payload', async () => {
    const first = await get('/api/integrations/dead-letters?subscriber=portal&limit=2', monitor);
    expect(first.statusCode).toBe(200);
    const page1 = DeadLettersAnswer.parse(first.json());
    expect(page1.items.map((d) => d.seq)).toEqual([seqOf['p-dead1'], seqOf['p-dead2']]);
    expect(page1.items[0]).toMatchObject({
      subscriber: 'portal',
      status: 'dead',
      topic: 'record.received',
      recordCode: 'REC-p-dead1',
      attempts: 8,
      lastError: 'portal answered 503',
    });
    expect(page1.items[0]!.summary).toContain('"code":"REC-p-dead1"');
    expect(page1.next).toBe(String(seqOf['p-dead2']));
    const page2 = DeadLettersAnswer.parse(
      (await get(`/api/integrations/dead-letters?subscriber=portal&limit=2&cursor=${page1.next}`)).json(),
    );
    expect(page2.items.map((d) => d.seq)).toEqual([seqOf['p-dead3']]);
    expect(page2.next).toBeNull();
  });

  it('answers 404 for an unknown subscriber and 422 naming a bad status', async () => {
    const unknown = await get('/api/integrations/dead-letters?subscriber=nobody');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json().code).toBe('integration.subscriber_not_found');
    const bad = await get('/api/integrations/dead-letters?status=gone');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('query.status');
  });
});

describe('retry and resolve', () => {
  it('retries one dead letter: pending again, attempts 0, due now, audited', async () => {
    const res = await post('/api/integrations/dead-letters/retry', {
      subscriber: 'portal',
      ids: [seqOf['p-dead1']],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ subscriber: 'portal', retried: 1, ids: [seqOf['p-dead1']] });
    const row = await deliveryRow('p-dead1');
    expect(row).toMatchObject({ status: 'pending', attempts: 0, deadAt: null });
    expect(new Date(row.nextAttemptAt).getTime()).toBe(ctx.deps.clock.now().getTime());
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select(['actorId', 'entityType', 'entityId'])
      .where('action', '=', 'integration.dead_letters_retried')
      .execute();
    expect(audit).toEqual([{ actorId: adminId, entityType: 'subscription', entityId: 'portal' }]);
    // Retrying it again changes nothing: it is not dead any more.
    const again = await post('/api/integrations/dead-letters/retry', {
      subscriber: 'portal',
      ids: [seqOf['p-dead1']],
    });
    expect(again.json().retried).toBe(0);
  });

  it('refuses a resolve without a note (422 naming body.note), then resolves with the note and the official', async () => {
    for (const note of [undefined, '   ']) {
      const res = await post('/api/integrations/dead-letters/resolve', {
        subscriber: 'portal',
        ids: [seqOf['p-dead2']],
        note,
      });
      expect(res.statusCode, String(note)).toBe(422);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('body.note');
    }
    expect((await deliveryRow('p-dead2')).status).toBe('dead');
    const res = await post('/api/integrations/dead-letters/resolve', {
      subscriber: 'portal',
      ids: [seqOf['p-dead2']],
      note: 'Trạng thái đã được cập nhật thủ công trên Cổng DVC quốc gia',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ subscriber: 'portal', resolved: 1, ids: [seqOf['p-dead2']] });
    expect(await deliveryRow('p-dead2')).toMatchObject({
      status: 'resolved',
      resolvedBy: adminId,
      resolvedNote: 'Trạng thái đã được cập nhật thủ công trên Cổng DVC quốc gia',
    });
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select(['actorId', 'entityId'])
      .where('action', '=', 'integration.dead_letters_resolved')
      .execute();
    expect(audit).toEqual([{ actorId: adminId, entityId: 'portal' }]);
    const resolved = DeadLettersAnswer.parse(
      (await get('/api/integrations/dead-letters?subscriber=portal&status=resolved')).json(),
    );
    expect(resolved.items.map((d) => [d.seq, d.resolvedBy])).toEqual([[seqOf['p-dead2'], adminId]]);
  });

  it('retries every dead letter of a subscriber when no ids are given, and no other subscriber’s', async () => {
    const res = await post('/api/integrations/dead-letters/retry', { subscriber: 'portal' });
    expect(res.json()).toEqual({ subscriber: 'portal', retried: 1, ids: [seqOf['p-dead3']] });
    expect((await deliveryRow('r-dead')).status).toBe('dead');
    const portal = SubscribersAnswer.parse((await get('/api/integrations/subscribers')).json()).items.find(
      (s) => s.name === 'portal',
    );
    expect(portal).toMatchObject({ backlog: 4, dead: 0, resolved: 1, lagSeconds: 7200, oldestDeadAt: null });
  });

  it('answers 404 for an unknown subscriber and 422 naming bad ids', async () => {
    const unknown = await post('/api/integrations/dead-letters/retry', { subscriber: 'nobody' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('integration.subscriber_not_found');
    const resolveUnknown = await post('/api/integrations/dead-letters/resolve', {
      subscriber: 'nobody',
      ids: [1],
      note: 'x',
    });
    expect(resolveUnknown.statusCode).toBe(404);
    const bad = await post('/api/integrations/dead-letters/retry', { subscriber: 'portal', ids: ['abc'] });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .join(),
    ).toContain('body.ids');
    const noIds = await post('/api/integrations/dead-letters/resolve', { subscriber: 'portal', note: 'x' });
    expect(noIds.statusCode).toBe(422);
  });

  it('is refused to a monitor (read-only) and to other officials', async () => {
    for (const token of [monitor, reception]) {
      const res = await post('/api/integrations/dead-letters/retry', { subscriber: 'reports' }, token);
      expect(res.statusCode).toBe(403);
      const resolve = await post(
        '/api/integrations/dead-letters/resolve',
        { subscriber: 'reports', ids: [seqOf['r-dead']], note: 'n' },
        token,
      );
      expect(resolve.statusCode).toBe(403);
    }
    expect((await deliveryRow('r-dead')).status).toBe('dead');
  });
});

describe('/metrics', () => {
  it('has backlog, lag and dead gauges per subscriber, read at the scrape', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('motcua_outbox_backlog{subscriber="portal",system="portal"} 4');
    expect(res.body).toContain('motcua_outbox_lag_seconds{subscriber="portal",system="portal"} 7200');
    expect(res.body).toContain('motcua_outbox_dead{subscriber="reports",system="motcua"} 1');
    expect(res.body).toContain('motcua_outbox_dead{subscriber="portal",system="portal"} 0');
    await delivery('p-late', 'portal', { status: 'dead', createdAgo: 60, error: 'refused' });
    const after = await ctx.app.inject({ method: 'GET', url: '/metrics' });
    expect(after.body).toContain('motcua_outbox_dead{subscriber="portal",system="portal"} 1');
  });

  it('names in the documented alert rules only metrics /metrics has', async () => {
    const rules = readFileSync(new URL('../../docs/alerts/motcua-rules.yml', import.meta.url), 'utf8');
    const exprs = [...rules.matchAll(/^\s*expr:\s*(.+)$/gm)].map((m) => m[1]!);
    expect(exprs.length).toBeGreaterThanOrEqual(2);
    const named = new Set(exprs.flatMap((e) => e.match(/motcua_[a-z_]+/g) ?? []));
    expect([...named].sort()).toEqual([
      'motcua_outbox_backlog',
      'motcua_outbox_dead',
      'motcua_outbox_lag_seconds',
    ]);
    const body = (await ctx.app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const name of named) expect(body, name).toMatch(new RegExp(`^${name}\\{`, 'm'));
    expect(rules).toMatch(/motcua_outbox_lag_seconds\) > 300\n\s*for: 10m/);
    expect(rules).toMatch(/motcua_outbox_dead\) > 0/);
  });
});

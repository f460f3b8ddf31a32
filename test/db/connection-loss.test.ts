import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startJobs } from '../../src/main.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  type TestContext,
} from '../support/context.ts';

/**
 * Issue 13 item 2: PostgreSQL drops the app's connections (failover, restart, pg_terminate_backend) while
 * requests run. The process keeps running, a request that met the outage answers 503 problem+json with
 * Retry-After (never 500), and the app recovers by itself. PostgreSQL only: PGlite has no backends to end.
 */
const postgresUrl = inject('postgresUrl');

let ctx: TestContext;
let admin: pg.Client;
let dbName: string;

const terminateBackends = async (): Promise<number> =>
  (
    await admin.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [dbName],
    )
  ).rows[0]?.n ?? 0;

describe.skipIf(!postgresUrl)('PostgreSQL connections terminated under load', () => {
  beforeAll(async () => {
    ctx = await createTestContext();
    dbName = new URL(ctx.database.location.replace('***', 'x')).pathname.slice(1);
    admin = new pg.Client({ connectionString: postgresUrl ?? '' });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin.end();
    await ctx.close();
  });

  it('keeps the process and the jobs running, answers 503 with Retry-After, and recovers', async () => {
    const token = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc', username: 'loss.reception' });
    const procedure = await landCorrectionProcedure(ctx);
    const jobs = await startJobs(ctx.deps);
    const statuses: number[] = [];
    const problems: { status: number; type: string; code: string; retryAfter: unknown }[] = [];
    let stop = false;
    const client = async () => {
      while (!stop) {
        for (const url of ['/api/procedures?q=đất', '/api/worklists', '/api/health']) {
          const res = await ctx.app.inject({
            method: 'GET',
            url,
            headers: { authorization: `Bearer ${token}` },
          });
          statuses.push(res.statusCode);
          if (res.statusCode >= 500) {
            problems.push({
              status: res.statusCode,
              type: String(res.headers['content-type']),
              code: res.json().code,
              retryAfter: res.headers['retry-after'],
            });
          }
        }
      }
    };
    const clients = [client(), client(), client(), client()];
    let terminated = 0;
    for (let round = 0; round < 4; round++) {
      await new Promise((r) => setTimeout(r, 150));
      terminated += await terminateBackends();
    }
    // An outage: the database refuses new connections for a while, then comes back.
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    terminated += await terminateBackends();
    const during = await ctx.app.inject({ method: 'GET', url: '/api/procedures' });
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    stop = true;
    await Promise.all(clients);

    expect(terminated).toBeGreaterThan(0);
    expect(during.statusCode).toBe(503);
    expect(during.headers['content-type']).toContain('application/problem+json');
    expect(during.headers['retry-after']).toMatch(/^\d+$/);
    expect(during.json()).toMatchObject({ code: 'system.database_unavailable', status: 503 });
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    for (const p of problems) {
      expect(p).toMatchObject({ status: 503, code: 'system.database_unavailable' });
      expect(p.type).toContain('application/problem+json');
      expect(p.retryAfter).toMatch(/^\d+$/);
    }

    // Recovered by itself: reads and a write succeed, and the outbox jobs deliver again.
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      health = (await ctx.app.inject({ method: 'GET', url: '/api/health' })).statusCode;
      if (health !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health).toBe(200);
    const record = await receiveLandCorrection(ctx, token, procedure, 'Sau Sự Cố');
    expect(record.code).toBeTruthy();
    // The scheduler that lived through the outage delivers the new record's messages.
    const pending = async () =>
      (
        await ctx.database.db
          .selectFrom('outboxDeliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('key', '=', record.id)
          .executeTakeFirstOrThrow()
      ).n;
    let left = await pending();
    for (let i = 0; i < 600 && left > 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      left = await pending();
    }
    await jobs.stopAll();
    expect(Number(left)).toBe(0);
    // Delivered, not merely absent: the notification log has the record's messages.
    const logged = await ctx.database.db
      .selectFrom('notificationLog')
      .select('topic')
      .where('key', '=', record.id)
      .execute();
    expect(logged.map((l) => l.topic)).toContain('record.received');
  }, 180_000);
});

/**
 * Complete record lifecycles driven through the HTTP API by concurrent clients (in a worker thread,
 * `lifecycle-clients.ts`) on PostgreSQL: receive → forward → assign → appraise → approve → issue → return
 * (about 10% with a supplement round trip). In the
 * same run, the baseline: the same number of clients doing 4-row transactions (event insert, projection
 * update, audit insert, outbox insert) straight through `pg`.
 *
 * With the outbox's subscribers running in the app process (`startJobs`, as `motcua serve` runs them;
 * `SUBSCRIBERS=off` for the load alone): each subscriber's backlog (pending deliveries) sampled every second
 * during the load and after it until drained, its drain rate, and the process's RSS.
 *
 * `DATABASE_URL=postgres://…/<empty database> npm run motcua -- bench lifecycle` (CLIENTS=8,16,32 SECONDS=20)
 */
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { buildApp } from '../src/app.ts';
import { startJobs } from '../src/main.ts';
import { resolveAuditKey, setAuditKey } from '../src/modules/audit/index.ts';
import { createUser, hashPassword, login } from '../src/modules/identity/index.ts';
import { seedReferenceData } from '../src/modules/seed/index.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { migrate, openPostgres } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/log.ts';
import { createProgress } from '../src/platform/progress.ts';
import type { ClientsInput, ClientsOutput } from './lifecycle-clients.ts';
import { percentile, round, writeResult } from './support.ts';

type Role = 'reception' | 'specialist' | 'leader';

export async function run(env: Record<string, string | undefined>): Promise<void> {
  if (!env.DATABASE_URL)
    throw new Error('bench lifecycle runs on PostgreSQL: set DATABASE_URL to an empty database');
  const clientsList = (env.CLIENTS ?? '8,16,32').split(',').map(Number);
  const seconds = Number(env.SECONDS ?? 20);
  const config = loadConfig({
    ...env,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000000',
    DATABASE_POOL_SIZE: '20',
  });
  setAuditKey(resolveAuditKey(config).key);
  const database = openPostgres(config.DATABASE_URL!, config.DATABASE_POOL_SIZE);
  await migrate(database);
  // A fixed Monday morning, so that every lifecycle lands on working days and supplement windows are open.
  const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
  const deps = { database, clock, config, logger: createLogger('silent') };
  const seeded = await database.db.selectFrom('procedures').select('id').limit(1).execute();
  if (seeded.length === 0) await seedReferenceData(deps, { progress: createProgress() });
  const agencies = Object.fromEntries(
    (await database.db.selectFrom('agencies').select(['id', 'key']).execute()).map((a) => [a.key, a.id]),
  );
  const stamp = Date.now();
  // Records are received at the counters of many communes (as in the city, where any one-stop department
  // may receive them), and all are competent at one commune's People's Committee.
  const counters = (
    await database.db
      .selectFrom('agencies')
      .select('key')
      .where('kind', '=', 'one_stop')
      .where('key', '!=', '31120-ttpvhcc')
      .orderBy('key')
      .limit(Number(env.COUNTERS ?? 32))
      .execute()
  ).map((a, i) => [`nk${i}`, 'reception', a.key] as const);
  const people: Record<string, { id: string; role: Role; agency: string }> = {};
  const token: Record<string, string> = {};
  const passwordHash = await hashPassword('bench-password-1');
  for (const [name, role, key] of [
    ...counters,
    ['sp', 'specialist', '31120-ubnd'] as const,
    ['ld', 'leader', '31120-ubnd'] as const,
  ]) {
    const username = `bench.${name}.${stamp}`;
    const { id } = await createUser(
      database.db,
      {
        username,
        displayName: username,
        password: { hash: passwordHash },
        agencyId: agencies[key]!,
        roles: [role],
      },
      clock.now(),
    );
    people[name] = { id, role, agency: key };
    // Signed in through the service (the login route's per-address limit is not what is measured here).
    const signedIn = await login(
      database.db,
      { username, password: 'bench-password-1', address: 'bench' },
      clock.now(),
      { ttlHours: 12, limits: { accountFailures: 5, addressFailures: 100 } },
    );
    if (!signedIn.ok) throw signedIn.error;
    if (!('result' in signedIn)) throw new Error(`${username} is asked for a TOTP code`);
    token[name] = signedIn.result.token;
  }
  const app = await buildApp(deps);
  const withSubscribers = env.SUBSCRIBERS !== 'off';
  const jobs = withSubscribers ? await startJobs(deps) : null;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const procedure = (await (await fetch(`${base}/api/procedures/1.012796`)).json()) as {
    versionId: string;
    details: { documents: { name: string }[] };
  };
  const checklist = procedure.details.documents
    .slice(0, 2)
    .map((d) => ({ document: d.name, provided: true }));

  // The clients run in a worker thread: they are the load, not the app, and must not share its event loop.
  function lifecycleLoad(clients: number): Promise<ClientsOutput> {
    const input: ClientsInput = {
      base,
      tokens: token,
      specialistId: people.sp!.id,
      procedureVersionId: procedure.versionId,
      checklist,
      counters: counters.length,
      clients,
      seconds,
    };
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./lifecycle-clients.ts', import.meta.url), { workerData: input });
      worker.once('message', (out: ClientsOutput) => {
        for (const e of out.firstErrors) process.stderr.write(`${e}\n`);
        resolve(out);
      });
      worker.once('error', reject);
    });
  }

  // Baseline: 4-row transactions straight through pg, as many clients.
  const raw = new pg.Pool({ connectionString: config.DATABASE_URL, max: 20 });
  await raw.query(
    `CREATE TABLE IF NOT EXISTS bench_projection (id bigint PRIMARY KEY, version int NOT NULL, state jsonb)`,
  );
  await raw.query(
    `CREATE TABLE IF NOT EXISTS bench_events (id bigserial PRIMARY KEY, record_id bigint, payload jsonb)`,
  );
  await raw.query(
    `CREATE TABLE IF NOT EXISTS bench_audit (id bigserial PRIMARY KEY, record_id bigint, digest text)`,
  );
  await raw.query(
    `CREATE TABLE IF NOT EXISTS bench_outbox (id bigserial PRIMARY KEY, record_id bigint, payload jsonb)`,
  );
  async function baseline(clients: number, count: number) {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        const c = await raw.connect();
        try {
          while (next < count) {
            const id = next++;
            const t = performance.now();
            await c.query('BEGIN');
            await c.query('INSERT INTO bench_events (record_id, payload) VALUES ($1, $2)', [
              id,
              '{"type":"forwarded"}',
            ]);
            await c.query(
              `INSERT INTO bench_projection (id, version, state) VALUES ($1, 1, '{}')
               ON CONFLICT (id) DO UPDATE SET version = bench_projection.version + 1`,
              [id % 1000],
            );
            await c.query('INSERT INTO bench_audit (record_id, digest) VALUES ($1, $2)', [
              id,
              'x'.repeat(64),
            ]);
            await c.query('INSERT INTO bench_outbox (record_id, payload) VALUES ($1, $2)', [id, '{}']);
            await c.query('COMMIT');
            latencies.push(performance.now() - t);
          }
        } finally {
          c.release();
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { perSecond: count / elapsed, latencies };
  }

  // Each subscriber's pending deliveries, and the messages for it written since `mark` (a uuidv7: ids are
  // time-ordered), through a connection of their own.
  const sampler = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
  async function backlog(): Promise<Record<string, number>> {
    const r = await sampler.query(
      `SELECT s.name, (SELECT count(*)::int FROM outbox_deliveries d WHERE d.subscriber = s.name AND d.status = 'pending') AS n
       FROM subscriptions s ORDER BY s.name`,
    );
    return Object.fromEntries(r.rows.map((x: { name: string; n: number }) => [x.name, x.n]));
  }
  async function written(mark: string): Promise<Record<string, number>> {
    const r = await sampler.query(
      `SELECT s.name, count(o.id)::int AS n FROM subscriptions s
       LEFT JOIN outbox o ON o.id > $1 AND EXISTS (SELECT 1 FROM unnest(s.topics) t
         WHERE t = o.topic OR (right(t, 1) = '.' AND left(o.topic, length(t)) = t))
       GROUP BY s.name ORDER BY s.name`,
      [mark],
    );
    return Object.fromEntries(r.rows.map((x: { name: string; n: number }) => [x.name, x.n]));
  }
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const mb = (n: number) => Math.round(n / 2 ** 20);

  const results = [];
  for (const clients of clientsList) {
    const mark = uuidv7();
    const samples: { t: number; rssMB: number; backlog: Record<string, number> }[] = [];
    const t0 = performance.now();
    let loading = true;
    const sampling = (async () => {
      while (loading) {
        if (withSubscribers)
          samples.push({
            t: round((performance.now() - t0) / 1000, 1),
            rssMB: mb(process.memoryUsage().rss),
            backlog: await backlog(),
          });
        else
          samples.push({
            t: round((performance.now() - t0) / 1000, 1),
            rssMB: mb(process.memoryUsage().rss),
            backlog: {},
          });
        await sleep(1000);
      }
    })();
    const load = await lifecycleLoad(clients);
    loading = false;
    await sampling;
    const loadEnded = performance.now();
    const atEnd = withSubscribers ? await backlog() : {};
    // After the load: until every subscriber's backlog is empty (at most 120 s).
    const drained: Record<string, number | null> = {};
    const after: { t: number; backlog: Record<string, number> }[] = [];
    if (withSubscribers) {
      for (;;) {
        const b = await backlog();
        const t = round((performance.now() - loadEnded) / 1000, 1);
        after.push({ t, backlog: b });
        for (const [name, n] of Object.entries(b))
          if (n === 0 && drained[name] === undefined) drained[name] = t;
        if (Object.values(b).every((n) => n === 0) || t > 120) break;
        await sleep(500);
      }
      for (const name of Object.keys(atEnd)) drained[name] ??= null;
    }
    const drainSeconds = (performance.now() - t0) / 1000;
    const delivered = withSubscribers ? await written(mark) : {};
    const lastBacklog = after.at(-1)?.backlog ?? {};
    const base = await baseline(clients, Math.max(load.transitions, 1000));
    const perSecond = load.transitions / load.elapsed;
    results.push({
      clients,
      seconds: round(load.elapsed, 1),
      lifecycles: load.lifecycles,
      transitions: load.transitions,
      errors: load.errors,
      transitionsPerSecond: round(perSecond, 1),
      latencyMs: { p50: round(percentile(load.latencies, 50)), p99: round(percentile(load.latencies, 99)) },
      baselineTransactionsPerSecond: round(base.perSecond, 1),
      baselineLatencyMs: {
        p50: round(percentile(base.latencies, 50)),
        p99: round(percentile(base.latencies, 99)),
      },
      ratio: round(perSecond / base.perSecond, 3),
      ...(withSubscribers
        ? {
            subscribers: Object.fromEntries(
              Object.keys(atEnd).map((name) => {
                const during = samples.map((x) => x.backlog[name] ?? 0);
                const done = (delivered[name] ?? 0) - (lastBacklog[name] ?? 0);
                return [
                  name,
                  {
                    messages: delivered[name] ?? 0,
                    deliveredPerSecond: round(done / drainSeconds, 1),
                    backlogMaxDuringLoad: Math.max(0, ...during),
                    backlogLastSecondsOfLoad: during.slice(-5),
                    backlogAtLoadEnd: atEnd[name] ?? 0,
                    secondsToDrainAfterLoad: drained[name] ?? null,
                  },
                ];
              }),
            ),
          }
        : {}),
      rssMB: { max: Math.max(...samples.map((x) => x.rssMB)), atLoadEnd: samples.at(-1)?.rssMB ?? null },
      backlogSamples: samples.map((x) => ({ t: x.t, ...x.backlog })),
    });
    process.stderr.write(`${JSON.stringify(results.at(-1))}\n`);
  }
  await raw.query('DROP TABLE bench_projection, bench_events, bench_audit, bench_outbox');
  await raw.end();
  await sampler.end();
  await app.close();
  await jobs?.stopAll();
  await database.close();
  writeResult(withSubscribers ? 'lifecycle' : 'lifecycle-load-only', {
    database: 'postgres',
    subscribers: withSubscribers ? 'running in the app process (startJobs)' : 'off',
    note: "HTTP over loopback (node:http keep-alive clients in a worker thread), one app process (single Node event loop, with the outbox dispatcher and its subscribers unless SUBSCRIBERS=off) on 2 cores shared with PostgreSQL and the load clients; rssMB is the whole process, the load clients' worker thread included",
    results,
  });
}

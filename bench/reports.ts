/**
 * Reports and worklists on a large history, on PostgreSQL: migrate + seed an empty database, make RECORDS
 * records over 3 years with `simulate --bulk` (skipped when the database already holds as many, so a second
 * run reuses them), ANALYZE, then serve the real app with the outbox dispatcher running and measure through
 * HTTP: dashboard statistics (p50/p95), worklists (p50/p99), the delay until a new record shows in the
 * statistics (p50/p99), and `GET /api/health` through the same client as the baseline.
 *
 * `DATABASE_URL=postgres://…/<database> RECORDS=5000000 npm run motcua -- bench reports` (RUNS=50 FRESHNESS=20;
 * GENERATION=… records how a reused database's records were made)
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { addDays, toVnDateTime } from '../src/core/calendar/index.ts';
import { startJobs } from '../src/main.ts';
import { resolveAuditKey, setAuditKey } from '../src/modules/audit/index.ts';
import { createCalendarService } from '../src/modules/calendar/index.ts';
import { createUser, hashPassword } from '../src/modules/identity/index.ts';
import { DEFAULT_PLAN } from '../src/modules/reports/index.ts';
import { simulateBulk } from '../src/modules/reports/simulate-bulk.ts';
import { seedReferenceData } from '../src/modules/seed/index.ts';
import { markDatabase } from '../src/modules/system/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { migrate, openPostgres } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/log.ts';
import { createProgress } from '../src/platform/progress.ts';
import { percentile, round, writeResult } from './support.ts';

const TARGETS = { statisticsP95Ms: 50, worklistP99Ms: 20, freshnessP99Ms: 1000 };

export async function run(env: Record<string, string | undefined>): Promise<void> {
  if (!env.DATABASE_URL) throw new Error('bench reports runs on PostgreSQL: set DATABASE_URL');
  const records = Number(env.RECORDS ?? 20_000);
  const runs = Math.max(50, Number(env.RUNS ?? 50));
  const freshnessRuns = Math.max(20, Number(env.FRESHNESS ?? 20));
  const config = loadConfig({
    ...env,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000000',
    DATABASE_POOL_SIZE: '10',
  });
  setAuditKey(resolveAuditKey(config).key);
  const database = openPostgres(config.DATABASE_URL!, config.DATABASE_POOL_SIZE);
  const { db } = database;
  await migrate(database);
  const clock = systemClock;
  const deps = { database, clock, config, logger: createLogger('silent') };
  const seeded = await db.selectFrom('procedures').select('id').limit(1).execute();
  if (seeded.length === 0) await seedReferenceData(deps, { progress: createProgress() });

  const count = async () =>
    Number(
      (await db.selectFrom('records').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n,
    );
  const existing = await count();
  let generation: { seconds: number; perSecond: number } | null = null;
  if (existing < records) {
    const until = clock.now();
    const to = addDays(toVnDateTime(until).date, -1);
    await markDatabase(db, 'bench', clock.now());
    const started = performance.now();
    const made = await simulateBulk(
      db,
      createCalendarService({ cutoffMinutes: config.MOTCUA_CUTOFF }),
      { ...DEFAULT_PLAN, records: records - existing, from: addDays(to, -3 * 365), to, until },
      createProgress(),
    );
    const seconds = (performance.now() - started) / 1000;
    generation = { seconds: round(seconds, 1), perSecond: round(made.records / seconds, 0) };
    process.stderr.write(`generated ${made.records} records in ${seconds.toFixed(1)} s\n`);
  }
  await sql`analyze`.execute(db);
  const total = await count();
  const size = await sql<{ bytes: string }>`select pg_database_size(current_database()) as bytes`.execute(db);

  // The busiest agency (by competent records), its commune, and the specialist holding most of its work.
  const busiest = await sql<{ id: string; unitKey: string; n: string }>`
    select f.competent_agency_id as id, a.unit_key, count(*) as n
    from report_facts f join agencies a on a.id = f.competent_agency_id
    group by 1, 2 order by 3 desc limit 1`.execute(db);
  const agency = busiest.rows[0]!;
  const holder = await sql<{ id: string; n: string }>`
    select current_assignee_id as id, count(*) as n from records
    where competent_agency_id = ${agency.id} and current_assignee_id is not null
    group by 1 order by 2 desc limit 1`.execute(db);
  const stamp = Date.now();
  const password = 'bench-password-1';
  const usernames: Record<string, string> = {};
  for (const [name, role, agencyId] of [
    ['monitor', 'monitor', agency.id],
    ['leader', 'leader', agency.id],
  ] as const) {
    usernames[name] = `bench.${name}.${stamp}`;
    await createUser(
      db,
      { username: usernames[name], displayName: name, password, agencyId, roles: [role] },
      clock.now(),
    );
  }
  // The simulated specialist signs in with a password set here (benchmark databases only).
  if (holder.rows[0]) {
    const specialist = await db
      .updateTable('users')
      .set({ passwordHash: await hashPassword(password) })
      .where('id', '=', holder.rows[0].id)
      .returning('username')
      .executeTakeFirstOrThrow();
    usernames.specialist = specialist.username;
  }
  const receptionAgency = await db
    .selectFrom('agencies')
    .select('id')
    .where('key', '=', '31135-ttpvhcc')
    .executeTakeFirstOrThrow();
  usernames.reception = `bench.reception.${stamp}`;
  await createUser(
    db,
    {
      username: usernames.reception,
      displayName: 'reception',
      password,
      agencyId: receptionAgency.id,
      roles: ['reception'],
    },
    clock.now(),
  );

  const app = await buildApp(deps);
  const jobs = await startJobs(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const token: Record<string, string> = {};
  for (const [name, username] of Object.entries(usernames)) {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    token[name] = ((await res.json()) as { token: string }).token;
  }

  async function get(path: string, who?: string): Promise<{ ms: number; body: unknown }> {
    const t = performance.now();
    const res = await fetch(`${base}${path}`, {
      headers: who ? { authorization: `Bearer ${token[who]}` } : {},
    });
    const body = await res.json();
    const ms = performance.now() - t;
    if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return { ms, body };
  }
  async function measure(path: string, who: string | undefined, n: number) {
    for (let i = 0; i < 3; i++) await get(path, who);
    const ms: number[] = [];
    for (let i = 0; i < n; i++) ms.push((await get(path, who)).ms);
    return ms.sort((a, b) => a - b);
  }

  const health = await measure('/api/health', undefined, runs * 4);
  const healthP50 = percentile(health, 50);
  const summary = (ms: number[], ps: number[]) =>
    Object.fromEntries([
      ...ps.map((p) => [`p${p}`, round(percentile(ms, p))]),
      ['ratio', round(percentile(ms, 50) / healthP50, 2)],
    ]);

  const yesterday = addDays(toVnDateTime(clock.now()).date, -1);
  const firstOfMonth = `${yesterday.slice(0, 7)}-01`;
  const lastMonth = { from: `${addDays(firstOfMonth, -1).slice(0, 7)}-01`, to: addDays(firstOfMonth, -1) };
  const period = (days: number) => `from=${addDays(yesterday, -(days - 1))}&to=${yesterday}`;
  const dashboards: [string, string, string][] = [
    ['city by agency, last month', `${period(30)}&groupBy=agency`, 'monitor'],
    ['city by agency, last quarter', `${period(91)}&groupBy=agency`, 'monitor'],
    ['city by agency, last year', `${period(365)}&groupBy=agency`, 'monitor'],
    ['city by month, last year', `${period(365)}&groupBy=month`, 'monitor'],
    [
      'city by procedure, last calendar month',
      `from=${lastMonth.from}&to=${lastMonth.to}&groupBy=procedure`,
      'monitor',
    ],
    [
      'city by field, last calendar month',
      `from=${lastMonth.from}&to=${lastMonth.to}&groupBy=field`,
      'monitor',
    ],
    ['one commune by agency, last year', `${period(365)}&groupBy=agency&unit=${agency.unitKey}`, 'monitor'],
    [
      'one commune by procedure, last calendar month',
      `from=${lastMonth.from}&to=${lastMonth.to}&groupBy=procedure&unit=${agency.unitKey}`,
      'monitor',
    ],
    ['one agency by officer, last month (leader)', `${period(30)}&groupBy=officer`, 'leader'],
  ];
  // The dashboard's Decision 766 card.
  for (const [name, query] of [
    ['766 index, city, last 30 days', period(30)],
    ['766 index, city, last 365 days', period(365)],
    ['766 index, one commune, last 365 days', `${period(365)}&unit=${agency.unitKey}`],
  ] as const)
    dashboards.push([name, `766:${query}`, 'monitor']);
  const statistics = [];
  for (const [name, query, who] of dashboards) {
    const path = query.startsWith('766:')
      ? `/api/reports/index766?${query.slice(4)}`
      : `/api/reports/statistics?${query}`;
    const ms = await measure(path, who, runs);
    statistics.push({
      name,
      query: path,
      ...summary(ms, [50, 95]),
      met: percentile(ms, 95) <= TARGETS.statisticsP95Ms,
    });
    process.stderr.write(`${JSON.stringify(statistics.at(-1))}\n`);
  }

  const worklists = [];
  for (const [name, scope, who] of [
    ['mine (specialist with most open work)', 'mine', 'specialist'],
    ['agency (leader of the busiest agency)', 'agency', 'leader'],
  ] as const) {
    if (!token[who]) continue;
    const first = `/api/worklists?scope=${scope}&limit=50`;
    const { body } = await get(first, who);
    const page = body as { items: unknown[]; next: string | null };
    for (const [label, path] of [
      ['first page', first],
      ...(page.next ? [['next page', `${first}&after=${page.next}`]] : []),
    ] as const) {
      const ms = await measure(path, who, runs * 4);
      worklists.push({
        name: `${name}, ${label}`,
        items: page.items.length,
        ...summary(ms, [50, 99]),
        met: percentile(ms, 99) <= TARGETS.worklistP99Ms,
      });
      process.stderr.write(`${JSON.stringify(worklists.at(-1))}\n`);
    }
  }

  // Freshness: a record received at the counter, then the day's statistics polled until they show it.
  const procedure = (await get('/api/procedures/1.012796')).body as { versionId: string };
  const today = toVnDateTime(clock.now()).date;
  const todayPath = `/api/reports/statistics?from=${today}&to=${today}&groupBy=total`;
  const received = async () =>
    ((await get(todayPath, 'monitor')).body as { total: { received: { total: number } } }).total.received
      .total;
  const delays: number[] = [];
  for (let i = 0; i < freshnessRuns; i++) {
    const before = await received();
    const res = await fetch(`${base}/api/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.reception}` },
      body: JSON.stringify({
        type: 'receive',
        checklist: [],
        opening: {
          procedureVersionId: procedure.versionId,
          channel: 'in_person',
          applicant: { kind: 'citizen', fullName: 'Đoàn Văn Hậu', phone: '0912000999' },
          routing: { landParcelUnitCode: '31120' },
        },
      }),
    });
    if (res.status !== 201) throw new Error(`receive → ${res.status} ${await res.text()}`);
    const t = performance.now();
    while ((await received()) <= before) {
      if (performance.now() - t > 30_000) throw new Error('the new record did not show within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    delays.push(performance.now() - t);
  }
  delays.sort((a, b) => a - b);
  const freshness = {
    runs: freshnessRuns,
    p50: round(percentile(delays, 50)),
    p99: round(percentile(delays, 99)),
    met: percentile(delays, 99) <= TARGETS.freshnessP99Ms,
  };
  process.stderr.write(`${JSON.stringify({ freshness })}\n`);

  await app.close();
  await jobs.stopAll();
  await database.close();
  writeResult('reports', {
    database: 'postgres',
    note: 'HTTP over loopback (fetch, one request at a time), one app process with the outbox dispatcher running, on 2 cores shared with PostgreSQL (default settings: shared_buffers 128 MB). Records made by `simulate --bulk` (final states, facts and counters; no events, audit or outbox rows).',
    records: total,
    // GENERATION: how the reused records were made, when another run made them.
    generation: generation ?? env.GENERATION ?? 'reused the records already in the database',
    databaseBytes: Number(size.rows[0]!.bytes),
    databaseSize: `${round(Number(size.rows[0]!.bytes) / 2 ** 30, 2)} GiB`,
    busiestAgency: { id: agency.id, unit: agency.unitKey, records: Number(agency.n) },
    targets: TARGETS,
    baseline: { name: 'GET /api/health', runs: runs * 4, ...summary(health, [50, 95]) },
    statistics,
    worklists,
    freshness,
    allMet: statistics.every((s) => s.met) && worklists.every((w) => w.met) && freshness.met,
  });
}

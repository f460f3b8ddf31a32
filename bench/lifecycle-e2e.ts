/**
 * The lifecycle load end to end (issue 16): `motcua serve` run as its own process(es), exactly as `npm start`
 * composes it (`serve` → `startIntegrations` → `startJobs` → `subscribers()`: reports, notifications,
 * portal, civil-status, post), with the national portal, the civil-status system and Vietnam Post as fakes in
 * processes of their own (`motcua fake-portal`, `fake-civil-status`, `fake-post`, reached through their URLs as
 * real systems would be; `FAKES=in-process` runs them inside `serve` as the embedded demo does). The load
 * clients (`lifecycle-clients.ts`, a worker thread per app process) run in this process, so the app's RSS is
 * the app's alone.
 *
 * The mix: complete lifecycles of a land-record correction received at 32 communes' counters (10% with a
 * supplement round trip); one in `POST_EVERY` (5) returned by post (the post's callback closes it); one in
 * `CIVIL_STATUS_EVERY` (4) followed by a birth registration received (handed over to civil status).
 *
 * Per phase: commands per second and request latency; each subscriber's backlog (pending deliveries, from the
 * app's /metrics) every second during the load and every half second after it until every backlog is empty
 * (at most 120 s); its deliveries per second; the RSS of each app process (`/proc/<pid>/status` VmRSS) every
 * second. Then the baseline of the same run: as many clients doing 4-row transactions (event, projection,
 * audit, outbox) straight through the driver (PGlite: in this process, on a database in memory).
 *
 * `DATABASE_URL=postgres://…/<own database> npm run motcua -- bench lifecycle-e2e`
 * (PHASES=postgres,postgres-2,pglite CLIENTS=16 SECONDS=30 BASE_PORT=3160 FAKES=processes|in-process
 * APP_NODE_FLAGS=… given to the app processes' node before `src/cli.ts serve`). `postgres-2`: two app processes sharing the
 * database, the clients split between them. Loopback only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { resolveAuditKey, setAuditKey } from '../src/modules/audit/index.ts';
import { createUser, hashPassword, login } from '../src/modules/identity/index.ts';
import { seedReferenceData } from '../src/modules/seed/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { type Database, migrate, openDatabase } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/log.ts';
import { createProgress } from '../src/platform/progress.ts';
import type { ClientsInput, ClientsOutput } from './lifecycle-clients.ts';
import { percentile, round, writeResult } from './support.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const AUDIT_KEY = 'bench-lifecycle-e2e-audit-key-0123456789';
const POST_SECRET = 'bench-lifecycle-e2e-post-secret-0123456789';
const LAND = '1.012796';
const BIRTH = '1.001193';

const PHASES = {
  postgres: { database: 'postgres', processes: 1 },
  'postgres-2': { database: 'postgres', processes: 2 },
  pglite: { database: 'pglite', processes: 1 },
} as const;
type PhaseName = keyof typeof PHASES;

/** A child process (an app or a fake) with the tail of its output kept for errors. */
class Child {
  readonly proc: ChildProcess;
  log = '';
  exited = false;
  constructor(args: string[], env: Record<string, string | undefined>) {
    this.proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (c: Buffer) => {
      this.log = (this.log + c.toString('utf8')).slice(-20_000);
    };
    this.proc.stdout?.on('data', keep);
    this.proc.stderr?.on('data', keep);
    this.proc.on('exit', (code, signal) => {
      this.exited = true;
      keep(Buffer.from(`\n[exited: ${code ?? signal}]\n`));
    });
  }
  async until(test: () => Promise<boolean> | boolean, what: string): Promise<void> {
    for (let i = 0; i < 600; i++) {
      if (this.exited) throw new Error(`${what}: the process exited:\n${this.log}`);
      if (await test()) return;
      await sleep(500);
    }
    throw new Error(`${what}: not ready in 5 minutes:\n${this.log}`);
  }
  async stop(): Promise<void> {
    if (this.exited) return;
    this.proc.kill('SIGTERM');
    for (let i = 0; i < 50 && !this.exited; i++) await sleep(200);
    if (!this.exited) this.proc.kill('SIGKILL');
  }
}

async function get(url: string): Promise<{ status: number; text: string }> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    return { status: r.status, text: await r.text() };
  } catch {
    return { status: 0, text: '' };
  }
}

/** VmRSS of a process in MB (0 once it is gone). */
function rssMB(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Each subscriber's pending deliveries and dead letters, from the app's /metrics. */
async function outboxGauges(base: string): Promise<{
  backlog: Record<string, number>;
  dead: Record<string, number>;
  heapTotalMB: number;
  heapUsedMB: number;
} | null> {
  const r = await get(`${base}/metrics`);
  if (r.status !== 200) return null;
  const read = (metric: string) => {
    const out: Record<string, number> = {};
    for (const m of r.text.matchAll(
      new RegExp(`^${metric}\\{[^}]*subscriber="([^"]+)"[^}]*\\} (\\S+)$`, 'gm'),
    ))
      out[m[1]!] = Number(m[2]);
    return out;
  };
  const bytes = (metric: string) =>
    Math.round(Number(new RegExp(`^${metric} (\\S+)$`, 'm').exec(r.text)?.[1] ?? 0) / 2 ** 20);
  return {
    backlog: read('motcua_outbox_backlog'),
    dead: read('motcua_outbox_dead'),
    heapTotalMB: bytes('motcua_nodejs_heap_size_total_bytes'),
    heapUsedMB: bytes('motcua_nodejs_heap_size_used_bytes'),
  };
}

interface Prepared {
  readonly tokens: Record<string, string>;
  readonly specialistId: string;
  readonly counters: number;
}

/** Migrates and seeds the database if it is empty, and signs in 32 counters' officials, a specialist, a leader. */
async function prepare(database: Database, counterCount: number): Promise<Prepared> {
  await migrate(database);
  const deps = {
    database,
    clock: systemClock,
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    logger: createLogger('silent'),
  };
  const seeded = await database.db.selectFrom('procedures').select('id').limit(1).execute();
  if (seeded.length === 0) await seedReferenceData(deps, { progress: createProgress() });
  const agencies = Object.fromEntries(
    (await database.db.selectFrom('agencies').select(['id', 'key']).execute()).map((a) => [a.key, a.id]),
  );
  const counters = (
    await database.db
      .selectFrom('agencies')
      .select('key')
      .where('kind', '=', 'one_stop')
      .where('key', '!=', '31120-ttpvhcc')
      .orderBy('key')
      .limit(counterCount)
      .execute()
  ).map((a, i) => [`nk${i}`, 'reception', a.key] as const);
  const stamp = Date.now();
  const tokens: Record<string, string> = {};
  let specialistId = '';
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
      systemClock.now(),
    );
    if (name === 'sp') specialistId = id;
    const signedIn = await login(
      database.db,
      { username, password: 'bench-password-1', address: 'bench' },
      systemClock.now(),
      { ttlHours: 12, limits: { accountFailures: 5, addressFailures: 100 } },
    );
    if (!signedIn.ok) throw signedIn.error;
    if (!('result' in signedIn)) throw new Error(`${username} is asked for a TOTP code`);
    tokens[name] = signedIn.result.token;
  }
  return { tokens, specialistId, counters: counters.length };
}

/** Messages written since `mark` (a uuidv7; ids are time-ordered) for each subscriber, by its topics. */
async function written(database: Database, mark: string): Promise<Record<string, number>> {
  const r = await sql<{ name: string; n: number }>`
    SELECT s.name, count(o.id)::int AS n FROM subscriptions s
    LEFT JOIN outbox o ON o.id > ${mark} AND EXISTS (SELECT 1 FROM unnest(s.topics) t
      WHERE t = o.topic OR (right(t, 1) = '.' AND left(o.topic, length(t)) = t))
    GROUP BY s.name ORDER BY s.name`.execute(database.db);
  return Object.fromEntries(r.rows.map((x) => [x.name, Number(x.n)]));
}

/** What the integrations did since `since`: civil-status hand-overs, post shipments, portal marks. */
async function integrationWork(database: Database, since: Date) {
  const count = async (q: Promise<{ n: number | string | bigint }[]>) => Number((await q)[0]?.n ?? 0);
  const { db } = database;
  return {
    civilStatusHandedOver: await count(
      sql<{ n: number }>`SELECT count(*) AS n FROM civil_status_handovers WHERE handed_over_at >= ${since}`
        .execute(db)
        .then((r) => r.rows),
    ),
    postShipments: await count(
      sql<{ n: number }>`SELECT count(*) AS n FROM post_shipments WHERE created_at >= ${since}`
        .execute(db)
        .then((r) => r.rows),
    ),
    portalRecordsPushed: await count(
      sql<{ n: number }>`SELECT count(*) AS n FROM portal_sync WHERE pushed_at >= ${since}`
        .execute(db)
        .then((r) => r.rows),
    ),
  };
}

/** The baseline: `clients` concurrent 4-row transactions for `seconds`, on PostgreSQL or an in-memory PGlite. */
async function baseline(
  kind: 'postgres' | 'pglite',
  url: string | undefined,
  clients: number,
  seconds: number,
) {
  const ddl = [
    'CREATE TABLE IF NOT EXISTS bench_projection (id bigint PRIMARY KEY, version int NOT NULL, state jsonb)',
    'CREATE TABLE IF NOT EXISTS bench_events (id bigserial PRIMARY KEY, record_id bigint, payload jsonb)',
    'CREATE TABLE IF NOT EXISTS bench_audit (id bigserial PRIMARY KEY, record_id bigint, digest text)',
    'CREATE TABLE IF NOT EXISTS bench_outbox (id bigserial PRIMARY KEY, record_id bigint, payload jsonb)',
  ];
  const statements = (id: number): [string, unknown[]][] => [
    ['INSERT INTO bench_events (record_id, payload) VALUES ($1, $2)', [id, '{"type":"forwarded"}']],
    [
      `INSERT INTO bench_projection (id, version, state) VALUES ($1, 1, '{}')
       ON CONFLICT (id) DO UPDATE SET version = bench_projection.version + 1`,
      [id % 1000],
    ],
    ['INSERT INTO bench_audit (record_id, digest) VALUES ($1, $2)', [id, 'x'.repeat(64)]],
    ['INSERT INTO bench_outbox (record_id, payload) VALUES ($1, $2)', [id, '{}']],
  ];
  const latencies: number[] = [];
  let next = 0;
  // Timed from when the tables exist (PGlite takes seconds to start on a busy machine).
  let end = 0;
  let started = 0;
  const go = () => {
    started = performance.now();
    end = started + seconds * 1000;
  };
  if (kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: clients });
    for (const d of ddl) await pool.query(d);
    go();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        const c = await pool.connect();
        try {
          while (performance.now() < end) {
            const t = performance.now();
            await c.query('BEGIN');
            for (const [text, values] of statements(next++)) await c.query(text, values);
            await c.query('COMMIT');
            latencies.push(performance.now() - t);
          }
        } finally {
          c.release();
        }
      }),
    );
    await pool.query('DROP TABLE bench_projection, bench_events, bench_audit, bench_outbox');
    await pool.end();
  } else {
    const lite = await PGlite.create();
    for (const d of ddl) await lite.exec(d);
    go();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < end) {
          const t = performance.now();
          await lite.transaction(async (tx) => {
            for (const [text, values] of statements(next++)) await tx.query(text, values);
          });
          latencies.push(performance.now() - t);
        }
      }),
    );
    await lite.close();
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    transactionsPerSecond: round(latencies.length / elapsed, 1),
    latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
  };
}

function clientsLoad(input: ClientsInput): Promise<ClientsOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./lifecycle-clients.ts', import.meta.url), { workerData: input });
    worker.once('message', (out: ClientsOutput) => {
      for (const e of out.firstErrors) process.stderr.write(`${e}\n`);
      resolve(out);
    });
    worker.once('error', reject);
  });
}

const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, 1) : null);

export async function run(env: Record<string, string | undefined>): Promise<void> {
  // A phase: `postgres`, `postgres-2` or `pglite`, then the app's node flags after `@` (`pglite@--optimize-for-size`).
  const phases = (env.PHASES ?? 'postgres,postgres-2,pglite').split(',').map((spec) => {
    const [name, ...flags] = spec.split('@') as [PhaseName, ...string[]];
    if (!(name in PHASES)) throw new Error(`unknown phase ${name} (${Object.keys(PHASES)})`);
    return { spec, name, flags: [...(env.APP_NODE_FLAGS ?? '').split(' ').filter(Boolean), ...flags] };
  });
  if (phases.some((p) => PHASES[p.name].database === 'postgres') && !env.DATABASE_URL)
    throw new Error('the postgres phases need DATABASE_URL (a database of your own; seeded if empty)');
  const clients = Number(env.CLIENTS ?? 16);
  const seconds = Math.min(60, Number(env.SECONDS ?? 30));
  const baselineSeconds = Number(env.BASELINE_SECONDS ?? 10);
  const basePort = Number(env.BASE_PORT ?? 3160);
  const postEvery = Number(env.POST_EVERY ?? 5);
  const civilStatusEvery = Number(env.CIVIL_STATUS_EVERY ?? 4);
  const fakesInProcess = env.FAKES === 'in-process';
  const work = mkdtempSync(join(tmpdir(), 'motcua-lifecycle-e2e-'));
  setAuditKey(resolveAuditKey(loadConfig({ MOTCUA_AUDIT_KEY: AUDIT_KEY })).key);
  const results: Record<string, unknown>[] = [];
  // Written after every phase (a run stopped half-way keeps the phases done).
  const save = () =>
    writeResult(env.RESULT_NAME ?? 'lifecycle-e2e', {
      parameters: {
        clients,
        seconds,
        baselineSeconds,
        postEvery,
        civilStatusEvery,
        fakes: fakesInProcess ? 'in-process' : 'processes',
        appNodeFlags: env.APP_NODE_FLAGS ?? '',
      },
      note: '`motcua serve` in child processes (every subscriber, as npm start composes them), the load clients in worker threads of the bench process, the fakes in processes of their own; rssMB is each app process alone (VmRSS); loopback; a machine shared with other sessions',
      results,
    });
  let pgPrepared: Prepared | undefined;
  try {
    for (const [index, { spec, name, flags }] of phases.entries()) {
      const phase = PHASES[name];
      const dataDir = join(work, `${index}-${name}`);
      const open = () =>
        openDatabase({
          databaseUrl: phase.database === 'postgres' ? env.DATABASE_URL : undefined,
          dataDir,
          poolSize: 2,
        });
      // PGlite is one process's: the bench prepares the data directory, closes it, and the app opens it.
      let prepared: Prepared;
      if (phase.database === 'postgres' && pgPrepared) prepared = pgPrepared;
      else {
        const database = await open();
        prepared = await prepare(database, Number(env.COUNTERS ?? 32));
        await database.close();
        if (phase.database === 'postgres') pgPrepared = prepared;
      }
      const [portalPort, civilPort, postPort] = [basePort, basePort + 1, basePort + 2];
      const appPorts = Array.from({ length: phase.processes }, (_, i) => basePort + 3 + i);
      const bases = appPorts.map((p) => `http://127.0.0.1:${p}`);
      const fakes: Child[] = [];
      if (!fakesInProcess) {
        fakes.push(
          new Child(['src/cli.ts', 'fake-portal', '--port', String(portalPort)], { ...process.env }),
        );
        fakes.push(
          new Child(['src/cli.ts', 'fake-civil-status', '--port', String(civilPort)], { ...process.env }),
        );
        fakes.push(
          new Child(
            [
              'src/cli.ts',
              'fake-post',
              '--port',
              String(postPort),
              '--callback',
              `${bases[0]}/api/integrations/post/callbacks`,
            ],
            { ...process.env, MOTCUA_POST_SECRET: POST_SECRET },
          ),
        );
        for (const f of fakes) await f.until(() => f.log.includes('listening on'), 'fake');
      }
      const apps = appPorts.map(
        (port) =>
          new Child([...flags, 'src/cli.ts', 'serve'], {
            ...process.env,
            PORT: String(port),
            HOST: '127.0.0.1',
            DATABASE_URL: phase.database === 'postgres' ? env.DATABASE_URL : '',
            MOTCUA_DATA_DIR: dataDir,
            MOTCUA_DEMO_SEED: 'false',
            MOTCUA_AUDIT_KEY: AUDIT_KEY,
            RATE_LIMIT_PER_MINUTE: '100000000',
            LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
            ...(fakesInProcess
              ? { MOTCUA_PORTAL_FAKE_PORT: '0' }
              : {
                  MOTCUA_PORTAL_URL: `http://127.0.0.1:${portalPort}`,
                  MOTCUA_CIVIL_STATUS_URL: `http://127.0.0.1:${civilPort}`,
                  MOTCUA_POST_URL: `http://127.0.0.1:${postPort}`,
                  MOTCUA_POST_SECRET: POST_SECRET,
                }),
          }),
      );
      try {
        for (const [i, app] of apps.entries())
          await app.until(async () => (await get(`${bases[i]}/api/health`)).status === 200, `app ${i}`);
        const procedure = async (code: string) => {
          const p = JSON.parse((await get(`${bases[0]}/api/procedures/${code}`)).text) as {
            versionId: string;
            details: { documents: { name: string }[] };
          };
          return {
            versionId: p.versionId,
            checklist: p.details.documents.slice(0, 2).map((d) => ({ document: d.name, provided: true })),
          };
        };
        const land = await procedure(LAND);
        const birth = await procedure(BIRTH);
        const pids = apps.map((a) => a.proc.pid);
        const rssIdle = pids.map(rssMB);

        const mark = uuidv7();
        const since = new Date();
        const samples: {
          t: number;
          rssMB: number[];
          heapMB?: { total: number; used: number };
          backlog: Record<string, number>;
        }[] = [];
        const t0 = performance.now();
        const at = () => round((performance.now() - t0) / 1000, 1);
        let loading = true;
        const sampling = (async () => {
          while (loading) {
            const g = await outboxGauges(bases[0]!);
            samples.push({
              t: at(),
              rssMB: pids.map(rssMB),
              // V8's heap of the first app process (its /metrics), beside its RSS.
              ...(g ? { heapMB: { total: g.heapTotalMB, used: g.heapUsedMB } } : {}),
              backlog: g?.backlog ?? {},
            });
            await sleep(1000);
          }
        })();
        const perApp = Math.ceil(clients / apps.length);
        const loads = await Promise.all(
          bases.map((base, i) =>
            clientsLoad({
              base,
              tokens: prepared.tokens,
              specialistId: prepared.specialistId,
              procedureVersionId: land.versionId,
              checklist: land.checklist,
              counters: prepared.counters,
              firstCounter: i * perApp,
              clients: Math.min(perApp, clients - i * perApp),
              seconds,
              postEvery,
              civilStatusEvery,
              birthRegistration: {
                procedureVersionId: birth.versionId,
                checklist: birth.checklist,
                residenceUnitCode: '31120',
              },
            }),
          ),
        );
        loading = false;
        await sampling;
        const loadEnded = performance.now();
        const atEnd = (await outboxGauges(bases[0]!))?.backlog ?? {};
        const rssAtLoadEnd = pids.map(rssMB);
        // Diagnosis (APP_NODE_FLAGS=--heapsnapshot-signal=SIGUSR2 SNAPSHOT=1): a heap snapshot of each app
        // at the end of the load, written in the working directory (it stops the app for seconds).
        if (env.SNAPSHOT === '1') for (const app of apps) app.proc.kill('SIGUSR2');
        // After the load: until every subscriber's backlog is empty (at most 120 s).
        const drained: Record<string, number | null> = {};
        const after: { t: number; rssMB: number[]; backlog: Record<string, number> }[] = [];
        let last = atEnd;
        let dead: Record<string, number> = {};
        for (;;) {
          const g = await outboxGauges(bases[0]!);
          const t = round((performance.now() - loadEnded) / 1000, 1);
          last = g?.backlog ?? last;
          dead = g?.dead ?? dead;
          after.push({ t, rssMB: pids.map(rssMB), backlog: last });
          for (const [s, n] of Object.entries(last)) if (n === 0 && drained[s] === undefined) drained[s] = t;
          if ((g && Object.values(last).every((n) => n === 0)) || t > 120) break;
          await sleep(500);
        }
        const totalSeconds = (performance.now() - t0) / 1000;
        for (const app of apps) await app.stop();
        for (const f of fakes) await f.stop();
        if (env.APP_LOG === '1') for (const c of [...apps, ...fakes]) process.stderr.write(`${c.log}\n`);
        const database = await open();
        const messages = await written(database, mark);
        const integrations = await integrationWork(database, since);
        await database.close();
        const base = await baseline(phase.database, env.DATABASE_URL, clients, baselineSeconds);

        const transitions = loads.reduce((a, l) => a + l.transitions, 0);
        const elapsed = Math.max(...loads.map((l) => l.elapsed));
        const latencies = loads.flatMap((l) => l.latencies).sort((a, b) => a - b);
        const perSecond = transitions / elapsed;
        const rssDuring = (i: number) => samples.map((s) => s.rssMB[i]!).filter((x) => x > 0);
        results.push({
          phase: spec,
          nodeFlags: flags.join(' '),
          database: phase.database,
          appProcesses: apps.length,
          clients,
          seconds: round(elapsed, 1),
          lifecycles: loads.reduce((a, l) => a + l.lifecycles, 0),
          returnedByPost: loads.reduce((a, l) => a + l.byPost, 0),
          birthRegistrationsReceived: loads.reduce((a, l) => a + l.civilStatus, 0),
          transitions,
          errors: loads.reduce((a, l) => a + l.errors, 0),
          commandsPerSecond: round(perSecond, 1),
          latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
          baseline: base,
          ratio: round(perSecond / base.transactionsPerSecond, 3),
          subscribers: Object.fromEntries(
            Object.keys({ ...messages, ...atEnd }).map((s) => {
              const during = samples.map((x) => x.backlog[s] ?? 0);
              const drainSeconds = drained[s] ?? null;
              const done = (messages[s] ?? 0) - (last[s] ?? 0);
              return [
                s,
                {
                  messages: messages[s] ?? 0,
                  deliveredPerSecond: round(done / totalSeconds, 1),
                  backlogMaxDuringLoad: Math.max(0, ...during),
                  backlogMeanDuringLoad: mean(during),
                  backlogLastSecondsOfLoad: during.slice(-5),
                  backlogAtLoadEnd: atEnd[s] ?? 0,
                  secondsToDrainAfterLoad: drainSeconds,
                  drainRateAfterLoad:
                    drainSeconds && (atEnd[s] ?? 0) > 0 ? round((atEnd[s] ?? 0) / drainSeconds, 1) : null,
                  dead: dead[s] ?? 0,
                },
              ];
            }),
          ),
          integrations,
          rssMB: pids.map((_, i) => ({
            idleAfterStart: rssIdle[i],
            maxDuringLoad: Math.max(0, ...rssDuring(i)),
            meanDuringLoad: mean(rssDuring(i)),
            atLoadEnd: rssAtLoadEnd[i],
            maxDuringDrain: Math.max(0, ...after.map((s) => s.rssMB[i]!)),
          })),
          heapMBFirstProcess: {
            maxTotalDuringLoad: Math.max(0, ...samples.map((s) => s.heapMB?.total ?? 0)),
            meanUsedDuringLoad: mean(samples.flatMap((s) => (s.heapMB ? [s.heapMB.used] : []))),
          },
          samples: [...samples, ...after.map((s) => ({ ...s, t: round(s.t + (loadEnded - t0) / 1000, 1) }))],
        });
        process.stderr.write(`${JSON.stringify({ ...results.at(-1), samples: undefined })}\n`);
        save();
      } finally {
        for (const app of apps) await app.stop();
        for (const f of fakes) await f.stop();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

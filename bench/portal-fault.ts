/**
 * The fault run of issue 16: the fake national portal (`motcua fake-portal`, its own process) and two
 * `motcua serve` processes on one fresh PostgreSQL database; lifecycle load through the HTTP API against both
 * (every command carries an Idempotency-Key and is retried with it after a 503 or a lost connection, on the
 * other process when its own is gone), while the portal's faults are switched on in rotation and one app
 * process at a time is killed with SIGKILL at random and restarted. Afterwards: faults cleared, the `portal`
 * subscriber's backlog drained, the reconciliation run (twice: the first repairs, the second must find
 * nothing), then the portal's own log is compared with the national status changes Motcua recorded.
 *
 * A national status change Motcua recorded: a `record.*` outbox message of a record whose national status
 * (`nationalStatus`, DOMAIN §2.9) is not null and differs from that of the record's previous message (by seq);
 * its key is `<record id>:<seq>` (`pushKey`). This is exactly what the `portal` subscriber must push once.
 * Exactly once holds when the set of keys the portal applied equals that set and each was applied once.
 *
 * `npm run motcua -- bench portal-fault` (DURATION_SECONDS=600 CLIENTS=8 PG=postgres://postgres@127.0.0.1:5432
 * ROTATE_SECONDS=20 KILL_MIN_SECONDS=20 KILL_MAX_SECONDS=60 BASE_PORT=3140). Loopback only; creates and drops
 * its own database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import pg from 'pg';
import { nationalStatus, type RecordStatus } from '../src/core/records/index.ts';
import { portalPortFrom } from '../src/main.ts';
import { resolveAuditKey, setAuditKey } from '../src/modules/audit/index.ts';
import { createUser, hashPassword, login } from '../src/modules/identity/index.ts';
import type { FakeLog } from '../src/modules/integrations/portal/fake.ts';
import { reconcilePortal } from '../src/modules/integrations/portal/index.ts';
import { pushKey } from '../src/modules/integrations/portal/portal.subscriber.ts';
import { seedReferenceData } from '../src/modules/seed/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { migrate, openPostgres } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/log.ts';
import { createProgress } from '../src/platform/progress.ts';
import { round, writeResult } from './support.ts';

interface Answer {
  readonly status: number;
  readonly body: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The rotation: each phase switches these faults on (rates per call), one after another. */
const PHASES: { name: string; faults: { fault: string; rate?: number; ms?: number }[] }[] = [
  { name: 'timeout', faults: [{ fault: 'timeout', rate: 0.2, ms: 4000 }] },
  { name: '5xx', faults: [{ fault: 'error', rate: 0.4 }] },
  { name: 'slow', faults: [{ fault: 'slow', rate: 0.5, ms: 1500 }] },
  { name: 'lost_answer', faults: [{ fault: 'lost_answer', rate: 0.4 }] },
  { name: 'reorder', faults: [{ fault: 'reorder', rate: 1, ms: 800 }] },
  { name: 'duplicate', faults: [{ fault: 'duplicate', rate: 0.5 }] },
  {
    name: 'all',
    faults: [
      { fault: 'timeout', rate: 0.05, ms: 4000 },
      { fault: 'error', rate: 0.15 },
      { fault: 'slow', rate: 0.15, ms: 1000 },
      { fault: 'lost_answer', rate: 0.15 },
      { fault: 'reorder', rate: 0.5, ms: 500 },
      { fault: 'duplicate', rate: 0.3 },
    ],
  },
];

function call(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise<Answer>((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: {
          ...headers,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (e) => resolve({ status: 0, body: String(e) }));
      },
    );
    // A refused or reset connection (the process killed) counts as status 0.
    req.on('error', (e) => resolve({ status: 0, body: String(e) }));
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.end(payload);
  });
}

/** A child process that can be killed and started again. */
class Child {
  private proc: ChildProcess | null = null;
  log = '';
  private readonly args: string[];
  private readonly env: Record<string, string | undefined>;
  constructor(args: string[], env: Record<string, string | undefined>) {
    this.args = args;
    this.env = env;
  }
  start(): void {
    const p = spawn(process.execPath, this.args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (c: Buffer) => {
      this.log = (this.log + c.toString('utf8')).slice(-20_000);
    };
    p.stdout?.on('data', keep);
    p.stderr?.on('data', keep);
    p.on('exit', (code, signal) => {
      keep(Buffer.from(`\n[exited: ${code ?? signal}]\n`));
      if (this.proc === p) this.proc = null;
    });
    this.proc = p;
  }
  get running(): boolean {
    return this.proc !== null;
  }
  kill(signal: NodeJS.Signals): void {
    this.proc?.kill(signal);
  }
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p) return;
    p.kill('SIGTERM');
    for (let i = 0; i < 50 && this.proc === p; i++) await sleep(200);
    if (this.proc === p) p.kill('SIGKILL');
  }
}

export async function run(env: Record<string, string | undefined>): Promise<void> {
  const seconds = Number(env.DURATION_SECONDS ?? 600);
  const clients = Number(env.CLIENTS ?? 8);
  const rotate = Number(env.ROTATE_SECONDS ?? 20);
  const killMin = Number(env.KILL_MIN_SECONDS ?? 20);
  const killMax = Number(env.KILL_MAX_SECONDS ?? 60);
  const basePort = Number(env.BASE_PORT ?? 3140);
  const server = (env.PG ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');
  const dbName = `motcua_portal_fault_${Date.now()}`;
  const url = `${server}/${dbName}`;
  const portalPort = basePort;
  const appPorts = [basePort + 1, basePort + 2];
  const portalUrl = `http://127.0.0.1:${portalPort}`;
  const agent = new Agent({ keepAlive: true, maxSockets: clients * 2 });

  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const config = loadConfig({
    ...env,
    DATABASE_URL: url,
    MOTCUA_PORTAL_URL: portalUrl,
    LOG_LEVEL: 'silent',
    MOTCUA_AUDIT_KEY: env.MOTCUA_AUDIT_KEY ?? 'bench-portal-fault-audit-key-0123456789',
  });
  setAuditKey(resolveAuditKey(config).key);
  const database = openPostgres(url, 4);
  const portal = new Child(['src/cli.ts', 'fake-portal', '--port', String(portalPort)], { ...process.env });
  const apps = appPorts.map(
    (port) =>
      new Child(['src/cli.ts', 'serve'], {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: url,
        MOTCUA_PORTAL_URL: portalUrl,
        MOTCUA_PORTAL_TIMEOUT_MS: env.MOTCUA_PORTAL_TIMEOUT_MS ?? '2000',
        MOTCUA_PORTAL_PULL_SECONDS: env.MOTCUA_PORTAL_PULL_SECONDS ?? '5',
        MOTCUA_DEMO_SEED: 'false',
        MOTCUA_AUDIT_KEY: config.MOTCUA_AUDIT_KEY,
        RATE_LIMIT_PER_MINUTE: '100000000',
        LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
      }),
  );
  const healthy = async (child: Child, port: number, path: string) => {
    for (let i = 0; ; i++) {
      if (!child.running) throw new Error(`process on ${port} exited:\n${child.log}`);
      if ((await call(agent, port, 'GET', path)).status === 200) return;
      if (i > 600) throw new Error(`process on ${port} not healthy in 5 minutes:\n${child.log}`);
      await sleep(500);
    }
  };
  try {
    await migrate(database);
    await seedReferenceData(
      { database, clock: systemClock, config, logger: createLogger('silent') },
      { progress: createProgress() },
    );
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
        .limit(4)
        .execute()
    ).map((a, i) => [`nk${i}`, 'reception', a.key] as const);
    const token: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const passwordHash = await hashPassword('bench-password-1');
    for (const [name, role, key] of [
      ...counters,
      ['sp', 'specialist', '31120-ubnd'] as const,
      ['ld', 'leader', '31120-ubnd'] as const,
    ]) {
      const username = `pf.${name}`;
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
      ids[name] = id;
      const signedIn = await login(
        database.db,
        { username, password: 'bench-password-1', address: 'bench' },
        systemClock.now(),
        { ttlHours: 12, limits: { accountFailures: 5, addressFailures: 100 } },
      );
      if (!signedIn.ok) throw signedIn.error;
      if (!('result' in signedIn)) throw new Error(`${username} is asked for a TOTP code`);
      token[name] = signedIn.result.token;
    }

    portal.start();
    await healthy(portal, portalPort, '/');
    for (const [i, app] of apps.entries()) {
      app.start();
      await healthy(app, appPorts[i]!, '/api/health');
    }
    const procedure = JSON.parse(
      (await call(agent, appPorts[0]!, 'GET', '/api/procedures/1.012796')).body,
    ) as {
      versionId: string;
      details: { documents: { name: string }[] };
    };
    const checklist = procedure.details.documents
      .slice(0, 2)
      .map((d) => ({ document: d.name, provided: true }));

    // The load: complete lifecycles; each command retried with its Idempotency-Key until acknowledged.
    const answers = new Map<number, number>();
    let acknowledged = 0;
    let retries = 0;
    let lifecycles = 0;
    const failed: string[] = [];
    let stop = false;
    const command = async (c: number, who: string, path: string, body: object) => {
      const key = randomUUID();
      const giveUp = performance.now() + 120_000;
      let target = c % 2;
      while (performance.now() < giveUp) {
        const a = await call(agent, appPorts[target]!, 'POST', path, body, {
          authorization: `Bearer ${token[who]}`,
          'idempotency-key': key,
        });
        answers.set(a.status, (answers.get(a.status) ?? 0) + 1);
        if (a.status === 200 || a.status === 201) {
          acknowledged++;
          return (JSON.parse(a.body) as { record: { id: string; version: number } }).record;
        }
        if (a.status !== 0 && a.status !== 503)
          throw new Error(`${path} → ${a.status} ${a.body.slice(0, 300)}`);
        retries++;
        if (a.status === 0) target = 1 - target; // its process is gone: the other one answers the retry
        await sleep(200);
      }
      throw new Error(`${path}: not acknowledged in 120 s`);
    };
    const lifecycle = async (c: number, nk: string, withSupplement: boolean) => {
      let r = await command(c, nk, '/api/records', {
        type: 'receive',
        checklist,
        opening: {
          procedureVersionId: procedure.versionId,
          channel: 'in_person',
          applicant: { kind: 'citizen', fullName: 'Trần Thị Bình', phone: '0912345678' },
          routing: { landParcelUnitCode: '31120' },
        },
      });
      const step = async (who: string, action: string, body: object = {}) => {
        r = await command(c, who, `/api/records/${r.id}/${action}`, { version: r.version, ...body });
      };
      await step(nk, 'forward');
      await step('ld', 'assign', { assigneeId: ids.sp });
      if (withSupplement) {
        await step('sp', 'request-supplement', { reasons: ['Thiếu bản sao'], missingDocuments: [] });
        await step(nk, 'supplement', { documents: ['Bản sao Giấy chứng nhận'] });
      }
      await step('sp', 'forward');
      await step('ld', 'approve');
      await step('sp', 'issue-result', { documents: [{ name: 'Giấy chứng nhận đã đính chính' }] });
      await step(nk, 'return-result', { method: 'counter' });
    };
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    const load = Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let i = 0; !stop; i++) {
          try {
            await lifecycle(c, `nk${c % counters.length}`, (c * 7 + i) % 10 === 0);
            lifecycles++;
          } catch (e) {
            failed.push((e as Error).message);
            await sleep(500);
          }
        }
      }),
    );

    // Citizens submit records on the portal meanwhile (one every SUBMIT_SECONDS), for the pull to take in.
    const receivingAgency = await database.db
      .selectFrom('agencies')
      .select('code')
      .where('key', '=', '31120-ttpvhcc')
      .executeTakeFirstOrThrow();
    const submitted: string[] = [];
    const submitter = (async () => {
      while (!stop) {
        const a = await call(agent, portalPort, 'POST', '/control/submissions', {
          MaTTHC: '1.012796',
          MaDonVi: receivingAgency.code,
        });
        if (a.status === 201) submitted.push((JSON.parse(a.body) as { MaHoSoQG: string }).MaHoSoQG);
        await sleep(Number(env.SUBMIT_SECONDS ?? 2) * 1000);
      }
    })();

    // The portal's faults in rotation.
    const phases: { name: string; atSeconds: number }[] = [];
    const faulter = (async () => {
      for (let p = 0; !stop; p++) {
        const phase = PHASES[p % PHASES.length]!;
        await call(agent, portalPort, 'DELETE', '/control/faults');
        for (const f of phase.faults) await call(agent, portalPort, 'POST', '/control/faults', f);
        phases.push({ name: phase.name, atSeconds: round(elapsed(), 1) });
        for (let t = 0; t < rotate * 10 && !stop; t++) await sleep(100);
      }
    })();

    // One app process at a time killed with SIGKILL at random, restarted after a moment.
    const kills: { atSeconds: number; process: number; restartedAfterSeconds: number }[] = [];
    const restartFailures: string[] = [];
    const killer = (async () => {
      for (;;) {
        const wait = (killMin + Math.random() * (killMax - killMin)) * 1000;
        if (elapsed() * 1000 + wait > seconds * 1000 - 5000) break;
        await sleep(wait);
        const i = Math.floor(Math.random() * apps.length);
        const at = elapsed();
        apps[i]!.kill('SIGKILL');
        await sleep(1000 + Math.random() * 2000);
        for (let k = 0; k < 50 && apps[i]!.running; k++) await sleep(100);
        // A restart that fails (its log is kept in the result) is tried again.
        for (let attempt = 0; ; attempt++) {
          apps[i]!.start();
          try {
            await healthy(apps[i]!, appPorts[i]!, '/api/health');
            break;
          } catch (e) {
            restartFailures.push((e as Error).message.slice(-2000));
            if (attempt >= 4) throw e;
            await sleep(2000);
          }
        }
        kills.push({ atSeconds: round(at, 1), process: i, restartedAfterSeconds: round(elapsed() - at, 1) });
      }
    })();

    await killer;
    await sleep(Math.max(0, seconds * 1000 - (performance.now() - started)));
    stop = true;
    await Promise.all([load, faulter, submitter]);
    const loadSeconds = elapsed();
    await call(agent, portalPort, 'DELETE', '/control/faults');

    // Drain: the portal subscriber's pending deliveries to 0 (bounded wait), with both processes running.
    const pendingOf = async (subscriber?: string) =>
      Number(
        (
          await database.db
            .selectFrom('outboxDeliveries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'pending')
            .$if(subscriber !== undefined, (q) => q.where('subscriber', '=', subscriber!))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const drain = async () => {
      const t = performance.now();
      let n = await pendingOf('portal');
      while (n > 0 && performance.now() - t < 300_000) {
        await sleep(1000);
        n = await pendingOf('portal');
      }
      return { pending: n, seconds: round((performance.now() - t) / 1000, 1) };
    };
    // Every submission taken in (the pull runs every MOTCUA_PORTAL_PULL_SECONDS; bounded wait).
    const takenIn = async () =>
      database.db
        .selectFrom('portalSubmissions')
        .select(['portalId', 'status', 'recordId', 'acknowledgedAt'])
        .execute();
    const pullStarted = performance.now();
    let taken = await takenIn();
    while (taken.length < submitted.length && performance.now() - pullStarted < 180_000) {
      await sleep(1000);
      taken = await takenIn();
    }
    const pullWaitSeconds = round((performance.now() - pullStarted) / 1000, 1);
    const drained = await drain();
    const portalPort_ = portalPortFrom(config);
    const reconcile1 = await reconcilePortal({ database, clock: systemClock, portal: portalPort_ });
    const drainedAgain = await drain();
    const reconcile2 = await reconcilePortal({ database, clock: systemClock, portal: portalPort_ });

    // What Motcua recorded: each record's national status changes, in seq order, as the subscriber sees them.
    const messages = await database.db
      .selectFrom('outbox')
      .select(['key', 'payload'])
      .where('topic', 'like', 'record.%')
      .execute();
    const byRecord = new Map<string, { seq: number; status: RecordStatus }[]>();
    for (const m of messages) {
      const p = m.payload as { recordId?: string; seq?: number; status?: RecordStatus };
      if (!p.recordId || !p.seq || !p.status) continue;
      byRecord.set(p.recordId, [...(byRecord.get(p.recordId) ?? []), { seq: p.seq, status: p.status }]);
    }
    const expected = new Set<string>();
    for (const [recordId, list] of byRecord) {
      let last: number | null = null;
      for (const m of list.sort((a, b) => a.seq - b.seq)) {
        const code = nationalStatus(m.status);
        if (code !== null && code !== last) expected.add(pushKey(recordId, m.seq));
        if (code !== null) last = code;
      }
    }
    const log = JSON.parse((await call(agent, portalPort, 'GET', '/control/log')).body) as FakeLog;
    const appliedKeys = Object.keys(log.appliedPerKey);
    const appliedTwice = Object.entries(log.appliedPerKey).filter(([, n]) => n !== 1);
    const missingOnPortal = [...expected].filter((k) => !(k in log.appliedPerKey));
    const notRecorded = appliedKeys.filter((k) => !expected.has(k));

    taken = await takenIn();
    const submissions = {
      submittedOnPortal: submitted.length,
      takenIn: taken.filter((t) => submitted.includes(t.portalId)).length,
      accepted: taken.filter((t) => t.status === 'accepted').length,
      rejected: taken.filter((t) => t.status === 'rejected').length,
      recordsCreated: new Set(taken.flatMap((t) => (t.recordId ? [t.recordId] : []))).size,
      acknowledgedInMotcua: taken.filter((t) => t.acknowledgedAt !== null).length,
      acknowledgedOnPortal: submitted.filter((id) => id in log.acknowledgements).length,
      acknowledgementsReceivedMoreThanOnce: Object.values(log.acknowledgements).filter((a) => a.times > 1)
        .length,
      waitAfterLoadSeconds: pullWaitSeconds,
    };
    const dead = await database.db
      .selectFrom('outboxDeliveries')
      .select(['subscriber', 'topic', 'key', 'lastError'])
      .where('status', '=', 'dead')
      .execute();
    const records = Number(
      (
        await database.db
          .selectFrom('records')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const exactlyOnce = appliedTwice.length === 0 && missingOnPortal.length === 0 && notRecorded.length === 0;
    writeResult('portal-fault', {
      database: 'postgres',
      parameters: {
        durationSeconds: seconds,
        clients,
        appProcesses: apps.length,
        rotateSeconds: rotate,
        killEverySeconds: [killMin, killMax],
        portalTimeoutMs: Number(env.MOTCUA_PORTAL_TIMEOUT_MS ?? 2000),
        phases: PHASES,
      },
      loadSeconds: round(loadSeconds, 1),
      phasesRun: phases.length,
      kills: { count: kills.length, list: kills, restartFailures },
      commands: {
        acknowledged,
        retriedAfter503OrConnectionError: retries,
        failed: failed.length,
        firstFailures: failed.slice(0, 10),
        lifecyclesCompleted: lifecycles,
        answers: Object.fromEntries([...answers.entries()].sort(([a], [b]) => a - b)),
      },
      records,
      submissions,
      portal: {
        nationalStatusChangesRecorded: expected.size,
        distinctKeysApplied: appliedKeys.length,
        keysAppliedMoreThanOnce: appliedTwice.length,
        recordedButNotOnPortal: missingOnPortal.length,
        appliedButNotRecorded: notRecorded.length,
        examples: { missingOnPortal: missingOnPortal.slice(0, 5), notRecorded: notRecorded.slice(0, 5) },
        duplicatePushesIgnoredByPortal: log.duplicatePushes,
        faultsStruck: log.faultsStruck,
        exactlyOnce,
      },
      drain: { afterLoad: drained, afterReconciliation: drainedAgain, allPendingAtEnd: await pendingOf() },
      reconciliation: {
        first: {
          compared: reconcile1.compared,
          differences: reconcile1.differences.length,
          repaired: reconcile1.repaired,
        },
        second: {
          compared: reconcile2.compared,
          differences: reconcile2.differences.length,
          repaired: reconcile2.repaired,
        },
      },
      deadLetters: { count: dead.length, list: dead.slice(0, 20) },
    });
    const pullOk =
      submissions.takenIn === submitted.length && submissions.recordsCreated === submissions.accepted;
    if (
      !pullOk ||
      !exactlyOnce ||
      reconcile2.differences.length > 0 ||
      dead.length > 0 ||
      drained.pending > 0
    ) {
      throw new Error(
        `portal fault run failed: pull ${pullOk}, exactly once ${exactlyOnce}, ${reconcile2.differences.length} differences ` +
          `left, ${dead.length} dead letters, ${drained.pending} pending after the drain`,
      );
    }
  } finally {
    for (const app of apps) await app.stop();
    await portal.stop();
    await database.close();
    agent.destroy();
    if (env.KEEP_DATABASE !== '1') await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

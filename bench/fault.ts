/**
 * Fault injection on PostgreSQL (issue 13 item 2): `motcua serve` runs as a child process on loopback while
 * clients receive records at the counter (each write carries an Idempotency-Key and is retried with it
 * until acknowledged) and read the catalog and the worklist; meanwhile every backend of the app's database
 * is terminated ROUNDS times (the third round also refuses new connections for a few seconds, an outage).
 * Afterwards: is the process still running, how many 5xx other than 503, is every acknowledged write present
 * exactly once, and did the outbox jobs deliver everything.
 *
 * `DATABASE_URL=postgres://…/<own database> npm run motcua -- bench fault` (SECONDS=60 ROUNDS=5 CLIENTS=6
 * PORT=3108). Loopback only; bounded by SECONDS plus a drain wait.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import pg from 'pg';
import { createUser } from '../src/modules/identity/index.ts';
import { openPostgres } from '../src/platform/db/index.ts';
import { type HttpAnswer, httpCall, round, writeResult } from './support.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(env: Record<string, string | undefined>): Promise<void> {
  const url = env.DATABASE_URL;
  if (!url) throw new Error('bench fault runs on PostgreSQL: set DATABASE_URL to a database of your own');
  const seconds = Number(env.SECONDS ?? 60);
  const rounds = Number(env.ROUNDS ?? 5);
  const clients = Number(env.CLIENTS ?? 6);
  const port = Number(env.PORT ?? 3108);
  const dbName = new URL(url).pathname.slice(1);
  const agent = new Agent({ keepAlive: true, maxSockets: clients * 2 });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    httpCall(agent, port, method, path, body, headers);

  const server: ChildProcess = spawn(process.execPath, ['src/cli.ts', 'serve'], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      MOTCUA_DEMO_SEED: 'false',
      MOTCUA_AUDIT_KEY: env.MOTCUA_AUDIT_KEY ?? 'bench-fault-audit-key-0123456789abcdef',
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let serverLog = '';
  server.stderr?.on('data', (c: Buffer) => {
    serverLog = (serverLog + c.toString('utf8')).slice(-20_000);
  });
  let exited: number | null = null;
  server.on('exit', (code, signal) => {
    exited = code ?? (signal ? 128 : -1);
  });

  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  const database = openPostgres(url, 2);
  try {
    // First start migrates and imports the reference data.
    for (let i = 0; ; i++) {
      if (exited !== null) throw new Error(`motcua serve exited (${exited}):\n${serverLog}`);
      if ((await call('GET', '/api/health')).status === 200) break;
      if (i > 1200) throw new Error('motcua serve did not become healthy in 10 minutes');
      await sleep(500);
    }
    const runId = randomUUID().slice(0, 8);
    const username = `fault.${runId}`;
    const agency = await database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow();
    await createUser(
      database.db,
      {
        username,
        displayName: username,
        password: 'fault-bench-password-1',
        agencyId: agency.id,
        roles: ['reception'],
      },
      new Date(),
    );
    const signIn = await call('POST', '/api/auth/login', { username, password: 'fault-bench-password-1' });
    if (signIn.status !== 200) throw new Error(`sign in failed: ${signIn.status} ${signIn.body}`);
    const auth = { authorization: `Bearer ${JSON.parse(signIn.body).token}` };
    const procedure = JSON.parse((await call('GET', '/api/procedures/1.012796')).body);
    const checklist = (procedure.details.documents as { name: string }[])
      .slice(0, 2)
      .map((d) => ({ document: d.name, provided: true, originals: 1 }));

    const statuses = new Map<number, number>();
    const bad: string[] = [];
    const count = (a: HttpAnswer, what: string) => {
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      if (a.status >= 500 && a.status !== 503) bad.push(`${what} ${a.status} ${a.body.slice(0, 200)}`);
      if (a.status >= 400 && !a.type.includes('application/problem+json'))
        bad.push(`${what} ${a.status} not problem+json`);
    };
    const acknowledged = new Map<string, string>(); // applicant name → record id
    const unacknowledged: string[] = [];
    let retries = 0;
    let stop = false;
    const started = performance.now();

    const client = async (c: number) => {
      for (let n = 0; !stop; n++) {
        const name = `Fault ${runId} ${c}-${n}`;
        const key = randomUUID();
        const body = {
          type: 'receive',
          checklist,
          opening: {
            procedureVersionId: procedure.versionId,
            channel: 'in_person',
            applicant: { kind: 'citizen', fullName: name, phone: '0912 345 678' },
            routing: { landParcelUnitCode: '31120' },
          },
        };
        const giveUp = performance.now() + 60_000;
        let done = false;
        while (!done && performance.now() < giveUp) {
          const a = await call('POST', '/api/records', body, { ...auth, 'idempotency-key': key });
          count(a, 'receive');
          if (a.status === 201 || a.status === 200) {
            acknowledged.set(name, JSON.parse(a.body).record.id);
            done = true;
          } else if (a.status === 503 || a.status === 0) {
            retries++;
            await sleep(200);
          } else {
            bad.push(`receive ${a.status} ${a.body.slice(0, 200)}`);
            done = true;
          }
        }
        if (!done) unacknowledged.push(name);
        for (const path of ['/api/procedures?q=%C4%91%E1%BA%A5t&limit=5', '/api/worklists']) {
          count(await call('GET', path, undefined, auth), `GET ${path}`);
        }
      }
    };

    const terminate = async () =>
      (
        await admin.query<{ n: number }>(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
           WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [dbName],
        )
      ).rows[0]?.n ?? 0;
    const killer = async () => {
      const terminated: { atSeconds: number; backends: number; refusedSeconds: number }[] = [];
      for (let r = 0; r < rounds; r++) {
        const at = ((r + 0.5) * seconds * 1000) / rounds;
        await sleep(Math.max(0, at - (performance.now() - started)));
        const outage = r === 2 ? 3 : 0;
        if (outage) await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
        const backends = await terminate();
        if (outage) {
          await sleep(outage * 1000);
          await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
        }
        terminated.push({
          atSeconds: round((performance.now() - started) / 1000, 1),
          backends,
          refusedSeconds: outage,
        });
      }
      return terminated;
    };

    const running = Array.from({ length: clients }, (_, c) => client(c));
    const kills = await killer();
    await sleep(Math.max(0, seconds * 1000 - (performance.now() - started)));
    stop = true;
    await Promise.all(running);
    const elapsed = (performance.now() - started) / 1000;
    const aliveAfterLoad = exited === null;

    // Every acknowledged write present once; writes never acknowledged are reported with what became of them.
    const rows = await database.db
      .selectFrom('records')
      .select(['id', 'applicantName'])
      .where('applicantName', 'like', `Fault ${runId} %`)
      .execute();
    const byName = new Map<string, string[]>();
    for (const r of rows) byName.set(r.applicantName, [...(byName.get(r.applicantName) ?? []), r.id]);
    const missing = [...acknowledged.keys()].filter((n) => (byName.get(n) ?? []).length === 0);
    const duplicated = [...byName.entries()].filter(([, ids]) => ids.length > 1).map(([n]) => n);
    const wrongId = [...acknowledged.entries()].filter(([n, id]) => !(byName.get(n) ?? []).includes(id));

    // The background jobs lived through it: the outbox drains (bounded wait).
    const pendingOf = async () =>
      Number(
        (
          await database.db
            .selectFrom('outboxDeliveries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'pending')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const drainStarted = performance.now();
    let pending = await pendingOf();
    while (pending > 0 && performance.now() - drainStarted < 300_000 && exited === null) {
      await sleep(2000);
      pending = await pendingOf();
    }
    const dead = Number(
      (
        await database.db
          .selectFrom('outboxDeliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'dead')
          .executeTakeFirstOrThrow()
      ).n,
    );
    const health = await call('GET', '/api/health');

    writeResult('fault', {
      database: 'postgres',
      seconds: round(elapsed, 1),
      clients,
      terminations: kills,
      processRunningAfterLoad: aliveAfterLoad,
      processRunningAtEnd: exited === null,
      healthAtEnd: health.status,
      answers: Object.fromEntries([...statuses.entries()].sort(([a], [b]) => a - b)),
      fiveHundreds: [...statuses.entries()]
        .filter(([s]) => s >= 500 && s !== 503)
        .reduce((n, [, k]) => n + k, 0),
      otherProblems: bad.slice(0, 20),
      writes: {
        acknowledged: acknowledged.size,
        retriedAfter503OrConnectionError: retries,
        neverAcknowledged: unacknowledged.length,
        neverAcknowledgedButStored: unacknowledged.filter((n) => byName.has(n)).length,
        acknowledgedMissing: missing.length,
        duplicated: duplicated.length,
        acknowledgedWithAnotherId: wrongId.length,
      },
      outbox: {
        pendingAfterDrain: pending,
        dead,
        drainSeconds: round((performance.now() - drainStarted) / 1000, 1),
      },
    });
    if (!aliveAfterLoad || bad.length > 0 || missing.length > 0 || duplicated.length > 0) {
      throw new Error(
        `fault bench failed: process running ${aliveAfterLoad}, ${bad.length} bad answers, ` +
          `${missing.length} acknowledged writes missing, ${duplicated.length} duplicated`,
      );
    }
  } finally {
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`).catch(() => undefined);
    if (exited === null) {
      server.kill('SIGTERM');
      for (let i = 0; i < 50 && exited === null; i++) await sleep(200);
      if (exited === null) server.kill('SIGKILL');
    }
    await database.close();
    await admin.end();
    agent.destroy();
  }
}

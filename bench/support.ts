import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { type Agent, request } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { createUser, hashPassword, login } from '../src/modules/identity/index.ts';
import type { Db } from '../src/platform/db/index.ts';

/** Where and when a benchmark ran: results are only comparable with their machine and commit. */
export function environment() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {}
  return {
    date: new Date().toISOString(),
    commit,
    node: process.version,
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Runs `fn` for about `ms` milliseconds after a warm-up; returns operations per second. */
export function throughput(fn: (i: number) => void, ms = 2000): number {
  for (let i = 0; i < 1000; i++) fn(i);
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let k = 0; k < 200; k++) fn(n++);
    now = performance.now();
  }
  return (n / (now - start)) * 1000;
}

/** Writes `bench/results/<name>.json` and prints it. */
export function writeResult(name: string, result: Record<string, unknown>): void {
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const body = { benchmark: name, ...environment(), ...result };
  writeFileSync(new URL(`${name}.json`, dir), `${JSON.stringify(body, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
}

/** An HTTP answer as the benches read it; status 0 when the connection was refused, reset or timed out. */
export interface HttpAnswer {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

/**
 * One JSON call to a process on loopback through `agent` (keep-alive); never rejects: a refused or reset
 * connection (a process killed) and a call without an answer in 30 s answer status 0.
 */
export function httpCall(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve) => {
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
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (e) => resolve({ status: 0, type: '', body: String(e) }));
      },
    );
    req.on('error', (e) => resolve({ status: 0, type: '', body: String(e) }));
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.end(payload);
  });
}

export type BenchRole = 'reception' | 'specialist' | 'leader';

/**
 * The officials of a lifecycle bench, made and signed in through the identity service (the login route's
 * per-address limit is not what benches measure): reception officers `nk0`… at the one-stop counters of
 * `counters` communes (any may receive; 31120's own excepted), and a specialist `sp` and a leader `ld` at
 * 31120's People's Committee, competent for all. Usernames are `<prefix>.<name>`.
 */
export async function seedOfficials(
  db: Db,
  o: { counters: number; prefix: string; now: () => Date },
): Promise<{
  people: Record<string, { id: string; role: BenchRole; agency: string }>;
  token: Record<string, string>;
  /** The reception officers' names (`nk0`…), one per counter. */
  counters: string[];
}> {
  const agencies = Object.fromEntries(
    (await db.selectFrom('agencies').select(['id', 'key']).execute()).map((a) => [a.key, a.id]),
  );
  const counters = (
    await db
      .selectFrom('agencies')
      .select('key')
      .where('kind', '=', 'one_stop')
      .where('key', '!=', '31120-ttpvhcc')
      .orderBy('key')
      .limit(o.counters)
      .execute()
  ).map((a, i) => [`nk${i}`, 'reception', a.key] as const);
  const people: Record<string, { id: string; role: BenchRole; agency: string }> = {};
  const token: Record<string, string> = {};
  const passwordHash = await hashPassword('bench-password-1');
  for (const [name, role, key] of [
    ...counters,
    ['sp', 'specialist', '31120-ubnd'] as const,
    ['ld', 'leader', '31120-ubnd'] as const,
  ]) {
    const username = `${o.prefix}.${name}`;
    const { id } = await createUser(
      db,
      {
        username,
        displayName: username,
        password: { hash: passwordHash },
        agencyId: agencies[key]!,
        roles: [role],
      },
      o.now(),
    );
    people[name] = { id, role, agency: key };
    const signedIn = await login(db, { username, password: 'bench-password-1', address: 'bench' }, o.now(), {
      ttlHours: 12,
      limits: { accountFailures: 5, addressFailures: 100 },
    });
    if (!signedIn.ok) throw signedIn.error;
    if (!('result' in signedIn)) throw new Error(`${username} is asked for a TOTP code`);
    token[name] = signedIn.result.token;
  }
  return { people, token, counters: counters.map(([name]) => name) };
}

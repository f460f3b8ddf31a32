import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createUser } from '../../src/modules/identity/index.ts';
import { type Database, openPglite, openPostgres } from '../../src/platform/db/index.ts';
import type { App, Role } from '../../src/platform/http/index.ts';
import { testDeps } from './deps.ts';

let counter = 0;

/**
 * A fresh copy of the golden database: a PGlite data directory copied from the golden one, or a PostgreSQL
 * database cloned from the template. Closing it deletes the copy.
 */
export async function freshDatabase(): Promise<Database> {
  const template = inject('goldenTemplate');
  const url = inject('postgresUrl');
  if (template && url) {
    const name = `${inject('runPrefix')}_${process.pid}_${++counter}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await admin.end();
    }
    const u = new URL(url);
    u.pathname = `/${name}`;
    // A test database is thrown away after its file: commits need not wait for the WAL to reach the disk
    // (what a commit makes visible, and to whom, is the same; only a server crash could lose the last ones).
    u.searchParams.set('options', '-c synchronous_commit=off');
    const database = openPostgres(u.toString(), 5);
    return {
      ...database,
      async close() {
        await database.close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        // pool.end() can resolve while its last connections are still closing; a forced drop would then
        // kill them mid-goodbye (an unhandled "terminating connection" error). Let them go first.
        for (let i = 0; i < 50; i++) {
          const r = await a.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
            name,
          ]);
          if (r.rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const golden = inject('goldenDir');
  if (!golden) throw new Error('global setup did not provide a golden database');
  // A copy on disk, opened in place: copying the files and starting PGlite on them is several times
  // cheaper than untarring a dump into an in-memory PGlite (measured in bench/README.md).
  const dir = mkdtempSync(join(tmpdir(), 'motcua-test-db-'));
  cpSync(golden, dir, { recursive: true });
  const database = await openPglite(dir);
  return {
    ...database,
    async close() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestContext {
  readonly app: App;
  readonly deps: ReturnType<typeof testDeps>;
  readonly database: Database;
  /** Creates an official in the given agency (default: the first one-stop unit) and returns a session token. */
  signIn(
    roles: readonly Role[],
    opts?: { agencyCode?: string; agencyKey?: string; username?: string },
  ): Promise<string>;
  close(): Promise<void>;
}

/** Builds the real app on a fresh golden copy; call `close()` in afterAll. */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const database = await freshDatabase();
  const deps = testDeps(database, env);
  const app = await buildApp(deps);
  let users = 0;
  return {
    app,
    deps,
    database,
    async signIn(roles, opts = {}) {
      const agency = await database.db
        .selectFrom('agencies')
        .select('id')
        .$if(opts.agencyCode !== undefined, (q) => q.where('code', '=', opts.agencyCode!))
        .$if(opts.agencyKey !== undefined, (q) => q.where('key', '=', opts.agencyKey!))
        .$if(opts.agencyCode === undefined && opts.agencyKey === undefined, (q) =>
          q.where('kind', '=', 'one_stop'),
        )
        .orderBy('code')
        .executeTakeFirstOrThrow();
      const username = opts.username ?? `test.${roles.join('-')}.${++users}`;
      const password = 'correct horse battery';
      await createUser(
        database.db,
        { username, displayName: `Test ${roles.join(', ')}`, password, agencyId: agency.id, roles },
        deps.clock.now(),
      );
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`sign in failed: ${res.body}`);
      return res.json().token as string;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * The officials of the land-correction scenario (1.012796 received at phường Ninh Kiều for a parcel in
 * phường Cái Khế): reception at Ninh Kiều, specialist and leader at UBND Cái Khế, each signed in.
 * Fills `tokens` and `users` (user ids) by name; `suffix` keeps usernames unique per test file.
 */
export async function signInLandCorrectionOfficials(
  ctx: TestContext,
  suffix: string,
  tokens: Record<string, string>,
  users: Record<string, string>,
): Promise<void> {
  for (const [name, role, key] of [
    ['nk.reception', 'reception', '31135-ttpvhcc'],
    ['ck.specialist', 'specialist', '31120-ubnd'],
    ['ck.leader', 'leader', '31120-ubnd'],
  ] as const) {
    tokens[name] = await ctx.signIn([role], { agencyKey: key, username: `${name}.${suffix}` });
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${tokens[name]}` },
    });
    users[name] = me.json().userId;
  }
}

/** The land-correction procedure (1.012796): its current version and the names of its required documents. */
export async function landCorrectionProcedure(
  ctx: TestContext,
): Promise<{ versionId: string; documents: string[] }> {
  const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
  return {
    versionId: p.versionId,
    documents: (p.details.documents as { name: string }[]).map((d) => d.name),
  };
}

/**
 * Receives a land-correction record (1.012796) at the counter of `token`'s official, for a parcel in phường
 * Cái Khế, with the first two required documents (and `returnPoint`, e.g. by post, when given); returns the
 * record as the API answered it (201).
 */
export async function receiveLandCorrection(
  ctx: TestContext,
  token: string,
  procedure: { versionId: string; documents: string[] },
  fullName: string,
  options: { returnPoint?: { kind: string; address?: string } } = {},
): Promise<{ id: string; version: number; code: string }> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      type: 'receive',
      checklist: procedure.documents
        .slice(0, 2)
        .map((document) => ({ document, provided: true, originals: 1 })),
      ...(options.returnPoint ? { returnPoint: options.returnPoint } : {}),
      opening: {
        procedureVersionId: procedure.versionId,
        channel: 'in_person',
        applicant: { kind: 'citizen', fullName, phone: '0912 345 678' },
        routing: { landParcelUnitCode: '31120' },
      },
    },
  });
  if (res.statusCode !== 201) throw new Error(`reception failed: ${res.statusCode} ${res.body}`);
  return res.json().record;
}

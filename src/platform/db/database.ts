import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives: a folder for PGlite, the URL without password for PostgreSQL. */
  readonly location: string;
  /** PGlite only: the whole data directory as a gzipped tarball (used for golden test copies and backups). */
  readonly dump?: () => Promise<Blob>;
  /**
   * Runs a multi-statement SQL script (a migration) in one transaction: PGlite's and pg's simple-query
   * paths accept several statements where prepared statements do not.
   */
  execScript(script: string): Promise<void>;
  close(): Promise<void>;
}

function transactional(script: string): string {
  return `BEGIN;\n${script}\n;COMMIT;`;
}

// Same JavaScript values from both drivers: dates stay 'YYYY-MM-DD' strings (a calendar day has no time
// zone), bigint counts become numbers (our counts stay far below 2^53).
const DATE_OID = 1082;
const INT8_OID = 20;
const parsers: Record<number, (v: string) => unknown> = {
  [DATE_OID]: (v) => v,
  [INT8_OID]: (v) => Number(v),
};

function kysely(dialect: PGliteDialect | PostgresDialect): Db {
  return new Kysely<DB>({ dialect, plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })] });
}

/** Opens embedded PGlite in `dataDir` (created if missing), or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir: join(resolve(dataDir), 'pgdata') } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers,
  });
  const db = kysely(new PGliteDialect({ pglite }));
  return {
    db,
    kind: 'pglite',
    location: dataDir ? resolve(dataDir) : 'memory',
    dump: async () => (await pglite.dumpDataDir('gzip')) as Blob,
    async execScript(script) {
      try {
        await pglite.exec(transactional(script));
      } catch (err) {
        await pglite.exec('ROLLBACK');
        throw err;
      }
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** A statement run this many times is prepared (named) on each connection that runs it again. */
const HOT_AFTER = 20;
/** At most this many distinct statements are prepared; later ones stay unnamed (planned at each run). */
const MAX_PREPARED = 500;

/**
 * Prepares the statements the app runs again and again (the same SQL text with parameters: a record
 * command's one write, the state read, a worklist page), so that PostgreSQL parses and plans each once per
 * connection instead of at every run, as pgJDBC does after 5 runs; a rare or one-off text stays unnamed, so
 * the server keeps a bounded set. A migration that changes what a prepared statement returns makes the
 * server refuse it ("cached plan must not change result type"): the statement is then run unnamed, and every
 * text is prepared again under new names.
 */
function prepareHotStatements(): (client: pg.PoolClient) => void {
  const runs = new Map<string, number>();
  const names = new Map<string, string>();
  let epoch = 0;
  const nameOf = (text: string): string | undefined => {
    const name = names.get(text);
    if (name !== undefined || names.size >= MAX_PREPARED) return name;
    const n = (runs.get(text) ?? 0) + 1;
    if (n < HOT_AFTER) {
      if (runs.size >= 10_000) runs.clear();
      runs.set(text, n);
      return undefined;
    }
    runs.delete(text);
    const named = `motcua_${epoch}_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, named);
    return named;
  };
  return (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const [text, values] = args;
      // Only (text, values) with parameters, as Kysely calls it: pg sends a parameterless text by the simple
      // protocol, which also runs several statements in one text.
      if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values) || values.length === 0) {
        return query(...args);
      }
      const name = nameOf(text);
      if (!name) return query(text, values);
      return query({ name, text, values }).catch((err: { code?: string; message?: string }) => {
        if (err.code !== '0A000' || !err.message?.includes('cached plan must not change result type')) {
          throw err;
        }
        epoch += 1;
        names.clear();
        // Unnamed this once; inside a transaction the error has already aborted it, so the first error stands.
        return query(text, values).catch(() => {
          throw err;
        });
      });
    };
  };
}

/** Opens a pg pool on `url`. */
export function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A connection that the server closes (restart, failover, an administrator's pg_terminate_backend) emits
  // 'error'; without a listener Node ends the process. An idle one is dropped by the pool ('error' on the
  // pool); a checked-out one also fails its query, which the caller sees (503 system.database_unavailable),
  // and the pool drops it on release since it is no longer queryable. The next query opens a new one.
  pool.on('error', () => {});
  const prepare = prepareHotStatements();
  pool.on('connect', (client) => {
    client.on('error', () => {});
    prepare(client);
  });
  const db = kysely(new PostgresDialect({ pool }));
  return {
    db,
    kind: 'postgres',
    location: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    async execScript(script) {
      const client = await pool.connect();
      try {
        await client.query(transactional(script));
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

/** SQLSTATE classes and codes that mean "the database cannot be reached now", not "this request is wrong". */
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57P0[1-3])$/;
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'not queryable',
  'timeout exceeded when trying to connect',
  'Cannot use a pool after calling end',
  'terminating connection',
  'not currently accepting connections',
];

/**
 * True when `err` says the database is unreachable or dropped the connection (a restart, failover,
 * terminated backend, refused connections): the request may succeed when retried later. Follows `cause`.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (
      code &&
      (UNAVAILABLE_NODE_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_SQLSTATE.test(code)))
    ) {
      return true;
    }
    const message = typeof e.message === 'string' ? e.message : '';
    if (UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Opens the database the configuration names: PostgreSQL when `databaseUrl` is set, else PGlite. */
export async function openDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize: number;
}): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize) : openPglite(opts.dataDir);
}

/**
 * Catalog search over the real catalog (1,601 procedures), against the baseline of a primary-key lookup of
 * one procedure measured in the same run on the same database:
 *
 * - citizen phrasings (`test/catalog/citizen-phrasings.ts`: 80 tuned on, 30 held out): p50/p99 of
 *   `GET /api/procedures?q=…` through `app.inject` (the whole HTTP pipeline, no sockets), and top-1/top-3
 *   accuracy; with `BASELINE_CHECKOUT=<a checkout of an earlier commit>` the same phrasings are also run
 *   through that checkout's `searchCatalog` on the same database ("before");
 * - 800 queries drawn from the real names (with and without diacritics, partial names, codes) through the
 *   service: p50/p95/p99.
 *
 * `npm run bench -- catalog-search` (PGlite in memory), or with DATABASE_URL for PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { normalizeSearchText } from '../src/core/vn/index.ts';
import { resolveAuditKey, setAuditKey } from '../src/modules/audit/index.ts';
import { getProcedure, searchCatalog } from '../src/modules/catalog/index.ts';
import { seedReferenceData } from '../src/modules/seed/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { migrate, openPglite, openPostgres } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/log.ts';
import { createProgress } from '../src/platform/progress.ts';
import {
  CITIZEN_PHRASINGS,
  type CitizenPhrasing,
  HELD_OUT_PHRASINGS,
} from '../test/catalog/citizen-phrasings.ts';
import { percentile, round, writeResult } from './support.ts';

type Search = (q: string) => Promise<{ items: { code: string }[] }>;

/** Share of phrasings whose procedure comes first, and among the first three. */
async function accuracy(set: readonly CitizenPhrasing[], search: Search) {
  let top1 = 0;
  let top3 = 0;
  for (const p of set) {
    const codes = (await search(p.q)).items.map((i) => i.code);
    if (p.codes.includes(codes[0] ?? '')) top1++;
    if (codes.slice(0, 3).some((c) => p.codes.includes(c))) top3++;
  }
  return {
    phrasings: set.length,
    top1,
    top3,
    top1Share: round(top1 / set.length),
    top3Share: round(top3 / set.length),
  };
}

/** An earlier checkout's `searchCatalog` (BASELINE_CHECKOUT), run on this database, or null. */
async function baselineSearch(dir: string | undefined) {
  if (!dir) return null;
  const mod = (await import(resolve(dir, 'src/modules/catalog/index.ts'))) as {
    searchCatalog: typeof searchCatalog;
  };
  const commit = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  return { commit, searchCatalog: mod.searchCatalog };
}

async function timeEach(items: string[], fn: (s: string) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (const item of items) {
    const t = performance.now();
    await fn(item);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

export async function run(env: Record<string, string | undefined>): Promise<void> {
  const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000', ...env, LOG_LEVEL: 'silent' });
  setAuditKey(resolveAuditKey(config).key);
  const database = config.DATABASE_URL ? openPostgres(config.DATABASE_URL, 4) : await openPglite(undefined);
  await migrate(database);
  const deps = { database, clock: systemClock, config, logger: createLogger('silent') };
  const seeded = await database.db
    .selectFrom('procedures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  if (Number(seeded?.n ?? 0) === 0) await seedReferenceData(deps, { progress: createProgress() });

  const rows = await sql<{ code: string; name: string }>`
    select p.code, pv.name from procedures p join procedure_versions pv on pv.id = p.current_version_id
    order by p.code`.execute(database.db);
  // Deterministic query mix drawn from the real names: full names, names without diacritics, the first
  // two or three words, and codes.
  const queries: string[] = [];
  rows.rows.forEach((r, i) => {
    const words = r.name.split(/\s+/);
    if (i % 4 === 0) queries.push(r.name);
    if (i % 4 === 1) queries.push(normalizeSearchText(r.name));
    if (i % 4 === 2) queries.push(words.slice(0, 3).join(' '));
    if (i % 4 === 3) queries.push(i % 8 === 3 ? r.code : normalizeSearchText(words.slice(1, 3).join(' ')));
  });
  const sample = queries.filter((_, i) => i % 2 === 0).slice(0, 800);
  const codes = rows.rows.map((r) => r.code).slice(0, 800);

  const app = await buildApp(deps);
  const inject: Search = async (q) => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/procedures?q=${encodeURIComponent(q)}&limit=10`,
    });
    if (res.statusCode !== 200) throw new Error(`${q}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const phrasings = [...CITIZEN_PHRASINGS, ...HELD_OUT_PHRASINGS].map((p) => p.q);
  const rounds = Number(env.ROUNDS ?? 10);
  await timeEach(phrasings, inject);
  const citizenTimes = await timeEach(Array.from({ length: rounds }, () => phrasings).flat(), inject);
  const citizen = await accuracy(CITIZEN_PHRASINGS, inject);
  const heldOut = await accuracy(HELD_OUT_PHRASINGS, inject);
  const earlier = await baselineSearch(env.BASELINE_CHECKOUT);
  const service = (fn: typeof searchCatalog) => (q: string) => fn(database.db, { q, limit: 20, offset: 0 });

  // Service-level timings, then the earlier checkout's right after when one is given (same database, same
  // minutes: this machine is shared, so only numbers measured together compare).
  const timings = async (fn: typeof searchCatalog) => {
    await timeEach(sample.slice(0, 50), service(fn));
    return {
      names: await timeEach(sample, service(fn)),
      phrasings: await timeEach(Array.from({ length: rounds }, () => phrasings).flat(), service(fn)),
    };
  };
  const now = await timings(searchCatalog);
  const then = earlier ? await timings(earlier.searchCatalog) : null;
  const search = now.names;
  const lookup = await timeEach(codes, (c) => getProcedure(database.db, c));
  const p50 = percentile(search, 50);
  const base50 = percentile(lookup, 50);
  const ms = (t: number[]) => ({
    p50: round(percentile(t, 50)),
    p95: round(percentile(t, 95)),
    p99: round(percentile(t, 99)),
  });
  const before =
    earlier && then
      ? {
          commit: earlier.commit,
          citizen: await accuracy(CITIZEN_PHRASINGS, service(earlier.searchCatalog)),
          heldOut: await accuracy(HELD_OUT_PHRASINGS, service(earlier.searchCatalog)),
          serviceMs: { phrasings: ms(then.phrasings), names: ms(then.names) },
        }
      : null;
  const c50 = percentile(citizenTimes, 50);
  writeResult(`catalog-search-${database.kind}`, {
    database: database.kind,
    procedures: rows.rows.length,
    citizenPhrasings: {
      through:
        'GET /api/procedures?q=…&limit=10 by app.inject (validation, ranking SQL, serialisation; no sockets)',
      queries: citizenTimes.length,
      rounds,
      searchMs: {
        p50: round(c50),
        p95: round(percentile(citizenTimes, 95)),
        p99: round(percentile(citizenTimes, 99)),
      },
      ratioP50ToLookupP50: round(c50 / base50, 2),
      serviceMs: ms(now.phrasings),
      accuracy: { citizen, heldOut },
      before,
    },
    nameQueries: {
      through: 'searchCatalog (service, no HTTP)',
      queries: sample.length,
      searchMs: ms(search),
      ratioP50ToLookupP50: round(p50 / base50, 2),
    },
    baselineLookupMs: { p50: round(base50), p99: round(percentile(lookup, 99)) },
    note: 'ranked LIKE search over normalised names and text (no extension), same SQL on PGlite and PostgreSQL',
  });
  await app.close();
  await database.close();
}

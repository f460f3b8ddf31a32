/**
 * Catalog search latency over the real catalog (1,601 procedures): p50/p99 of ranked searches typed the
 * way people type them (with and without diacritics, partial names, codes), against the baseline of a
 * primary-key lookup of one procedure measured in the same run on the same database.
 *
 * `npm run motcua -- bench catalog-search` (PGlite in memory), or with DATABASE_URL for PostgreSQL.
 */
import { sql } from 'kysely';
import { normalizeSearchText } from '../src/core/vn/index.ts';
import { resolveAuditKey, setAuditKey } from '../src/modules/audit/index.ts';
import { getProcedure, searchCatalog } from '../src/modules/catalog/index.ts';
import { seedReferenceData } from '../src/modules/seed/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { migrate, openPglite, openPostgres } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/log.ts';
import { createProgress } from '../src/platform/progress.ts';
import { percentile, round, writeResult } from './support.ts';

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
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
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

  await timeEach(sample.slice(0, 50), (q) => searchCatalog(database.db, { q, limit: 20, offset: 0 }));
  const search = await timeEach(sample, (q) => searchCatalog(database.db, { q, limit: 20, offset: 0 }));
  const lookup = await timeEach(codes, (c) => getProcedure(database.db, c));
  const p50 = percentile(search, 50);
  const base50 = percentile(lookup, 50);
  writeResult(`catalog-search-${database.kind}`, {
    database: database.kind,
    procedures: rows.rows.length,
    queries: sample.length,
    searchMs: { p50: round(p50), p95: round(percentile(search, 95)), p99: round(percentile(search, 99)) },
    baselineLookupMs: { p50: round(base50), p99: round(percentile(lookup, 99)) },
    ratioSearchToLookupP50: round(p50 / base50, 2),
    note: 'ranked LIKE search over normalised names and text (no extension), same SQL on PGlite and PostgreSQL',
  });
  await database.close();
}

/**
 * Catalogue readiness on the seeded catalogue (the 1,601 real procedures, Can Tho's units and agencies):
 * how many procedures can be received at each channel, how many have each reason, how long the whole
 * evaluation takes (cold: agencies, communes and every rule evaluated for every commune) against the
 * baseline of reading the same versions.
 *
 * `npm run motcua -- bench catalog-readiness` (PGlite in memory, seeded), or with DATABASE_URL for a
 * seeded PostgreSQL database. Writes bench/results/catalog-readiness.json.
 */
import { sql } from 'kysely';
import { resolveAuditKey, setAuditKey } from '../src/modules/audit/index.ts';
import { catalogueReadiness, summarizeReadiness } from '../src/modules/catalog/index.ts';
import { seedReferenceData } from '../src/modules/seed/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { migrate, openPglite, openPostgres } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/log.ts';
import { createProgress } from '../src/platform/progress.ts';
import { round, writeResult } from './support.ts';

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

  const t0 = performance.now();
  await sql`select pv.data from procedures p join procedure_versions pv on pv.id = p.current_version_id`.execute(
    database.db,
  );
  const readMs = performance.now() - t0;
  const t1 = performance.now();
  const items = await catalogueReadiness(database.db);
  const coldMs = performance.now() - t1;
  const t2 = performance.now();
  await catalogueReadiness(database.db);
  const warmMs = performance.now() - t2;
  const summary = summarizeReadiness(items);
  const examples = Object.fromEntries(
    Object.keys(summary.reasons).map((code) => [
      code,
      items
        .filter((i) => Object.values(i.channels).some((c) => c.reasons.some((r) => r.code === code)))
        .slice(0, 3)
        .map((i) => i.code),
    ]),
  );
  writeResult('catalog-readiness', {
    database: database.kind,
    ...summary,
    examples,
    timing: {
      coldMs: round(coldMs, 1),
      warmMs: round(warmMs, 1),
      baselineReadVersionsMs: round(readMs, 1),
      ratioColdToRead: round(coldMs / readMs, 2),
    },
    note: 'receivable = reception would accept a dossier of an applicant of any commune of the city (src/core/catalog/readiness.ts)',
  });
  await database.close();
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureWebBuilt } from '../scripts/ensure-web.ts';
import { seedReferenceData } from '../src/modules/seed/index.ts';
import { type Database, migrate, openPglite, openPostgres } from '../src/platform/db/index.ts';
import { testDeps } from './support/deps.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * PGlite mode: the data directory of the migrated, seeded golden database (closed), which each test
     * database copies (a file copy and a start is several times cheaper than untarring a dump into memory).
     */
    goldenDir: string | null;
    /** PostgreSQL mode: the migrated, seeded template database and the server URL. */
    goldenTemplate: string | null;
    postgresUrl: string | null;
    /** Prefix of this run's PostgreSQL test databases, so teardown drops exactly those. */
    runPrefix: string;
  }
}

async function seedGolden(database: Database): Promise<void> {
  await migrate(database);
  await seedReferenceData(testDeps(database), {});
}

/**
 * Builds one migrated and seeded golden database per run, so that each test file starts from a copy of it
 * instead of migrating and importing again. MOTCUA_TEST_DATABASE_URL switches to PostgreSQL.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Build the web app once, before any browser test starts (two test files building it at once would
  // empty web/dist under each other).
  await ensureWebBuilt();
  const url = process.env.MOTCUA_TEST_DATABASE_URL;
  if (url) {
    const prefix = `motcua_t_${process.pid}_${Date.now()}`;
    const name = `${prefix}_golden`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const goldenUrl = new URL(url);
    goldenUrl.pathname = `/${name}`;
    const database = openPostgres(goldenUrl.toString(), 4);
    await seedGolden(database);
    await database.close();
    project.provide('goldenTemplate', name);
    project.provide('postgresUrl', url);
    project.provide('goldenDir', null);
    project.provide('runPrefix', prefix);
    return async () => {
      const dbs = await admin.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
        [prefix],
      );
      for (const row of dbs.rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'motcua-golden-'));
  const database = await openPglite(dir);
  await seedGolden(database);
  await database.close();
  project.provide('goldenDir', dir);
  project.provide('goldenTemplate', null);
  project.provide('postgresUrl', null);
  project.provide('runPrefix', '');
  return async () => {
    rmSync(dir, { recursive: true, force: true });
  };
}

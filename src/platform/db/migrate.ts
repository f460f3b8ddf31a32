import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

/** Migration files are `NNNN_snake_case_name.sql`, applied in order, never edited once applied. */
export const MIGRATION_NAME = /^(\d{4})_[a-z0-9]+(?:_[a-z0-9]+)*\.sql$/;

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

export interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** Reads the migration files; throws on a bad name, a gap or a duplicate number. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  names.forEach((name, i) => {
    const m = MIGRATION_NAME.exec(name);
    if (!m) throw new Error(`Migration file name ${name} does not match NNNN_snake_case.sql`);
    if (Number(m[1]) !== i + 1) throw new Error(`Migration ${name} should be numbered ${i + 1}`);
  });
  return names.map((name) => {
    const text = readFileSync(join(dir, name), 'utf8');
    return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
  });
}

/**
 * Applies the migrations not yet applied, each in its own transaction. Forward only: an applied migration
 * whose file changed is an error, because the database no longer matches the code.
 */
export async function migrate(database: Database, files = readMigrations()): Promise<{ applied: string[] }> {
  const { db } = database;
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL)`.execute(db);
  const done = new Map(
    (await db.selectFrom('schemaMigrations').select(['name', 'checksum']).execute()).map((r) => [
      r.name,
      r.checksum,
    ]),
  );
  const applied: string[] = [];
  for (const file of files) {
    const prior = done.get(file.name);
    if (prior !== undefined) {
      if (prior !== file.checksum) throw new Error(`Applied migration ${file.name} was edited`);
      continue;
    }
    // Name and checksum are checked above (file-name pattern, hex digest): safe to inline.
    await database.execScript(
      `${file.sql}\n;INSERT INTO schema_migrations (name, checksum, applied_at) VALUES ('${file.name}', '${file.checksum}', now());`,
    );
    applied.push(file.name);
  }
  return { applied };
}

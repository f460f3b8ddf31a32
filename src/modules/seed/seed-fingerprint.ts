import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Tx } from '../../platform/db/index.ts';

/** The code that turns the shipped catalogue into procedures and sector bodies (tests excluded). */
const PARSER_DIRS = ['../../core/catalog/', '../../core/units/'];
const PARSER_FILES = ['../catalog/catalog.import.ts', '../units/units.import.ts'];

function parserSources(): string[] {
  const files = PARSER_DIRS.flatMap((rel) => {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    return readdirSync(dir)
      .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))
      .sort()
      .map((n) => join(dir, n));
  });
  return [...files, ...PARSER_FILES.map((rel) => fileURLToPath(new URL(rel, import.meta.url)))];
}

/**
 * SHA-256 of the catalogue file and of the parser's sources: when neither changed since the catalogue was
 * last derived, deriving it again would find nothing new. A new release whose parser derives more (or a new
 * catalogue file) changes it, and the next start re-derives.
 */
export function seedFingerprint(catalogFile: string): string {
  const hash = createHash('sha256');
  for (const path of [catalogFile, ...parserSources()]) {
    hash.update(path.slice(path.lastIndexOf('/') + 1));
    hash.update('\0');
    hash.update(readFileSync(path));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export async function storedSeedFingerprint(db: Db | Tx): Promise<string | undefined> {
  const row = await db.selectFrom('seedFingerprint').select('fingerprint').executeTakeFirst();
  return row?.fingerprint;
}

export async function storeSeedFingerprint(db: Db | Tx, fingerprint: string, now: Date): Promise<void> {
  await db
    .insertInto('seedFingerprint')
    .values({ onlyRow: true, fingerprint, takenAt: now })
    .onConflict((oc) => oc.column('onlyRow').doUpdateSet({ fingerprint, takenAt: now }))
    .execute();
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Config } from './config.ts';

/**
 * README's configuration table names every MOTCUA_* variable Motcua reads: in full (`MOTCUA_PAYMENT_URL`),
 * or as a suffix of a variable the same row names (`MOTCUA_SMS_URL`/`_TOKEN`, `MOTCUA_PORTAL_URL` (+ `_TOKEN`),
 * `MOTCUA_CIVIL_STATUS_TIMEOUT_MS`, `…_PULL_SECONDS`).
 */
function namedInReadme(): Set<string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const names = new Set<string>();
  for (const line of readme.split('\n')) {
    const first = line.split('|')[1];
    if (!line.startsWith('|') || first === undefined) continue;
    const full = [...first.matchAll(/`(MOTCUA_[A-Z0-9_]+)`/g)].map((m) => m[1]!);
    for (const f of full) names.add(f);
    for (const m of first.matchAll(/`(?:…)?(_[A-Z0-9_]+)`/g)) {
      // A suffix replaces the last word(s) of a full name of the row: MOTCUA_SMS_URL + _TOKEN.
      for (const f of full) {
        const parts = f.split('_');
        for (let k = parts.length - 1; k >= 2; k--) names.add(parts.slice(0, k).join('_') + m[1]);
      }
    }
  }
  return names;
}

describe('README configuration table', () => {
  it('names every MOTCUA_* variable of src/platform/config.ts', () => {
    const named = namedInReadme();
    const missing = Object.keys(Config.shape).filter((k) => k.startsWith('MOTCUA_') && !named.has(k));
    expect(missing).toEqual([]);
  });
});

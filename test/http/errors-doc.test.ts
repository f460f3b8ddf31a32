import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors/index.ts';
import { STATUS_BY_KIND } from '../../src/platform/http/index.ts';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const rows = [
  ...doc.matchAll(/^\|\s*`([a-z_]+\.[a-z_]+)`\s*\|\s*(\w+)\s*\|\s*(\d{3})\s*\|([^|]+)\|([^|]+)\|\s*$/gm),
].map((m) => ({
  code: m[1]!,
  kind: m[2]!,
  status: Number(m[3]),
  vi: m[4]!.trim(),
  en: m[5]!.trim(),
}));

describe('docs/errors.md', () => {
  it('lists exactly the codes of the error table, with the same kind, status and titles', () => {
    const table = Object.entries(ERROR_CODES).map(([code, e]) => ({
      code,
      kind: e.kind,
      status: STATUS_BY_KIND[e.kind],
      vi: e.vi,
      en: e.en,
    }));
    expect(rows).toEqual(table);
  });

  it('gives every code a Vietnamese and an English title that differ', () => {
    for (const e of Object.values(ERROR_CODES)) {
      expect(e.vi.length).toBeGreaterThan(3);
      expect(e.en.length).toBeGreaterThan(3);
      expect(e.vi).not.toBe(e.en);
    }
  });
});

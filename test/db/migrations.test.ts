import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATION_NAME, readMigrations } from '../../src/platform/db/index.ts';

describe('migrations', () => {
  it('are named NNNN_snake_case.sql and numbered without gaps', () => {
    const files = readMigrations();
    expect(files.length).toBeGreaterThan(0);
    files.forEach((f, i) => {
      expect(f.name).toMatch(MIGRATION_NAME);
      expect(f.name.slice(0, 4)).toBe(String(i + 1).padStart(4, '0'));
    });
  });

  it('comment every table they create', () => {
    for (const f of readMigrations()) {
      const created = [...f.sql.matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1]);
      for (const table of created)
        expect(f.sql, `${f.name}: ${table}`).toContain(`COMMENT ON TABLE ${table} IS`);
    }
  });

  it('refuse a badly named file and a gap in the numbering', () => {
    const bad = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(bad, '0001_Bad-Name.sql'), 'select 1;');
    expect(() => readMigrations(bad)).toThrow(/does not match/);
    const gap = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(gap, '0001_one.sql'), 'select 1;');
    writeFileSync(join(gap, '0003_three.sql'), 'select 1;');
    expect(() => readMigrations(gap)).toThrow(/numbered 2/);
  });
});

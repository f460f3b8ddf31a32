import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/platform/config.ts';

describe('configuration from the environment', () => {
  it('runs the embedded demo with no variables at all', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.MOTCUA_DATA_DIR).toBe('./.motcua');
    expect(c.MOTCUA_CUTOFF).toBe(15 * 60);
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', MOTCUA_CUTOFF: '25:00' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'MOTCUA_CUTOFF'])
      expect(problems).toContain(name);
  });

  it('reads a PostgreSQL URL and a cut-off time', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', MOTCUA_CUTOFF: '16:30' });
    expect(c.DATABASE_URL).toBe('postgres://u@h/db');
    expect(c.MOTCUA_CUTOFF).toBe(16 * 60 + 30);
  });

  it('reads the fee policy (docs/FEES.md): defaults, a city’s choice, and a malformed category refused', () => {
    const d = loadConfig({});
    expect([d.MOTCUA_FEE_STACKING, d.MOTCUA_FEE_ROUNDING, d.MOTCUA_FEE_CATEGORIES]).toEqual([
      'best',
      'down',
      [],
    ]);
    const c = loadConfig({
      MOTCUA_FEE_STACKING: 'sum',
      MOTCUA_FEE_ROUNDING: 'half_up',
      MOTCUA_FEE_CATEGORIES: 'student, teacher',
    });
    expect([c.MOTCUA_FEE_STACKING, c.MOTCUA_FEE_ROUNDING, c.MOTCUA_FEE_CATEGORIES]).toEqual([
      'sum',
      'half_up',
      ['student', 'teacher'],
    ]);
    expect(() => loadConfig({ MOTCUA_FEE_CATEGORIES: 'Hộ nghèo' })).toThrow(ConfigError);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setAuditKey } from '../../src/modules/audit/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { Database } from '../../src/platform/db/index.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { createLogger } from '../../src/platform/log.ts';

/** 10:00 in Can Tho on Monday 2 March 2026 (a working day), the tests' default "now". */
export const TEST_NOW = new Date('2026-03-02T03:00:00Z');

/** The audit key of every test database (the golden copy's rows are hashed with it). */
export const TEST_AUDIT_KEY = 'motcua-test-audit-key-not-a-secret-0001';

/** The dependencies `main.ts` would build, with a fixed clock and a silent logger. */
export function testDeps(
  database: Database,
  env: Record<string, string> = {},
): Deps & {
  clock: ReturnType<typeof fixedClock>;
} {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    MOTCUA_FILES_DIR: mkdtempSync(join(tmpdir(), 'motcua-files-')),
    MOTCUA_PKI_DIR: mkdtempSync(join(tmpdir(), 'motcua-pki-')),
    MOTCUA_DEMO_PKI: 'true',
    MOTCUA_AUDIT_KEY: TEST_AUDIT_KEY,
    // Tests move the fixed clock by days between requests of one session: no idle or per-role limits unless a
    // test asks (test/identity/sessions.test.ts does); the absolute limit stays SESSION_TTL_HOURS.
    MOTCUA_SESSION_IDLE_MINUTES: String(30 * 24 * 60),
    MOTCUA_SESSION_ROLE_LIMITS: '',
    // Every answer of a documented route must be under a status and media type it declares (docs/API.md).
    MOTCUA_CHECK_ANSWERS: 'true',
    ...env,
  });
  // What bootstrap does with the configured key.
  setAuditKey(config.MOTCUA_AUDIT_KEY ?? TEST_AUDIT_KEY);
  return {
    database,
    clock: fixedClock(TEST_NOW),
    config,
    logger: createLogger(process.env.MOTCUA_TEST_LOG ?? 'silent'),
  };
}

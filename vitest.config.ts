import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` holds the pure tests beside the code (src/**), which need neither the web app nor a
 * database, so running them alone starts at once; `integration` holds test/**, whose global setup builds the
 * web app and the golden database. Vitest runs a project's global setup only when one of its files runs.
 */
export default defineConfig({
  test: {
    // MOTCUA_TEST_BROWSER=false leaves out the browser tests (CI runs them once, on PGlite: see .ci/run).
    exclude: ['node_modules/**', ...(process.env.MOTCUA_TEST_BROWSER === 'false' ? ['test/e2e/**'] : [])],
    pool: 'forks',
    // Two cores on CI: one worker per core. Workers are reused across files (isolate: false), so a file's
    // module graph and a browser already started are not paid for again.
    maxWorkers: 2,
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], globalSetup: ['test/global-setup.ts'] },
      },
    ],
  },
});

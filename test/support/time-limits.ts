/**
 * Time limits for tests that do a lot of work, scaled for loaded machines: a shared CI runner sets
 * MOTCUA_TEST_TIME_SCALE (e.g. `3`) instead of anyone editing limits. Tests never assert on time; a limit
 * only stops a test that hangs.
 */
const raw = Number(process.env.MOTCUA_TEST_TIME_SCALE ?? '1');
export const TIME_SCALE = Number.isFinite(raw) && raw >= 1 ? raw : 1;

/** `ms` times {@link TIME_SCALE}. */
export function scaled(ms: number): number {
  return Math.round(ms * TIME_SCALE);
}

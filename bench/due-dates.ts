/**
 * Due dates per second: `addWorkingDays` on the real holiday table (official 2024–2026 schedules with
 * make-up Saturdays, statutory fallback elsewhere), against the baseline of a naive weekday-only count
 * measured in the same run; and the HTTP endpoint through `app.inject`, against `GET /api/health`.
 *
 * `npm run motcua -- bench due-dates`
 */
import { buildApp } from '../src/app.ts';
import { resolveAuditKey, setAuditKey } from '../src/modules/audit/index.ts';
import { createCalendarService, seedHolidays } from '../src/modules/calendar/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { migrate, openPglite } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/log.ts';
import { DEFAULT_SEED_DATA_DIR } from '../src/platform/paths.ts';
import { round, throughput, writeResult } from './support.ts';

const DAY = 86_400_000;

/** The baseline: count weekdays only, no holiday table, no time zone care. */
function naiveAddWeekdays(from: Date, n: number): Date {
  const d = new Date(from);
  let left = n;
  while (left > 0) {
    d.setTime(d.getTime() + DAY);
    const w = d.getUTCDay();
    if (w !== 0 && w !== 6) left--;
  }
  return d;
}

export async function run(env: Record<string, string | undefined>): Promise<void> {
  const config = loadConfig({
    ...env,
    LOG_LEVEL: 'silent',
    DATABASE_URL: undefined,
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  setAuditKey(resolveAuditKey(config).key);
  const database = await openPglite(undefined);
  await migrate(database);
  await seedHolidays(database.db, DEFAULT_SEED_DATA_DIR, new Date());
  const calendar = await createCalendarService({ cutoffMinutes: config.MOTCUA_CUTOFF }).calendar(database.db);
  const start = Date.UTC(2024, 0, 1, 1);
  const instants = Array.from(
    { length: 4096 },
    (_, i) => new Date(start + ((i * 7919) % 1000) * DAY + (i % 10) * 3_600_000),
  );
  const days = [0, 1, 3, 5, 7, 10, 15, 20, 30, 45];
  let sink = 0;
  const core = throughput((i) => {
    sink += calendar.addWorkingDays(instants[i & 4095]!, days[i % 10]!).dueDate.length;
  });
  const naive = throughput((i) => {
    sink += naiveAddWeekdays(instants[i & 4095]!, days[i % 10]!).getTime() & 1;
  });

  const app = await buildApp({ database, clock: systemClock, config, logger: createLogger('silent') });
  const timeInject = async (url: (i: number) => string, n: number) => {
    for (let i = 0; i < 200; i++) await app.inject({ method: 'GET', url: url(i) });
    const t = performance.now();
    for (let i = 0; i < n; i++) await app.inject({ method: 'GET', url: url(i) });
    return (n / (performance.now() - t)) * 1000;
  };
  const http = await timeInject(
    (i) => `/api/calendar/due-date?from=${instants[i & 4095]!.toISOString()}&workingDays=${days[i % 10]}`,
    3000,
  );
  const health = await timeInject(() => '/api/health', 3000);
  await app.close();
  await database.close();
  writeResult('due-dates', {
    coreDueDatesPerSecond: Math.round(core),
    baselineNaiveWeekdaysPerSecond: Math.round(naive),
    ratioCoreToNaive: round(core / naive, 3),
    httpDueDatesPerSecond: Math.round(http),
    baselineHttpHealthPerSecond: Math.round(health),
    ratioHttpToHealth: round(http / health, 3),
    note: 'core = pure addWorkingDays over the real holiday table; http = app.inject on embedded PGlite (no sockets)',
    sink: sink % 7,
  });
}

import { buildApp } from './app.ts';
import { resolveAuditKey, sealLegacyAudit, setAuditKey } from './modules/audit/index.ts';
import { activateDueVersions } from './modules/catalog/index.ts';
import { documentsPortsFrom, slipsHandler } from './modules/documents/index.ts';
import { deleteStaleFailures } from './modules/identity/index.ts';
import {
  type CivilStatusPort,
  civilStatusPortFrom,
  civilStatusSettings,
  civilStatusSubscriber,
  pullResults,
  reconcile,
} from './modules/integrations/civil-status/index.ts';
import { type PostPort, postPortFrom, postSubscriber } from './modules/integrations/post/index.ts';
import { notificationLogHandler } from './modules/notify/index.ts';
import { expireIdempotencyKeys, RECORD_CHANGED_TOPIC, refreshDeadlines } from './modules/records/index.ts';
import { reportsHandler } from './modules/reports/index.ts';
import { seedIfEmpty } from './modules/seed/index.ts';
import { keyStoreFrom } from './modules/signing/index.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { type Config, ConfigError, loadConfig } from './platform/config.ts';
import { type Database, inTransaction, migrate, openDatabase } from './platform/db/index.ts';
import type { Deps } from './platform/deps.ts';
import { createOutboxDispatcher, type Handler } from './platform/jobs/outbox.ts';
import { createScheduler } from './platform/jobs/scheduler.ts';
import type { Subscriber } from './platform/jobs/subscriptions.ts';
import { createLogger } from './platform/log.ts';
import { createProgress } from './platform/progress.ts';

/** Opens the configured database and migrates it. */
export async function openAndMigrate(config: Config): Promise<{ database: Database; applied: string[] }> {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.MOTCUA_DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  const { applied } = await migrate(database);
  return { database, applied };
}

/** Reads the environment, builds the dependencies once, and hands them out. The only place that does. */
export async function bootstrap(
  env: Record<string, string | undefined>,
  clock: Clock = systemClock,
): Promise<{ deps: Deps; applied: string[]; auditKey: 'environment' | 'file' | 'created' }> {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  // The audit chain's key comes from outside the database (issue 13 #10); rows from before it are sealed.
  const auditKey = resolveAuditKey(config);
  setAuditKey(auditKey.key);
  const { database, applied } = await openAndMigrate(config);
  await sealLegacyAudit(database.db);
  return { deps: { database, clock, config, logger }, applied, auditKey: auditKey.source };
}

/** `motcua serve`: migrate, seed on first run, listen, and say what happened and where to go. */
export async function serve(env: Record<string, string | undefined>): Promise<void> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let started: Awaited<ReturnType<typeof bootstrap>>;
  try {
    started = await bootstrap(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const { deps, applied } = started;
  const { config, database } = deps;
  out(`Motcua — database: ${database.kind} (${database.location})`);
  out(applied.length ? `  migrations applied: ${applied.join(', ')}` : '  migrations: up to date');
  if (started.auditKey !== 'environment') {
    out(
      `  audit key: ${started.auditKey === 'created' ? 'made in' : 'read from'} ${config.MOTCUA_DATA_DIR}/audit.key (set MOTCUA_AUDIT_KEY in production)`,
    );
  }
  const seeded = await seedIfEmpty(deps, {
    demoAccounts: config.MOTCUA_DEMO_SEED ?? database.kind === 'pglite',
    progress: createProgress(),
  });
  for (const line of seeded.lines) out(`  ${line}`);
  // The embedded demo signs results with certificates from a demo CA made here at first start.
  await keyStoreFrom(config, () => deps.clock.now()).prepare();
  const app = await buildApp(deps);
  const integrations = await startIntegrations(deps);
  const scheduler = startJobs(deps, integrations);
  const shutdown = async () => {
    await app.close();
    await scheduler.stopAll();
    await integrations.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port: config.PORT, host: config.HOST });
  const base = `http://localhost:${config.PORT}`;
  out(`Listening on ${base}`);
  out(`  API docs:   ${base}/docs   (OpenAPI: ${base}/openapi.json)`);
  out(`  Health:     ${base}/api/health`);
  for (const line of integrations.lines) out(`  ${line}`);
  if (seeded.demoAccounts.length) {
    out('  Demo accounts (embedded demo only; see README):');
    for (const a of seeded.demoAccounts)
      out(`    ${a.username.padEnd(22)} ${a.password}  ${a.roles.join(', ')} — ${a.agency}`);
  }
}

/** The ports of the external systems this process talks to (issue 16), built once here. */
export interface IntegrationPorts {
  readonly civilStatus: CivilStatusPort;
  readonly post: PostPort;
}

/**
 * Builds the integrations' ports from the configuration; for a system without a configured URL (the
 * embedded demo) its fake is started in-process. `lines` say which is which.
 */
export async function startIntegrations(
  deps: Deps,
): Promise<IntegrationPorts & { lines: string[]; close(): Promise<void> }> {
  const civil = await civilStatusPortFrom(deps.config);
  const post = await postPortFrom(deps.config, () => `http://127.0.0.1:${deps.config.PORT}`);
  return {
    civilStatus: civil.port,
    post: post.port,
    lines: [
      civil.fakeUrl
        ? `Civil status: fake system in-process at ${civil.fakeUrl} (set MOTCUA_CIVIL_STATUS_URL)`
        : `Civil status: ${deps.config.MOTCUA_CIVIL_STATUS_URL}`,
      post.fakeUrl
        ? `Vietnam Post: fake post in-process at ${post.fakeUrl} (set MOTCUA_POST_URL)`
        : `Vietnam Post: ${deps.config.MOTCUA_POST_URL}`,
    ],
    async close() {
      await civil.close();
      await post.close();
    },
  };
}

/**
 * Every subscriber of the outbox, in one list (issue 16: main.ts is the only place that registers them;
 * each is idempotent by message id).
 */
export function subscribers(deps: Deps, ports: IntegrationPorts): Subscriber[] {
  const { db } = deps.database;
  return [
    civilStatusSubscriber(db, ports.civilStatus, deps.clock),
    postSubscriber(db, ports.post, deps.clock),
  ];
}

/**
 * The in-process jobs of `serve`: the outbox dispatcher (every 200 ms) and the deadlines watch (every
 * minute). Both are safe with several processes.
 */
export function startJobs(deps: Deps, ports?: IntegrationPorts) {
  const { db } = deps.database;
  const scheduler = createScheduler(deps.logger);
  const notify = notificationLogHandler(db, deps.clock);
  const slips = slipsHandler(db, documentsPortsFrom(deps.config).files);
  const reports = reportsHandler(db, deps.clock);
  const recordEvents: Handler = async (d) => {
    await reports(d);
    await notify(d);
    await slips(d);
  };
  const dispatcher = createOutboxDispatcher({
    db,
    clock: deps.clock,
    logger: deps.logger,
    // Every record event updates the reports, goes to the notification log (until real connectors
    // subscribe) and makes the slip it calls for; other changes to a record only update the reports.
    handlerFor: (topic) =>
      topic.startsWith('record.')
        ? recordEvents
        : topic.startsWith(RECORD_CHANGED_TOPIC)
          ? reports
          : undefined,
  });
  // Often enough that a change shows in the dashboard within a second (issue 6); an idle poll is one query.
  scheduler.every('outbox', 200, () => dispatcher.runOnce());
  scheduler.every('deadlines', 60_000, () =>
    refreshDeadlines(db, deps.clock.now(), deps.config.MOTCUA_DUE_SOON_HOURS),
  );
  scheduler.every('idempotency-expiry', 3600_000, () =>
    expireIdempotencyKeys(db, deps.clock.now(), deps.config.MOTCUA_IDEMPOTENCY_DAYS),
  );
  scheduler.every('login-throttle-expiry', 3600_000, () => deleteStaleFailures(db, deps.clock.now()));
  // A catalogue version dated today or earlier comes into force (procedures.current_version_id).
  scheduler.every('catalog-versions', 60_000, () =>
    inTransaction(db, (tx) => activateDueVersions(tx, deps.clock.now())),
  );
  if (ports) {
    // Civil-status results come back by a pull; the daily reconciliation catches what a pull lost.
    const civil = civilStatusSettings(deps.config);
    scheduler.every('civil-status-pull', civil.pullMs, () => pullResults(db, ports.civilStatus, deps.clock));
    scheduler.every('civil-status-reconcile', civil.reconcileMs, () =>
      reconcile(db, ports.civilStatus, deps.clock, { trigger: 'job' }),
    );
  }
  return scheduler;
}

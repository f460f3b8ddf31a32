import { buildApp } from './app.ts';
import { resolveAuditKey, sealLegacyAudit, setAuditKey } from './modules/audit/index.ts';
import { createCalendarService } from './modules/calendar/index.ts';
import { activateDueVersions } from './modules/catalog/index.ts';
import { documentsPortsFrom, type FileStore } from './modules/documents/index.ts';
import { deleteExpiredSignIns, deleteStaleFailures } from './modules/identity/index.ts';
import { DEV_SSO_CLIENT, spawnIdentityProvider } from './modules/identity/provider/index.ts';
import { seedDemoRoleRules, ssoRedirectBase, ssoSettings } from './modules/identity/sso/index.ts';
import {
  type CivilStatusPort,
  civilStatusPortFrom,
  civilStatusSettings,
  civilStatusSubscriber,
  pullResults,
  reconcile,
} from './modules/integrations/civil-status/index.ts';
import {
  dvcqgPortal,
  type PortalPort,
  portalSettings,
  portalSubscriber,
  pullFromPortal,
  reconcilePortal,
  startFakePortal,
} from './modules/integrations/portal/index.ts';
import { type PostPort, postPortFrom, postSubscriber } from './modules/integrations/post/index.ts';
import {
  type NotificationPorts,
  notificationLogHandler,
  notifyPortsFrom,
  notifySubscriber,
  sendSubscriber,
} from './modules/notify/index.ts';
import {
  type PaymentPlatformPort,
  paymentSettings,
  reconcilePayments,
  startDemoPaymentPlatform,
  syncPending,
} from './modules/payments/index.ts';
import {
  createRecordsCache,
  expireIdempotencyKeys,
  RECORD_CHANGED_TOPIC,
  refreshDeadlines,
} from './modules/records/index.ts';
import { reportsHandler } from './modules/reports/index.ts';
import { seedIfEmpty } from './modules/seed/index.ts';
import { keyStoreFrom } from './modules/signing/index.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { type Config, ConfigError, loadConfig } from './platform/config.ts';
import { type Database, inTransaction, migrate, openDatabase } from './platform/db/index.ts';
import type { Deps } from './platform/deps.ts';
import { createDispatcher, registerSubscriptions } from './platform/jobs/outbox.ts';
import { createScheduler, type Scheduler } from './platform/jobs/scheduler.ts';
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
  // The embedded demo's external systems are fakes, in-process on their own ports (issue 16).
  const integrations = await startIntegrations(deps, { fakePortalPort: portalSettings(config).fakePort });
  // Officials' single sign-on: the configured issuer, or in the embedded demo the development identity
  // provider as its own process (issue 17), with the demo's claim rules.
  const demo = config.MOTCUA_DEMO_SEED ?? database.kind === 'pglite';
  const idp =
    ssoSettings(config) || !demo
      ? undefined
      : await spawnIdentityProvider({
          port: config.MOTCUA_IDP_PORT,
          anyPortIfTaken: true,
          motcuaUrl: ssoRedirectBase(config),
          ...DEV_SSO_CLIENT,
        });
  if (seeded.demoAccounts.length) await seedDemoRoleRules(database.db, deps.clock.now());
  const app = await buildApp(
    idp
      ? {
          ...deps,
          config: {
            ...config,
            ...integrations.paymentEnv,
            MOTCUA_SSO_ISSUER: idp.cityIssuer,
            MOTCUA_SSO_CLIENT_ID: DEV_SSO_CLIENT.clientId,
            MOTCUA_SSO_CLIENT_SECRET: DEV_SSO_CLIENT.clientSecret,
            // Citizens sign in with the development provider's VNeID unless a real one is configured.
            ...(config.MOTCUA_VNEID_ISSUER
              ? {}
              : {
                  MOTCUA_VNEID_ISSUER: idp.vneidIssuer,
                  MOTCUA_VNEID_CLIENT_ID: DEV_SSO_CLIENT.clientId,
                  MOTCUA_VNEID_CLIENT_SECRET: DEV_SSO_CLIENT.clientSecret,
                }),
          },
        }
      : { ...deps, config: { ...config, ...integrations.paymentEnv } },
  );
  const scheduler = await startJobs(deps, integrations);
  const shutdown = async () => {
    await app.close();
    await scheduler.stopAll();
    await integrations.close();
    await idp?.close();
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
  out(
    idp
      ? `  Single sign-on: development identity provider at ${idp.url} (city SSO ${idp.cityIssuer}, VNeID ${idp.vneidIssuer}; set MOTCUA_SSO_ISSUER for a real one)`
      : `  Single sign-on: ${config.MOTCUA_SSO_ISSUER ?? 'off (set MOTCUA_SSO_ISSUER)'}`,
  );
  out(
    `  Citizen e-ID (VNeID): ${config.MOTCUA_VNEID_ISSUER ?? (idp ? `${idp.vneidIssuer} (development provider; set MOTCUA_VNEID_ISSUER for a real one)` : 'off (set MOTCUA_VNEID_ISSUER)')}`,
  );
  if (seeded.demoAccounts.length) {
    out('  Demo accounts (embedded demo only; see README):');
    for (const a of seeded.demoAccounts)
      out(`    ${a.username.padEnd(22)} ${a.password}  ${a.roles.join(', ')} — ${a.agency}`);
  }
}

/** The ports of the external systems this process talks to (issue 16), built once here. */
export interface IntegrationPorts {
  readonly portal: PortalPort;
  readonly civilStatus: CivilStatusPort;
  readonly post: PostPort;
  /** E-mail, SMS and Zalo ZNS providers of the citizens' notifications (issue 18). */
  readonly notify: NotificationPorts;
  /** The national payment platform (issue 18). */
  readonly payments: PaymentPlatformPort;
}

/** The ports subscribers reach other systems and stores through, built once by the composition root. */
export interface SubscriberPorts extends IntegrationPorts {
  readonly files: FileStore;
}

/**
 * Builds the integrations' ports from the configuration; for a system without a configured URL (the
 * embedded demo, tests, benches) its fake is started in-process (the fake portal on `fakePortalPort`,
 * by default any free port). `lines` say which is which; `close` stops the fakes.
 */
export async function startIntegrations(
  deps: Deps,
  options: { fakePortalPort?: number } = {},
): Promise<SubscriberPorts & { lines: string[]; paymentEnv: Partial<Config>; close(): Promise<void> }> {
  const portalConfig = portalSettings(deps.config);
  const fakePortal = portalConfig.url
    ? undefined
    : await startFakePortal({ port: options.fakePortalPort ?? 0, orFreePort: true });
  if (fakePortal?.takenPort !== undefined) {
    deps.logger.warn(
      { port: fakePortal.takenPort, url: fakePortal.url },
      `fake portal: port ${fakePortal.takenPort} is taken (MOTCUA_PORTAL_FAKE_PORT); listening on ${fakePortal.url} instead`,
    );
  }
  const civil = await civilStatusPortFrom(deps.config);
  const post = await postPortFrom(deps.config, () => `http://127.0.0.1:${deps.config.PORT}`);
  const notify = await notifyPortsFrom(deps.config, () => `http://127.0.0.1:${deps.config.PORT}`, {
    anyPort: options.fakePortalPort === undefined,
  });
  const payment = await startDemoPaymentPlatform(deps.config, () => `http://127.0.0.1:${deps.config.PORT}`);
  return {
    paymentEnv: payment.env,
    payments: paymentSettings({ ...deps.config, ...payment.env }).port,
    files: documentsPortsFrom(deps.config).files,
    portal: portalPortFrom(deps.config, fakePortal?.url),
    civilStatus: civil.port,
    post: post.port,
    notify: notify.ports,
    lines: [
      fakePortal
        ? `National portal: fake at ${fakePortal.url}${fakePortal.takenPort !== undefined ? ` (port ${fakePortal.takenPort} was taken)` : ''} (submit a demo record: POST ${fakePortal.url}/control/submissions {"MaTTHC":"<procedure code>","MaDonVi":"<agency code>"}; set MOTCUA_PORTAL_URL for a real one)`
        : `National portal: ${portalConfig.url}`,
      civil.fakeUrl
        ? `Civil status: fake system in-process at ${civil.fakeUrl} (set MOTCUA_CIVIL_STATUS_URL)`
        : `Civil status: ${deps.config.MOTCUA_CIVIL_STATUS_URL}`,
      post.fakeUrl
        ? `Vietnam Post: fake post in-process at ${post.fakeUrl} (set MOTCUA_POST_URL)`
        : `Vietnam Post: ${deps.config.MOTCUA_POST_URL}`,
      ...notify.lines,
      payment.fake
        ? `Payment platform: fake in-process at ${payment.fake.url} (the citizen pays on its page; POST ${payment.fake.url}/_fake/transfers {"amountVnd":…,"reference":"MOTCUA <record code>"} makes a bank transfer; set MOTCUA_PAYMENT_URL)`
        : `Payment platform: ${deps.config.MOTCUA_PAYMENT_URL}`,
    ],
    async close() {
      await fakePortal?.close();
      await civil.close();
      await post.close();
      await notify.close();
      await payment.close();
    },
  };
}

/** The national portal Motcua talks to: MOTCUA_PORTAL_URL, or the embedded demo's fake portal. */
export function portalPortFrom(config: Config, fakeUrl?: string): PortalPort {
  const s = portalSettings(config);
  return dvcqgPortal({
    baseUrl: s.url ?? fakeUrl ?? `http://127.0.0.1:${s.fakePort}`,
    token: s.token,
    timeoutMs: s.timeoutMs,
  });
}

/**
 * Every subscriber of the outbox, registered once (table `subscriptions`) and run by the dispatcher. Each
 * one receives its own copy of each message it subscribes to, with its own attempts, backoff and dead
 * letters. Slips are not a subscriber: they are rendered when first asked for and then kept (ADR 0007).
 */
export function subscribers(deps: Deps, ports: SubscriberPorts): Subscriber[] {
  const { db } = deps.database;
  return [
    // The dashboard's facts and counters: every record event and every note that something counted changed.
    {
      name: 'reports',
      topics: ['record.', RECORD_CHANGED_TOPIC],
      handle: reportsHandler(db, deps.clock),
      batchSize: 250,
      concurrency: 2,
    },
    // The notification log (notification_log, GET /api/notifications): a copy of every record event as
    // delivered. Not the citizens' messages: those are `notify` and `notify-<channel>` below.
    {
      name: 'notifications',
      topics: ['record.'],
      handle: notificationLogHandler(db, deps.clock),
      batchSize: 500,
    },
    // Every national status change of every record to the national portal (Cổng DVCQG), exactly once.
    portalSubscriber({ database: deps.database, portal: ports.portal, clock: deps.clock }),
    // Received civil-status records to the civil-status software; results handed to the post.
    civilStatusSubscriber(db, ports.civilStatus, deps.clock),
    postSubscriber(db, ports.post, deps.clock),
    // Citizens' notifications (issue 18): rendered from record events, then sent per channel.
    notifySubscriber({
      db,
      clock: deps.clock,
      publicUrl: deps.config.MOTCUA_PUBLIC_URL ?? `http://localhost:${deps.config.PORT}`,
    }),
    sendSubscriber({ db, clock: deps.clock, port: ports.notify.email }),
    sendSubscriber({ db, clock: deps.clock, port: ports.notify.sms }),
    sendSubscriber({ db, clock: deps.clock, port: ports.notify.zalo }),
  ];
}

/**
 * The in-process jobs of `serve`: the outbox dispatcher (each subscriber polled every 200 ms, draining
 * what is due), the deadlines watch (every minute) and housekeeping. All are safe with several processes.
 * Registers the subscriptions first.
 */
export async function startJobs(deps: Deps, given?: SubscriberPorts): Promise<Scheduler> {
  const { db } = deps.database;
  // Without ports (tests, benches), the fakes are started here and stopped with the jobs.
  const started = given ? undefined : await startIntegrations(deps);
  const ports = given ?? (started as SubscriberPorts);
  const jobs = createScheduler(deps.logger);
  const scheduler: Scheduler = {
    every: jobs.every,
    async stopAll() {
      await jobs.stopAll();
      await started?.close();
    },
  };
  const list = subscribers(deps, ports);
  try {
    await registerSubscriptions(db, list, deps.clock.now());
  } catch (e) {
    // The fakes started here would keep listening (and the process alive) with nothing to stop them.
    await started?.close();
    throw e;
  }
  const dispatcher = createDispatcher({ db, clock: deps.clock, logger: deps.logger, subscribers: list });
  // Often enough that a change shows in the dashboard within a second (issue 6); an idle poll is one query
  // per subscriber. A subscriber's job never waits for another's.
  for (const s of list) scheduler.every(`outbox:${s.name}`, 200, () => dispatcher.runSubscriber(s.name));
  scheduler.every('deadlines', 60_000, () =>
    refreshDeadlines(db, deps.clock.now(), deps.config.MOTCUA_DUE_SOON_HOURS),
  );
  scheduler.every('idempotency-expiry', 3600_000, () =>
    expireIdempotencyKeys(db, deps.clock.now(), deps.config.MOTCUA_IDEMPOTENCY_DAYS),
  );
  scheduler.every('login-throttle-expiry', 3600_000, () => deleteStaleFailures(db, deps.clock.now()));
  scheduler.every('session-expiry', 3600_000, () => deleteExpiredSignIns(db, deps.clock.now()));
  // A catalogue version dated today or earlier comes into force (procedures.current_version_id).
  scheduler.every('catalog-versions', 60_000, () =>
    inTransaction(db, (tx) => activateDueVersions(tx, deps.clock.now())),
  );
  // The national portal: pull its submissions into online reception; compare every record's status daily.
  const portal = ports.portal;
  const portalConfig = portalSettings(deps.config);
  const pullDeps = {
    database: deps.database,
    clock: deps.clock,
    portal,
    calendars: createCalendarService({ cutoffMinutes: deps.config.MOTCUA_CUTOFF }),
    cache: createRecordsCache(),
    policy: {
      clockRule: deps.config.MOTCUA_SUPPLEMENT_CLOCK_RULE,
      feePolicy: { stacking: deps.config.MOTCUA_FEE_STACKING, rounding: deps.config.MOTCUA_FEE_ROUNDING },
      feeCategories: deps.config.MOTCUA_FEE_CATEGORIES,
    },
    logger: deps.logger,
  };
  scheduler.every('portal-pull', portalConfig.pullIntervalMs, () =>
    pullFromPortal(pullDeps, portalConfig.pullBatch),
  );
  scheduler.every('portal-reconcile', portalConfig.reconcileIntervalMs, () =>
    reconcilePortal({ database: deps.database, clock: deps.clock, portal }),
  );
  // Civil-status results come back by a pull; the daily reconciliation catches what a pull lost.
  const civil = civilStatusSettings(deps.config);
  scheduler.every('civil-status-pull', civil.pullMs, () => pullResults(db, ports.civilStatus, deps.clock));
  scheduler.every('civil-status-reconcile', civil.reconcileMs, () =>
    reconcile(db, ports.civilStatus, deps.clock, { trigger: 'job' }),
  );
  // Payments (issue 18): settle pending online payments whose callback did not come by asking the platform;
  // reconcile yesterday's (Vietnam day) online payments against the platform's statement once a day.
  const paymentServices = {
    db,
    clock: deps.clock,
    calendars: createCalendarService({ cutoffMinutes: deps.config.MOTCUA_CUTOFF }),
  };
  scheduler.every('payment-sync', 60_000, () =>
    syncPending(paymentServices, ports.payments, new Date(deps.clock.now().getTime() - 120_000)),
  );
  scheduler.every('payment-reconcile', 24 * 3600_000, () => {
    const yesterday = new Date(deps.clock.now().getTime() + 7 * 3600_000 - 24 * 3600_000)
      .toISOString()
      .slice(0, 10);
    return reconcilePayments(paymentServices, ports.payments, yesterday, 'job');
  });
  return scheduler;
}

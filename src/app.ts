import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerComponents } from './contracts/components.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { calendarRoutes, createCalendarService } from './modules/calendar/index.ts';
import { catalogAdminRoutes, catalogRoutes, readinessRoutes } from './modules/catalog/index.ts';
import {
  documentsPortsFrom,
  documentsRoutes,
  repositoryRoutes,
  slipsRoutes,
} from './modules/documents/index.ts';
import { feesRoutes } from './modules/fees/index.ts';
import { groupsRoutes } from './modules/groups/index.ts';
import {
  authenticateCitizen,
  citizenAuthRoutes,
  citizenClientFrom,
} from './modules/identity/citizen/index.ts';
import { createSessionCache, identityRoutes, sessionPolicyFrom } from './modules/identity/index.ts';
import { organisationRoutes } from './modules/identity/organisation/index.ts';
import { ssoClientFrom, ssoRoutes } from './modules/identity/sso/index.ts';
import { civilStatusRoutes } from './modules/integrations/civil-status/index.ts';
import { operationsRoutes, outboxGauges } from './modules/integrations/operations/index.ts';
import { postRoutes } from './modules/integrations/post/index.ts';
import { notifyRoutes } from './modules/notify/index.ts';
import { paymentSettings, paymentsRoutes } from './modules/payments/index.ts';
import {
  assigneesRoutes,
  citizenRecordsRoutes,
  recordsRoutes,
  transferFailureRoutes,
} from './modules/records/index.ts';
import { reportsExportRoutes } from './modules/reports/export.routes.ts';
import { paymentsReportRoutes, reportsRoutes } from './modules/reports/index.ts';
import { keyStoreFrom, resultsRoutes } from './modules/signing/index.ts';
import { systemRoutes } from './modules/system/index.ts';
import { unitsRoutes } from './modules/units/index.ts';
import type { Deps } from './platform/deps.ts';
import { type App, createHttpApp } from './platform/http/index.ts';
import { createMetrics } from './platform/metrics.ts';

export const VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;

/** The built web app (`npm run build:web`, run by `npm start` when needed). */
export const WEB_ROOT = fileURLToPath(new URL('../web/dist/', import.meta.url));

/**
 * Builds the whole Motcua app (API and docs) on the given dependencies, without listening. `ssoFetch`
 * replaces the HTTP client of the OpenID Connect relying parties, officials' and citizens' (tests stand in
 * for a misbehaving provider).
 */
export async function buildApp(deps: Deps, opts: { ssoFetch?: typeof fetch } = {}): Promise<App> {
  registerComponents();
  const sessions = createSessionCache({ policy: sessionPolicyFrom(deps.config) });
  const app = await createHttpApp({
    logger: deps.logger,
    metrics: createMetrics({ outbox: () => outboxGauges(deps.database.db, deps.clock.now()) }),
    version: VERSION,
    rateLimitPerMinute: deps.config.RATE_LIMIT_PER_MINUTE,
    uploadLimitBytes: deps.config.MOTCUA_MAX_UPLOAD_MB * 1024 * 1024,
    trustProxy: deps.config.TRUST_PROXY,
    publicUrl: deps.config.MOTCUA_PUBLIC_URL,
    metricsToken: deps.config.MOTCUA_METRICS_TOKEN,
    checkAnswers: deps.config.MOTCUA_CHECK_ANSWERS,
    webRoot: existsSync(join(WEB_ROOT, 'index.html')) ? WEB_ROOT : undefined,
    authenticate: (token) => sessions.authenticate(deps.database.db, token, deps.clock.now()),
    authenticateCitizen: (token) => authenticateCitizen(deps.database.db, token, deps.clock.now()),
  });
  const calendar = createCalendarService({ cutoffMinutes: deps.config.MOTCUA_CUTOFF });
  systemRoutes(app, deps, VERSION);
  identityRoutes(app, deps, sessions);
  organisationRoutes(app, deps, sessions);
  await ssoRoutes(
    app,
    deps,
    ssoClientFrom(deps.config, opts.ssoFetch ? { fetch: opts.ssoFetch } : {}),
    sessions,
  );
  await citizenAuthRoutes(
    app,
    deps,
    citizenClientFrom(deps.config, opts.ssoFetch ? { fetch: opts.ssoFetch } : {}),
  );
  unitsRoutes(app, deps);
  feesRoutes(app, deps);
  calendarRoutes(app, deps, calendar);
  catalogRoutes(app, deps);
  catalogAdminRoutes(app, deps);
  readinessRoutes(app, deps);
  recordsRoutes(app, deps, calendar);
  citizenRecordsRoutes(app, deps);
  transferFailureRoutes(app, deps);
  assigneesRoutes(app, deps, calendar);
  groupsRoutes(app, deps, calendar);
  const documentPorts = documentsPortsFrom(deps.config);
  documentsRoutes(app, deps, documentPorts);
  slipsRoutes(app, deps, documentPorts.files);
  repositoryRoutes(app, deps);
  resultsRoutes(app, deps, {
    files: documentPorts.files,
    keys: keyStoreFrom(deps.config, () => deps.clock.now()),
  });
  auditRoutes(app, deps);
  notifyRoutes(app, deps);
  operationsRoutes(app, deps);
  reportsRoutes(app, deps);
  reportsExportRoutes(app, deps);
  civilStatusRoutes(app, deps);
  postRoutes(app, deps, calendar);
  paymentsRoutes(app, deps, calendar, paymentSettings(deps.config));
  paymentsReportRoutes(app, deps);
  await app.ready();
  return app;
}

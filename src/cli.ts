#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { IsoDate } from './core/calendar/index.ts';
import { bootstrap, portalPortFrom, serve } from './main.ts';
import { auditVerifyCommand } from './modules/audit/index.ts';
import { catalogueReadiness, readinessReportText, summarizeReadiness } from './modules/catalog/index.ts';
import { importOfficialsCommand } from './modules/identity/organisation/index.ts';
import { DEV_SSO_CLIENT, startIdentityProvider } from './modules/identity/provider/index.ts';
import {
  civilStatusPortFrom,
  reconcile,
  reconciliationText,
  startFakeCivilStatus,
} from './modules/integrations/civil-status/index.ts';
import {
  reconcilePortal,
  reconcileReportText,
  startFakePortal,
} from './modules/integrations/portal/index.ts';
import { startFakePost } from './modules/integrations/post/index.ts';
import { startFakeProvider, startLocalSmtp } from './modules/notify/index.ts';
import { paymentsCommand, startFakePaymentPlatform } from './modules/payments/cli.ts';
import { simulateCommand } from './modules/reports/index.ts';
import { simulateBulkCommand } from './modules/reports/simulate-bulk.ts';
import { importCatalogCommand, seedIfEmpty } from './modules/seed/index.ts';
import { databaseMark, markDatabase } from './modules/system/index.ts';
import { createProgress } from './platform/progress.ts';

const HELP = `motcua <command> [options]

Commands:
  serve                 migrate, seed on first run, and serve API + docs (default; npm start)
  migrate               apply pending SQL migrations
  seed                  seed units, agencies, holidays, catalog (and demo accounts on PGlite) if empty
  import-catalog [file] import the procedure catalog (JSONL) as versioned procedures, with a report
  catalog readiness [--list] [--json]
                        which procedures in force can be received at each channel, counts per reason;
                        --list: every procedure not receivable at the counter with its reasons and the
                        field to fix; --json: the summary as JSON (seeds an empty database first)
  audit verify          check the audit hash chains; exit 1 when a row was edited, deleted or inserted
  simulate [--records N] [--years Y] [--seed S] [--bulk]
                        generate realistic history (real procedures and units; default 1000 records over
                        the last year) through the record commands, and project it into the reports;
                        --bulk: the same decisions in memory, final states written in batches (millions
                        of records; no events, audit or outbox rows: benchmark and demo databases only).
                        Refused unless the database is marked demo or bench (see mark-database)
  mark-database demo|bench
                        mark this database as a demo or benchmark copy, so that simulate may write made-up
                        history into it (the demo seed marks it demo); never on a production database
  reconcile portal [--date YYYY-MM-DD]
                        compare each record's national status with the national portal's (all records, or
                        those changed that day), re-send what the portal misses, report the rest
  fake-portal [--port N]
                        run the fake national portal (Cổng DVCQG) with switchable faults (default port 3101)
  reconcile civil-status
                        compare the civil-status results on both sides now (as the daily job does), repair
                        what the civil-status system holds and Motcua lost, store the run and print it
  fake-civil-status [--port P]
                        run the fake civil-status system (demo, tests, fault runs); faults are switched with
                        POST /_fake/faults (docs/INTEGRATIONS.md)
  fake-post [--port P] [--callback URL]
                        run the fake Vietnam Post; it calls back URL (default http://127.0.0.1:3000/api/
                        integrations/post/callbacks) signed with MOTCUA_POST_SECRET
  fake-sms [--port P] [--callback URL]
  fake-zalo [--port P] [--callback URL]
                        run the fake SMS gateway or Zalo ZNS (faults: POST /_fake/faults); it sends signed
                        delivery receipts to URL (default http://127.0.0.1:3000/api/notify/receipts/<kind>)
                        under MOTCUA_NOTIFY_SECRET; its token is MOTCUA_SMS_TOKEN / MOTCUA_ZALO_TOKEN
  smtp-server [--port P]
                        run a local SMTP server that takes any mail and logs its subject (default port 2525)
  payments reconcile --date YYYY-MM-DD
                        settle the pending online payments by asking the payment platform, then compare the
                        day's online payments with the platform's statement; prints the differences, exit 1
                        when there are some (docs/PAYMENTS.md)
  payments transfers --date YYYY-MM-DD
                        import the day's incoming bank transfers and match them to records awaiting payment
  fake-payment [--port P] [--callback URL]
                        run the fake national payment platform; it calls back URL (default http://127.0.0.1:3000/
                        api/payments/callbacks) signed with MOTCUA_PAYMENT_SECRET
  import officials <file> --as <admin> [--dry-run] [--deactivate-missing]
                        import officials from a city's HR export (.xlsx or CSV; docs/OFFICIALS.md) as that
                        administrator: every row checked first, problems printed per row, all or nothing
  idp [--port P] [--motcua-url URL] [--any-port]
                        run the development OpenID Connect provider (default port 3102): the city SSO at
                        /city (officials) and VNeID at /vneid (citizens), demo people, Motcua (URL, default
                        http://localhost:3000) registered as client MOTCUA_IDP_CLIENT_ID / _SECRET
                        (docs/IDENTITY.md); --any-port: a free port when P is taken
  bench <name>          run a benchmark from bench/ (due-dates, catalog-search, catalog-readiness, lifecycle,
                        documents, web, reports, fault, portal-fault, checklists, officials)

Environment: DATABASE_URL (postgres://…; default embedded PGlite in MOTCUA_DATA_DIR=./.motcua), PORT, LOG_LEVEL.`;

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      records: { type: 'string' },
      years: { type: 'string' },
      seed: { type: 'string' },
      bulk: { type: 'boolean' },
      list: { type: 'boolean' },
      date: { type: 'string' },
      port: { type: 'string' },
      callback: { type: 'string' },
      as: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'deactivate-missing': { type: 'boolean' },
      'motcua-url': { type: 'string' },
      'any-port': { type: 'boolean' },
    },
  });
  const [command = 'serve', ...rest] = positionals;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  switch (command) {
    case 'serve':
      await serve(process.env);
      return -1;
    case 'migrate': {
      const { deps, applied } = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
      await deps.database.close();
      return 0;
    }
    case 'seed': {
      const { deps } = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
      const result = await seedIfEmpty(deps, {
        demoAccounts: deps.config.MOTCUA_DEMO_SEED ?? deps.database.kind === 'pglite',
        progress: createProgress(),
      });
      for (const line of result.lines) process.stdout.write(`${line}\n`);
      await deps.database.close();
      return 0;
    }
    case 'import-catalog': {
      const { deps } = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
      const report = await importCatalogCommand(deps, { file: rest[0], progress: createProgress() });
      process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${report.text}\n`);
      await deps.database.close();
      return 0;
    }
    case 'catalog': {
      if (rest[0] !== 'readiness') {
        process.stderr.write('usage: motcua catalog readiness [--list] [--json]\n');
        return 2;
      }
      const { deps } = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
      await seedIfEmpty(deps, { demoAccounts: false, progress: createProgress() });
      const items = await catalogueReadiness(deps.database.db);
      process.stdout.write(
        values.json
          ? `${JSON.stringify(summarizeReadiness(items), null, 2)}\n`
          : `${readinessReportText(items, values.list)}\n`,
      );
      await deps.database.close();
      return 0;
    }
    case 'audit': {
      if (rest[0] !== 'verify') {
        process.stderr.write('usage: motcua audit verify\n');
        return 2;
      }
      const { deps } = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
      const result = await auditVerifyCommand(deps.database.db, createProgress());
      process.stdout.write(`${result.text}\n`);
      await deps.database.close();
      return result.ok ? 0 : 1;
    }
    case 'simulate': {
      const { deps } = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
      const result = await (values.bulk ? simulateBulkCommand : simulateCommand)(deps, {
        records: Number(values.records ?? 1000),
        years: Number(values.years ?? 1),
        seed: Number(values.seed ?? 766),
        progress: createProgress(),
      });
      process.stdout.write(`${result}\n`);
      await deps.database.close();
      return 0;
    }
    case 'mark-database': {
      const purpose = rest[0];
      if (purpose !== 'demo' && purpose !== 'bench') {
        process.stderr.write('usage: motcua mark-database demo|bench\n');
        return 2;
      }
      const { deps } = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
      const before = await databaseMark(deps.database.db);
      await markDatabase(deps.database.db, purpose, deps.clock.now());
      process.stdout.write(`database marked ${purpose}${before ? ` (was ${before})` : ''}\n`);
      await deps.database.close();
      return 0;
    }
    case 'reconcile': {
      const date = values.date === undefined ? undefined : IsoDate.safeParse(values.date);
      if (rest[0] === 'civil-status') return reconcileCivilStatus();
      if (rest[0] !== 'portal' || (date && !date.success)) {
        process.stderr.write('usage: motcua reconcile portal [--date YYYY-MM-DD] | civil-status\n');
        return 2;
      }
      const { deps } = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
      try {
        const result = await reconcilePortal(
          { database: deps.database, clock: deps.clock, portal: portalPortFrom(deps.config) },
          date?.success ? { date: date.data } : {},
        );
        process.stdout.write(`${reconcileReportText(result)}\n`);
        const rejected = await deps.database.db
          .selectFrom('portalSubmissions')
          .select(['portalId', 'problem'])
          .where('status', '=', 'rejected')
          .orderBy('pulledAt', 'desc')
          .limit(20)
          .execute();
        for (const r of rejected)
          process.stdout.write(`  rejected portal submission ${r.portalId}: ${r.problem}\n`);
        return result.unrepaired === 0 ? 0 : 1;
      } finally {
        await deps.database.close();
      }
    }
    case 'fake-portal': {
      const port = Number(values.port ?? 3101);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write('usage: motcua fake-portal [--port N]\n');
        return 2;
      }
      const running = await startFakePortal({ port, host: '0.0.0.0' });
      process.stdout.write(
        `fake national portal listening on ${running.url} (GET / lists its API, control and faults)\n`,
      );
      const stop = () => running.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1;
    }
    case 'fake-civil-status': {
      const fake = await startFakeCivilStatus({
        port: Number(values.port ?? 4010),
        host: '0.0.0.0',
        autoRegisterMs: 60_000,
      });
      process.stdout.write(`fake civil-status system listening on ${fake.url}\n`);
      return -1;
    }
    case 'fake-post': {
      const secret = process.env.MOTCUA_POST_SECRET;
      if (!secret || secret.length < 32) {
        process.stderr.write(
          "fake-post needs MOTCUA_POST_SECRET (at least 32 characters), the same as Motcua's\n",
        );
        return 2;
      }
      const fake = await startFakePost({
        secret,
        callbackUrl: values.callback ?? 'http://127.0.0.1:3000/api/integrations/post/callbacks',
        autoDeliverMs: 60_000,
        port: Number(values.port ?? 4020),
        host: '0.0.0.0',
      });
      process.stdout.write(`fake Vietnam Post listening on ${fake.url}\n`);
      return -1;
    }
    case 'payments':
      return await paymentsCommand(rest, values.date);
    case 'fake-payment': {
      const secret = process.env.MOTCUA_PAYMENT_SECRET;
      if (!secret || secret.length < 32) {
        process.stderr.write(
          "fake-payment needs MOTCUA_PAYMENT_SECRET (at least 32 characters), the same as Motcua's\n",
        );
        return 2;
      }
      const fake = await startFakePaymentPlatform({
        secret,
        callbackUrl: values.callback ?? 'http://127.0.0.1:3000/api/payments/callbacks',
        port: Number(values.port ?? 4030),
        host: '127.0.0.1',
      });
      process.stdout.write(`fake payment platform listening on ${fake.url}\n`);
      const stop = () => fake.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // Started by a test or `spawnFakePaymentPlatform`: end with the process that started it.
      if (process.send) process.once('disconnect', stop);
      return -1;
    }
    case 'import': {
      if (rest[0] !== 'officials' || !rest[1] || !values.as) {
        process.stderr.write(
          'usage: motcua import officials <file> --as <admin> [--dry-run] [--deactivate-missing]\n',
        );
        return 2;
      }
      const { deps } = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
      const result = await importOfficialsCommand(deps, {
        file: rest[1],
        as: values.as,
        dryRun: values['dry-run'] ?? false,
        deactivateMissing: values['deactivate-missing'] ?? false,
        progress: createProgress(),
      });
      process.stdout.write(`${result.text}\n`);
      await deps.database.close();
      return result.ok ? 0 : 1;
    }
    case 'idp': {
      const port = Number(values.port ?? 3102);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write('usage: motcua idp [--port N] [--motcua-url URL] [--any-port]\n');
        return 2;
      }
      const idp = await startIdentityProvider({
        port,
        anyPortIfTaken: values['any-port'] ?? false,
        client: {
          clientId: process.env.MOTCUA_IDP_CLIENT_ID || DEV_SSO_CLIENT.clientId,
          clientSecret: process.env.MOTCUA_IDP_CLIENT_SECRET || DEV_SSO_CLIENT.clientSecret,
          motcuaUrl: values['motcua-url'] ?? 'http://localhost:3000',
        },
      });
      process.stdout.write(`Identity provider listening on ${idp.url}\n`);
      process.stdout.write(
        `  city SSO (officials): ${idp.cityIssuer}\n  VNeID (citizens):     ${idp.vneidIssuer}\n`,
      );
      const stop = () => idp.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // Started by `npm start` or a test (spawnIdentityProvider): end with the process that started it.
      if (process.send) process.once('disconnect', stop);
      return -1;
    }
    case 'fake-sms':
    case 'fake-zalo': {
      const kind = command === 'fake-sms' ? 'sms' : 'zalo';
      const secret = process.env.MOTCUA_NOTIFY_SECRET;
      const token = kind === 'sms' ? process.env.MOTCUA_SMS_TOKEN : process.env.MOTCUA_ZALO_TOKEN;
      if (!secret || secret.length < 32 || !token) {
        process.stderr.write(
          `${command} needs MOTCUA_NOTIFY_SECRET (at least 32 characters) and MOTCUA_${kind.toUpperCase()}_TOKEN, the same as Motcua's\n`,
        );
        return 2;
      }
      const fake = await startFakeProvider({
        kind,
        secret,
        token,
        receiptUrl: values.callback ?? `http://127.0.0.1:3000/api/notify/receipts/${kind}`,
        port: Number(values.port ?? (kind === 'sms' ? 4030 : 4040)),
        host: '0.0.0.0',
      });
      process.stdout.write(`fake ${kind === 'sms' ? 'SMS gateway' : 'Zalo ZNS'} listening on ${fake.url}\n`);
      return -1;
    }
    case 'smtp-server': {
      const smtp = await startLocalSmtp({ port: Number(values.port ?? 2525) });
      process.stdout.write(`local SMTP server listening on ${smtp.url}\n`);
      setInterval(() => {
        for (const m of smtp.mailbox.splice(0))
          process.stdout.write(`${m.receivedAt.toISOString()} ${m.to.join(', ')}: ${m.subject}\n`);
      }, 1000);
      return -1;
    }
    case 'bench': {
      const name = rest[0];
      if (!name) {
        process.stderr.write(
          'usage: motcua bench <due-dates|catalog-search|catalog-readiness|lifecycle|documents|web|reports|fault|portal-fault|checklists>\n',
        );
        return 2;
      }
      const mod = await import(`../bench/${name}.ts`);
      await mod.run(process.env);
      return 0;
    }
    default:
      process.stderr.write(`unknown command: ${command}\n\n${HELP}\n`);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

/** `motcua reconcile civil-status`: compare the civil-status results on both sides now, as the daily job does. */
async function reconcileCivilStatus(): Promise<number> {
  const { deps } = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
  const civil = await civilStatusPortFrom(deps.config);
  try {
    const run = await reconcile(deps.database.db, civil.port, deps.clock, { trigger: 'cli' });
    process.stdout.write(`${reconciliationText(run)}\n`);
    return run.failed > 0 ? 1 : 0;
  } finally {
    await civil.close();
    await deps.database.close();
  }
}

/**
 * The web app: the portal's first-load JavaScript (gzipped, from the built web/dist), and the worklist
 * page's time to first render in Debian's Chromium on the demo data (seeded PGlite, the demo reception
 * account, 200 records received at its counter) — against, in the same run and browser, loading
 * `/api/health` as a page (the floor: one round trip, no app).
 *
 * `npm run motcua -- bench web`
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuilt } from '../scripts/ensure-web.ts';
import { buildApp, WEB_ROOT } from '../src/app.ts';
import { resolveAuditKey, setAuditKey } from '../src/modules/audit/index.ts';
import { seedIfEmpty } from '../src/modules/seed/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { migrate, openPglite } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/log.ts';
import { createProgress } from '../src/platform/progress.ts';
import { launchChromium } from '../test/e2e/browser.ts';
import { percentile, round, writeResult } from './support.ts';

export async function run(env: Record<string, string | undefined>): Promise<void> {
  const runs = Number(env.RUNS ?? 15);
  await ensureWebBuilt();
  const html = readFileSync(join(WEB_ROOT, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/src="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const styles = [...html.matchAll(/href="\/(assets\/[^"]+\.css)"/g)].map((m) => m[1]!);
  const size = (files: string[]) =>
    files.reduce(
      (acc, f) => {
        const bytes = readFileSync(join(WEB_ROOT, f));
        return { raw: acc.raw + bytes.length, gzip: acc.gzip + gzipSync(bytes, { level: 9 }).length };
      },
      { raw: 0, gzip: 0 },
    );
  const js = size(scripts);
  const css = size(styles);
  const assets = readdirSync(join(WEB_ROOT, 'assets')).length;

  const config = loadConfig({
    ...env,
    LOG_LEVEL: 'silent',
    DATABASE_URL: undefined,
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  setAuditKey(resolveAuditKey(config).key);
  const database = await openPglite(undefined);
  await migrate(database);
  const deps = { database, clock: systemClock, config, logger: createLogger('silent') };
  await seedIfEmpty(deps, { demoAccounts: true, progress: createProgress() });
  const app = await buildApp(deps);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'tiepnhan.ninhkieu', password: 'motcua-demo-2026' },
  });
  const token = login.json().token as string;
  const p = (await app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
  const bar = createProgress();
  bar.start(200 + runs, 'web');
  for (let i = 0; i < 200; i++) {
    await app.inject({
      method: 'POST',
      url: '/api/records',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        type: 'receive',
        checklist: p.details.documents.map((d: { name: string }) => ({ document: d.name, provided: true })),
        opening: {
          procedureVersionId: p.versionId,
          channel: 'in_person',
          applicant: { kind: 'citizen', fullName: `Người nộp ${i + 1}`, phone: '0912345678' },
          routing: { landParcelUnitCode: '31120' },
        },
      },
    });
    bar.increment();
  }

  const browser = await launchChromium();
  // What a citizen's first visit to the portal downloads: every script the home page loads, as sent.
  const fresh = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const home = await fresh.newPage();
  const scriptResponses: Promise<number>[] = [];
  home.on('requestfinished', (req) => {
    if (req.resourceType() === 'script') scriptResponses.push(req.sizes().then((s) => s.responseBodySize));
  });
  await home.goto(base);
  await home.getByRole('heading', { level: 1 }).waitFor();
  await home.waitForLoadState('networkidle');
  const portalScriptBytes = (await Promise.all(scriptResponses)).reduce((a, b) => a + b, 0);
  const portalScripts = scriptResponses.length;
  await fresh.close();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'motcua_session', value: token, url: base }]);
  const page = await context.newPage();
  const worklist: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    let t = performance.now();
    await page.goto(`${base}/api/health`);
    const f = performance.now() - t;
    await page.goto('about:blank');
    t = performance.now();
    await page.goto(`${base}/can-bo`);
    await page.locator('.ant-table-row').first().waitFor();
    const w = performance.now() - t;
    if (i >= 2) {
      floor.push(f);
      worklist.push(w);
      bar.increment();
    }
    await context.clearCookies();
    await context.addCookies([{ name: 'motcua_session', value: token, url: base }]);
  }
  bar.stop();
  await browser.close();
  await app.close();
  await database.close();
  worklist.sort((a, b) => a - b);
  floor.sort((a, b) => a - b);
  writeResult('web', {
    runs,
    portalFirstLoad: {
      scripts: portalScripts,
      javascriptTransferredKiB: round(portalScriptBytes / 1024, 1),
      targetKiB: 500,
    },
    entry: {
      javascriptGzipKiB: round(js.gzip / 1024, 1),
      javascriptRawKiB: round(js.raw / 1024, 1),
      cssGzipKiB: round(css.gzip / 1024, 1),
      files: scripts.length + styles.length,
      assetsInBuild: assets,
    },
    worklistFirstRender: {
      records: 200,
      p50Ms: round(percentile(worklist, 50), 1),
      p95Ms: round(percentile(worklist, 95), 1),
      baselineHealthPageP50Ms: round(percentile(floor, 50), 1),
      ratio: round(percentile(worklist, 50) / percentile(floor, 50), 2),
    },
  });
}

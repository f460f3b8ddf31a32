import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createCalendarService } from '../../src/modules/calendar/index.ts';
import { createUser } from '../../src/modules/identity/index.ts';
import { simulate } from '../../src/modules/reports/simulate.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium, SLOWNESS, screenshot, seriousViolations } from './browser.ts';

/**
 * The leaders' dashboard in Debian's Chromium over a simulated history: the demo monitor picks a period
 * covering it and sees the statistics API's numbers, the monthly trend (chart and its table), agencies
 * ranked, and downloads the same statistics as Excel; the demo leader sees their own agency only. Each
 * view is screenshotted and scanned by axe-core.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
/** The competent agency that handled the most simulated records, whose leader signs in. */
let leaderAgency: { id: string; name: string };
const FROM = '2026-06-01';
const TO = '2026-10-31';
const QUERY = `from=${FROM}&to=${TO}`;

interface Row {
  key: string;
  name: string;
  received: { total: number };
  resolved: { total: number };
  inProgress: { overdue: number };
  onTimeRate: number | null;
}

const numbers = new Intl.NumberFormat('vi-VN');
const percents = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const p = await context.newPage();
  await p.goto(`${base}/can-bo`);
  await p.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
  await p.getByLabel('Tên đăng nhập').fill(username);
  await p.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await p.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
  return p;
}

/** The statistics API as this browser's session sees them. */
async function statistics(p: Page, query: string): Promise<{ rows: Row[]; total: Row }> {
  const res = await p.request.get(`${base}/api/reports/statistics?${query}`);
  expect(res.status()).toBe(200);
  return res.json();
}

async function typeDay(p: Page, label: string, day: string) {
  const input = p.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

async function kpi(p: Page, label: string): Promise<string> {
  return (
    (await p.getByRole('region', { name: label }).locator('.ant-statistic-content').textContent()) ?? ''
  ).trim();
}

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  const calendars = createCalendarService({ cutoffMinutes: ctx.deps.config.MOTCUA_CUTOFF });
  const made = await simulate(ctx.database.db, calendars, {
    records: 60,
    from: '2026-06-01',
    to: '2026-09-30',
    seed: 6,
    online: 0.3,
    supplement: 0.15,
    late: 0.2,
    refused: 0.05,
    crossBoundary: 0.2,
  });
  expect(made.records).toBe(60);
  // The browser keeps the session cookie only if it expires in its own (real) future.
  ctx.deps.clock.set(new Date());
  await seedDemoAccounts(ctx.deps);
  // The demo leader heads a one-stop unit, which competes for no record: a leader of the busiest competent
  // agency shows what a leader's dashboard counts.
  const busiest = await ctx.database.db
    .selectFrom('reportFacts')
    .innerJoin('agencies', 'agencies.id', 'reportFacts.competentAgencyId')
    .select(['agencies.id', 'agencies.name'])
    .where('reportFacts.receivedDay', 'is not', null)
    .groupBy(['agencies.id', 'agencies.name'])
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .orderBy('agencies.id')
    .executeTakeFirstOrThrow();
  leaderAgency = busiest;
  await createUser(
    ctx.database.db,
    {
      username: 'lanhdao.baocao',
      displayName: 'Lãnh đạo báo cáo',
      password: DEMO_PASSWORD,
      agencyId: busiest.id,
      roles: ['leader'],
    },
    new Date(),
  );
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
}, 600_000 * SLOWNESS);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('the leaders’ dashboard', { timeout: E2E_TIMEOUT }, () => {
  it('shows a monitor the city’s numbers for a chosen period, the trend, the ranking, and the Excel file', async () => {
    const page = await signIn('giamsat.trungtam');
    await page.getByRole('navigation', { name: 'Cán bộ' }).getByRole('link', { name: 'Báo cáo' }).click();
    await page.getByRole('heading', { name: 'Báo cáo, thống kê' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/can-bo/bao-cao');
    await page.getByLabel('Phạm vi', { exact: true }).waitFor();

    await typeDay(page, 'Từ ngày', '01/06/2026');
    await typeDay(page, 'Đến ngày', '31/10/2026');
    await page.getByText('Số liệu từ ngày 01/06/2026 đến ngày 31/10/2026.').waitFor();

    const api = await statistics(page, `${QUERY}&groupBy=agency`);
    expect(api.total.received.total).toBeGreaterThan(40);
    const expected = {
      received: numbers.format(api.total.received.total),
      resolved: numbers.format(api.total.resolved.total),
      rate: api.total.onTimeRate === null ? '—' : percents.format(api.total.onTimeRate),
      overdue: numbers.format(api.total.inProgress.overdue),
    };
    await expect
      .poll(async () => ({
        received: await kpi(page, 'Tiếp nhận'),
        resolved: await kpi(page, 'Đã giải quyết'),
        rate: await kpi(page, 'Tỷ lệ đúng hạn'),
        overdue: await kpi(page, 'Đang giải quyết quá hạn'),
      }))
      .toEqual(expected);

    // The trend: an SVG chart, its caption, and its figures as a table of months.
    const figure = page.locator('figure');
    await figure.locator('[data-chart="trend"] svg').first().waitFor();
    await figure.getByText('Biểu đồ: hồ sơ tiếp nhận và đã giải quyết').waitFor();
    const months = (await statistics(page, `${QUERY}&groupBy=month`)).rows;
    expect(months.length).toBeGreaterThanOrEqual(4);
    for (const m of months) {
      const row = figure.getByRole('row').filter({ hasText: `${m.key.slice(5)}/${m.key.slice(0, 4)}` });
      await expect
        .poll(() => row.getByRole('cell').nth(1).textContent())
        .toBe(numbers.format(m.received.total));
    }

    // Agencies ranked: every agency of the API, sortable by the on-time rate and by overdue records.
    const ranking = page
      .locator('.ant-card')
      .filter({ has: page.getByRole('heading', { name: 'Xếp hạng cơ quan' }) });
    await expect.poll(() => ranking.locator('tbody tr.ant-table-row').count()).toBe(api.rows.length);
    for (const r of api.rows.slice(0, 5))
      await ranking.getByRole('cell', { name: r.name, exact: true }).waitFor();
    await ranking.getByRole('columnheader', { name: 'Đang giải quyết quá hạn' }).click();
    await expect
      .poll(() =>
        ranking.getByRole('columnheader', { name: 'Đang giải quyết quá hạn' }).getAttribute('aria-sort'),
      )
      .toBe('descending');

    const channels = page
      .locator('.ant-card')
      .filter({ has: page.getByRole('heading', { name: 'Theo kênh tiếp nhận' }) });
    await channels.getByRole('cell', { name: 'Trực tuyến', exact: true }).waitFor();

    // Steps held for other agencies (issue 15): the one-stop units' reception and return steps at least,
    // with the API's total row.
    const stepsRes = await page.request.get(`${base}/api/reports/step-performance?${QUERY}`);
    expect(stepsRes.status()).toBe(200);
    const steps = (await stepsRes.json()) as { rows: { name: string }[]; total: { received: number } };
    expect(steps.total.received).toBeGreaterThan(0);
    const stepCard = page.getByRole('region', { name: 'Các bước thực hiện cho cơ quan khác (liên thông)' });
    const stepTotal = stepCard.getByRole('row').filter({ hasText: 'Tổng cộng' });
    await expect
      .poll(() => stepTotal.getByRole('cell').nth(1).textContent())
      .toBe(numbers.format(steps.total.received));
    await stepCard.getByRole('cell', { name: steps.rows[0]!.name, exact: true }).waitFor();

    await screenshot(page, 'dashboard-monitor');
    expect(await seriousViolations(page)).toEqual([]);

    // The Excel file answers the same query: its total row carries the API's total.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`thong-ke-toan-thanh-pho-${FROM}-${TO}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Thống kê')!;
    const totalRow = Array.from({ length: ws.rowCount }, (_, i) => ws.getRow(i + 1)).find(
      (r) => r.getCell(1).value === 'Tổng cộng',
    );
    expect(totalRow?.getCell(3).value).toBe(api.total.received.total);
    expect(totalRow?.getCell(7).value).toBe(api.total.resolved.total);
    await page.context().close();
  });

  it('shows a leader their own agency only, without a scope to choose', async () => {
    const page = await signIn('lanhdao.baocao');
    await page.getByRole('link', { name: 'Báo cáo' }).click();
    await page.getByRole('heading', { name: 'Báo cáo, thống kê' }).waitFor();
    await page.getByText(`Phạm vi: ${leaderAgency.name}`).waitFor();
    expect(await page.getByLabel('Phạm vi', { exact: true }).count()).toBe(0);

    await typeDay(page, 'Từ ngày', '01/06/2026');
    await typeDay(page, 'Đến ngày', '31/10/2026');
    const api = await statistics(page, `${QUERY}&groupBy=agency`);
    expect(api.rows.map((r) => r.key)).toEqual([leaderAgency.id]);
    expect(api.total.received.total).toBeGreaterThan(0);
    await expect.poll(() => kpi(page, 'Tiếp nhận')).toBe(numbers.format(api.total.received.total));
    await expect.poll(() => kpi(page, 'Đã giải quyết')).toBe(numbers.format(api.total.resolved.total));
    const ranking = page
      .locator('.ant-card')
      .filter({ has: page.getByRole('heading', { name: 'Xếp hạng cơ quan' }) });
    await expect.poll(() => ranking.locator('tbody tr.ant-table-row').count()).toBe(1);
    await ranking.getByRole('cell', { name: leaderAgency.name, exact: true }).waitFor();
    // Another agency's or the city's figures are the server's to refuse, whatever the page asks.
    const city = await page.request.get(`${base}/api/reports/statistics.xlsx?${QUERY}&unit=2025:31135`);
    expect(city.status()).toBe(403);
    await screenshot(page, 'dashboard-leader');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import {
  DEV_SSO_CLIENT,
  IDP_DEMO_PASSWORD,
  type SpawnedIdentityProvider,
  spawnIdentityProvider,
} from '../../src/modules/identity/provider/index.ts';
import { AN, BICH, issuedRecordFor, keptDocumentFor } from '../identity/citizen-support.ts';
import { freePort } from '../identity/sso-support.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import {
  animationsDone,
  E2E_TIMEOUT,
  launchChromium,
  screenshot,
  seriousViolations,
  WAIT,
} from './browser.ts';

/**
 * In Debian's Chromium, with the development identity provider running as its own process: a citizen
 * signs in with VNeID, sees in "Hồ sơ của tôi" a record received for them at a counter, downloads its
 * signed result, and reuses a document of their repository in a new online submission (prefilled from the
 * identity); another citizen, and a visitor who only types someone's personal ID, see nothing of theirs.
 */

let idp: SpawnedIdentityProvider;
let ctx: TestContext;
let base: string;
let browser: Browser;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let issued: Awaited<ReturnType<typeof issuedRecordFor>>;
let kept: Awaited<ReturnType<typeof keptDocumentFor>>;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
    acceptDownloads: true,
  });
  return context.newPage();
}

/** From "Hồ sơ của tôi", through VNeID's login page, and back. */
async function vneidSignIn(personalId: string): Promise<Page> {
  const p = await newPage();
  await p.goto(`${base}/ho-so-cua-toi`);
  await p.getByTestId('vneid-login').click();
  await p.waitForURL((url) => url.href.startsWith(idp.vneidIssuer));
  await p.getByLabel('Số định danh cá nhân').fill(personalId);
  await p.getByLabel('Mật khẩu').fill(IDP_DEMO_PASSWORD);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await p.waitForURL((url) => url.href.startsWith(`${base}/ho-so-cua-toi`));
  return p;
}

beforeAll(async () => {
  await ensureWebBuilt();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  idp = await spawnIdentityProvider({ port: 0, motcuaUrl: base, ...DEV_SSO_CLIENT });
  ctx = await createTestContext({
    SESSION_TTL_HOURS: '720',
    MOTCUA_VNEID_ISSUER: idp.vneidIssuer,
    MOTCUA_VNEID_CLIENT_ID: DEV_SSO_CLIENT.clientId,
    MOTCUA_VNEID_CLIENT_SECRET: DEV_SSO_CLIENT.clientSecret,
    MOTCUA_SSO_REDIRECT_BASE: base,
  });
  // The browser keeps the session cookie only if it expires in its own (real) future.
  ctx.deps.clock.set(new Date());
  await signInLandCorrectionOfficials(ctx, 'e2e-citizen', tokens, users);
  const procedure = await landCorrectionProcedure(ctx);
  issued = await issuedRecordFor(ctx, tokens, users, procedure, AN);
  kept = await keptDocumentFor(ctx, tokens['nk.reception']!, procedure, AN, 'Giay chung nhan cua An');
  await ctx.app.listen({ host: '127.0.0.1', port });
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
  await idp?.close();
});

describe('a citizen signs in with VNeID', { timeout: E2E_TIMEOUT }, () => {
  it('sees the record received for them at a counter and downloads its signed result', async () => {
    const p = await vneidSignIn(AN.personalId);
    await p.getByTestId('citizen-name').filter({ hasText: AN.fullName }).waitFor();
    const table = p.getByTestId('my-records');
    await table.getByRole('link', { name: issued.record.code }).waitFor({ timeout: WAIT });
    expect(await table.textContent()).toContain('Trực tiếp');
    await p.getByTestId('repository').getByText('giay-chung-nhan.pdf').first().waitFor();
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, 'citizen-my-records');

    await table.getByRole('link', { name: issued.record.code }).click();
    await p.getByRole('heading', { name: issued.record.code }).waitFor();
    const link = p.getByTestId('my-results').getByRole('link');
    await link.first().waitFor({ timeout: WAIT });
    const [download] = await Promise.all([p.waitForEvent('download'), link.first().click()]);
    const bytes = await readFile((await download.path())!);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(issued.result.sha256);
    expect(download.suggestedFilename()).toMatch(/^ket-qua-.+\.pdf$/);
    // Kept in the repository, for the next submission.
    await p.getByRole('button', { name: 'Lưu vào kho dữ liệu' }).first().click();
    await p.getByText('Đã lưu vào kho dữ liệu của bạn').waitFor({ timeout: WAIT });
    const items = await ctx.database.db
      .selectFrom('repositoryItems')
      .select('fileSha256')
      .where('ownerId', '=', AN.personalId)
      .where('kind', '=', 'result')
      .execute();
    expect(items.map((i) => i.fileSha256)).toContain(issued.result.sha256);
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, 'citizen-record');
    await p.context().close();
  });

  it('submits online with the details prefilled from VNeID, reusing a document of their repository', async () => {
    const p = await vneidSignIn(AN.personalId);
    await p.goto(`${base}/nop-ho-so/1.012796`);
    await p.getByRole('heading', { name: 'Nộp hồ sơ trực tuyến' }).waitFor();
    await p.getByTestId('prefilled').waitFor();
    await expect.poll(() => p.getByLabel('Họ và tên').inputValue(), { timeout: WAIT }).toBe(AN.fullName);
    expect(await p.getByLabel('Số định danh cá nhân').inputValue()).toBe(AN.personalId);
    await p.getByLabel('Xã, phường nơi có thửa đất').click();
    await p.getByLabel('Xã, phường nơi có thửa đất').fill('Cái Khế');
    await p.locator('.ant-select-item-option:visible', { hasText: 'Cái Khế' }).first().click();
    await p.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
    await animationsDone(p);
    await p.getByLabel('Số điện thoại').fill('0912 000 789');
    await p.getByLabel('Nơi tiếp nhận hồ sơ').click();
    await p.getByLabel('Nơi tiếp nhận hồ sơ').fill('Ninh Kiều');
    await p.locator('.ant-select-item-option:visible', { hasText: 'phường Ninh Kiều' }).first().click();
    const reuse = p.getByTestId('reuse');
    await reuse.getByRole('checkbox').first().check();
    await p.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    await p.getByText('Đã nộp hồ sơ').first().waitFor({ timeout: WAIT });
    expect(await p.getByTestId('uploaded-files').textContent()).toContain('giay-chung-nhan.pdf');
    await screenshot(p, 'citizen-reused');
    const records = await ctx.database.db
      .selectFrom('records')
      .select(['id', 'status', 'channel'])
      .where('applicantPersonalId', '=', AN.personalId)
      .where('channel', '=', 'online')
      .execute();
    expect(records).toHaveLength(1);
    expect(records[0]!.status).toBe('submitted');
    const docs = await ctx.database.db
      .selectFrom('recordDocuments')
      .select(['origin', 'fileSha256'])
      .where('recordId', '=', records[0]!.id)
      .execute();
    expect(docs).toEqual([{ origin: 'repository', fileSha256: kept.document.sha256 }]);
    await p.context().close();
  });
});

describe('nobody else sees their records', { timeout: E2E_TIMEOUT }, () => {
  it('another citizen signed in with VNeID sees none of them, not even by the record’s address', async () => {
    const p = await vneidSignIn(BICH.personalId);
    await p.getByTestId('citizen-name').filter({ hasText: BICH.fullName }).waitFor();
    await p.getByText('Chưa có hồ sơ nào mang số định danh của bạn.').waitFor();
    expect(await p.getByTestId('my-records').textContent()).not.toContain(issued.record.code);
    expect(await p.getByTestId('repository').textContent()).not.toContain('giay-chung-nhan.pdf');
    await p.goto(`${base}/ho-so-cua-toi/${issued.record.id}`);
    await p.getByText('Không tìm thấy hồ sơ này trong hồ sơ của bạn.').waitFor();
    expect(await p.locator('body').textContent()).not.toContain(AN.fullName);
    await p.context().close();
  });

  it('a visitor who types their personal ID on a submission is offered no repository and no records', async () => {
    const p = await newPage();
    await p.goto(`${base}/nop-ho-so/1.012796`);
    await p.getByRole('heading', { name: 'Nộp hồ sơ trực tuyến' }).waitFor();
    await p.getByLabel('Số định danh cá nhân').fill(AN.personalId);
    await p.getByTestId('vneid-login').waitFor();
    expect(await p.getByTestId('reuse').count()).toBe(0);
    const repository = await p.request.get(`${base}/api/citizen/repository`);
    expect(repository.status()).toBe(401);
    await p.goto(`${base}/ho-so-cua-toi`);
    await p.getByTestId('vneid-login').waitFor();
    expect(await p.getByTestId('my-records').count()).toBe(0);
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, 'citizen-sign-in');
    await p.context().close();
  });
});

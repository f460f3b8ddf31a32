import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import {
  DEV_SSO_CLIENT,
  IDP_DEMO_PASSWORD,
  type SpawnedIdentityProvider,
  spawnIdentityProvider,
} from '../../src/modules/identity/provider/index.ts';
import { seedDemoRoleRules } from '../../src/modules/identity/sso/index.ts';
import { seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { freePort } from '../identity/sso-support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium, screenshot, seriousViolations } from './browser.ts';

/**
 * In Debian's Chromium, with the development identity provider running as its own process: an official
 * signs in by the city SSO and lands in their worklist with the roles the demo's claim rules give; one no
 * rule maps lands on "chờ phân quyền"; signing out ends the provider's session too.
 */

let idp: SpawnedIdentityProvider;
let ctx: TestContext;
let base: string;
let browser: Browser;

async function ssoSignIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const p = await context.newPage();
  await p.goto(`${base}/can-bo/dang-nhap`);
  await p.getByRole('link', { name: 'Đăng nhập một lần (SSO thành phố)' }).click();
  // The provider's own login page.
  await p.waitForURL((url) => url.href.startsWith(idp.cityIssuer));
  await p.getByLabel('Tên đăng nhập').fill(username);
  await p.getByLabel('Mật khẩu').fill(IDP_DEMO_PASSWORD);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await p.waitForURL((url) => url.href.startsWith(base));
  return p;
}

async function me(p: Page) {
  const res = await p.request.get(`${base}/api/auth/me`);
  return { status: res.status(), body: res.ok() ? await res.json() : null };
}

beforeAll(async () => {
  await ensureWebBuilt();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  idp = await spawnIdentityProvider({ port: 0, motcuaUrl: base, ...DEV_SSO_CLIENT });
  ctx = await createTestContext({
    SESSION_TTL_HOURS: '720',
    MOTCUA_SSO_ISSUER: idp.cityIssuer,
    MOTCUA_SSO_CLIENT_ID: DEV_SSO_CLIENT.clientId,
    MOTCUA_SSO_CLIENT_SECRET: DEV_SSO_CLIENT.clientSecret,
    MOTCUA_SSO_REDIRECT_BASE: base,
  });
  // The browser keeps the session cookie only if it expires in its own (real) future.
  ctx.deps.clock.set(new Date());
  await seedDemoAccounts(ctx.deps);
  await seedDemoRoleRules(ctx.database.db, ctx.deps.clock.now());
  await ctx.app.listen({ host: '127.0.0.1', port });
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
  await idp?.close();
});

describe('officials sign in by the city SSO', { timeout: E2E_TIMEOUT }, () => {
  it('a leader signs in at the provider and lands in their worklist as a leader; signing out ends both sessions', async () => {
    const p = await ssoSignIn('lanhdao.ninhkieu');
    await p.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
    expect(new URL(p.url()).pathname).toBe('/can-bo');
    await p.getByTestId('signed-in-as').filter({ hasText: 'Lê Hoàng Nam' }).waitFor();
    const who = await me(p);
    expect(who.body).toMatchObject({ roles: ['leader'], displayName: 'Lê Hoàng Nam' });
    const agency = await ctx.database.db
      .selectFrom('agencies')
      .select('code')
      .where('id', '=', who.body.agencyId)
      .executeTakeFirstOrThrow();
    expect(agency.code).toBe('H13.102.01');
    await screenshot(p, 'sso-worklist');

    await p.getByRole('button', { name: 'Đăng xuất' }).click();
    // Through the provider's end-session page and back to the sign-in page.
    await p.waitForURL((url) => url.href === `${base}/can-bo/dang-nhap`);
    await p.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
    expect((await me(p)).status).toBe(401);
    // The sign-in page with its SSO button.
    expect(await seriousViolations(p)).toEqual([]);
    // The provider's session ended too: signing in by SSO asks for the password again.
    await p.getByRole('link', { name: 'Đăng nhập một lần (SSO thành phố)' }).click();
    await p.getByLabel('Tên đăng nhập').waitFor();
    expect(p.url().startsWith(idp.cityIssuer)).toBe(true);
    await p.context().close();
  });

  it('an official no rule maps lands on "chờ phân quyền" and the worklist sends them back there', async () => {
    const p = await ssoSignIn('vanthu.ninhkieu');
    await p.getByRole('heading', { name: 'Tài khoản đang chờ phân quyền' }).waitFor();
    expect(new URL(p.url()).pathname).toBe('/can-bo/cho-phan-quyen');
    expect((await me(p)).body.roles).toEqual([]);
    await p.goto(`${base}/can-bo`);
    await p.getByRole('heading', { name: 'Tài khoản đang chờ phân quyền' }).waitFor();
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, 'sso-awaiting-roles');
    await p.context().close();
  });
});

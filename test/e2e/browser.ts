import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';

/**
 * How many times slower than a quiet machine this one runs the browser tests: `MOTCUA_E2E_SLOWNESS` when
 * set (a shared CI machine sets 2–4), otherwise the load per core when the tests start (at least 1). Every
 * time limit below is multiplied by it; no test waits a fixed time.
 */
export const SLOWNESS = slowness(process.env.MOTCUA_E2E_SLOWNESS);

function slowness(env: string | undefined): number {
  const set = Number(env);
  if (env && Number.isFinite(set) && set > 0) return Math.max(1, set);
  return Math.min(8, Math.max(1, Math.ceil(loadavg()[0]! / availableParallelism())));
}

/** How long Playwright waits for one thing (an element, a navigation, a dialog to close). */
export const WAIT = 30_000 * SLOWNESS;
/** How long one browser test, or a file's setup, may take (vitest's `timeout` for the e2e files). */
export const E2E_TIMEOUT = 240_000 * SLOWNESS;
/** How long a click is given to take effect before it is tried once more (see {@link act}). */
export const RETRY_AFTER = 10_000 * SLOWNESS;

/**
 * Debian's Chromium, headless, with the flags this network needs (no background connections). Every context
 * it opens (and every page opened on the browser) waits {@link WAIT} for elements and navigations.
 *
 * One Chromium serves every browser test file that runs in the same test worker (vitest reuses workers
 * across files): starting it is a large part of a short file. Each file gets a handle whose `close()` closes
 * the contexts (sessions, pages) that file opened and leaves the browser running for the next file; the
 * browser ends with the worker. A browser that crashed or was disconnected is started again.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await sharedChromium();
  const opened = new Set<BrowserContext>();
  const newContext = async (options?: BrowserContextOptions): Promise<BrowserContext> => {
    const context = await browser.newContext(options);
    opened.add(context);
    context.on('close', () => opened.delete(context));
    context.setDefaultTimeout(WAIT);
    context.setDefaultNavigationTimeout(WAIT);
    return context;
  };
  return new Proxy(browser, {
    get(target, property) {
      if (property === 'newContext') return newContext;
      // As Playwright's own Browser.newPage: a page in a context of its own, closed with the page.
      if (property === 'newPage')
        return async (options?: BrowserContextOptions): Promise<Page> => {
          const context = await newContext(options);
          const page = await context.newPage();
          page.on('close', () => void context.close().catch(() => {}));
          return page;
        };
      if (property === 'contexts') return () => [...opened];
      if (property === 'close')
        return async (): Promise<void> => {
          await Promise.all([...opened].map((c) => c.close().catch(() => {})));
          opened.clear();
        };
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const SHARED = Symbol.for('motcua.e2e.chromium');

/** The worker's one Chromium (kept on globalThis, so it outlives a test file's module instances). */
function sharedChromium(): Promise<Browser> {
  const holder = globalThis as { [SHARED]?: Promise<Browser> };
  const current = holder[SHARED];
  if (current) {
    return current.then(
      (browser) => (browser.isConnected() ? browser : startAgain()),
      () => startAgain(),
    );
  }
  return startAgain();

  function startAgain(): Promise<Browser> {
    const started = chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    holder[SHARED] = started;
    return started;
  }
}

const SHOTS = join(process.cwd(), 'test-output', 'e2e');

/** Saves a full-page screenshot under test-output/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * Waits until every finite animation and transition on the page has finished (a modal opening, a button
 * fading); endless ones (a spinner) do not count. A condition, not a fixed pause.
 */
export async function animationsDone(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
    null,
    { timeout: WAIT },
  );
}

/**
 * The button whose text is exactly `text`. By its text, not its accessible name: after a click, antd's
 * leave animation of the loading icon can keep "loading" in the name ("loading Xác nhận") for as long as
 * the animation waits for a frame, which on a loaded machine was minutes (a test clicking a button a second
 * time then waited in vain).
 */
export function button(page: Page, text: string): Locator {
  return page.locator('button', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
}

/** The axe-core violations of serious or critical impact on the page as it is now. */
export async function seriousViolations(
  page: Page,
): Promise<{ id: string; impact: string; targets: string[] }[]> {
  // Colours mid-transition (a button fading, an upload row appearing) are not the page's colours.
  await animationsDone(page);
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      targets: v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`.slice(0, 400)),
    }));
}

/**
 * Presses a record action's button, fills its dialog, confirms, and waits for the record to show `status`;
 * throws with the dialog's error if it stays open.
 */
export async function act(
  page: Page,
  action: string,
  status: string,
  fill?: (page: Page) => Promise<void>,
): Promise<void> {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await animationsDone(page);
  if (fill) await fill(page);
  const confirm = dialog.getByRole('button', { name: 'Xác nhận' });
  await confirm.click();
  const problem = dialog.locator('[role="alert"], .ant-form-item-explain-error');
  const settled = (timeout: number) =>
    Promise.race([dialog.waitFor({ state: 'hidden', timeout }), problem.first().waitFor({ timeout })]);
  // Should a click still be lost (the dialog neither closes nor shows a problem), the modal's
  // Idempotency-Key makes a second click safe (one transition at most).
  await settled(RETRY_AFTER).catch(async () => {
    await screenshot(page, `slow-${action}`);
    await confirm.click();
    await settled(WAIT);
  });
  if (await dialog.isVisible()) throw new Error(`${action}: ${await problem.allInnerTexts()}`);
  await page.locator('.ant-descriptions').getByText(status, { exact: true }).waitFor();
}

/** Chooses `option` in the select labelled `label`, again if a click lands while the list re-renders. */
export async function pick(
  page: Page,
  label: string,
  option: string,
  opts: { exact?: boolean } = {},
): Promise<void> {
  const chosen = page.locator('.ant-select-content, .ant-select-selection-item', { hasText: option }).first();
  // The list renders asynchronously (and virtually): if a click lands while it re-renders, try again.
  for (let attempt = 0; attempt < 4; attempt++) {
    if (!(await page.locator('.ant-select-dropdown:visible').count()))
      await page.getByLabel(label, { exact: opts.exact ?? false }).click();
    await page.locator('.ant-select-item-option:visible', { hasText: option }).first().click();
    if (
      await chosen.waitFor({ timeout: RETRY_AFTER }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
  throw new Error(`could not choose ${option} in ${label}`);
}

/**
 * Clicks a dialog's button and waits for the dialog to close, once the dialog has finished opening; should
 * the click still be lost, it clicks once more.
 */
export async function closeWith(dialog: Locator, button: string): Promise<void> {
  await animationsDone(dialog.page());
  const target = dialog.getByRole('button', { name: button });
  await target.click();
  const closed = await dialog.waitFor({ state: 'hidden', timeout: RETRY_AFTER }).then(
    () => true,
    () => false,
  );
  if (closed) return;
  await target.click();
  await dialog.waitFor({ state: 'hidden' });
}

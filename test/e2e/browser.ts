import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this network needs (no background connections). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

const SHOTS = join(process.cwd(), 'test-output', 'e2e');

/** Saves a full-page screenshot under test-output/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The axe-core violations of serious or critical impact on the page as it is now. */
export async function seriousViolations(
  page: Page,
): Promise<{ id: string; impact: string; targets: string[] }[]> {
  // Colours mid-transition (a button fading, an upload row appearing) are not the page's colours: let
  // every animation and transition finish before judging contrast.
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, {
      timeout: 5000,
    })
    .catch(() => {});
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
  if (fill) await fill(page);
  const confirm = dialog.getByRole('button', { name: 'Xác nhận' });
  await confirm.click();
  const problem = dialog.locator('[role="alert"], .ant-form-item-explain-error');
  const settled = () =>
    Promise.race([
      dialog.waitFor({ state: 'hidden', timeout: 10_000 }),
      problem.first().waitFor({ timeout: 10_000 }),
    ]);
  // Under a loaded machine the modal's opening animation can swallow the first click; the modal's
  // Idempotency-Key makes a second click safe (one transition at most).
  await settled().catch(async () => {
    await screenshot(page, `slow-${action}`);
    await confirm.click();
    await settled();
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
      await chosen.waitFor({ timeout: 3000 }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
  throw new Error(`could not choose ${option} in ${label}`);
}

/**
 * Clicks a dialog's button and waits for the dialog to close. Under a loaded machine the modal's opening
 * animation can swallow the first click, so it clicks once more if the dialog is still open after a while.
 */
export async function closeWith(dialog: Locator, button: string): Promise<void> {
  const target = dialog.getByRole('button', { name: button });
  await target.click();
  const closed = await dialog.waitFor({ state: 'hidden', timeout: 5_000 }).then(
    () => true,
    () => false,
  );
  if (closed) return;
  await target.click();
  await dialog.waitFor({ state: 'hidden' });
}

import { readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import { animationsDone, E2E_TIMEOUT, launchChromium, screenshot, seriousViolations } from './browser.ts';

/**
 * The citizen portal in a real browser (Debian's Chromium via playwright-core), served by the real app on
 * loopback: find a procedure without diacritics, read what it needs, track a record by code and the last
 * 4 digits, switch to English; on a phone-sized screen, with an axe-core scan of each page.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
let page: Page;
let recordCode: string;

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext();
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const token = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc' });
  const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      type: 'receive',
      checklist: [{ document: p.details.documents[0].name, provided: true }],
      opening: {
        procedureVersionId: p.versionId,
        channel: 'in_person',
        applicant: { kind: 'citizen', fullName: 'Phan Thị Thanh Thảo', phone: '0939 123 456' },
        routing: { landParcelUnitCode: '31120' },
      },
    },
  });
  recordCode = res.json().record.code;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
  page = await context.newPage();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('the citizen portal on a phone', { timeout: E2E_TIMEOUT }, () => {
  it('finds a procedure typed without diacritics and shows what it needs', async () => {
    await page.goto(base);
    await page.getByRole('heading', { name: 'Tìm thủ tục hành chính' }).waitFor();
    await page.getByPlaceholder(/Nhập tên thủ tục/).fill('dang ky khai sinh');
    await page.getByPlaceholder(/Nhập tên thủ tục/).press('Enter');
    const link = page.getByRole('link', { name: 'Thủ tục đăng ký khai sinh', exact: true }).first();
    await link.waitFor();
    expect(page.url()).toContain('q=dang+ky+khai+sinh');
    // The search box's clear button is named in Vietnamese, not antd's English "close-circle" / "Clear".
    expect(await page.getByRole('button', { name: 'Xóa', exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: /^(clear|close-circle)$/i }).count()).toBe(0);
    await screenshot(page, 'portal-search');
    expect(await seriousViolations(page)).toEqual([]);
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Thủ tục đăng ký khai sinh' }).waitFor();
    await page.getByRole('heading', { name: 'Thành phần hồ sơ', exact: true }).waitFor();
    expect(await page.getByText('Mã thủ tục').count()).toBeGreaterThan(0);
    expect(await page.locator('.ant-list-item').count()).toBeGreaterThan(0);
    await screenshot(page, 'portal-procedure');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('filters the search by field, and the field stays in the address', async () => {
    const fields = (await (await fetch(`${base}/api/procedures/fields`)).json()) as {
      items: { field: string; count: number }[];
    };
    const field = fields.items.find((f) => f.count >= 2 && f.count <= 30)!.field;
    await page.goto(`${base}/?field=${encodeURIComponent(field)}`);
    const items = page.locator('.ant-list-item');
    await items.first().waitFor();
    const count = await items.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) expect(await items.nth(i).textContent()).toContain(field);
    await page.getByRole('combobox', { name: 'Lĩnh vực' }).waitFor();
    expect(await page.locator('.ant-select-content, .ant-select-selection-item').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(field)]),
    );
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('tracks a record by its code and the last 4 digits, and says so plainly when they do not match', async () => {
    await page.goto(`${base}/tra-cuu`);
    await page.getByRole('heading', { name: 'Tra cứu tình trạng hồ sơ' }).waitFor();
    await page.getByLabel('Mã hồ sơ').fill(recordCode);
    await page.getByLabel(/4 số cuối/).fill('12');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByText('Nhập đúng 4 chữ số').waitFor();
    await page.getByLabel(/4 số cuối/).fill('9999');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ' }).waitFor();
    await page.getByLabel(/4 số cuối/).fill('3456');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByText('Được tiếp nhận').waitFor();
    expect(await page.getByText(recordCode).count()).toBeGreaterThan(0);
    await screenshot(page, 'portal-tracking');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('switches to English and back', async () => {
    await page.goto(base);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Find an administrative procedure' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Tìm thủ tục hành chính' }).waitFor();
  });

  it('answers an unknown API address with problem+json, and any other page with the app', async () => {
    const api = await fetch(`${base}/api/nothing-here`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    const deep = await fetch(`${base}/thu-tuc/1.001193`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root"></div>');
  });
});

/** A one-page PDF, as a file for an upload input. */
async function pdfFile(name: string) {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(name);
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) };
}

/** A phone-sized page of its own. */
async function phonePage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
  return context.newPage();
}

/** Fills the applicant and the receiving unit (phường Ninh Kiều) of the online submission form. */
/**
 * Fills the applicant, the one routing fact the procedure asks (the form asks only what its competent-agency
 * rule reads: `commune` is that field's label and the commune to choose) and the receiving unit.
 */
async function fillApplicant(
  citizen: Page,
  fullName: string,
  phone: string,
  commune: { label: string; name: string },
) {
  await citizen.getByRole('heading', { name: 'Nộp hồ sơ trực tuyến' }).waitFor();
  await citizen.getByLabel(commune.label).click();
  await citizen.getByLabel(commune.label).fill(commune.name);
  await citizen.locator('.ant-select-item-option:visible', { hasText: commune.name }).first().click();
  // Its list must be gone before the next select opens: while it fades out, its "Phường Ninh Kiều" option
  // would match the next list's search too, and a click would land on the closing one.
  await citizen.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
  await animationsDone(citizen);
  await citizen.getByLabel('Họ và tên').fill(fullName);
  await citizen.getByLabel('Số định danh cá nhân').fill('092185004321');
  await citizen.getByLabel('Số điện thoại').fill(phone);
  await citizen.getByLabel('Nơi tiếp nhận hồ sơ').click();
  await citizen.getByLabel('Nơi tiếp nhận hồ sơ').fill('Ninh Kiều');
  await citizen.locator('.ant-select-item-option:visible', { hasText: 'phường Ninh Kiều' }).first().click();
}

function recordsOf(fullName: string) {
  return ctx.database.db
    .selectFrom('records')
    .select(['id', 'status', 'returnPoint'])
    .where('applicantName', '=', fullName)
    .execute();
}

function documentsOf(recordId: string) {
  return ctx.database.db
    .selectFrom('recordDocuments')
    .select(['component', 'fileName'])
    .where('recordId', '=', recordId)
    .orderBy('fileName')
    .execute();
}

describe('an online submission', { timeout: E2E_TIMEOUT }, () => {
  it("shows every refused file with its reason, loses none, takes the catalogue's long document names, and gives a reference that tracks at once", async () => {
    // Birth registration (1.001193): the upload slots of the documents needed in every case, in order;
    // the published name of its proof of residence is over 500 characters.
    const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.001193' })).json();
    const names = (p.details.documents as { name: string; case?: string; alternativeGroup?: string }[])
      .filter((d) => !d.case && !d.alternativeGroup)
      .map((d) => d.name);
    expect(names.some((n) => n.length > 500)).toBe(true);
    const citizen = await phonePage();
    await citizen.goto(`${base}/nop-ho-so/1.001193`);
    await fillApplicant(citizen, 'Huỳnh Thị Ngọc Bích', '0912 000 777', {
      label: 'Xã, phường nơi cư trú',
      name: 'Ninh Kiều',
    });
    const inputs = citizen.locator('input[type=file]');
    await inputs.nth(0).setInputFiles(await pdfFile('to-khai.pdf'));
    await inputs.nth(1).setInputFiles({
      name: 'gia-mao.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('not a PDF, only text'),
    });
    await inputs.nth(2).setInputFiles(await pdfFile('giay-to-2.pdf'));
    await citizen.getByLabel('Trực tuyến (tải kết quả điện tử)').check();
    await citizen.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();

    const rejected = citizen.getByTestId('rejected-files');
    await rejected.waitFor();
    const text = (await rejected.textContent()) ?? '';
    expect(text).toContain('Không tải lên được 1 tệp');
    expect(text).toContain('gia-mao.pdf');
    expect(text).toContain('Chỉ nhận tệp PDF, JPEG hoặc PNG');
    expect(await citizen.getByText('Đã nộp hồ sơ').count()).toBe(0);
    const [draft] = await recordsOf('Huỳnh Thị Ngọc Bích');
    expect(draft?.status).toBe('draft');
    expect((await documentsOf(draft!.id)).map((d) => d.fileName)).toEqual(['giay-to-2.pdf', 'to-khai.pdf']);
    expect((await documentsOf(draft!.id)).find((d) => d.fileName === 'to-khai.pdf')?.component).toBe(
      names[0],
    );
    await screenshot(citizen, 'portal-upload-refused');
    expect(await seriousViolations(citizen)).toEqual([]);

    await inputs.nth(1).setInputFiles(await pdfFile('giay-to-1.pdf'));
    await citizen.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    await citizen.getByText('Đã nộp hồ sơ').waitFor();
    await citizen.getByText('Đã tải lên 3 tệp').waitFor();
    expect(await citizen.getByTestId('uploaded-files').locator('li').allTextContents()).toEqual(
      expect.arrayContaining(['to-khai.pdf', 'giay-to-1.pdf', 'giay-to-2.pdf']),
    );
    const submitted = await recordsOf('Huỳnh Thị Ngọc Bích');
    expect(submitted.map((r) => r.status)).toEqual(['submitted']);
    expect(JSON.parse(submitted[0]!.returnPoint ?? 'null')).toEqual({ kind: 'online' });
    expect(await documentsOf(submitted[0]!.id)).toHaveLength(3);
    expect(await citizen.getByText(/gửi cho bạn/).count()).toBe(0);

    // The receipt's reference tracks the record before it has a code.
    const reference = (await citizen.getByTestId('reference').textContent()) ?? '';
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}$/);
    await citizen.getByRole('link', { name: 'Tra cứu hồ sơ này' }).click();
    await citizen.getByRole('heading', { name: 'Tra cứu tình trạng hồ sơ' }).waitFor();
    expect(await citizen.getByLabel('Mã hồ sơ').inputValue()).toBe(reference);
    await citizen.getByLabel(/4 số cuối/).fill('0777');
    await citizen.getByRole('button', { name: 'Tra cứu' }).click();
    await citizen.locator('.ant-card-head-title', { hasText: reference }).waitFor();
    await citizen.getByText('Mới đăng ký').waitFor();
    await citizen.context().close();
  });

  it('offers an upload slot for each document only, a case behind its tick, and the notes as guidance (1.001193)', async () => {
    type Row = { name: string; case?: string; alternativeGroup?: string };
    const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.001193' })).json();
    const documents = p.details.documents as Row[];
    const notes = p.details.checklistNotes as Row[];
    const always = documents.filter((d) => !d.case && !d.alternativeGroup);
    const cases = [...new Set(documents.map((d) => d.case).filter(Boolean))] as string[];
    expect(notes.length).toBeGreaterThan(documents.length);
    expect(cases.length).toBeGreaterThan(0);
    const citizen = await phonePage();
    await citizen.goto(`${base}/nop-ho-so/1.001193`);
    await citizen.getByRole('heading', { name: 'Nộp hồ sơ trực tuyến' }).waitFor();
    const slots = citizen.locator('input[type=file]');
    await slots.first().waitFor({ state: 'attached' });
    expect(await slots.count()).toBe(always.length);
    const labels = (await citizen.locator('.ant-form-item-label label').allTextContents()).map((l) =>
      l.replace(/\s+/g, ' '),
    );
    always.forEach((d, i) => {
      expect(labels).toContain(`${i + 1}. ${d.name}`.replace(/\s+/g, ' '));
    });
    const body = ((await citizen.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');
    for (const n of notes) expect(body).not.toContain(n.name.replace(/\s+/g, ' ').slice(0, 80));
    // A case asks for nothing until the applicant says it is theirs.
    const first = citizen.getByTestId('checklist-group').first();
    expect(await first.textContent()).toContain(`Chỉ khi: ${cases[0]}`);
    await first.getByRole('checkbox', { name: 'Trường hợp này áp dụng với tôi' }).check();
    const inCase = documents.filter((d) => d.case === cases[0]).length;
    await expect.poll(() => slots.count()).toBe(always.length + inCase);
    // A file chosen for the case does not keep it ticked: unticking hides the case and drops its file.
    const tick = first.getByRole('checkbox', { name: 'Trường hợp này áp dụng với tôi' });
    await first
      .locator('input[type=file]')
      .first()
      .setInputFiles(await pdfFile('truong-hop.pdf'));
    await first.getByText('truong-hop.pdf').waitFor();
    await tick.uncheck();
    await expect.poll(() => slots.count()).toBe(always.length);
    expect(await tick.isChecked()).toBe(false);
    await tick.check();
    await expect.poll(() => slots.count()).toBe(always.length + inCase);
    expect(await first.textContent()).not.toContain('truong-hop.pdf');
    expect(await seriousViolations(citizen)).toEqual([]);
    await screenshot(citizen, 'portal-submit-documents-only');

    // The procedure page lists the same documents and folds the notes away as guidance.
    await citizen.goto(`${base}/thu-tuc/1.001193`);
    await citizen.getByRole('heading', { name: 'Thành phần hồ sơ', exact: true }).waitFor();
    const guidance = citizen.getByTestId('checklist-notes');
    expect(await guidance.textContent()).toMatch(/^Lưu ý, điều kiện và hướng dẫn \(\d+\)/);
    await guidance.getByRole('button').first().click();
    await guidance.getByText(notes[0]!.name.trim().slice(0, 40), { exact: false }).first().waitFor();
    expect(await citizen.getByTestId('procedure-documents').locator('.ant-list-item').count()).toBe(
      documents.length,
    );
    expect(await seriousViolations(citizen)).toEqual([]);
    await citizen.context().close();
  });

  it('sends one Idempotency-Key again when the answer was lost on the network, and makes one record', async () => {
    const citizen = await phonePage();
    const keys: string[] = [];
    let lost = false;
    await citizen.route(/\/api\/public\/records(\?draft=true)?$/, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (lost) return route.continue();
      // The server takes the first request; its answer never reaches the browser.
      lost = true;
      await route.fetch();
      return route.abort('connectionreset');
    });
    await citizen.goto(`${base}/nop-ho-so/1.012796`);
    await fillApplicant(citizen, 'Tạ Văn Khánh', '0912 000 888', {
      label: 'Xã, phường nơi có thửa đất',
      name: 'Cái Khế',
    });
    await citizen.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    await citizen
      .getByRole('alert')
      .filter({ hasText: /mạng|kết nối/i })
      .waitFor();
    expect(await recordsOf('Tạ Văn Khánh')).toHaveLength(1);
    const replayed = citizen.waitForResponse(
      (r) => r.request().method() === 'POST' && /\/api\/public\/records(\?draft=true)?$/.test(r.url()),
    );
    await citizen.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    expect((await replayed).headers()['idempotent-replayed']).toBe('true');
    await citizen.getByText('Đã nộp hồ sơ').waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect((await recordsOf('Tạ Văn Khánh')).map((r) => r.status)).toEqual(['submitted']);
    await citizen.context().close();
  });
});

describe("the applicant's electronic result", () => {
  it('is downloaded from Hồ sơ của tôi and from tracking once issued', async () => {
    const tokens: Record<string, string> = {};
    const users: Record<string, string> = {};
    await signInLandCorrectionOfficials(ctx, 'portal-results', tokens, users);
    const procedure = await landCorrectionProcedure(ctx);
    const ok = async (who: string, url: string, payload: object) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${tokens[who]}` },
        payload,
      });
      if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const agency = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow();
    const submitted = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: procedure.versionId,
        applicant: { kind: 'citizen', fullName: 'Châu Thị Mỹ Lệ', phone: '0912 000 246' },
        routing: { landParcelUnitCode: '31120' },
        receivingAgencyId: agency.id,
        returnPoint: { kind: 'online' },
      },
    });
    const { applicantToken } = submitted.json();
    let r = submitted.json().record;
    r = (
      await ok('nk.reception', `/api/records/${r.id}/receive`, {
        version: r.version,
        checklist: procedure.documents.slice(0, 2).map((document) => ({ document, provided: true })),
      })
    ).record;
    r = (await ok('nk.reception', `/api/records/${r.id}/forward`, { version: r.version })).record;
    r = (
      await ok('ck.leader', `/api/records/${r.id}/assign`, {
        version: r.version,
        assigneeId: users['ck.specialist'],
      })
    ).record;
    r = (await ok('ck.specialist', `/api/records/${r.id}/forward`, { version: r.version })).record;
    r = (await ok('ck.leader', `/api/records/${r.id}/approve`, { version: r.version })).record;
    let result = (
      await ok('ck.specialist', `/api/records/${r.id}/results`, {
        title: 'Quyết định đính chính Giấy chứng nhận',
        number: '127/QĐ-UBND',
        paragraphs: ['Đính chính thông tin thửa đất số 47, tờ bản đồ số 12.'],
      })
    ).result;
    result = (
      await ok('ck.specialist', `/api/records/${r.id}/results/${result.id}/sign`, {
        as: 'agency',
        version: result.version,
      })
    ).result;
    r = (
      await ok('ck.specialist', `/api/records/${r.id}/issue-result`, {
        version: r.version,
        documents: [{ name: 'Quyết định đính chính Giấy chứng nhận', number: '127/QĐ-UBND' }],
      })
    ).record;
    const fileName = `ket-qua-${result.verificationCode}.pdf`;
    const link = 'Tải về Quyết định đính chính Giấy chứng nhận (127/QĐ-UBND)';

    const citizen = await phonePage();
    await citizen.goto(`${base}/ho-so/${r.id}#t=${applicantToken}`);
    await citizen.getByRole('heading', { name: 'Kết quả giải quyết điện tử' }).waitFor();
    const [fromMine] = await Promise.all([
      citizen.waitForEvent('download'),
      citizen.getByRole('button', { name: link }).click(),
    ]);
    expect(fromMine.suggestedFilename()).toBe(fileName);
    expect(
      readFileSync((await fromMine.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(await seriousViolations(citizen)).toEqual([]);

    await citizen.goto(`${base}/tra-cuu`);
    await citizen.getByLabel('Mã hồ sơ').fill(r.code);
    await citizen.getByLabel(/4 số cuối/).fill('0000');
    await citizen.getByRole('button', { name: 'Tra cứu' }).click();
    await citizen.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ' }).waitFor();
    expect(await citizen.getByRole('link', { name: link }).count()).toBe(0);
    await citizen.getByLabel(/4 số cuối/).fill('0246');
    await citizen.getByRole('button', { name: 'Tra cứu' }).click();
    const [fromTracking] = await Promise.all([
      citizen.waitForEvent('download'),
      citizen.getByRole('link', { name: link }).click(),
    ]);
    expect(fromTracking.suggestedFilename()).toBe(fileName);
    expect(
      readFileSync((await fromTracking.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await screenshot(citizen, 'portal-result-download');
    expect(await seriousViolations(citizen)).toEqual([]);
    await citizen.context().close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium, pick, screenshot, seriousViolations } from './browser.ts';

/**
 * The checklist of a real procedure edited in the workspace (issue 14 item 7), in Debian's Chromium: the
 * demo city administrator `quantri` opens birth registration (1.001193), whose whole stored checklist
 * (documents and notes) the form loads from its latest version. She turns a document needed only in a case
 * into a note, removes a document every applicant hands in, adds a new document (a certified copy), and
 * saves under a decision: version 2 keeps every note, the public procedure and the online submission form
 * list only its documents (the new one as an upload slot, not the removed or the switched one), and a
 * record received at the counter before the edit keeps its checklist and its version.
 */

const CODE = '1.001193';
const DECISION = '2730/QĐ-UBND';
const NEW_DOCUMENT = 'Bản sao Giấy chứng nhận kết hôn của cha, mẹ trẻ em (nếu có)';

type Row = { kind?: 'document' | 'note'; name: string; case?: string; alternativeGroup?: string };

let ctx: TestContext;
let base: string;
let browser: Browser;

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(`${base}/can-bo`);
  await page.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
  return page;
}

async function stored(): Promise<{ id: string; version: number; documents: Row[] }[]> {
  const rows = await ctx.database.db
    .selectFrom('procedureVersions as v')
    .innerJoin('procedures as p', 'p.id', 'v.procedureId')
    .select(['v.id', 'v.version', 'v.data'])
    .where('p.code', '=', CODE)
    .orderBy('v.version')
    .execute();
  return rows.map((r) => {
    const data = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as { documents: Row[] };
    return { id: r.id, version: r.version, documents: data.documents };
  });
}

async function publicProcedure(): Promise<{ documents: Row[]; notes: Row[] }> {
  const p = (await ctx.app.inject({ method: 'GET', url: `/api/procedures/${CODE}` })).json();
  return { documents: p.details.documents, notes: p.details.checklistNotes };
}

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  ctx.deps.clock.set(new Date());
  await seedDemoAccounts(ctx.deps);
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('editing a procedure’s checklist', { timeout: E2E_TIMEOUT }, () => {
  it('an administrator removes, switches and adds checklist rows; forms follow, earlier records keep theirs', async () => {
    const [v1] = await stored();
    const rows = v1!.documents;
    const before = await publicProcedure();
    const count = (name: string) => rows.filter((r) => r.name === name).length;
    // A document every applicant hands in (listed once), and a document needed only in a case.
    const removed = rows.findIndex(
      (r) => r.kind === 'document' && !r.case && !r.alternativeGroup && count(r.name) === 1,
    );
    const switched = rows.findIndex(
      (r, i) => i > removed && r.kind === 'document' && r.case && count(r.name) === 1,
    );
    expect(removed).toBeGreaterThanOrEqual(0);
    expect(switched).toBeGreaterThan(removed);
    expect(rows.some((r) => r.name === NEW_DOCUMENT)).toBe(false);
    const removedName = rows[removed]!.name;
    const switchedName = rows[switched]!.name;
    expect(before.documents.map((d) => d.name)).toContain(removedName);

    // A record received at the counter before the edit, with the checklist of version 1.
    const token = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc', username: 'docs.before' });
    const checklist = before.documents
      .filter((d) => !d.case && !d.alternativeGroup)
      .map((d) => ({ document: d.name, provided: true }));
    const received = await ctx.app.inject({
      method: 'POST',
      url: '/api/records',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        type: 'receive',
        checklist,
        opening: {
          procedureVersionId: v1!.id,
          channel: 'in_person',
          applicant: { kind: 'citizen', fullName: 'Huỳnh Thị Thanh Tâm', phone: '0939 246 810' },
          routing: { residenceUnitCode: '31135' },
        },
      },
    });
    expect(received.statusCode, received.body).toBe(201);
    const recordId = received.json().record?.id ?? received.json().id;
    const recordBefore = async () => {
      const r = await ctx.database.db
        .selectFrom('records')
        .select(['procedureVersionId', 'state'])
        .where('id', '=', recordId)
        .executeTakeFirstOrThrow();
      const state = (typeof r.state === 'string' ? JSON.parse(r.state) : r.state) as {
        checklist: { document: string; provided: boolean }[];
      };
      return { procedureVersionId: r.procedureVersionId, checklist: state.checklist };
    };
    const kept = await recordBefore();
    expect(kept.checklist.map((c) => c.document)).toEqual(checklist.map((c) => c.document));

    const admin = await signIn('quantri');
    await admin.goto(`${base}/can-bo/quan-tri/thu-tuc/${CODE}`);
    await admin
      .getByRole('heading', { level: 1, name: new RegExp(`^${CODE.replaceAll('.', '\\.')} — `) })
      .waitFor();
    const editor = admin.getByTestId('documents-editor');
    // Every stored row, notes included, each with its published text beside it.
    await editor.getByRole('group', { name: `Dòng ${rows.length}`, exact: true }).waitFor();
    expect(await editor.getByRole('group', { name: /^Dòng \d+$/ }).count()).toBe(rows.length);
    const note = rows.findIndex((r) => r.kind === 'note');
    expect(note).toBeGreaterThanOrEqual(0);
    expect(
      await editor
        .getByRole('group', { name: `Dòng ${note + 1}`, exact: true })
        .getByRole('radio', { name: 'Ghi chú, hướng dẫn' })
        .isChecked(),
    ).toBe(true);
    await screenshot(admin, 'catalog-documents-edit');
    expect(await seriousViolations(admin)).toEqual([]);

    // The case document becomes a note; then the document is removed (rows after it move up one).
    await editor
      .getByRole('group', { name: `Dòng ${switched + 1}`, exact: true })
      .getByRole('radio', { name: 'Ghi chú, hướng dẫn' })
      .check();
    await editor.getByRole('button', { name: `Xóa dòng ${removed + 1}`, exact: true }).click();
    await editor
      .getByRole('group', { name: `Dòng ${rows.length}`, exact: true })
      .waitFor({ state: 'detached' });
    // A new document, moved up one row, handed in as one certified copy.
    // By keyboard: a new document (the focus goes to its name), handed in as one certified copy, moved up.
    await editor.getByRole('button', { name: 'Thêm giấy tờ' }).focus();
    await admin.keyboard.press('Enter');
    const last = rows.length;
    const focused = admin.locator(':focus');
    await admin.getByLabel(`Tên giấy tờ (dòng ${last})`).and(focused).waitFor();
    await admin.keyboard.type(NEW_DOCUMENT);
    await admin.getByLabel(`Số bản chính (dòng ${last})`).fill('0');
    await admin.getByLabel(`Số bản sao (dòng ${last})`).fill('1');
    await pick(admin, `Hình thức bản (dòng ${last})`, 'Bản sao có chứng thực');
    await editor.getByRole('button', { name: `Chuyển dòng ${last} lên`, exact: true }).focus();
    await admin.keyboard.press('Enter');
    // The focus follows the row.
    await editor
      .getByRole('button', { name: `Chuyển dòng ${last - 1} lên`, exact: true })
      .and(focused)
      .waitFor();
    expect(await admin.getByLabel(`Tên giấy tờ (dòng ${last - 1})`).inputValue()).toBe(NEW_DOCUMENT);
    await admin.getByLabel('Số quyết định công bố').fill(DECISION);
    await admin.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    await admin.getByRole('status').filter({ hasText: 'Phiên bản 2 có hiệu lực từ' }).waitFor();
    await admin.getByRole('cell', { name: DECISION }).waitFor();
    await screenshot(admin, 'catalog-documents-saved');
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.context().close();

    // Version 2 keeps every note; the switched row is one more; the removed row is gone; the new one is in.
    const [, v2] = await stored();
    expect(v2!.version).toBe(2);
    const names = v2!.documents.map((d) => d.name);
    expect(names).not.toContain(removedName);
    expect(names.indexOf(NEW_DOCUMENT)).toBe(names.length - 2);
    const added = v2!.documents.find((d) => d.name === NEW_DOCUMENT) as Row & Record<string, unknown>;
    expect(added).toMatchObject({
      kind: 'document',
      originals: 0,
      copies: 1,
      quantity: 1,
      copyKind: 'certified_copy',
      raw: '',
    });
    for (const n of rows.filter((r) => r.kind === 'note'))
      expect(v2!.documents.filter((d) => d.kind === 'note').map((d) => d.name)).toContain(n.name);
    expect(v2!.documents.find((d) => d.name === switchedName)?.kind).toBe('note');

    const after = await publicProcedure();
    const docs = after.documents.map((d) => d.name);
    expect(docs).toContain(NEW_DOCUMENT);
    expect(docs).not.toContain(removedName);
    expect(docs).not.toContain(switchedName);
    expect(after.notes.map((n) => n.name)).toContain(switchedName);
    expect(after.notes.length).toBe(before.notes.length + 1);

    // The submission form: one upload slot per document, the new one among them, the removed one gone.
    const citizen = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
    ).newPage();
    await citizen.goto(`${base}/nop-ho-so/${CODE}`);
    const slotOf = (name: string) => new RegExp(`^\\d+\\. ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await citizen.getByText(slotOf(NEW_DOCUMENT)).waitFor();
    expect(await citizen.getByText(slotOf(removedName)).count()).toBe(0);
    await screenshot(citizen, 'catalog-documents-submit');
    await citizen.context().close();

    // The record received before keeps its version and its checklist.
    expect(await recordBefore()).toEqual({ procedureVersionId: v1!.id, checklist: kept.checklist });
  });
});

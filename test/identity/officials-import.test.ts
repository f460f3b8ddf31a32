import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';
import { multipart } from '../support/multipart.ts';

/** Officials at city scale: the HR import (POST /api/officials/import), on PGlite and PostgreSQL. */

let ctx: TestContext;
let cityAdmin: string;
let communeAdmin: string;
const agency: Record<string, { id: string; code: string; name: string }> = {};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const HEADER = 'STT,Họ và tên,Tên đăng nhập,Email,Số điện thoại,Mã đơn vị,Tên đơn vị,Chức vụ,Vai trò';

function csv(lines: string[]): Uint8Array {
  return new TextEncoder().encode(`${[HEADER, ...lines].join('\r\n')}\r\n`);
}

async function upload(
  bytes: Uint8Array,
  opts: { token?: string; dryRun?: boolean; deactivateMissing?: boolean; name?: string; lang?: string } = {},
) {
  const body = await multipart(
    { dryRun: String(opts.dryRun ?? false), deactivateMissing: String(opts.deactivateMissing ?? false) },
    { bytes, name: opts.name ?? 'can-bo.csv', type: 'text/csv' },
  );
  return ctx.app.inject({
    method: 'POST',
    url: '/api/officials/import',
    headers: { ...bearer(opts.token ?? cityAdmin), ...body.headers, 'accept-language': opts.lang ?? 'vi' },
    payload: body.payload,
  });
}

async function users(prefix: string) {
  return ctx.database.db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'displayName',
      'agencyId',
      'position',
      'phone',
      'roles',
      'active',
      'mustChangePassword',
    ])
    .where('username', 'like', `${prefix}%`)
    .orderBy('username')
    .execute();
}

beforeAll(async () => {
  ctx = await createTestContext();
  for (const r of await ctx.database.db
    .selectFrom('agencies')
    .select(['id', 'key', 'code', 'name'])
    .execute())
    agency[r.key] = r;
  cityAdmin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'quantri.tp.import' });
  communeAdmin = await ctx.signIn(['admin'], { agencyKey: '31120-ubnd', username: 'quantri.caikhe.import' });
});
afterAll(() => ctx.close());

describe('POST /api/officials/import', () => {
  it('previews with dryRun, then imports a CSV export: accounts with positions, agencies by code or name, no password yet', async () => {
    const ck = agency['31120-ubnd']!;
    const file = csv([
      `1,Nguyễn Văn An,imp.an,,0912 345 678,${ck.code},,Chuyên viên,`,
      `2,Trần Thị Bình,imp.binh,binh@cantho.gov.vn,,,"${ck.name}",Phó Chủ tịch,"Lãnh đạo, Chuyên viên"`,
    ]);
    const preview = await upload(file, { dryRun: true });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, rows: 2, created: 2, updated: 0, unchanged: 0 });
    expect(
      preview.json().changes.map((c: { username: string; action: string }) => [c.username, c.action]),
    ).toEqual([
      ['imp.an', 'create'],
      ['imp.binh', 'create'],
    ]);
    expect(await users('imp.')).toEqual([]);

    const res = await upload(file);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ dryRun: false, created: 2 });
    expect(await users('imp.')).toMatchObject([
      {
        username: 'imp.an',
        displayName: 'Nguyễn Văn An',
        agencyId: ck.id,
        position: 'Chuyên viên',
        phone: '0912345678',
        roles: ['specialist'],
        active: true,
        mustChangePassword: true,
      },
      { username: 'imp.binh', position: 'Phó Chủ tịch', roles: ['leader', 'specialist'] },
    ]);
    // No password works until an administrator resets one.
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'imp.an', password: '!imported-no-password' },
    });
    expect(login.statusCode).toBe(401);
    const created = await users('imp.');
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select(['entityId', 'actorRole'])
      .where('action', '=', 'user.imported')
      .execute();
    expect(audit.map((a) => a.entityId).sort()).toEqual(created.map((u) => u.id).sort());
  });

  it('reports an unknown agency and a duplicate by row and column in Vietnamese and English, and imports nothing', async () => {
    const ck = agency['31120-ubnd']!;
    const file = csv([
      `1,Lê Văn Cường,bad.cuong,,,${ck.code},,,`,
      `2,Phạm Thị Dung,bad.dung,,,H13.KHONG.CO,,,`,
      `3,Phạm Thị Dung,bad.cuong,,,${ck.code},,,`,
    ]);
    const vi = await upload(file);
    expect(vi.statusCode).toBe(422);
    expect(vi.headers['content-type']).toContain('application/problem+json');
    expect(vi.json()).toMatchObject({
      code: 'official.import_invalid',
      title: 'Danh sách cán bộ có dòng không hợp lệ; chưa nhập gì',
    });
    expect(vi.json().errors).toEqual([
      {
        path: 'file.rows.3.agencyCode',
        code: 'unknown_agency',
        message: 'row 3, column "agency code": no agency has the code "H13.KHONG.CO"',
        message_vi: 'Dòng 3, cột “Mã đơn vị”: không có đơn vị nào mã “H13.KHONG.CO”',
      },
      {
        path: 'file.rows.4.username',
        code: 'duplicate',
        message: 'row 4, column "username": "bad.cuong" is also on row 2',
        message_vi: 'Dòng 4, cột “Tên đăng nhập”: “bad.cuong” trùng với dòng 2',
      },
    ]);
    const en = await upload(file, { lang: 'en' });
    expect(en.json().title).toBe('The officials list has invalid rows; nothing was imported');
    expect(await users('bad.')).toEqual([]);
  });

  it('keeps a commune administrator to their commune: another agency is reported by row', async () => {
    const file = csv([`1,Lê Thị Hoa,scope.hoa,,,${agency['92-ubnd']!.code},,,`]);
    const res = await upload(file, { token: communeAdmin });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({
      path: 'file.rows.2.agencyCode',
      code: 'agency_out_of_scope',
    });
    expect(await users('scope.')).toEqual([]);
  });

  it('re-imports idempotently, moves and updates existing accounts, and deactivates the left-out ones only when asked', async () => {
    // Two communes no other test uses.
    const ck = agency['31147-ubnd']!;
    const nk = agency['31150-ubnd']!;
    const first = csv([
      `1,Võ Văn Em,re.em,,,${ck.code},,Chuyên viên,`,
      `2,Hồ Thị Giang,re.giang,,,${ck.code},,Chuyên viên,`,
      `3,Đỗ Văn Hải,re.hai,,,${ck.code},,Văn thư,Tiếp nhận`,
    ]);
    expect((await upload(first)).json()).toMatchObject({ created: 3 });
    const again = await upload(first);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3, deactivated: 0 });

    const hai = (await users('re.hai'))[0]!;
    const haiToken = await (async () => {
      const reset = await ctx.app.inject({
        method: 'POST',
        url: `/api/users/${hai.id}/password-reset`,
        headers: bearer(cityAdmin),
      });
      const login = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 're.hai', password: reset.json().temporaryPassword },
      });
      return login.json().token as string;
    })();
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(haiToken) })).statusCode,
    ).toBe(200);

    // Giang moves agency and becomes head of department; Hải is left out of the agency's full list.
    const second = csv([
      `1,Võ Văn Em,re.em,,,${ck.code},,Chuyên viên,`,
      `2,Hồ Thị Giang,re.giang,,,${nk.code},,Trưởng phòng,Lãnh đạo`,
    ]);
    const without = await upload(second, { dryRun: true });
    expect(without.json()).toMatchObject({ updated: 1, unchanged: 1, deactivated: 0 });
    const withMissing = await upload(second, { deactivateMissing: true });
    expect(withMissing.json()).toMatchObject({ updated: 1, unchanged: 1 });
    const left = withMissing.json().changes.filter((c: { action: string }) => c.action === 'deactivate');
    expect(left.map((c: { username: string }) => c.username)).toEqual(['re.hai']);
    expect(await users('re.')).toMatchObject([
      { username: 're.em', active: true },
      { username: 're.giang', agencyId: nk.id, position: 'Trưởng phòng', roles: ['leader'] },
      { username: 're.hai', active: false },
    ]);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(haiToken) })).statusCode,
    ).toBe(401);
    // Listed again: active again.
    const back = await upload(csv([`1,Đỗ Văn Hải,re.hai,,,${ck.code},,Văn thư,Tiếp nhận`]));
    expect(back.json()).toMatchObject({ updated: 1 });
    expect((await users('re.hai'))[0]!.active).toBe(true);
  });

  it('reads an .xlsx export with a title row and a phone typed as a number', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh sách');
    ws.addRow(['DANH SÁCH CÁN BỘ CÔNG CHỨC PHƯỜNG CÁI KHẾ']);
    ws.addRow(HEADER.split(','));
    ws.addRow([
      1,
      'Mai Thị Lan',
      'xl.lan',
      'lan@cantho.gov.vn',
      912345678,
      agency['31120-ubnd']!.code,
      '',
      'Công chức',
      'Tiếp nhận',
    ]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const res = await upload(bytes, { name: 'can-bo.xlsx' });
    expect(res.statusCode).toBe(201);
    expect(await users('xl.')).toMatchObject([
      { username: 'xl.lan', phone: '0912345678', roles: ['reception'], position: 'Công chức' },
    ]);
  });

  it('reads a semicolon-separated CSV with a title line above the header, and reports a bad phone by row', async () => {
    const text = `DANH SÁCH CÁN BỘ\r\nSTT;Họ và tên;Tên đăng nhập;Số điện thoại;Mã đơn vị\r\n1;Trần Văn Sáu;semi.sau;0912;${agency['31120-ubnd']!.code}\r\n`;
    const res = await upload(new TextEncoder().encode(text));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toMatchObject([{ path: 'file.rows.3.phone', code: 'phone.format' }]);
  });

  it('refuses a file that is not a spreadsheet, naming the file', async () => {
    const res = await upload(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), { name: 'x.xlsx' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ path: 'file', code: 'unreadable_file' });
  });

  it('is for administrators only', async () => {
    const specialist = await ctx.signIn(['specialist'], { agencyKey: '31120-ubnd' });
    const res = await upload(csv([]), { token: specialist });
    expect(res.statusCode).toBe(403);
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateDueVersions, getProcedureFacts } from '../../src/modules/catalog/index.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  type TestContext,
} from '../support/context.ts';
import { TEST_NOW } from '../support/deps.ts';
import { multipart } from '../support/multipart.ts';

let ctx: TestContext;
let admin: string;
let communeAdmin: string;
let cityReception: string;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'city.admin' });
  communeAdmin = await ctx.signIn(['admin'], { agencyKey: '31135-ttpvhcc', username: 'nk.admin' });
  cityReception = await ctx.signIn(['reception'], { agencyKey: '92-ubnd', username: 'city.reception' });
});
afterAll(() => ctx.close());

const TODAY = '2026-03-02';
/** Phê duyệt Đề án sắp xếp công ty nông, lâm nghiệp: in person, no published time limit. */
const NO_TIME = '1.000025';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const editVersion = (code: string, payload: unknown, token = admin) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/catalog/procedures/${code}/versions`,
    headers: auth(token),
    payload: payload as Record<string, unknown>,
  });
const versions = async (code: string) =>
  (
    await ctx.app.inject({
      method: 'GET',
      url: `/api/catalog/procedures/${code}/versions`,
      headers: auth(admin),
    })
  ).json();
const procedure = async (code: string) =>
  (await ctx.app.inject({ method: 'GET', url: `/api/procedures/${code}` })).json();

describe('POST /api/catalog/procedures/:code/versions', () => {
  it('numbers two edits of one procedure sent at once one after the other, and a record’s version stays readable', async () => {
    const code = '1.001193';
    const before = await procedure(code);
    const [a, b] = await Promise.all(
      [true, false].map((crossBoundary) =>
        editVersion(code, { effectiveFrom: TODAY, decisionNo: '77/QĐ-UBND', changes: { crossBoundary } }),
      ),
    );
    expect([a!.statusCode, b!.statusCode]).toEqual([201, 201]);
    expect([a!.json().version.version, b!.json().version.version].sort()).toEqual([
      before.version + 1,
      before.version + 2,
    ]);
    // GET /api/procedures/:code?versionId= gives a record's own version, not the one in force.
    const old = await ctx.app.inject({
      method: 'GET',
      url: `/api/procedures/${code}?versionId=${before.versionId}`,
    });
    expect(old.statusCode).toBe(200);
    expect(old.json()).toMatchObject({ versionId: before.versionId, version: before.version });
    const foreign = await ctx.app.inject({
      method: 'GET',
      url: `/api/procedures/${NO_TIME}?versionId=${before.versionId}`,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('makes a new version with the time limit set, in force at once, with who, when, the decision and the audit row', async () => {
    const before = await procedure(NO_TIME);
    expect(before.timeLimit).toBeNull();
    const res = await editVersion(NO_TIME, {
      effectiveFrom: TODAY,
      decisionNo: '512/QĐ-UBND',
      changes: { timeLimits: { in_person: { value: 20, unit: 'working_days' } } },
    });
    expect(res.statusCode).toBe(201);
    const v = res.json().version;
    expect(v).toMatchObject({
      code: NO_TIME,
      version: before.version + 1,
      effectiveFrom: TODAY,
      inForce: true,
      origin: 'edit',
      localEdits: ['timeLimits'],
      timeLimit: { value: 20, unit: 'working_days' },
      edit: { fields: ['timeLimits.in_person'], decisionNo: '512/QĐ-UBND', by: { name: 'Test admin' } },
    });
    const after = await procedure(NO_TIME);
    expect(after).toMatchObject({ versionId: v.id, timeLimit: { value: 20, unit: 'working_days' } });
    const list = await versions(NO_TIME);
    expect(list.items.map((x: { version: number }) => x.version)).toEqual([v.version, before.version]);
    const one = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/catalog/procedures/${NO_TIME}/versions/${before.version}`,
        headers: auth(admin),
      })
    ).json();
    expect(one).toMatchObject({ version: before.version, origin: 'import', inForce: false });
    expect(one.sourceTime.in_person).toBe(
      before.details.channels.find((c: { channel: string }) => c.channel === 'in_person').timeRaw,
    );
    expect(one.data.code).toBe(NO_TIME);
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select(['action', 'entityType'])
      .where('action', '=', 'procedure.version_created')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('refuses a rule that does not resolve for every commune and a channel left without a time limit, naming the field', async () => {
    const rule = await editVersion('1.001193', {
      effectiveFrom: TODAY,
      decisionNo: '1/QĐ-UBND',
      changes: {
        competentAgencyRule: { kind: 'fixed_city_department', department: 'Sở Vũ trụ', basis: 'admin' },
      },
    });
    expect(rule.statusCode).toBe(422);
    expect(rule.json()).toMatchObject({
      code: 'catalog.edit_refused',
      errors: [{ path: 'changes.competentAgencyRule' }],
    });
    const online = await editVersion(NO_TIME, {
      effectiveFrom: TODAY,
      decisionNo: '1/QĐ-UBND',
      changes: { onlineLevel: 'full' },
    });
    expect(online.statusCode).toBe(422);
    expect(online.json().errors.map((e: { path: string }) => e.path)).toEqual(['changes.timeLimits.online']);
    const empty = await editVersion(NO_TIME, { effectiveFrom: TODAY, decisionNo: 'x', changes: {} });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().code).toBe('request.invalid');
  });

  it("lets only the administrator of the city People's Committee or its office edit: a commune or department admin and a city official without the role get 403", async () => {
    const body = { effectiveFrom: TODAY, decisionNo: '2/QĐ-UBND', changes: { crossBoundary: false } };
    const commune = await editVersion('1.001193', body, communeAdmin);
    expect(commune.statusCode).toBe(403);
    expect(commune.json().code).toBe('auth.forbidden');
    expect((await editVersion('1.001193', body, cityReception)).statusCode).toBe(403);
    const department = await ctx.signIn(['admin'], { agencyKey: '92-so-tu-phap', username: 'tp.admin' });
    expect((await editVersion('1.001193', body, department)).statusCode).toBe(403);
    const office = await ctx.signIn(['admin'], { agencyKey: '92-van-phong-ubnd', username: 'vp.admin' });
    const byOffice = await editVersion('1.000426', { ...body, effectiveFrom: '2026-04-01' }, office);
    expect(byOffice.statusCode).toBe(201);
    expect((await editVersion('9.999999', body)).statusCode).toBe(404);
  });

  it('keeps a dated version waiting until its day, and refuses a later edit dated before it', async () => {
    const code = '1.000426';
    const before = await procedure(code);
    const res = await editVersion(code, {
      effectiveFrom: '2026-04-01',
      decisionNo: '600/QĐ-UBND',
      changes: { timeLimits: { in_person: { value: 3, unit: 'working_days' } } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().version.inForce).toBe(false);
    expect((await procedure(code)).versionId).toBe(before.versionId);
    const early = await editVersion(code, {
      effectiveFrom: TODAY,
      decisionNo: '601/QĐ-UBND',
      changes: { crossBoundary: false },
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0].path).toBe('effectiveFrom');
    await inTransaction(ctx.database.db, (tx) => activateDueVersions(tx, new Date('2026-03-31T12:00:00Z')));
    expect((await procedure(code)).versionId).toBe(before.versionId);
    await inTransaction(ctx.database.db, (tx) => activateDueVersions(tx, new Date('2026-04-01T01:00:00Z')));
    expect((await procedure(code)).versionId).toBe(res.json().version.id);
  });

  it('never changes a record already received: it keeps its version and time limit', async () => {
    const reception = await ctx.signIn(['reception'], {
      agencyKey: '31135-ttpvhcc',
      username: 'nk.rec.admin',
    });
    const v1 = await landCorrectionProcedure(ctx);
    const record = await receiveLandCorrection(ctx, reception, v1, 'Nguyễn Văn An');
    const edit = await editVersion('1.012796', {
      effectiveFrom: TODAY,
      decisionNo: '700/QĐ-UBND',
      changes: { timeLimits: { in_person: { value: 2, unit: 'working_days' } } },
    });
    expect(edit.statusCode).toBe(201);
    const row = await ctx.database.db
      .selectFrom('records')
      .select(['procedureVersionId'])
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow();
    expect(row.procedureVersionId).toBe(v1.versionId);
    const oldFacts = await getProcedureFacts(ctx.database.db, v1.versionId);
    const newFacts = await getProcedureFacts(ctx.database.db, edit.json().version.id);
    expect(newFacts.timeLimits.in_person).toEqual({ value: 2, unit: 'working_days' });
    expect(oldFacts.timeLimits.in_person).not.toEqual({ value: 2, unit: 'working_days' });
    const v2 = await landCorrectionProcedure(ctx);
    expect(v2.versionId).toBe(edit.json().version.id);
    // A new record opens under the version in force only.
    const stale = await receiveLandCorrection(ctx, reception, v1, 'Lê Văn Cường').catch(
      (e: Error) => e.message,
    );
    expect(stale).toMatch(/reception failed: 409 .*procedure\.version_not_in_force/);
    const second = await receiveLandCorrection(ctx, reception, v2, 'Trần Thị Bình');
    const row2 = await ctx.database.db
      .selectFrom('records')
      .select(['procedureVersionId'])
      .where('id', '=', second.id)
      .executeTakeFirstOrThrow();
    expect(row2.procedureVersionId).toBe(v2.versionId);
  });
});

describe('POST /api/catalog/bulk-edits', () => {
  const bulk = (payload: unknown) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/catalog/bulk-edits',
      headers: auth(admin),
      payload: payload as object,
    });

  it('sets the competent agency for a whole field: a dry run stores nothing, the real run one version each', async () => {
    const field = 'Trợ giúp pháp lý';
    const count = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/procedures?field=${encodeURIComponent(field)}&limit=1`,
      })
    ).json().total;
    expect(count).toBeGreaterThan(1);
    const body = {
      filter: { field },
      changes: {
        competentAgencyRule: {
          kind: 'fixed_city_department',
          department: 'Sở Tư pháp',
          basis: 'admin: reorganisation',
        },
      },
      effectiveFrom: TODAY,
      decisionNo: '900/QĐ-UBND',
    };
    const dry = await bulk({ ...body, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, matched: count, applied: 0, refused: 0 });
    const code = dry.json().outcomes[0].code;
    expect((await versions(code)).items).toHaveLength(1);
    const real = await bulk(body);
    expect(real.statusCode).toBe(201);
    expect(real.json()).toMatchObject({ matched: count, applied: count });
    const list = await versions(code);
    expect(list.items[0]).toMatchObject({
      origin: 'bulk_edit',
      inForce: true,
      localEdits: ['competentAgencyRule'],
    });
    expect((await procedure(code)).details.competentAgencyRule.department).toBe('Sở Tư pháp');
  });

  it('is all or nothing: one refusal stores nothing and reports every outcome', async () => {
    const codes = ['1.001193', NO_TIME];
    const before = await Promise.all(codes.map(async (c) => (await versions(c)).items.length));
    const res = await bulk({
      filter: { codes },
      changes: { timeLimits: { post: { value: 5, unit: 'working_days' } } },
      effectiveFrom: TODAY,
      decisionNo: '901/QĐ-UBND',
    });
    expect(res.statusCode).toBe(422);
    const problem = res.json();
    expect(problem.code).toBe('catalog.bulk_edit_refused');
    const refused = problem.params.outcomes.find((o: { code: string }) => o.code === NO_TIME);
    expect(refused).toMatchObject({ ok: false, issues: [{ path: 'changes.timeLimits.post' }] });
    const after = await Promise.all(codes.map(async (c) => (await versions(c)).items.length));
    expect(after).toEqual(before);
    const unknown = await bulk({
      filter: { codes: ['9.999999'] },
      changes: { crossBoundary: true },
      effectiveFrom: TODAY,
      decisionNo: 'x',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().errors[0].path).toBe('filter.codes.0');
  });
});

describe('cross-boundary lists', () => {
  const upload = async (
    bytes: Uint8Array,
    name: string,
    fields = { decisionNo: '1234/QĐ-UBND', effectiveFrom: TODAY },
  ) => {
    const body = await multipart(fields, { bytes, name });
    return ctx.app.inject({
      method: 'POST',
      url: '/api/catalog/cross-boundary-lists',
      headers: { ...auth(admin), ...body.headers },
      payload: body.payload,
    });
  };
  const crossBoundaryTotal = async (v: boolean) =>
    (await ctx.app.inject({ method: 'GET', url: `/api/procedures?crossBoundary=${v}&limit=1` })).json().total;

  it('reports unknown codes and non-codes row by row (CSV) and imports nothing', async () => {
    const csv = [
      'DANH MỤC THỦ TỤC HÀNH CHÍNH TIẾP NHẬN KHÔNG PHỤ THUỘC ĐỊA GIỚI HÀNH CHÍNH',
      'STT,Mã TTHC,Tên thủ tục hành chính,Ghi chú',
      'I,,LĨNH VỰC HỘ TỊCH,',
      '1,1.001193,Thủ tục đăng ký khai sinh,',
      '2,1.999999,Thủ tục không có,',
      '3,khai tu,Thủ tục đăng ký khai tử,',
    ].join('\n');
    const res = await upload(new TextEncoder().encode(csv), 'danh-muc.csv');
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('catalog.cross_boundary_list_invalid');
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['file.rows.6.code']);
    const unknown = await upload(
      new TextEncoder().encode(csv.split('\n').slice(0, 5).join('\n')),
      'danh-muc.csv',
    );
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ path: 'file.rows.5.code', code: 'unknown_procedure' }),
    ]);
    const lists = await ctx.app.inject({
      method: 'GET',
      url: '/api/catalog/cross-boundary-lists',
      headers: auth(admin),
    });
    expect(lists.json().items).toEqual([]);
  });

  it('imports an .xlsx list: the listed procedures are cross-boundary from its date, the others not; the list is kept', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Danh mục');
    sheet.addRow(['DANH MỤC THỦ TỤC HÀNH CHÍNH TIẾP NHẬN KHÔNG PHỤ THUỘC ĐỊA GIỚI HÀNH CHÍNH']);
    sheet.addRow(['STT', 'Mã thủ tục', 'Tên thủ tục hành chính', 'Lĩnh vực', 'Ghi chú']);
    sheet.addRow(['', '', 'LĨNH VỰC HỘ TỊCH']);
    sheet.addRow([1, '1.001193', 'Thủ tục đăng ký khai sinh', 'Hộ tịch', '']);
    sheet.addRow([2, '1.012796', 'Đính chính Giấy chứng nhận', 'Đất đai', 'Tiếp nhận tại mọi Trung tâm']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const before = await crossBoundaryTotal(true);
    expect(before).toBeGreaterThan(2);
    const res = await upload(bytes, 'danh-muc.xlsx', {
      decisionNo: '1234/QĐ-UBND',
      effectiveFrom: '2026-04-01',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ listed: 2 });
    expect(await crossBoundaryTotal(true)).toBe(before);
    await inTransaction(ctx.database.db, (tx) => activateDueVersions(tx, new Date('2026-04-01T01:00:00Z')));
    expect(await crossBoundaryTotal(true)).toBe(2);
    expect(await crossBoundaryTotal(false)).toBe(1601 - 2);
    expect((await procedure('1.001193')).crossBoundary).toBe(true);
    const list = (
      await ctx.app.inject({ method: 'GET', url: '/api/catalog/cross-boundary-lists', headers: auth(admin) })
    ).json();
    expect(list.items[0]).toMatchObject({
      decisionNo: '1234/QĐ-UBND',
      effectiveFrom: '2026-04-01',
      count: 2,
      latest: true,
      inForce: false,
      items: [
        { rowNo: 4, code: '1.001193', name: 'Thủ tục đăng ký khai sinh', notes: null },
        { rowNo: 5, code: '1.012796', notes: 'Tiếp nhận tại mọi Trung tâm' },
      ],
    });
    const history = await versions(NO_TIME);
    expect(history.items[0]).toMatchObject({
      origin: 'cross_boundary_list',
      crossBoundary: false,
      inForce: true,
    });
    expect(history.items[0].localEdits).toEqual(['timeLimits', 'crossBoundary']);
  });

  it('answers a file that is neither CSV nor .xlsx, or lacks the form fields, with 422 naming the field', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    const broken = await upload(zip, 'danh-muc.xlsx');
    expect(broken.statusCode).toBe(422);
    expect(broken.json()).toMatchObject({
      code: 'catalog.cross_boundary_list_invalid',
      errors: [{ path: 'file' }],
    });
    const binary = await upload(new Uint8Array([0, 1, 2, 0, 255]), 'danh-muc.csv');
    expect(binary.statusCode).toBe(422);
    const noHeader = await upload(new TextEncoder().encode('STT,Tên\n1,Khai sinh\n'), 'danh-muc.csv');
    expect(noHeader.json().errors[0].path).toBe('file');
    const noDate = await upload(new TextEncoder().encode('Mã TTHC\n1.001193\n'), 'l.csv', {
      decisionNo: '1/QĐ',
      effectiveFrom: '2026-02-30',
    });
    expect(noDate.statusCode).toBe(422);
    expect(noDate.json().errors[0].path).toBe('body.effectiveFrom');
  });

  it('refuses a commune administrator', async () => {
    const body = await multipart(
      { decisionNo: '1/QĐ', effectiveFrom: TODAY },
      { bytes: new TextEncoder().encode('Mã TTHC\n1.001193\n'), name: 'l.csv' },
    );
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/catalog/cross-boundary-lists',
      headers: { ...auth(communeAdmin), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('describes the administration routes with their bodies and every problem they answer', async () => {
    expect(TEST_NOW.toISOString().slice(0, 10)).toBe(TODAY);
    const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const edit = doc.paths['/api/v1/catalog/procedures/{code}/versions'].post;
    expect(Object.keys(edit.responses).sort()).toEqual([
      '201',
      '401',
      '403',
      '404',
      '422',
      '429',
      '500',
      '503',
    ]);
    const body = edit.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties.changes.properties)).toEqual([
      'timeLimits',
      'competentAgencyRule',
      'crossBoundary',
      'documents',
      'fees',
      'forms',
      'onlineLevel',
      'process',
    ]);
    expect(Object.keys(doc.paths['/api/v1/catalog/bulk-edits'].post.responses).sort()).toEqual([
      '200',
      '201',
      '401',
      '403',
      '404',
      '422',
      '429',
      '500',
      '503',
    ]);
    expect(doc.paths['/api/v1/catalog/cross-boundary-lists'].post.responses['422'].description).toContain(
      'catalog.cross_boundary_list_invalid',
    );
  });
});

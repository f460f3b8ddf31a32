import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProcedureFacts } from '../../src/modules/catalog/index.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  type TestContext,
} from '../support/context.ts';

let ctx: TestContext;
let admin: string;
let communeAdmin: string;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'city.admin' });
  communeAdmin = await ctx.signIn(['admin'], { agencyKey: '31135-ttpvhcc', username: 'nk.admin' });
}, 120_000);
afterAll(() => ctx.close());

const TODAY = '2026-03-02';
/** Đính chính Giấy chứng nhận đã cấp lần đầu có sai sót: a commune land procedure. */
const LAND = '1.012796';
/** Phường Cái Khế. */
const CAI_KHE = '31120';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

type Step = Record<string, unknown> & { key: string; budgetWorkingHours: number; after?: string[] };

async function templates(code: string, token = admin) {
  return ctx.app.inject({
    method: 'GET',
    url: `/api/catalog/process-templates?code=${code}`,
    headers: auth(token),
  });
}
async function landTaxTemplate(): Promise<{ process: Step[]; limit: number }> {
  const body = (await templates(LAND)).json();
  const t = body.templates.find((x: { key: string }) => x.key === 'inter_agency_land_tax');
  return { process: t.process, limit: body.limitWorkingHours };
}
const edit = (payload: unknown, token = admin) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/catalog/procedures/${LAND}/versions`,
    headers: auth(token),
    payload: payload as Record<string, unknown>,
  });
const preview = (payload: unknown, token = admin) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/catalog/procedures/${LAND}/process/preview`,
    headers: auth(token),
    payload: payload as Record<string, unknown>,
  });

describe('GET /api/catalog/process-templates', () => {
  it('gives the four templates split over the procedure’s limit, each with its critical path equal to it', async () => {
    const res = await templates(LAND);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.limitWorkingHours).toBeGreaterThan(0);
    expect(body.templates.map((t: { key: string }) => t.key)).toEqual([
      'commune_one_step',
      'commune_appraisal',
      'city_department',
      'inter_agency_land_tax',
    ]);
    for (const t of body.templates) expect(t.criticalPath.totalWorkingHours).toBe(body.limitWorkingHours);
    expect((await templates('9.999999')).statusCode).toBe(404);
    expect((await templates('nope')).statusCode).toBe(422);
  });
});

describe('POST /api/catalog/procedures/:code/process/preview', () => {
  it('resolves each step for a commune: the commune counter, the land registration branch and the tax office in parallel, the commune', async () => {
    const { process, limit } = await landTaxTemplate();
    const res = await preview({ process, communeCode: CAI_KHE });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      valid: true,
      issues: [],
      totalWorkingHours: limit,
      limitWorkingHours: limit,
    });
    const agencyOf = (key: string) =>
      body.steps.find((s: { key: string }) => s.key === key).agency as { key: string; id: string } | null;
    expect(agencyOf('land_office')?.key).toBe('92-vpdkdd-chi-nhanh');
    expect(agencyOf('tax_office')?.key).toBe('92-thue-co-so');
    expect(agencyOf('decision')?.key).toBe(`${CAI_KHE}-ubnd`);
    expect(agencyOf('reception')?.key).toBe(`${CAI_KHE}-ttpvhcc`);
    expect(agencyOf('return')?.key).toBe(`${CAI_KHE}-ttpvhcc`);
    expect(agencyOf('land_office')?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows what publishing would refuse and the unresolved step, without storing anything', async () => {
    const { process } = await landTaxTemplate();
    process[3] = {
      ...(process[3] as Step),
      agency: { kind: 'rule', rule: { kind: 'named_agency', agencyKey: '92-khong-co', basis: 'test' } },
    };
    process[2] = { ...(process[2] as Step), budgetWorkingHours: (process[2] as Step).budgetWorkingHours + 1 };
    const body = (await preview({ process, communeCode: CAI_KHE, channel: 'online' })).json();
    expect(body.valid).toBe(false);
    expect(body.issues.map((i: { path: string; code: string }) => [i.path, i.code])).toEqual([
      ['process.2.budgetWorkingHours', 'budget_over_limit'],
      ['process.3.agency', 'agency_unresolved'],
    ]);
    expect(body.steps[3]).toMatchObject({ agency: null, unresolved: { reason: 'no_agency' } });
    const unknown = await preview({ process, communeCode: '99999' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].path).toBe('body.communeCode');
    expect((await preview({ process, communeCode: CAI_KHE }, communeAdmin)).statusCode).toBe(200);
  });
});

describe('POST /api/catalog/procedures/:code/versions with a process', () => {
  it('refuses a process that does not validate with 422 naming the step and field', async () => {
    const { process } = await landTaxTemplate();
    const bad = process.map((s) => ({ ...s }));
    bad[4] = { ...(bad[4] as Step), after: ['land_office', 'tax'] };
    const res = await edit({ effectiveFrom: TODAY, decisionNo: '15/QĐ-UBND', process: bad });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'catalog.edit_refused' });
    expect(res.json().errors).toContainEqual(
      expect.objectContaining({
        path: 'process.4.after',
        code: 'unknown_step',
        message_vi: expect.any(String),
      }),
    );
    const over = process.map((s) => ({ ...s }));
    over[2] = { ...(over[2] as Step), budgetWorkingHours: (over[2] as Step).budgetWorkingHours + 8 };
    const inChanges = await edit({
      effectiveFrom: TODAY,
      decisionNo: '15/QĐ-UBND',
      changes: { process: over },
    });
    expect(inChanges.statusCode).toBe(422);
    expect(inChanges.json().errors).toEqual([
      expect.objectContaining({ path: 'changes.process.2.budgetWorkingHours', code: 'budget_over_limit' }),
    ]);
    const malformed = await edit({
      effectiveFrom: TODAY,
      decisionNo: '15/QĐ-UBND',
      process: [{ ...process[0], key: 'Bad Key' }],
    });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().code).toBe('request.invalid');
  });

  it('publishes the process as a new version; the old version and a record received under it keep theirs', async () => {
    const reception = await ctx.signIn(['reception'], {
      agencyKey: '31120-ttpvhcc',
      username: 'ck.rec.proc',
    });
    const v1 = await landCorrectionProcedure(ctx);
    const record = await receiveLandCorrection(ctx, reception, v1, 'Phạm Văn Đông');
    const { process } = await landTaxTemplate();
    const res = await edit({ effectiveFrom: TODAY, decisionNo: '16/QĐ-UBND', process });
    expect(res.statusCode).toBe(201);
    const v2 = res.json().version;
    expect(v2).toMatchObject({ inForce: true, localEdits: ['process'], edit: { fields: ['process'] } });
    const newFacts = await getProcedureFacts(ctx.database.db, v2.id);
    expect(newFacts.process.map((s) => s.key)).toEqual([
      'reception',
      'commune_check',
      'land_office',
      'tax_office',
      'decision',
      'return',
    ]);
    const oldFacts = await getProcedureFacts(ctx.database.db, v1.versionId);
    expect(oldFacts.process.map((s) => s.key)).toEqual(['reception', 'appraisal', 'approval', 'return']);
    const row = await ctx.database.db
      .selectFrom('records')
      .select(['procedureVersionId'])
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow();
    expect(row.procedureVersionId).toBe(v1.versionId);

    // A later edit of something else keeps the own process; a new time limit it no longer fits is refused.
    const other = await edit({
      effectiveFrom: TODAY,
      decisionNo: '17/QĐ-UBND',
      changes: { crossBoundary: true },
    });
    expect(other.statusCode).toBe(201);
    const kept = await getProcedureFacts(ctx.database.db, other.json().version.id);
    expect(kept.process).toEqual(newFacts.process);
    const shorter = await edit({
      effectiveFrom: TODAY,
      decisionNo: '18/QĐ-UBND',
      changes: { timeLimits: { in_person: { value: 1, unit: 'working_days' } } },
    });
    expect(shorter.statusCode).toBe(422);
    expect(shorter.json().errors).toEqual([
      expect.objectContaining({ path: 'changes.timeLimits.in_person', code: 'process_does_not_fit' }),
    ]);
    // The time limit and a process that fits it, in one edit.
    const fitted = process.map((s) => ({
      ...s,
      budgetWorkingHours: s.key === 'land_office' || s.key === 'tax_office' ? 4 : 1,
    }));
    const both = await edit({
      effectiveFrom: TODAY,
      decisionNo: '19/QĐ-UBND',
      changes: { timeLimits: { in_person: { value: 1, unit: 'working_days' } }, process: fitted },
    });
    expect(both.statusCode).toBe(201);
    expect(both.json().version.timeLimit).toEqual({ value: 1, unit: 'working_days' });
  });
});

describe('OpenAPI', () => {
  it('describes the process routes with their responses and problems', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths['/api/v1/catalog/process-templates'].get.responses).sort()).toEqual([
      '200',
      '401',
      '403',
      '404',
      '422',
      '429',
      '500',
      '503',
    ]);
    const pv = doc.paths['/api/v1/catalog/procedures/{code}/process/preview'].post;
    expect(Object.keys(pv.responses).sort()).toEqual([
      '200',
      '401',
      '403',
      '404',
      '422',
      '429',
      '500',
      '503',
    ]);
    expect(Object.keys(pv.responses['200'].content['application/json'].schema.properties)).toContain('steps');
    const edit = doc.paths['/api/v1/catalog/procedures/{code}/versions'].post;
    expect(Object.keys(edit.requestBody.content['application/json'].schema.properties)).toContain('process');
  });
});

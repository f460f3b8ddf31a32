import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompetentAgencyRule } from '../../src/core/catalog/index.ts';
import type { RoutingFacts } from '../../src/core/records/applicant-data.ts';
import {
  competentAgency,
  isCompetentFor,
  type RoutingAgency,
  routingFactsNeeded,
} from '../../src/core/records/index.ts';
import { getCurrentVersionId, getProcedureFacts } from '../../src/modules/catalog/index.ts';
import { searchAgencies } from '../../src/modules/units/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

// The competent agency for a citizen of a given commune, per routing family, on the real seeded catalogue
// and the real seeded agencies (units, People's Committees, and the sector bodies the catalogue names).
let ctx: TestContext;
let agencies: (RoutingAgency & { id: string })[];
let admin: string;
const NINH_KIEU = '31135';
const CAI_KHE = '31120';

async function loadAgencies() {
  return (await searchAgencies(ctx.database.db, { limit: 1000, offset: 0 })).map((a) => ({
    id: a.id,
    key: a.key,
    code: a.code,
    kind: a.kind,
    level: a.level,
    unitCode: a.unitKey.split(':')[1] ?? a.unitKey,
    name: a.name,
    sector: a.sector,
    servesUnitCodes: a.servesUnitCodes,
  }));
}

async function ruleOf(code: string): Promise<CompetentAgencyRule> {
  const facts = await getProcedureFacts(ctx.database.db, await getCurrentVersionId(ctx.database.db, code));
  return facts.competentAgencyRule;
}

/** The name of the competent agency, or the failure reason. */
async function competentFor(code: string, facts: RoutingFacts): Promise<string> {
  const r = competentAgency(await ruleOf(code), facts, agencies);
  return r.ok ? r.value.name : `unresolved: ${String((r.error.params as { reason: string }).reason)}`;
}

async function setServiceArea(key: string, codes: string[] | null) {
  const id = agencies.find((a) => a.key === key)!.id;
  const res = await ctx.app.inject({
    method: 'PATCH',
    url: `/api/agencies/${id}`,
    headers: { authorization: `Bearer ${admin}` },
    payload: { servesUnitCodes: codes },
  });
  expect(res.statusCode, res.body).toBe(200);
  agencies = await loadAgencies();
  return res;
}

beforeAll(async () => {
  ctx = await createTestContext();
  agencies = await loadAgencies();
  admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'city.admin.routing' });
});
afterAll(() => ctx.close());

describe('competent agency per routing family, on the real catalogue', () => {
  it('residence (cư trú): the police of the applicant’s commune, not its People’s Committee', async () => {
    for (const code of ['1.004194', '1.004222', '1.010038', '1.003677', '2.001159']) {
      const rule = await ruleOf(code);
      expect(rule, code).toMatchObject({ kind: 'residence_commune', body: 'police' });
      expect(routingFactsNeeded(rule)).toEqual(['residenceUnitCode']);
    }
    expect(await competentFor('1.004194', { residenceUnitCode: NINH_KIEU })).toBe('Công an phường Ninh Kiều');
    expect(await competentFor('1.004222', { residenceUnitCode: CAI_KHE })).toBe('Công an phường Cái Khế');
    const police = agencies.find((a) => a.name === 'Công an phường Ninh Kiều')!;
    const committee = agencies.find((a) => a.key === `${NINH_KIEU}-ubnd`)!;
    const rule = await ruleOf('1.004194');
    expect(isCompetentFor(rule, police, agencies)).toBe(true);
    expect(isCompetentFor(rule, committee, agencies)).toBe(false);
    expect(await competentFor('1.004194', {})).toBe('unresolved: missing_fact');
  });

  it('judicial record certificate (lý lịch tư pháp, 3.000333): the city police', async () => {
    expect(await competentFor('3.000333', { residenceUnitCode: NINH_KIEU })).toBe(
      'Công an thành phố Cần Thơ',
    );
    expect(routingFactsNeeded(await ruleOf('3.000333'))).toEqual([]);
  });

  it('ID card (căn cước): the commune police at commune level, the city police’s PC06 at city level', async () => {
    expect(await competentFor('1.014061', { residenceUnitCode: NINH_KIEU })).toBe('Công an phường Ninh Kiều');
    expect(await competentFor('2.000200', { residenceUnitCode: NINH_KIEU })).toBe(
      'Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an thành phố Cần Thơ',
    );
  });

  it('household business (1.001612, trialled in all 103 communes): the People’s Committee of the business’s commune', async () => {
    expect(await ruleOf('1.001612')).toMatchObject({ kind: 'business_commune' });
    expect(await competentFor('1.001612', { businessUnitCode: CAI_KHE, residenceUnitCode: NINH_KIEU })).toBe(
      'Ủy ban nhân dân phường Cái Khế',
    );
  });

  it('tax on a household business (1.011022): the "Thuế cơ sở" serving the business’s commune, open until an administrator sets it', async () => {
    const rule = await ruleOf('1.011022');
    expect(rule).toMatchObject({ kind: 'vertical_agency', servedBy: 'businessUnitCode' });
    expect(routingFactsNeeded(rule)).toEqual(['businessUnitCode']);
    expect(await competentFor('1.011022', { businessUnitCode: CAI_KHE })).toBe(
      'unresolved: service_area_open',
    );
    await setServiceArea('92-thue-co-so', [CAI_KHE, NINH_KIEU]);
    expect(await competentFor('1.011022', { businessUnitCode: CAI_KHE })).toBe(
      'Thuế cơ sở (thành phố Cần Thơ)',
    );
    const otherCommune = agencies.find(
      (a) => a.kind === 'one_stop' && a.unitCode !== CAI_KHE && a.unitCode !== NINH_KIEU,
    )!;
    expect(await competentFor('1.011022', { businessUnitCode: otherCommune.unitCode })).toBe(
      'unresolved: no_agency',
    );
    await setServiceArea('92-thue-co-so', null);
  });

  it('land (đất đai): the People’s Committee where the parcel lies; a land registration branch by the parcel once its area is set', async () => {
    expect(
      await competentFor('1.013978', { landParcelUnitCode: CAI_KHE, residenceUnitCode: NINH_KIEU }),
    ).toBe('Ủy ban nhân dân phường Cái Khế');
    const branchRule = await ruleOf('1.012756');
    expect(branchRule).toMatchObject({ kind: 'vertical_agency', servedBy: 'landParcelUnitCode' });
    expect(await competentFor('1.012756', { landParcelUnitCode: CAI_KHE })).toBe(
      'unresolved: service_area_open',
    );
    await setServiceArea('92-vpdkdd-chi-nhanh', [CAI_KHE]);
    expect(await competentFor('1.012756', { landParcelUnitCode: CAI_KHE })).toBe(
      'Chi nhánh Văn phòng đăng ký đất đai (thành phố Cần Thơ)',
    );
    await setServiceArea('92-vpdkdd-chi-nhanh', null);
  });

  it('social insurance: the city office where only it is named (2.000693), the local office by residence otherwise (1.001613)', async () => {
    expect(await competentFor('2.000693', { residenceUnitCode: NINH_KIEU })).toBe(
      'Bảo hiểm xã hội thành phố Cần Thơ',
    );
    expect(await ruleOf('1.001613')).toMatchObject({
      kind: 'vertical_agency',
      servedBy: 'residenceUnitCode',
    });
    expect(await competentFor('1.001613', { residenceUnitCode: NINH_KIEU })).toBe(
      'unresolved: service_area_open',
    );
  });

  it('refuses a service area on an agency that is not a sector body, or with a code outside the city', async () => {
    const committee = agencies.find((a) => a.key === `${NINH_KIEU}-ubnd`)!;
    const notSector = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agencies/${committee.id}`,
      headers: { authorization: `Bearer ${admin}` },
      payload: { servesUnitCodes: [NINH_KIEU] },
    });
    expect(notSector.statusCode).toBe(422);
    expect(notSector.json().errors.map((e: { path: string }) => e.path)).toContain('body.servesUnitCodes');
    const branch = agencies.find((a) => a.key === '92-vpdkdd-chi-nhanh')!;
    const hanoi = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agencies/${branch.id}`,
      headers: { authorization: `Bearer ${admin}` },
      payload: { servesUnitCodes: [CAI_KHE, '00004'] },
    });
    expect(hanoi.statusCode).toBe(422);
    expect(hanoi.json().errors.map((e: { path: string }) => e.path)).toContain('body.servesUnitCodes.1');
    expect(agencies.find((a) => a.key === '92-vpdkdd-chi-nhanh')?.servesUnitCodes).toBeNull();
  });

  it('lets only the city administration set a service area: the land registration office above the branch gets 403', async () => {
    const departmentAdmin = await ctx.signIn(['admin'], {
      agencyKey: '92-vpdkdd',
      username: 'vpdkdd.admin.routing',
    });
    const branch = agencies.find((a) => a.key === '92-vpdkdd-chi-nhanh')!;
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agencies/${branch.id}`,
      headers: { authorization: `Bearer ${departmentAdmin}` },
      payload: { servesUnitCodes: [CAI_KHE] },
    });
    expect(res.statusCode, res.body).toBe(403);
    agencies = await loadAgencies();
    expect(agencies.find((a) => a.key === '92-vpdkdd-chi-nhanh')?.servesUnitCodes).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { CompetentAgencyRule } from '../catalog/index.ts';
import { canReceive, competentAgency, isCompetentFor, routingFactsNeeded } from './routing.ts';
import { agencies, agency, CODES, procedure } from './test-fixtures.ts';

const keyOf = (r: ReturnType<typeof competentAgency>) => (r.ok ? r.value.key : r.error);

describe('competentAgency', () => {
  it('sends a land correction to the People’s Committee of the commune where the parcel lies', () => {
    const rule = procedure(CODES.landCorrection).competentAgencyRule;
    expect(rule.kind).toBe('land_parcel_commune');
    // Parcel in phường Cái Khế (31120), applicant living in phường Ninh Kiều (31135), received anywhere.
    const r = competentAgency(rule, { landParcelUnitCode: '31120', residenceUnitCode: '31135' }, agencies);
    expect(keyOf(r)).toBe('31120-ubnd');
    expect(r.ok && r.value.code).toBe('H13.101');
  });

  it('sends a birth registration to the residence commune, not to the receiving counter', () => {
    const rule = procedure(CODES.birthRegistration).competentAgencyRule;
    expect(rule.kind).toBe('residence_commune');
    const r = competentAgency(rule, { residenceUnitCode: '31258' }, agencies, agency('31135-ttpvhcc'));
    expect(keyOf(r)).toBe('31258-ubnd'); // xã Thới Lai
  });

  it('finds the city department a procedure names: Sở Tư pháp for a legal adviser card', () => {
    const rule = procedure(CODES.legalAdviserCard).competentAgencyRule;
    expect(rule).toMatchObject({ kind: 'fixed_city_department', department: 'Sở Tư pháp' });
    expect(keyOf(competentAgency(rule, {}, agencies))).toBe('92-so-tu-phap');
  });

  it('reads department names as the catalog writes them', () => {
    const rule = (department: string): CompetentAgencyRule => ({
      kind: 'fixed_city_department',
      department,
      basis: 't',
    });
    expect(keyOf(competentAgency(rule('Sở Tài chính các tỉnh, thành phố'), {}, agencies))).toBe(
      '92-so-tai-chinh',
    );
    expect(keyOf(competentAgency(rule('Chủ tịch ủy ban nhân dân cấp tỉnh'), {}, agencies))).toBe('92-ubnd');
    expect(keyOf(competentAgency(rule('Ủy ban nhân dân cấp tỉnh, Sở Tư pháp'), {}, agencies))).toBe(
      '92-ubnd',
    );
    expect(keyOf(competentAgency(rule('Văn phòng Sở Xây dựng'), {}, agencies))).toBe('92-so-xay-dung');
    expect(
      competentAgency(rule('Cơ quan chức năng do Ủy ban nhân dân cấp tỉnh chỉ định'), {}, agencies),
    ).toMatchObject({
      ok: false,
      error: { code: 'record.competent_agency_unresolved', params: { reason: 'no_agency' } },
    });
  });

  it('asks for the missing fact when the applicant data lacks it', () => {
    const rule = procedure(CODES.landCorrection).competentAgencyRule;
    expect(competentAgency(rule, { residenceUnitCode: '31135' }, agencies)).toEqual({
      ok: false,
      error: {
        code: 'record.competent_agency_unresolved',
        params: { rule: 'land_parcel_commune', reason: 'missing_fact', field: 'routing.landParcelUnitCode' },
      },
    });
  });

  it('reports a commune code with no People’s Committee: old phường Cái Khế (31117) before the 2025 merger', () => {
    const rule: CompetentAgencyRule = { kind: 'residence_commune', basis: 't' };
    expect(competentAgency(rule, { residenceUnitCode: '31117' }, agencies)).toMatchObject({
      ok: false,
      error: { params: { reason: 'no_agency', unitCode: '31117' } },
    });
  });

  it('certifies a copy at the receiving commune for “any commune” procedures', () => {
    const rule: CompetentAgencyRule = { kind: 'any_commune', basis: 'field:chứng thực' };
    expect(
      keyOf(competentAgency(rule, { residenceUnitCode: '31258' }, agencies, agency('31135-ttpvhcc'))),
    ).toBe('31135-ubnd');
    expect(keyOf(competentAgency(rule, { residenceUnitCode: '31258' }, agencies, agency('92-ttpvhcc')))).toBe(
      '31258-ubnd',
    );
  });

  it('decides city-or-commune procedures by the level chosen at reception', () => {
    const rule: CompetentAgencyRule = {
      kind: 'city_or_commune_by_case',
      department: 'Sở Xây dựng',
      basis: 't',
    };
    expect(competentAgency(rule, { residenceUnitCode: '31120' }, agencies)).toMatchObject({
      ok: false,
      error: { params: { reason: 'missing_fact', field: 'routing.level' } },
    });
    expect(keyOf(competentAgency(rule, { level: 'city' }, agencies))).toBe('92-so-xay-dung');
    expect(keyOf(competentAgency(rule, { level: 'commune', residenceUnitCode: '31120' }, agencies))).toBe(
      '31120-ubnd',
    );
  });

  it('leaves unresolved rules and vertical agencies outside the city list to a person', () => {
    const unresolved: CompetentAgencyRule = { kind: 'unresolved', basis: 'level:city, no agency named' };
    // District police no longer exist under the two-level model; the catalogue still names them.
    const vertical: CompetentAgencyRule = {
      kind: 'vertical_agency',
      department: 'Công an huyện',
      basis: 't',
    };
    expect(competentAgency(unresolved, {}, agencies)).toMatchObject({
      ok: false,
      error: { params: { reason: 'unresolved_rule' } },
    });
    expect(competentAgency(vertical, {}, agencies)).toMatchObject({
      ok: false,
      error: { params: { reason: 'no_agency' } },
    });
  });

  it('reads vertical bodies by the catalogue’s words and aliases: customs, city police, tax', () => {
    const v = (department: string): CompetentAgencyRule => ({
      kind: 'vertical_agency',
      department,
      basis: 't',
    });
    expect(keyOf(competentAgency(v('Chi cục Hải quan khu vực'), {}, agencies))).toBe('92-hai-quan');
    expect(keyOf(competentAgency(v('Công an cấp Tỉnh'), {}, agencies))).toBe('92-cong-an');
    expect(keyOf(competentAgency(v('Cục Thuế - Bộ tài chính, Thuế tỉnh, thành phố'), {}, agencies))).toBe(
      '92-thue',
    );
    expect(keyOf(competentAgency(v('Cục quản lý xuất nhập cảnh, Công an tỉnh'), {}, agencies))).toBe(
      '92-cong-an-pa08',
    );
    // Another province's department copied into the catalogue still maps to Can Tho's.
    const hanoi: CompetentAgencyRule = {
      kind: 'fixed_city_department',
      department: 'Sở Nông nghiệp và Môi trường Thành phố Hà Nội',
      basis: 't',
    };
    expect(keyOf(competentAgency(hanoi, {}, agencies))).toBe('92-so-nong-nghiep-va-moi-truong');
  });

  it('reads 2025-merged and generic department names, and the provincial committee listed among central bodies', () => {
    const f = (department: string): CompetentAgencyRule => ({
      kind: 'fixed_city_department',
      department,
      basis: 't',
    });
    expect(keyOf(competentAgency(f('Sở Giao thông vận tải'), {}, agencies))).toBe('92-so-xay-dung');
    expect(
      keyOf(
        competentAgency(
          f('Sở Nông nghiệp và Phát triển nông thôn tỉnh Sơn La, Sở Tài chính tỉnh Sơn La'),
          {},
          agencies,
        ),
      ),
    ).toBe('92-so-nong-nghiep-va-moi-truong');
    expect(
      keyOf(
        competentAgency(
          f('Cơ quan chuyên môn về nông nghiệp và môi trường thuộc Ủy ban nhân dân cấp tỉnh'),
          {},
          agencies,
        ),
      ),
    ).toBe('92-so-nong-nghiep-va-moi-truong');
    expect(
      keyOf(competentAgency(f('Cục Đường sắt Việt Nam, Chủ tịch ủy ban nhân dân cấp tỉnh'), {}, agencies)),
    ).toBe('92-ubnd');
    // A body the provincial committee designates is not the committee: someone must choose it.
    expect(
      competentAgency(f('Cơ quan chức năng do Ủy ban nhân dân cấp tỉnh chỉ định'), {}, agencies),
    ).toMatchObject({ ok: false, error: { params: { reason: 'no_agency' } } });
  });

  it('sends a commune rule with body police to the commune police, and an explicit agencyKey wins', () => {
    const rule: CompetentAgencyRule = { kind: 'residence_commune', body: 'police', basis: 't' };
    expect(keyOf(competentAgency(rule, { residenceUnitCode: '31135' }, agencies))).toBe('31135-cong-an-xa');
    expect(keyOf(competentAgency({ ...rule, agencyKey: '92-cong-an' }, {}, agencies))).toBe('92-cong-an');
    expect(competentAgency({ ...rule, agencyKey: 'nope' }, {}, agencies)).toMatchObject({
      ok: false,
      error: { params: { reason: 'no_agency', agencyKey: 'nope' } },
    });
    expect(isCompetentFor(rule, agency('31135-cong-an-xa'), agencies)).toBe(true);
    expect(isCompetentFor(rule, agency('31135-ubnd'), agencies)).toBe(false);
  });

  it('sends an area office rule to the office serving the fact’s commune, or says the area is open', () => {
    const rule: CompetentAgencyRule = {
      kind: 'vertical_agency',
      department: 'Thuế cơ sở',
      servedBy: 'businessUnitCode',
      basis: 't',
    };
    expect(competentAgency(rule, { businessUnitCode: '31120' }, agencies)).toMatchObject({
      ok: false,
      error: { params: { reason: 'service_area_open', department: 'Thuế cơ sở' } },
    });
    expect(competentAgency(rule, {}, agencies)).toMatchObject({
      ok: false,
      error: { params: { reason: 'missing_fact', field: 'routing.businessUnitCode' } },
    });
    const set = agencies.map((a) => (a.key === '92-thue-co-so' ? { ...a, servesUnitCodes: ['31120'] } : a));
    expect(keyOf(competentAgency(rule, { businessUnitCode: '31120' }, set))).toBe('92-thue-co-so');
    expect(competentAgency(rule, { businessUnitCode: '31135' }, set)).toMatchObject({
      ok: false,
      error: { params: { reason: 'no_agency', unitCode: '31135' } },
    });
    expect(isCompetentFor(rule, set.find((a) => a.key === '92-thue-co-so')!, set)).toBe(true);
  });
});

describe('routingFactsNeeded', () => {
  it('names only the facts the rule reads', () => {
    const r = (rule: Omit<CompetentAgencyRule, 'basis'>) => routingFactsNeeded({ ...rule, basis: 't' });
    expect(r({ kind: 'residence_commune', body: 'police' })).toEqual(['residenceUnitCode']);
    expect(r({ kind: 'land_parcel_commune' })).toEqual(['landParcelUnitCode']);
    expect(r({ kind: 'business_commune' })).toEqual(['businessUnitCode']);
    expect(r({ kind: 'original_commune' })).toEqual(['originalUnitCode']);
    expect(r({ kind: 'city_or_commune_by_case', department: 'Sở Xây dựng' })).toEqual([
      'level',
      'residenceUnitCode',
    ]);
    expect(r({ kind: 'vertical_agency', department: 'Thuế cơ sở', servedBy: 'businessUnitCode' })).toEqual([
      'businessUnitCode',
    ]);
    expect(r({ kind: 'vertical_agency', department: 'Công an tỉnh' })).toEqual([]);
    expect(r({ kind: 'fixed_city_department', department: 'Sở Tư pháp' })).toEqual([]);
    expect(r({ kind: 'residence_commune', agencyKey: '31135-cong-an-xa' })).toEqual([]);
    expect(r({ kind: 'unresolved' })).toEqual([]);
  });
});

describe('canReceive (Decree 118/2025 art. 14)', () => {
  const caiKheUbnd = agency('31120-ubnd');
  const justice = agency('92-so-tu-phap');

  it('lets phường Ninh Kiều receive a cross-boundary land record that phường Cái Khế decides', () => {
    expect(procedure(CODES.landCorrection).crossBoundary).toBe(true);
    expect(canReceive(true, agency('31135-ttpvhcc'), caiKheUbnd)).toBe(true);
    expect(canReceive(true, agency('92-ttpvhcc-diem-1'), caiKheUbnd)).toBe(true);
  });

  it('keeps a procedure that is not cross-boundary at the competent commune’s own one-stop unit', () => {
    expect(procedure(CODES.residenceDeregistration).crossBoundary).toBe(false);
    expect(canReceive(false, agency('31120-ttpvhcc'), caiKheUbnd)).toBe(true);
    expect(canReceive(false, agency('31135-ttpvhcc'), caiKheUbnd)).toBe(false);
    expect(canReceive(false, agency('92-ttpvhcc'), caiKheUbnd)).toBe(false);
  });

  it('keeps a city procedure that is not cross-boundary at the city center and its reception points', () => {
    expect(canReceive(false, agency('92-ttpvhcc'), justice)).toBe(true);
    expect(canReceive(false, agency('92-ttpvhcc-diem-2'), justice)).toBe(true);
    expect(canReceive(false, agency('31135-ttpvhcc'), justice)).toBe(false);
    expect(canReceive(true, agency('31135-ttpvhcc'), justice)).toBe(true);
  });

  it('never lets a body that is not a one-stop unit receive', () => {
    expect(canReceive(true, caiKheUbnd, caiKheUbnd)).toBe(false);
    expect(canReceive(true, justice, justice)).toBe(false);
  });
});

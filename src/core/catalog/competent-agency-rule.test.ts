import { describe, expect, it } from 'vitest';
import { inferCompetentAgencyRule } from './competent-agency-rule.ts';

const facts = {
  name: '',
  field: '',
  levels: ['commune'] as ('city' | 'commune')[],
  competentAgencyText: null,
  implementingAgencyText: null,
};

describe('inferCompetentAgencyRule', () => {
  it('sends commune-level land procedures to the commune of the parcel', () => {
    expect(
      inferCompetentAgencyRule({ ...facts, name: 'Hòa giải tranh chấp đất đai', field: 'Đất đai' }),
    ).toEqual({
      kind: 'land_parcel_commune',
      basis: 'field:đất đai',
    });
  });

  it('sends hộ tịch and residence procedures to the commune of residence', () => {
    expect(inferCompetentAgencyRule({ ...facts, field: 'Hộ tịch' }).kind).toBe('residence_commune');
    expect(inferCompetentAgencyRule({ ...facts, field: 'Đăng ký, quản lý cư trú' }).kind).toBe(
      'residence_commune',
    );
  });

  it('sends a procedure the catalogue gives to "Công an cấp Xã" to the police of the residence commune, before the field rule', () => {
    const residence = {
      ...facts,
      name: 'Đăng ký tạm trú',
      field: 'Đăng ký, quản lý cư trú',
      competentAgencyText: 'Công an cấp Xã',
      implementingAgencyText: 'Công an cấp Xã',
    };
    expect(inferCompetentAgencyRule(residence)).toEqual({
      kind: 'residence_commune',
      body: 'police',
      basis: 'agency:Công an cấp Xã',
    });
    // Vehicle registration at city and commune level: case by case between the city and commune police.
    expect(
      inferCompetentAgencyRule({
        ...facts,
        levels: ['city', 'commune'],
        competentAgencyText: 'Công an tỉnh, Công an cấp Xã',
        implementingAgencyText: 'Công an tỉnh, Công an cấp Xã',
      }),
    ).toMatchObject({ kind: 'city_or_commune_by_case', body: 'police', department: 'Công an tỉnh' });
  });

  it('sends an area office ("Thuế cơ sở", land registration branch, BHXH cấp huyện) by the commune it serves', () => {
    const tax = inferCompetentAgencyRule({
      ...facts,
      name: 'Khai thuế đối với hộ kinh doanh, cá nhân kinh doanh',
      levels: ['city', 'commune'],
      implementingAgencyText: 'Thuế cơ sở',
    });
    expect(tax).toMatchObject({
      kind: 'vertical_agency',
      department: 'Thuế cơ sở',
      servedBy: 'businessUnitCode',
    });
    const land = inferCompetentAgencyRule({
      ...facts,
      levels: ['city'],
      implementingAgencyText: 'Chi nhánh Văn phòng đăng ký đất đai, Văn phòng đăng ký đất đai',
    });
    expect(land).toMatchObject({ kind: 'vertical_agency', servedBy: 'landParcelUnitCode' });
    const bhxh = inferCompetentAgencyRule({
      ...facts,
      levels: ['city', 'commune'],
      implementingAgencyText: 'Bảo hiểm xã hội cấp Tỉnh, Bảo hiểm xã hội cấp huyện',
    });
    expect(bhxh).toMatchObject({ department: 'Bảo hiểm xã hội cơ sở', servedBy: 'residenceUnitCode' });
    // City level only, the city office named first: that office, no area needed.
    expect(
      inferCompetentAgencyRule({
        ...facts,
        levels: ['city'],
        implementingAgencyText: 'Thuế tỉnh, thành phố, Thuế cơ sở',
      }),
    ).toMatchObject({ kind: 'vertical_agency', department: 'Thuế tỉnh, thành phố, Thuế cơ sở' });
  });

  it('tells apart the kinds of chứng thực', () => {
    const certify = (name: string) => inferCompetentAgencyRule({ ...facts, name, field: 'Chứng thực' }).kind;
    expect(certify('Chứng thực di chúc')).toBe('any_commune');
    expect(certify('Chứng thực văn bản phân chia di sản mà di sản là động sản, quyền sử dụng đất')).toBe(
      'land_parcel_commune',
    );
    expect(certify('Chứng thực việc sửa đổi, bổ sung, hủy bỏ giao dịch')).toBe('original_commune');
  });

  it('sends business registration of households to the commune of the business', () => {
    expect(
      inferCompetentAgencyRule({ ...facts, field: 'Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)' })
        .kind,
    ).toBe('business_commune');
  });

  it('names a vertically organised agency, whatever the level', () => {
    expect(
      inferCompetentAgencyRule({
        ...facts,
        field: 'Hải quan',
        implementingAgencyText: 'Chi cục Hải quan khu vực',
      }),
    ).toEqual({ kind: 'vertical_agency', department: 'Chi cục Hải quan khu vực', basis: 'agency:vertical' });
  });

  it('names the city department, without the publishing province, for city-level procedures', () => {
    expect(
      inferCompetentAgencyRule({
        ...facts,
        levels: ['city'],
        field: 'Tài nguyên nước',
        implementingAgencyText: 'Sở Nông nghiệp và Môi trường Thành phố Hà Nội',
      }),
    ).toEqual({
      kind: 'fixed_city_department',
      department: 'Sở Nông nghiệp và Môi trường',
      basis: 'level:city',
    });
    expect(inferCompetentAgencyRule({ ...facts, levels: ['city'] }).kind).toBe('unresolved');
  });

  it('leaves procedures of both levels to be decided case by case', () => {
    expect(
      inferCompetentAgencyRule({
        ...facts,
        levels: ['city', 'commune'],
        implementingAgencyText: 'Sở Xây dựng',
      }),
    ).toEqual({ kind: 'city_or_commune_by_case', department: 'Sở Xây dựng', basis: 'level:city+commune' });
  });
});

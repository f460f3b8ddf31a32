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

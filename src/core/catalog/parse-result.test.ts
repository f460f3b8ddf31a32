import { describe, expect, it } from 'vitest';
import { parseResult } from './parse-result.ts';

describe('parseResult', () => {
  it('reads one result and its code (1.000094)', () => {
    expect(parseResult('Giấy chứng nhận kết hônMã: KQ.G15.000032')).toEqual({
      names: ['Giấy chứng nhận kết hôn'],
      codes: ['KQ.G15.000032'],
      keptRaw: false,
    });
  });

  it('splits several results glued to the previous code', () => {
    const r = parseResult(
      'Thông báo về việc sửa đổi, bổ sung hồ sơ đăng ký doanh nghiệpMã: KQ.G12.001051Giấy chứng nhận đăng ký doanh nghiệpMã: KQ.G12.001056Văn bản nêu rõ lý do từ chối của Cơ quan đăng ký kinh doanhMã: KQ.G12.001040',
    );
    expect(r.names).toEqual([
      'Thông báo về việc sửa đổi, bổ sung hồ sơ đăng ký doanh nghiệp',
      'Giấy chứng nhận đăng ký doanh nghiệp',
      'Văn bản nêu rõ lý do từ chối của Cơ quan đăng ký kinh doanh',
    ]);
    expect(r.codes).toEqual(['KQ.G12.001051', 'KQ.G12.001056', 'KQ.G12.001040']);
  });

  it('drops an empty keyword block and keeps an informative one as a note', () => {
    expect(
      parseResult(
        'Hộ chiếu có dán tem “AB”Mã: KQ.G01.000294Từ khóaKhông có thông tinMô tảKhông có thông tin',
      ),
    ).toEqual({
      names: ['Hộ chiếu có dán tem “AB”'],
      codes: ['KQ.G01.000294'],
      keptRaw: false,
    });
    const r = parseResult(
      'Biên bản họp tham vấn cộng đồng dân cư, cá nhân chịu tác động trực tiếpMã: KQ.G10.000720Từ khóaTham vấn trong đánh giá tác động môi trường (cấp xã) (1.010736)Mô tảKhông có thông tin',
    );
    expect(r.note).toBe('Tham vấn trong đánh giá tác động môi trường (cấp xã) (1.010736)');
  });

  it('accepts placeholder codes and names that start in lower case (1.014966)', () => {
    expect(
      parseResult(
        'Quyết định cấp lại chứng chỉ hành nghề Quản tài viênMã: utwChứng chỉ hành nghề Quản tài viênMã: sgga',
      ),
    ).toEqual({
      names: ['Quyết định cấp lại chứng chỉ hành nghề Quản tài viên', 'Chứng chỉ hành nghề Quản tài viên'],
      codes: ['utw', 'sgga'],
      keptRaw: false,
    });
    expect(
      parseResult('Thông quan hàng hóaMã: KQ.G12.000355văn bản chấp nhậnMã: KQ.G12.000649').names,
    ).toEqual(['Thông quan hàng hóa', 'văn bản chấp nhận']);
  });

  it('keeps text without any code as one name and reports it', () => {
    expect(parseResult('Quyết định phê duyệt')).toEqual({
      names: ['Quyết định phê duyệt'],
      codes: [],
      keptRaw: true,
    });
    expect(parseResult('')).toEqual({ names: [], codes: [], keptRaw: false });
  });
});

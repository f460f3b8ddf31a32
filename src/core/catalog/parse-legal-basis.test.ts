import { describe, expect, it } from 'vitest';
import { parseLegalBasis } from './parse-legal-basis.ts';

describe('parseLegalBasis', () => {
  it('ends an entry at the number glued to the next title (1.012812 Hòa giải tranh chấp đất đai)', () => {
    const text =
      'Tên văn bản pháp lýMã văn bảnNghị định 102/2024/NĐ-CP ngày 30/7/2024 của Chính phủ quy định chi tiết thi hành một số điều của Luật Đất đai.102/2024/NĐ-CPThực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và cổng Dịch vụ công quốc gia118/2025/NĐ-CLuật số 43/2024/QH15 ngày 29/6/202443/2024/QH15';
    expect(parseLegalBasis(text)).toEqual({
      documents: [
        'Nghị định 102/2024/NĐ-CP ngày 30/7/2024 của Chính phủ quy định chi tiết thi hành một số điều của Luật Đất đai.',
        'Thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và cổng Dịch vụ công quốc gia (118/2025/NĐ-C)',
        'Luật số 43/2024/QH15 ngày 29/6/2024',
      ],
      keptRaw: false,
    });
  });

  it('gives back the capital of the next title and reads a number repeated after itself (1.000025, 1.001193)', () => {
    expect(
      parseLegalBasis(
        'Tên văn bản pháp lýMã văn bảnNghị định 118/2014/NĐ-CP118/2014/NĐ-CPThông tư 02/2015/TT-BNNPTNT02/2015/TT-BNNPTNT',
      ).documents,
    ).toEqual(['Nghị định 118/2014/NĐ-CP', 'Thông tư 02/2015/TT-BNNPTNT']);
    expect(
      parseLegalBasis(
        'Tên văn bản pháp lýMã văn bảnThông tư Hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương85/2019/TT-BTCNghị định sửa đổi, bổ sung một số điều của các Nghị định liên quan đến việc nộp xuất trình sổ hộ khẩu, sổ tạm trú giấy khi thực hiện thủ tục hành chính, cung cấp dịch vụ công104/2022/NĐ-CPLuật 60/2014/QH1360/2014/QH13',
      ).documents,
    ).toEqual([
      'Thông tư Hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương (85/2019/TT-BTC)',
      'Nghị định sửa đổi, bổ sung một số điều của các Nghị định liên quan đến việc nộp xuất trình sổ hộ khẩu, sổ tạm trú giấy khi thực hiện thủ tục hành chính, cung cấp dịch vụ công (104/2022/NĐ-CP)',
      'Luật 60/2014/QH13',
    ]);
  });

  it('reads a lower-case title after a "-CP" number (1.000344)', () => {
    expect(
      parseLegalBasis(
        'Tên văn bản pháp lýMã văn bảnNghị định 24/2015/NĐ-CP24/2015/NĐ-CPGiao thông đường thủy nội địa23/2004/QH11Quy định điều kiện kinh doanh vận tải đường thủy nội địa110/2014/NĐ-CPsửa đổi, bổ sung một số Điều của Luật 23/2004/QH11 200448/2014/QH13Quy định về vận tải hàng hóa trên đường thủy nội địa61/2015/TT-BGTVT',
      ),
    ).toEqual({
      documents: [
        'Nghị định 24/2015/NĐ-CP',
        'Giao thông đường thủy nội địa (23/2004/QH11)',
        'Quy định điều kiện kinh doanh vận tải đường thủy nội địa (110/2014/NĐ-CP)',
        'sửa đổi, bổ sung một số Điều của Luật 23/2004/QH11 2004 (48/2014/QH13)',
        'Quy định về vận tải hàng hóa trên đường thủy nội địa (61/2015/TT-BGTVT)',
      ],
      keptRaw: false,
    });
  });

  it('reads a title that is only its number and an upper-case title glued to an issuer (1.000942)', () => {
    const { documents, keptRaw } = parseLegalBasis(
      'Tên văn bản pháp lýMã văn bảnNghị định 40/2016/NĐ-CP40/2016/NĐ-CP44/2026/NĐ-CP44/2026/NĐ-CPTHÔNG TƯ QUY ĐỊNH MỨC THU, CHẾ ĐỘ THU, NỘP LỆ PHÍ CẤP GIẤY PHÉP NHẬN CHÌM Ở BIỂN08/2024/TT-BTCLuật82/2015/QH13Nghị định 11/2021/NĐ-CP11/2021/NĐ-CP',
    );
    expect(documents).toEqual([
      'Nghị định 40/2016/NĐ-CP',
      '44/2026/NĐ-CP',
      'THÔNG TƯ QUY ĐỊNH MỨC THU, CHẾ ĐỘ THU, NỘP LỆ PHÍ CẤP GIẤY PHÉP NHẬN CHÌM Ở BIỂN (08/2024/TT-BTC)',
      'Luật 82/2015/QH13',
      'Nghị định 11/2021/NĐ-CP',
    ]);
    expect(keptRaw).toBe(false);
  });

  it('keeps text after the last number as an entry and reports it', () => {
    const r = parseLegalBasis(
      'Tên văn bản pháp lýMã văn bảnQuyết định 24/2024/QĐ-UBND Sơn La 2024 mẫu hồ sơ, thủ tục chọn dự án hỗ trợ sản xuất liên kết theo chuỗi giá trị24/2024',
    );
    expect(r.keptRaw).toBe(true);
    expect(r.documents).toHaveLength(1);
  });

  it('gives nothing for "Không có thông tin"', () => {
    expect(parseLegalBasis('Không có thông tin')).toEqual({ documents: [], keptRaw: false });
  });
});

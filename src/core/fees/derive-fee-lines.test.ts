import { describe, expect, it } from 'vitest';
import {
  type CatalogueFeeRow,
  deriveFeeLines,
  legalBasisIn,
  reductionsIn,
  unitOf,
} from './derive-fee-lines.ts';

/** Fee texts as the published catalogue prints them (data/vn-tthc-catalog, `cach_thuc_parsed`). */
const row = (channel: CatalogueFeeRow['channel'], ...fees: CatalogueFeeRow['fees']): CatalogueFeeRow => ({
  channel,
  fees,
});
const vnd = (amountVnd: number, text: string) => ({
  amountVnd,
  amount: amountVnd,
  currency: 'VND' as const,
  text,
  free: false,
});
const free = { text: 'Miễn phí', free: true };

describe('deriveFeeLines', () => {
  it('makes one line for a fee every channel lists, with the reduction for its period (1.000688)', () => {
    const text =
      '800,000 Việt Nam Đồng((áp dụng mức phí 400.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC))';
    const d = deriveFeeLines([row('in_person', vnd(800_000, text)), row('online', vnd(800_000, text))]);
    expect(d).toEqual({
      status: 'structured',
      lines: [
        {
          name: 'Phí, lệ phí',
          amountVnd: 800_000,
          unit: 'per_record',
          payer: 'applicant',
          exemptions: [],
          reductions: [
            {
              legalBasis: 'Thông tư số 64/2025/TT-BTC',
              amountVnd: 400_000,
              from: '2025-07-01',
              until: '2026-12-31',
            },
          ],
        },
      ],
    });
  });

  it('makes one line per channel when the channels charge differently (đăng ký tạm trú: 7,000 online, 10,000 at the counter)', () => {
    const d = deriveFeeLines([
      row(
        'online',
        vnd(
          7_000,
          '7,000 Việt Nam Đồng(- Đăng ký tạm trú (cá nhân, hộ gia đình): + Trường hợp công dân nộp hồ sơ qua cổng dịch vụ công trực tuyến thu 7.000 đồng/lần đăng ký.)',
        ),
      ),
      row(
        'in_person',
        vnd(
          10_000,
          '10,000 Việt Nam Đồng(Trường hợp công dân nộp hồ sơ trực tiếp thu 10.000 đồng/lần đăng ký;)',
        ),
      ),
    ]);
    expect(d.status).toBe('structured');
    expect(d.lines.map((l) => [l.channel, l.amountVnd])).toEqual([
      ['online', 7_000],
      ['in_person', 10_000],
    ]);
  });

  it('reads the unit and name the wording gives', () => {
    const d = deriveFeeLines([
      row('in_person', vnd(100_000, '100,000 VNĐ(Lệ phí cấp Giấy phép lái tàu: 100.000 đồng/01 lần cấp.)')),
    ]);
    expect(d.lines[0]).toMatchObject({ name: 'Lệ phí cấp Giấy phép lái tàu', unit: 'per_record' });
    expect(unitOf('20.000 vnđ /tờ khai')).toBe('per_declaration');
    expect(unitOf('/trang')).toBe('per_page');
    expect(unitOf('10 USD/bản')).toBe('per_copy');
    expect(unitOf('70.000 đồng/Giấy chứng nhận')).toBe('per_certificate');
    expect(unitOf('10.000 đồng/người/lần')).toBe('per_person');
    expect(unitOf('100.000 đồng/lần')).toBe('per_record');
    expect(unitOf('không đơn vị')).toBe('per_record');
  });

  it('keeps the groups the wording exempts, with the basis it cites', () => {
    const d = deriveFeeLines([
      row(
        'in_person',
        vnd(
          50_000,
          '50,000 VNĐ((áp dụng mức phí 25.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC); Tổ chức hành nghề luật sư bổ sung, thay đổi thông tin do thay đổi địa giới hành chính được miễn lệ phí đăng ký hoạt động.)',
        ),
      ),
    ]);
    expect(d.lines[0]?.exemptions).toEqual([
      {
        who: 'Tổ chức hành nghề luật sư bổ sung, thay đổi thông tin do thay đổi địa giới hành chính',
        legalBasis: 'Thông tư số 64/2025/TT-BTC',
      },
    ]);
  });

  it('says why it structures nothing: free, no information, USD, an uncertain amount, several fees in a channel', () => {
    expect(deriveFeeLines([row('in_person', free), row('online', free)]).status).toBe('free');
    expect(deriveFeeLines([row('in_person')]).status).toBe('none');
    expect(
      deriveFeeLines([row('in_person', { amount: 25, currency: 'USD', text: '25 USD', free: false })]).status,
    ).toBe('foreign_currency');
    expect(
      deriveFeeLines([row('in_person', { amount: 20, currency: 'VND', text: '20 VNĐ', free: false })]).status,
    ).toBe('uncertain_amount');
    expect(
      deriveFeeLines([row('in_person', free), row('in_person', vnd(500_000, '500,000 Việt Nam Đồng'))])
        .status,
    ).toBe('cases');
  });
});

describe('reductionsIn', () => {
  it('reads a reduced amount with its period written in words, or an online percentage', () => {
    expect(
      reductionsIn(
        '25.000 đồng/CCHN (áp dụng từ kể từ ngày 01 tháng 7 năm 2025 đến hết ngày 31 tháng 12 năm 2026 theo quy định tại Thông tư 64/2025/TT-BTC)',
        50_000,
      ),
    ).toEqual([
      {
        legalBasis: 'Thông tư số 64/2025/TT-BTC',
        amountVnd: 25_000,
        from: '2025-07-01',
        until: '2026-12-31',
      },
    ]);
    expect(
      reductionsIn(
        'Kể từ ngày 01/01/2025 đến hết ngày 31/12/2025, mức thu lệ phí khi công dân nộp hồ sơ theo hình thức trực tuyến bằng 50% mức thu lệ phí (Thông tư số 59/2019/TT-BTC)',
        50_000,
      ),
    ).toEqual([
      {
        legalBasis: 'Thông tư số 59/2019/TT-BTC',
        channel: 'online',
        percent: 50,
        from: '2025-01-01',
        until: '2025-12-31',
      },
    ]);
  });

  it('reads no reduction from a rate of 100% online (nothing is taken off)', () => {
    expect(
      reductionsIn(
        'Kể từ ngày 01/01/2026 đến hết ngày 31/12/2026 nộp trực tuyến bằng 100% mức thu (Thông tư số 59/2019/TT-BTC)',
        50_000,
      ),
    ).toEqual([]);
  });

  it('refuses an amount that is not lower, and a period with no legal document', () => {
    expect(
      reductionsIn(
        '900.000 đồng kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC',
        800_000,
      ),
    ).toEqual([]);
    expect(reductionsIn('400.000 đồng kể từ ngày 01/7/2025 đến hết ngày 31/12/2026', 800_000)).toEqual([]);
  });
});

describe('legalBasisIn', () => {
  it('normalises the circular it cites', () => {
    expect(legalBasisIn('theo quy định tại Thông tư 64/2025/TT-BTC ngày 30/6/2025')).toBe(
      'Thông tư số 64/2025/TT-BTC',
    );
    expect(legalBasisIn('không dẫn văn bản')).toBeNull();
  });
});

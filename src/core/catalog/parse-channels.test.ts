import { describe, expect, it } from 'vitest';
import { parseChannels } from './parse-channels.ts';

// Rows copied verbatim from data/vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl (`cach_thuc_parsed`).
describe('parseChannels', () => {
  it('reads a time with unit and a fee in dollars, which has no certain đồng amount (1.000931)', () => {
    const { channels, notes } = parseChannels([
      {
        method: 'Trực tiếp',
        raw: '5 Ngày làm việc10 USD(10 USD/người)',
        time_value: 5,
        time_unit: 'Ngày làm việc',
      },
    ]);
    expect(channels).toEqual([
      {
        channel: 'in_person',
        time: { value: 5, unit: 'working_days' },
        timeRaw: '5 Ngày làm việc',
        fees: [{ amount: 10, currency: 'USD', text: '10 USD(10 USD/người)', free: false }],
        description: null,
        raw: 'Trực tiếp5 Ngày làm việc10 USD(10 USD/người)',
      },
    ]);
    expect(notes).toEqual({ timeKeptRaw: false, timeShown: true, feesKeptRaw: false, rowsKeptRaw: false });
  });

  it('joins rows cut at a "Trực tuyến" inside a description back to the row they came from (1.003133)', () => {
    const { channels } = parseChannels([
      {
        method: 'Trực tuyến',
        raw: '1 Ngày làm việc5,000 Việt Nam Đồng(5.000đ/giấy thông hành (Thông tư số 25/2021/TT-BTC ngày 07/4/2021 của Bộ Tài chính).)+',
      },
      {
        method: 'Trực tuyến',
        raw: ': nộp hồ sơ trực tuyến qua Cổng Dịch vụ công quốc gia hoặc Cổng Dịch vụ công Bộ Công an.',
      },
      {
        method: 'Trực tiếp',
        raw: '1 Ngày làm việc40 Việt Nam Đồng(4.000 đ/giấy thông hành (áp dụng đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC ngày 30/6/2025 của Bộ Tài chính).)+',
      },
      {
        method: 'Trực tiếp',
        raw: ': nộp hồ sơ trực tiếp tại Công an xã, phường, thị trấn tiếp giáp đường biên giới Việt Nam – Trung Quốc.',
      },
    ]);
    expect(channels.map((c) => c.channel)).toEqual(['online', 'in_person']);
    expect(channels[0]?.description).toBe(
      '+Trực tuyến: nộp hồ sơ trực tuyến qua Cổng Dịch vụ công quốc gia hoặc Cổng Dịch vụ công Bộ Công an.',
    );
    expect(channels[0]?.fees[0]).toMatchObject({ amountVnd: 5000, currency: 'VND' });
    // 40 đồng on the page, 4.000 đ in its wording: a different amount, so the đồng value stays unknown.
    expect(channels[1]?.fees[0]).toMatchObject({ amount: 40, currency: 'VND' });
    expect(channels[1]?.fees[0]?.amountVnd).toBeUndefined();
  });

  it('splits a bare time glued to a fee and reads an amount entered in thousands (1.000014)', () => {
    const { channels, notes } = parseChannels([
      { method: 'Trực tuyến', raw: '120 VNĐ(20.000 vnđ /tờ khai)' },
    ]);
    expect(channels[0]).toMatchObject({
      timeRaw: '1',
      time: null,
      fees: [
        { amountVnd: 20000, amount: 20, currency: 'VND', text: '20 VNĐ(20.000 vnđ /tờ khai)', free: false },
      ],
    });
    expect(notes.timeKeptRaw).toBe(true);
  });

  it('reads "1100,000 VNĐ" as time 1 and a fee of 100,000 đồng (2.002044)', () => {
    const { channels } = parseChannels([
      {
        method: 'Trực tiếp',
        raw: '1100,000 VNĐ(- Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần (Thông tư số 47/2019/TT-BTC).)',
      },
    ]);
    expect(channels[0]?.timeRaw).toBe('1');
    expect(channels[0]?.fees[0]).toMatchObject({ amountVnd: 100000, amount: 100000 });
  });

  it('keeps a small amount without a đồng value when its wording does not confirm it (2.002011)', () => {
    const { channels, notes } = parseChannels([
      {
        method: 'Trực tiếp',
        raw: '125 VNĐ(- Lệ phí đăng ký doanh nghiệp: Bằng 50% mức thu lệ phí quy định tại điểm 1 Biểu phí, lệ phí đăng ký doanh nghiệp ban hành kèm theo Thông tư số 47/2019/TT-BTC (Thông tư số 64/2025/TT-BTC ngày 30 tháng 6 năm 2025 của Bộ Tài chính quy định mức thu, miễn một số khoản phí, lệ phí nhằm hỗ trợ cho doanh nghiệp, người dân))',
      },
    ]);
    expect(channels[0]?.fees[0]).toMatchObject({ amount: 25, currency: 'VND', free: false });
    expect(channels[0]?.fees[0]?.amountVnd).toBeUndefined();
    expect(channels[0]?.fees[0]?.text.endsWith('người dân))')).toBe(true);
    expect(notes.feesKeptRaw).toBe(true);
  });

  it('takes the time from the description when the time cell is empty (1.003851)', () => {
    const { channels } = parseChannels([
      {
        method: 'Trực tuyến',
        raw: 'Không có thông tinMiễn phí15 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ',
      },
    ]);
    expect(channels[0]).toMatchObject({
      time: { value: 15, unit: 'working_days' },
      timeRaw: 'Không có thông tin',
      fees: [{ text: 'Miễn phí', free: true }],
      description: '15 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ',
    });
  });

  it('reads hours, and a tax declaration that has no result and so no time (1.007857, 1.007689)', () => {
    const hours = parseChannels([
      { method: 'Trực tiếp', raw: '2 GiờMiễn phí', time_value: 2, time_unit: 'Giờ' },
    ]);
    expect(hours.channels[0]?.time).toEqual({ value: 2, unit: 'hours' });
    const tax = parseChannels([
      {
        method: 'Trực tuyến',
        raw: 'Không phải trả kết quả cho người nộp thuếMiễn phíBằng phương thức điện tử qua Cổng dịch vụ công Quốc gia hoặc Ứng dụng định danh quốc gia theo quy định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính.',
      },
    ]);
    expect(tax.channels[0]).toMatchObject({
      time: null,
      timeRaw: 'Không phải trả kết quả cho người nộp thuế',
    });
    expect(tax.notes).toMatchObject({ timeKeptRaw: false, timeShown: false, feesKeptRaw: false });
  });

  it('makes a bare 1 a same-day limit only when the steps say so (1.001193 Đăng ký khai sinh)', () => {
    const row = { method: 'Trực tiếp', raw: '1Miễn phí', time_value: 1, time_unit: null };
    const steps =
      '(i) Trường hợp hồ sơ đầy đủ, hợp lệ thì tiếp nhận hồ sơ; nếu tiếp nhận hồ sơ sau 15 giờ thì có Phiếu hẹn, trả kết quả cho người yêu cầu trong ngày làm việc tiếp theo';
    expect(parseChannels([row], steps).channels[0]?.time).toEqual({ value: 1, unit: 'same_day' });
    const without = parseChannels([row]);
    expect(without.channels[0]?.time).toBeNull();
    expect(without.notes.timeKeptRaw).toBe(true);
  });
});
